"""Named reads: the complaints, their histories and the lists the App asks for.

A mixin of `tousu.default_plugins.store.Store`: every method reads ``self.conn`` and returns the model or
plain values (aware datetimes, parsed JSON), never a cursor, so the callers do not learn the
table layout and a PostgreSQL store can answer the same calls.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from tousu.default_plugins.store.rows import _deadline, _event
from tousu.default_plugins.store.schema import PROJECTION_TABLES
from tousu.models import Complaint, Deadline, Event, Link, Step
from tousu.timeutil import from_db, to_db


class Reads:
    """What the App reads back: complaints, events, the list, the clocks due."""

    conn: sqlite3.Connection

    def event_at_seq(self, seq: int) -> tuple[str, int] | None:
        row = self.conn.execute("SELECT complaint_id, n FROM events WHERE seq = ?", (seq,)).fetchone()
        return (row[0], row[1]) if row else None

    def events(self, complaint_id: str) -> list[Event]:
        rows = self.conn.execute(
            "SELECT complaint_id, n, at, recorded_at, actor, role, action, data FROM events "
            "WHERE complaint_id = ? ORDER BY n",
            (complaint_id,),
        )
        return [_event(row) for row in rows]

    # -- projections ----------------------------------------------------------------

    def org_of(self, complaint_id: str) -> str | None:
        row = self.conn.execute("SELECT org FROM complaints WHERE id = ?", (complaint_id,)).fetchone()
        return row[0] if row else None

    def load(self, complaint_id: str) -> Complaint | None:
        """The complaint as the projection tables hold it (None if there is no such id)."""
        found = self.load_many([complaint_id])
        return found[0] if found else None

    def load_many(self, ids: list[str]) -> list[Complaint]:
        """Several complaints, in the order of `ids`, with their deadlines, steps and links."""
        if not ids:
            return []
        out: dict[str, Complaint] = {}
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start : chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            deadlines: dict[str, list[Deadline]] = {}
            for row in self.conn.execute(
                f"SELECT complaint_id, name, due_at, state, met_at, met_by, kind, extensions, clock, warn_at, warned "
                f"FROM deadlines WHERE complaint_id IN ({marks}) ORDER BY complaint_id, rowid",
                chunk,
            ):
                deadlines.setdefault(row[0], []).append(_deadline(row))
            steps: dict[str, list[Step]] = {}
            for row in self.conn.execute(
                f"SELECT complaint_id, name, done, done_at, done_by FROM steps "
                f"WHERE complaint_id IN ({marks}) ORDER BY complaint_id, rowid",
                chunk,
            ):
                steps.setdefault(row[0], []).append(
                    Step(row[1], bool(row[2]), from_db(row[3]) if row[3] else None, row[4])
                )
            links: dict[str, list[Link]] = {}
            for row in self.conn.execute(
                f"SELECT complaint_id, kind, target FROM links WHERE complaint_id IN ({marks}) "
                f"ORDER BY complaint_id, rowid",
                chunk,
            ):
                links.setdefault(row[0], []).append(Link(row[1], row[2]))
            for row in self.conn.execute(
                f"SELECT c.id, c.org, c.domain, c.channel, c.received_at, c.summary, c.status, c.tier, "
                f"c.category, c.classification_reason, p.complainant, p.contact, c.respondent, c.place, "
                f"c.request, c.owner, c.assignee, c.department, c.urgent, c.flags, c.fields, "
                f"c.resolved_at, c.closed_at FROM complaints c LEFT JOIN personal p ON p.complaint_id = c.id "
                f"WHERE c.id IN ({marks})",
                chunk,
            ):
                cid = row[0]
                out[cid] = Complaint(
                    id=cid,
                    org=row[1],
                    domain=row[2],
                    channel=row[3],
                    received_at=from_db(row[4]),
                    summary=row[5],
                    status=row[6],
                    tier=row[7],
                    category=row[8],
                    classification_reason=row[9],
                    complainant=row[10] or "",
                    contact=row[11] or "",
                    respondent=row[12],
                    place=row[13],
                    request=row[14],
                    owner=row[15],
                    assignee=row[16],
                    department=row[17],
                    urgent=bool(row[18]),
                    flags=tuple(json.loads(row[19])),
                    fields=json.loads(row[20]),
                    links=tuple(links.get(cid, ())),
                    deadlines=tuple(deadlines.get(cid, ())),
                    steps=tuple(steps.get(cid, ())),
                    resolved_at=from_db(row[21]) if row[21] else None,
                    closed_at=from_db(row[22]) if row[22] else None,
                )
        return [out[i] for i in ids if i in out]

    def personal(self, complaint_id: str) -> tuple[str, str]:
        row = self.conn.execute(
            "SELECT complainant, contact FROM personal WHERE complaint_id = ?", (complaint_id,)
        ).fetchone()
        return (row[0], row[1]) if row else ("", "")

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every projection table's rows, sorted: what `rebuild` must reproduce exactly."""
        tables = {
            table: sorted(self.conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in PROJECTION_TABLES
        }
        # the clock tallies are derived from the clocks: their counts must come out the same too
        tables["clock_tallies"] = sorted(
            self.conn.execute(
                "SELECT org, hour, domain, name, kind, met, cancelled, n FROM clock_tallies WHERE n != 0"
            ).fetchall(),
            key=repr,
        )
        # so are the received complaints' rollups (tousu.default_plugins.store.rollups)
        tables["received_rollup"] = sorted(
            self.conn.execute("SELECT org, domain, hour, key, n FROM received_rollup WHERE n != 0").fetchall(), key=repr
        )
        tables["received_keys"] = sorted(
            self.conn.execute("SELECT complaint_id, org, domain, hour, key FROM received_keys").fetchall(), key=repr
        )
        return tables



    # -- the App's own reads: event numbers, sweep, the daily list, intake, the register ----

    def next_event_n(self, complaint_id: str) -> int:
        """The number the complaint's next event gets (1 for a complaint without history)."""
        row = self.conn.execute("SELECT max(n) FROM events WHERE complaint_id = ?", (complaint_id,)).fetchone()
        return (row[0] or 0) + 1

    def _event_tails(self, ids: list[str]) -> dict[str, tuple[int, str | None]]:
        """(last number, latest stored instant) of each complaint's history (bulk keeps them)."""
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            f"SELECT complaint_id, max(n), max(at) FROM events WHERE complaint_id IN ({marks}) GROUP BY complaint_id",
            ids,
        )
        found = {cid: (n, at) for cid, n, at in rows}
        return {cid: found.get(cid, (0, None)) for cid in ids}

    def last_event_at(self, complaint_id: str) -> datetime | None:
        """The latest instant in the complaint's history (None without history)."""
        row = self.conn.execute("SELECT max(at) FROM events WHERE complaint_id = ?", (complaint_id,)).fetchone()
        return from_db(row[0]) if row and row[0] else None

    def actions_after(self, complaint_id: str, n: int) -> list[tuple[str, datetime]]:
        """(action, at) of the complaint's events numbered above `n`, in order."""
        return [
            (action, from_db(at))
            for action, at in self.conn.execute(
                "SELECT action, at FROM events WHERE complaint_id = ? AND n > ? ORDER BY n", (complaint_id, n)
            )
        ]

    def actions_of(self, complaint_id: str) -> list[str]:
        """The actions of the complaint's history, in order."""
        return [
            row[0]
            for row in self.conn.execute("SELECT action FROM events WHERE complaint_id = ? ORDER BY n", (complaint_id,))
        ]

    def pending_before(
        self, org: str, at: datetime, complaint_ids: list[str] | None = None, *, detail: bool = False
    ) -> list[tuple[Any, ...]]:
        """(complaint id, clock name) of every running clock of `org` due before `at`, by due time;
        with `detail` also what the set-based sweep needs (`_DETAIL`).

        What a sweep records as breached; its cost follows the clocks just run out (the
        deadlines_sweep index), not the register.
        """
        only, params = _only(complaint_ids)
        return self.conn.execute(
            f"SELECT d.complaint_id, d.name{_DETAIL if detail else ''} FROM deadlines d{_FACTS if detail else ''} "
            f"WHERE d.org = ? AND d.active = 1 AND d.state = 'pending' AND d.due_at < ?{only} "
            "ORDER BY d.due_at, d.complaint_id, d.name",
            (org, to_db(at), *params),
        ).fetchall()

    def warnings_due(
        self, org: str, at: datetime, complaint_ids: list[str] | None = None, *, detail: bool = False
    ) -> list[tuple[Any, ...]]:
        """(complaint id, clock name) of running clocks past their warning time but not yet due, not
        warned; with `detail` also what the set-based sweep needs (`_DETAIL`, as `pending_before`,
        but no domain or tier: NULL, read only for a breach, which may escalate)."""
        only, params = _only(complaint_ids)
        return self.conn.execute(
            f"SELECT d.complaint_id, d.name{_WARNED_DETAIL if detail else ''} FROM deadlines d "
            "WHERE d.org = ? AND d.active = 1 AND d.state = 'pending' AND d.warn_at IS NOT NULL AND d.warn_at <= ? "
            f"AND d.warned = 0 AND d.due_at >= ?{only} ORDER BY d.warn_at, d.complaint_id, d.name",
            (org, to_db(at), to_db(at), *params),
        ).fetchall()

    def due_rows(self, org: str, at: datetime, horizon: datetime) -> list[dict[str, Any]]:
        """The daily list's rows: running deadlines due by `horizon` (overdue first, by due time),
        then those past their warning time at `at` but due beyond the horizon."""
        return [
            {
                "id": row[0], "deadline": row[1], "due_at": from_db(row[2]), "owner": row[3], "tier": row[4],
                "summary": row[5], "department": row[6], "assignee": row[7], "status": row[8], "domain": row[9],
                "warn_at": from_db(row[10]) if row[10] is not None else None,
                "clock": json.loads(row[11]) if row[11] else {},
            }
            for row in self._due(org, at, horizon)
        ]

    def due_list(self, org: str, at: datetime, horizon: datetime) -> list[tuple[Any, ...]]:
        """`due_rows` as tuples, what the App's daily list is built from: (id, deadline, due_at,
        owner, tier, summary, department, assignee, status, domain, whether `at` is past its
        warning time, clock).

        A list shows thousands of clocks and opens few: each clock is read from its stored text
        when first looked into (`StoredJSON`), and the warning time is compared where it is stored.
        """
        return [
            (*row[:2], from_db(row[2]), *row[3:10], bool(row[12]), StoredJSON(row[11]) if row[11] else {})
            for row in self._due(org, at, horizon)
        ]

    def _due(self, org: str, at: datetime, horizon: datetime) -> list[tuple[Any, ...]]:
        stamp, until = to_db(at), to_db(horizon)
        columns = (
            "SELECT d.complaint_id, d.name, d.due_at, c.owner, c.tier, c.summary, c.department, c.assignee, "
            "c.status, c.domain, d.warn_at, d.clock, d.warn_at IS NOT NULL AND d.warn_at <= ? "
            "FROM deadlines d JOIN complaints c ON c.id = d.complaint_id "
        )
        rows = self.conn.execute(
            columns + "WHERE d.org = ? AND d.active = 1 AND d.kind = 'deadline' AND d.due_at <= ? "
            "ORDER BY d.due_at, d.complaint_id, d.name",
            (stamp, org, until),
        ).fetchall()
        rows += self.conn.execute(
            columns + "WHERE d.org = ? AND d.active = 1 AND d.state = 'pending' AND d.warn_at IS NOT NULL "
            "AND d.warn_at <= ? AND d.due_at > ? AND d.kind = 'deadline' ORDER BY d.due_at, d.complaint_id, d.name",
            (stamp, org, stamp, until),
        ).fetchall()
        return rows

    def identical_recent(
        self, org: str, domain: str, channel: str, summary: str, contact: str, low: datetime, high: datetime
    ) -> str | None:
        """A recent complaint identical to an intake (same domain, channel, summary and contact,
        received between `low` and `high`): a second click, or a call taken twice."""
        from tousu.default_plugins.store.search import identical_recent

        return identical_recent(self.conn, org, domain, channel, summary, contact, to_db(low), to_db(high))

    def search(self, org: str, query: str, *, personal: bool, handler: str | None, limit: int = 1000) -> list[Complaint]:
        """`org`'s complaints whose texts match `query`, oldest first (the search index,
        `tousu.default_plugins.store.search`); names and contacts only where `personal`, or `handler`'s own cases."""
        from tousu.default_plugins.store.search import found

        search = found(self.conn, query, personal=personal, handler=handler)
        more = f" AND {search.condition}" if search.condition else ""
        rows = self.conn.execute(
            f"SELECT c.id FROM {search.source} WHERE c.org = ?{more} ORDER BY c.received_at, c.id LIMIT ?",
            (*search.source_params, org, *search.params, limit),
        )
        return self.load_many([row[0] for row in rows])

    def search_indexed(self) -> bool:
        """Whether a phrase is found through a trigram index (always on SQLite; on PostgreSQL
        when pg_trgm could be installed, else search scans: `tousu verify` warns)."""
        from tousu.default_plugins.store.search import trigram_indexed

        return trigram_indexed(self.conn)

    def list_page(self, org: str, **filters: Any) -> tuple[list[dict[str, Any]], int]:
        """One page of the register (`tousu.default_plugins.store.search.list_rows`'s filters), newest first, and the total."""
        from tousu.default_plugins.store.search import list_rows

        return list_rows(self.conn, org, **filters)


