"""Named reads for the domain plugins: their report sections, duties and intake rules.

A mixin of `tousu.default_plugins.store.Store`. Plugins never see a table: they ask for a period's complaints
with the columns and fields they count, the events or clocks of some complaints, or the rows
of a table of their own (created by the migration they register as SQL text), and count in
Python. Every method is domain-free: a plugin names its own fields, actions, clocks and steps.

Values come out as Python values: instants as aware datetimes, fields as their JSON values (a
JSON ``true`` may read back as ``1``: compare with ``== 1`` or ``bool()``).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from tousu.timeutil import from_db, to_db

#: The complaint columns a plugin may read, and which of them are instants.
COLUMNS = (
    "id", "org", "domain", "channel", "received_at", "month", "summary", "status", "tier", "category",
    "classification_reason", "respondent", "place", "request", "owner", "assignee", "department", "urgent",
    "resolved_at", "closed_at",
)
_INSTANTS = frozenset({"received_at", "resolved_at", "closed_at"})
#: A field name or a dotted path inside an event's data (``input.fields.amount``).
_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
#: Ids per ``IN (...)`` list (well below SQLite's limit of bound parameters).
_CHUNK = 500


#: A clock as the report's headline judges it as of the first parameter: met by its (possibly
#: extended) due time: on time; met later, or unmet and past due: late; unmet and not yet due:
#: open; cancelled (the complaint left the desk first): NULL.
VERDICT = (
    "CASE WHEN d.met_at IS NOT NULL THEN CASE WHEN d.met_at <= d.due_at THEN 'on_time' ELSE 'late' END "
    "WHEN d.state = 'cancelled' THEN NULL WHEN d.due_at < ? THEN 'late' ELSE 'open' END"
)


def _path(path: str) -> str:
    if not _PATH.match(path):
        raise ValueError(f"not a field path: {path!r}")
    return "$." + path


def _column(name: str) -> str:
    if name not in COLUMNS:
        raise ValueError(f"not a complaint column a plugin reads: {name!r} (one of {', '.join(COLUMNS)})")
    return "c." + name


def _table(name: str) -> str:
    if not _NAME.match(name) or name in _CORE_TABLES:
        raise ValueError(f"not a plugin's own table: {name!r}")
    return name


_CORE_TABLES = frozenset(
    {"complaints", "personal", "events", "deadlines", "steps", "links", "counters", "frozen_reports", "audit"}
)


def _instant(value: Any) -> datetime | None:
    return from_db(value) if value else None


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    ids = list(dict.fromkeys(ids))
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


class DomainReads:
    """Reads a domain plugin builds its figures and rules on."""

    conn: sqlite3.Connection

    def received(
        self,
        org: str,
        domain: str,
        start: datetime,
        end: datetime,
        *,
        columns: tuple[str, ...] = ("id",),
        fields: tuple[str, ...] = (),
    ) -> list[tuple[Any, ...]]:
        """`domain`'s complaints of `org` received in ``[start, end)``, oldest first: each row is
        the named `columns` (`COLUMNS`), then the named `fields` (None where a complaint has none)."""
        selected = [_column(c) for c in columns] + [f"json_extract(c.fields, '{_path(f)}')" for f in fields]
        instants = [i for i, c in enumerate(columns) if c in _INSTANTS]
        rows = self.conn.execute(
            f"SELECT {', '.join(selected)} FROM complaints c "
            "WHERE c.org = ? AND c.domain = ? AND c.received_at >= ? AND c.received_at < ? ORDER BY c.received_at, c.id",
            (org, domain, to_db(start), to_db(end)),
        ).fetchall()
        if not instants:
            return rows
        out = []
        for row in rows:
            values = list(row)
            for i in instants:
                values[i] = _instant(values[i])
            out.append(tuple(values))
        return out

    def first_month(self, org: str, domain: str) -> str | None:
        """The earliest month (``YYYY-MM``, the org's zone) in which `domain` received a complaint."""
        return self.conn.execute(
            "SELECT min(month) FROM complaints WHERE org = ? AND domain = ?", (org, domain)
        ).fetchone()[0]

    def linked(self, complaint_ids: Iterable[str], kind: str) -> set[str]:
        """Which of the complaints hold a link of `kind`."""
        found: set[str] = set()
        for chunk in _chunks(complaint_ids):
            found.update(
                row[0]
                for row in self.conn.execute(
                    f"SELECT DISTINCT complaint_id FROM links WHERE kind = ? AND complaint_id IN ({','.join('?' * len(chunk))})",
                    (kind, *chunk),
                )
            )
        return found

    def with_actions(self, complaint_ids: Iterable[str], actions: tuple[str, ...], before: datetime) -> set[str]:
        """Which of the complaints have an event of one of `actions` dated before `before`."""
        found: set[str] = set()
        marks = ",".join("?" * len(actions))
        for chunk in _chunks(complaint_ids):
            found.update(
                row[0]
                for row in self.conn.execute(
                    f"SELECT DISTINCT complaint_id FROM events WHERE action IN ({marks}) AND at < ? "
                    f"AND complaint_id IN ({','.join('?' * len(chunk))})",
                    (*actions, to_db(before), *chunk),
                )
            )
        return found

    def events_of(self, complaint_ids: Iterable[str], action: str) -> list[tuple[str, dict[str, Any]]]:
        """(complaint id, event data) of the complaints' events of `action`, in history order."""
        out: list[tuple[str, dict[str, Any]]] = []
        # sweeps have their own index (events_sweeps): the planner is told, stale statistics or not
        # (a partial index is used only for the literal its WHERE names, not for a parameter)
        hint, which, params = (
            ("INDEXED BY events_sweeps ", "action = 'sweep'", ()) if action == "sweep" else ("", "action = ?", (action,))
        )
        for chunk in _chunks(complaint_ids):
            out.extend(
                (cid, json.loads(data))
                for cid, data in self.conn.execute(
                    f"SELECT complaint_id, data FROM events {hint}WHERE {which} "
                    f"AND complaint_id IN ({','.join('?' * len(chunk))}) ORDER BY complaint_id, n",
                    (*params, *chunk),
                )
            )
        return out

    def events_in(
        self,
        org: str,
        start: datetime,
        end: datetime,
        actions: tuple[str, ...],
        *,
        domain: str,
        data: tuple[str, ...] = (),
        fields: tuple[str, ...] = (),
    ) -> list[tuple[Any, ...]]:
        """Events of `actions` dated in ``[start, end)`` on `domain`'s complaints, by date: each row
        is (complaint id, at, action, *the `data` paths of the event, *the complaint's `fields`)."""
        marks = ",".join("?" * len(actions))
        selected = [f"json_extract(e.data, '{_path(p)}')" for p in data] + [
            f"json_extract(c.fields, '{_path(f)}')" for f in fields
        ]
        rows = self.conn.execute(
            "SELECT e.complaint_id, e.at, e.action" + "".join(", " + s for s in selected) + " "
            "FROM events e JOIN complaints c ON c.id = e.complaint_id "
            f"WHERE e.org = ? AND e.at >= ? AND e.at < ? AND e.action IN ({marks}) AND c.domain = ? ORDER BY e.at, e.seq",
            (org, to_db(start), to_db(end), *actions, domain),
        )
        return [(row[0], from_db(row[1]), *row[2:]) for row in rows]

    def deadlines_of(self, complaint_ids: Iterable[str]) -> list[tuple[Any, ...]]:
        """The complaints' clocks, in the order they were set: (complaint id, name, state, due at,
        met at, kind, extensions as stored: a list of {until, previous, approved_by, role, at, reason})."""
        out: list[tuple[Any, ...]] = []
        for chunk in _chunks(complaint_ids):
            for cid, name, state, due, met, kind, raw in self.conn.execute(
                "SELECT complaint_id, name, state, due_at, met_at, kind, extensions FROM deadlines "
                f"WHERE complaint_id IN ({','.join('?' * len(chunk))}) ORDER BY complaint_id, rowid",
                chunk,
            ):
                out.append((cid, name, state, from_db(due), _instant(met), kind, json.loads(raw) if raw != "[]" else []))
        return out

    def deadlines_named(
        self, org: str, name: str, start: datetime, end: datetime, *, domain: str, fields: tuple[str, ...] = ()
    ) -> list[tuple[Any, ...]]:
        """`domain`'s clocks called `name` due in ``[start, end)``, by due time: (complaint id, due at,
        met at, state, the complaint's closed at, *its `fields`)."""
        if not self._tallied(org, name, start, end, domain):
            return []
        selected = "".join(f", json_extract(c.fields, '{_path(f)}')" for f in fields)
        rows = self.conn.execute(
            f"SELECT d.complaint_id, d.due_at, d.met_at, d.state, c.closed_at{selected} "
            "FROM deadlines d JOIN complaints c ON c.id = d.complaint_id "
            "WHERE d.org = ? AND d.name = ? AND d.due_at >= ? AND d.due_at < ? AND c.domain = ? ORDER BY d.due_at, d.rowid",
            (org, name, to_db(start), to_db(end), domain),
        )
        return [(row[0], from_db(row[1]), _instant(row[2]), row[3], _instant(row[4]), *row[5:]) for row in rows]

    def _tallied(self, org: str, name: str, start: datetime, end: datetime, domain: str) -> bool:
        """Whether the clock tallies (tousu.default_plugins.store.tallies) count any clock `name` of `domain` due in
        the UTC hours holding ``[start, end)``: when none, reading every clock due in the period
        to find it is skipped (a report's domain without such clocks)."""
        row = self.conn.execute(
            "SELECT 1 FROM clock_tallies WHERE org = ? AND hour >= ? AND hour <= ? AND domain = ? AND name = ? "
            "AND n != 0 LIMIT 1",
            (org, to_db(start)[:13], to_db(end)[:13], domain, name),
        ).fetchone()
        return row is not None

    def deadlines_due(
        self, org: str, names: tuple[str, ...], start: datetime, end: datetime, *, domain: str
    ) -> list[tuple[Any, ...]]:
        """`domain`'s clocks called any of `names` due in ``[start, end)``, by due time, in one
        pass over the period's clocks: (complaint id, name, due at, met at, state)."""
        if not names:
            return []
        rows = self.conn.execute(
            "SELECT d.complaint_id, d.name, d.due_at, d.met_at, d.state "
            "FROM deadlines d JOIN complaints c ON c.id = d.complaint_id "
            f"WHERE d.org = ? AND d.due_at >= ? AND d.due_at < ? AND d.name IN ({','.join('?' * len(names))}) "
            "AND c.domain = ? ORDER BY d.due_at, d.rowid",
            (org, to_db(start), to_db(end), *names, domain),
        )
        return [(row[0], row[1], from_db(row[2]), _instant(row[3]), row[4]) for row in rows]

    def clocks_judged(
        self, org: str, domain: str, start: datetime, end: datetime, at: datetime
    ) -> list[tuple[str, str, str, str | None, list[dict[str, Any]] | None]]:
        """The clocks of `domain`'s complaints received in ``[start, end)``, each judged as of `at`
        in SQL: (complaint id, name, kind, verdict, its extensions or None when it has none), in
        the order each complaint's clocks were set.

        The verdict is the report headline's (`VERDICT`): ``on_time``, ``late``, ``open``, or
        None for a cancelled clock. Instants are stored as fixed-width UTC text, so comparing
        the texts compares the instants; a month's report judges ~100 000 clocks, and reading
        each one's two instants into datetimes cost more than the query itself.
        """
        rows = self.conn.execute(
            f"SELECT d.complaint_id, d.name, d.kind, {VERDICT}, "
            "CASE WHEN d.extensions = '[]' THEN NULL ELSE d.extensions END "
            "FROM complaints c JOIN deadlines d ON d.complaint_id = c.id "
            "WHERE c.org = ? AND c.domain = ? AND c.received_at >= ? AND c.received_at < ? "
            "ORDER BY d.complaint_id, d.rowid",
            (to_db(at), org, domain, to_db(start), to_db(end)),
        ).fetchall()
        return [(c, n, k, v, json.loads(x) if x is not None else None) for c, n, k, v, x in rows]

    def clock_verdict_counts(
        self, org: str, names: tuple[str, ...], start: datetime, end: datetime, at: datetime, *, domain: str
    ) -> list[tuple[str, str | None, int]]:
        """How many of `domain`'s clocks called any of `names` due in ``[start, end)`` have each
        verdict as of `at` (`clocks_judged`'s): (name, verdict, count), counted in SQL."""
        if not names:
            return []
        return [
            (name, verdict, count)
            for name, verdict, count in self.conn.execute(
                f"SELECT d.name, {VERDICT} AS verdict, count(*) "
                "FROM deadlines d JOIN complaints c ON c.id = d.complaint_id "
                f"WHERE d.org = ? AND d.due_at >= ? AND d.due_at < ? AND d.name IN ({','.join('?' * len(names))}) "
                "AND c.domain = ? GROUP BY d.name, verdict ORDER BY d.name, verdict",
                (to_db(at), org, to_db(start), to_db(end), *names, domain),
            )
        ]

    def steps_of(self, complaint_ids: Iterable[str], name: str) -> list[tuple[str, bool]]:
        """(complaint id, done) of the complaints' steps called `name`."""
        out: list[tuple[str, bool]] = []
        for chunk in _chunks(complaint_ids):
            out.extend(
                (cid, bool(done))
                for cid, done in self.conn.execute(
                    f"SELECT complaint_id, done FROM steps WHERE name = ? AND complaint_id IN ({','.join('?' * len(chunk))})",
                    (name, *chunk),
                )
            )
        return out

    def steps_done(
        self, org: str, domain: str, start: datetime, end: datetime, names: tuple[str, ...]
    ) -> list[tuple[str, int]]:
        """How many steps of each of `names` `domain`'s complaints completed in ``[start, end)``
        (a step voided since is not done)."""
        if not names:
            return []
        return self.conn.execute(
            # the domain's complaints first (complaints_org_domain), then their steps by key
            # (by that index: with one domain's statistics the planner scanned every complaint)
            "SELECT s.name, count(*) FROM complaints c INDEXED BY complaints_org_domain "
            "CROSS JOIN steps s ON s.complaint_id = c.id "
            f"WHERE c.org = ? AND c.domain = ? AND s.done_at >= ? AND s.done_at < ? "
            f"AND s.name IN ({','.join('?' * len(names))}) GROUP BY s.name ORDER BY s.name",
            (org, domain, to_db(start), to_db(end), *names),
        ).fetchall()

    def open_steps(self, org: str, domain: str, at: datetime) -> list[tuple[str, int]]:
        """Steps not done at `at` of `domain`'s complaints received before it and still on the desk,
        counted per step name, most first."""
        when = to_db(at)
        return self.conn.execute(
            "SELECT s.name, count(*) FROM complaints c CROSS JOIN steps s ON s.complaint_id = c.id "
            "WHERE c.org = ? AND c.domain = ? AND c.received_at < ? "
            "AND (s.done_at IS NULL OR s.done_at >= ?) AND (c.closed_at IS NULL OR c.closed_at >= ?) "
            "GROUP BY s.name ORDER BY count(*) DESC, s.name",
            (org, domain, when, when, when),
        ).fetchall()

    def latest_earlier(
        self,
        org: str,
        domain: str,
        *,
        before: str,
        received_by: datetime,
        still_open: tuple[str, ...],
        closed_since: datetime,
        same: dict[str, str],
        field: tuple[str, Any, Any] | None = None,
    ) -> str | None:
        """The most recent other complaint of `domain` received by `received_by` that is open (a
        status in `still_open`) or closed since `closed_since`, with the `same` values of
        ``contact``, ``place`` and/or ``category``, and (`field` = name, default, value) whose
        field `name` (or `default` when unset) equals `value`."""
        found = self._latest_stored(org, domain, before, received_by, still_open, closed_since, same, field)
        return found[1] if found else None

    def _latest_stored(
        self,
        org: str,
        domain: str,
        before: str,
        received_by: datetime,
        still_open: tuple[str, ...],
        closed_since: datetime,
        same: dict[str, str],
        field: tuple[str, Any, Any] | None,
    ) -> tuple[str, str] | None:
        """`latest_earlier` as (received_at, id): a batch of held rows compares its own with it."""
        allowed = {"contact": "p.contact", "place": "c.place", "category": "c.category"}
        if not same or any(key not in allowed for key in same):
            raise ValueError(f"same: one or more of {', '.join(allowed)}")
        # from the contact's own rows when matching a contact (CROSS JOIN fixes SQLite's join
        # order), else the org's cases at that place and category in time order: either way the
        # cost follows the matches, not the register's size
        source = "personal p CROSS JOIN complaints c ON c.id = p.complaint_id" if "contact" in same else "complaints c"
        conditions = [
            "c.org = ? AND c.domain = ? AND c.id <> ? AND c.received_at <= ?",
            f"(c.status IN ({', '.join('?' * len(still_open))}) OR c.closed_at >= ?)",
        ]
        params: list[Any] = [org, domain, before, to_db(received_by), *still_open, to_db(closed_since)]
        if field is not None:
            conditions.append(f"COALESCE(json_extract(c.fields, '{_path(field[0])}'), ?) = ?")
            params += [field[1], field[2]]
        for key, value in same.items():
            conditions.append(f"{allowed[key]} = ?")
            params.append(value)
        row = self.conn.execute(
            f"SELECT c.received_at, c.id FROM {source} WHERE {' AND '.join(conditions)} "
            "ORDER BY c.received_at DESC, c.id DESC LIMIT 1",
            params,
        ).fetchone()
        return (row[0], row[1]) if row else None

    # -- a plugin's own tables ---------------------------------------------------------------

    def own_rows(
        self,
        table: str,
        columns: tuple[str, ...],
        *,
        equal: dict[str, Any] | None = None,
        among: dict[str, Iterable[Any]] | None = None,
        order: tuple[str, ...] = (),
    ) -> list[tuple[Any, ...]]:
        """Rows of a plugin's own `table`: the `columns` where each `equal` column has its value and
        each `among` column one of its values, sorted by `order`."""
        names = [*columns, *(equal or {}), *(among or {}), *order]
        if not all(_NAME.match(n) for n in names):
            raise ValueError(f"not column names: {names}")
        conditions, params = [], []
        for column, value in (equal or {}).items():
            conditions.append(f"{column} = ?")
            params.append(value)
        for column, values in (among or {}).items():
            values = list(values)
            conditions.append(f"{column} IN ({','.join('?' * len(values))})" if values else "0 = 1")
            params.extend(values)
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        ordered = f" ORDER BY {', '.join(order)}" if order else ""
        return self.conn.execute(f"SELECT {', '.join(columns)} FROM {_table(table)}{where}{ordered}", params).fetchall()

    def put_own_rows(
        self, table: str, columns: tuple[str, ...], key: tuple[str, ...], rows: Iterable[tuple[Any, ...]]
    ) -> None:
        """Insert rows into a plugin's own `table`, replacing the other columns of a row whose `key` exists."""
        if not all(_NAME.match(n) for n in columns) or not set(key) <= set(columns):
            raise ValueError(f"not column names: {columns} (key {key})")
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
        self.conn.executemany(
            f"INSERT INTO {_table(table)} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}",
            list(rows),
        )