class StoredJSON(Mapping[str, Any]):
    """A JSON object as stored, parsed the first time it is looked into (then like the dict
    ``json.loads`` gives, which it compares equal to)."""

    __slots__ = ("_parsed", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._parsed: dict[str, Any] | None = None

    def _data(self) -> dict[str, Any]:
        if self._parsed is None:
            self._parsed = json.loads(self._text)
        return self._parsed

    def __getitem__(self, key: str) -> Any:
        return self._data()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data())

    def __len__(self) -> int:
        return len(self._data())

    def __repr__(self) -> str:
        return repr(self._data())


#: The columns `pending_before` and `warnings_due` add with ``detail`` (same rows, same order):
#: the clock as stored (kind, due_at, warn_at, clock), then its complaint's domain and tier
#: (NULL without a complaint row) and the number of its last event (NULL without history),
#: each found by key while the clocks are read, instead of a grouped read of every event.
_DETAIL = (
    ", d.kind, d.due_at, d.warn_at, d.clock, c.domain, c.tier, "
    "(SELECT max(e.n) FROM events e WHERE e.complaint_id = d.complaint_id)"
)
_FACTS = " LEFT JOIN complaints c ON c.id = d.complaint_id"
_WARNED_DETAIL = (
    ", d.kind, d.due_at, d.warn_at, d.clock, NULL, NULL, "
    "(SELECT max(e.n) FROM events e WHERE e.complaint_id = d.complaint_id)"
)


def _only(complaint_ids: list[str] | None) -> tuple[str, tuple[str, ...]]:
    if complaint_ids is None:
        return "", ()
    return f" AND d.complaint_id IN ({','.join('?' * len(complaint_ids))})", tuple(complaint_ids)
