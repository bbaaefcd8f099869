"""Set-based reads for a period report's domain sections: one ``GROUP BY`` per figure family.

A mixin of `tousu.default_plugins.store.Store`. A month's section used to read every complaint of the month
(and every clock of those complaints) into Python and count there; at 100 000 complaints that
was most of a report's time. These reads hand back the month's complaints already grouped by
what a section counts — its columns and fields, and per complaint the verdict of one named
clock, one named step and whether a sweep raised its tier — so a section sums a few hundred
groups instead of walking ~17 000 complaints and ~117 000 clocks.

What depends on the report's own instant (a running clock turns late at `at`) is judged here,
at report time, by the same `VERDICT` expression as `clocks_judged`; what depends on the
organization's staff list (who a respondent names) is left to the section, which applies it
to each group.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from tousu.default_plugins.store.domain_reads import _INSTANTS, VERDICT, _column, _path
from tousu.default_plugins.store.postgres import uses_postgres
from tousu.default_plugins.store.rollups import (
    _HOUR,
    _hour,
    migrate_received_rollups,
    recount,
    rolled_up,
    rollup_drift,
    spec_text,
)
from tousu.timeutil import to_db

_RECEIVED = "c.org = ? AND c.domain = ? AND c.received_at >= ? AND c.received_at < ?"


def _skipping(statuses: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    if not statuses:
        return "", ()
    return f" AND c.status NOT IN ({','.join('?' * len(statuses))})", statuses


class Tallies:
    """Grouped reads of a period's complaints for the domain sections of a report."""

    conn: sqlite3.Connection

    def received_tally(
        self,
        org: str,
        domain: str,
        start: datetime,
        end: datetime,
        at: datetime,
        *,
        columns: tuple[str, ...],
        fields: tuple[str, ...] = (),
        clocks: tuple[str, ...] = (),
        step: str | None = None,
    ) -> list[tuple[Any, ...]]:
        """`domain`'s complaints of `org` received in ``[start, end)``, grouped: each row is the
        named `columns` and `fields` (as `received` gives them, None where a complaint has no such
        field), then these measures of each complaint, then how many complaints share them all:

        - for each of `clocks`: whether it has a deadline (not a timer) of that name, and that
          clock's verdict as of `at` (`clocks_judged`'s: ``on_time``, ``late``, ``open``; None
          when cancelled or absent);
        - whether it has a step called `step`, and whether that step is done;
        - whether a sweep raised its tier (a sweep event whose ``set`` holds a ``tier``);

        in the order of the grouping values. Instant columns are not allowed here (each would
        make its own group).
        """
        if any(c in _INSTANTS for c in columns):
            raise ValueError("received_tally groups by values, not instants")
        spec = spec_text(columns, fields, clocks, step)
        if self._rollup_spec(domain) == spec:
            return rolled_up(self, org, domain, start, end, at, json.loads(spec))
        return self._received_groups(org, domain, start, end, at, columns, fields, clocks, step)

    def _rollup_spec(self, domain: str) -> str | None:
        """The question `domain`'s rollup answers (`tousu.default_plugins.store.rollups`), None without one."""
        row = self.conn.execute("SELECT spec FROM received_rollups WHERE domain = ?", (domain,)).fetchone()
        return row[0] if row else None

    def _received_groups(
        self, org: str, domain: str, start: datetime, end: datetime, at: datetime,
        columns: tuple[str, ...], fields: tuple[str, ...], clocks: tuple[str, ...], step: str | None,
        only: tuple[str, tuple[Any, ...]] = ("", ()),
    ) -> list[tuple[Any, ...]]:
        """`received_tally` counted from the complaints' own rows (`only`: a further condition
        on ``c`` and its parameters)."""
        selected = [_column(c) for c in columns] + [f"json_extract(c.fields, '{_path(f)}')" for f in fields]
        params: list[Any] = []
        joins, measures, verdicts = "", [], 0
        for position, name in enumerate(clocks):
            d = f"d{position}"
            joins += f" LEFT JOIN deadlines {d} ON {d}.complaint_id = c.id AND {d}.name = ? AND {d}.kind = 'deadline'"
            params.append(name)
            verdict = VERDICT.replace("d.", f"{d}.")
            measures += [f"{d}.complaint_id IS NOT NULL", f"CASE WHEN {d}.complaint_id IS NULL THEN NULL ELSE {verdict} END"]
            verdicts += 1
        if step is not None:
            joins += " LEFT JOIN steps s ON s.complaint_id = c.id AND s.name = ?"
            params.append(step)
            measures += ["s.complaint_id IS NOT NULL", "coalesce(s.done, 0)"]
        else:
            measures += ["0", "0"]
        measures.append(
            "EXISTS (SELECT 1 FROM events e INDEXED BY events_sweeps WHERE e.complaint_id = c.id "
            "AND e.action = 'sweep' AND json_extract(e.data, '$.set.tier') IS NOT NULL)"
        )
        outputs = [*selected, *measures]
        positions = ", ".join(str(i + 1) for i in range(len(outputs)))
        # each VERDICT's one parameter (the instant) sits in the select list: it comes first
        rows = self.conn.execute(
            f"SELECT {', '.join(outputs)}, count(*) FROM complaints c{joins} WHERE {_RECEIVED}{only[0]} "
            f"GROUP BY {positions} ORDER BY {positions}",
            (*[to_db(at)] * verdicts, *params, org, domain, to_db(start), to_db(end), *only[1]),
        ).fetchall()
        width = len(selected)
        out = []
        for row in rows:
            measured: list[Any] = []
            for i in range(verdicts):
                measured += [bool(row[width + 2 * i]), row[width + 2 * i + 1]]
            rest = width + 2 * verdicts
            out.append((*row[:width], *measured, bool(row[rest]), bool(row[rest + 1]), bool(row[rest + 2]), row[rest + 3]))
        return out

    def _received_rollup(self, org: str, domain: str, first: str, last: str) -> list[tuple[str, int]]:
        """The rollup's keys of `domain`'s complaints received in the UTC hours ``[first, last)``."""
        return [
            (key, int(n))
            for key, n in self.conn.execute(
                "SELECT key, sum(n) FROM received_rollup WHERE org = ? AND domain = ? AND hour >= ? AND hour < ? "
                "GROUP BY key HAVING sum(n) != 0",
                (org, domain, first, last),
            )
        ]

    def received_extensions(
        self,
        org: str,
        domain: str,
        start: datetime,
        end: datetime,
        *,
        columns: tuple[str, ...] = (),
        skip_statuses: tuple[str, ...] = (),
    ) -> list[tuple[Any, ...]]:
        """The clocks that were ever extended, of `domain`'s complaints received in ``[start, end)``
        (less those in `skip_statuses`): (complaint id, clock name, its extensions, *the complaint's
        `columns`), in the order each complaint's clocks were set (`clocks_judged`'s order)."""
        skip, skipped = _skipping(skip_statuses)
        extra = "".join(f", {_column(c)}" for c in columns)
        rows = self.conn.execute(
            f"SELECT d.complaint_id, d.name, d.extensions{extra} FROM complaints c "
            f"JOIN deadlines d INDEXED BY deadlines_extended ON d.complaint_id = c.id "
            f"WHERE {_RECEIVED}{skip} AND d.extensions != '[]' "
            "ORDER BY d.complaint_id, d.rowid",
            (org, domain, to_db(start), to_db(end), *skipped),
        ).fetchall()
        return [(row[0], row[1], json.loads(row[2]), *row[3:]) for row in rows]

    # -- the clocks due in a period, from the hourly tallies ----------------------------------

    def clocks_due_tally(
        self, org: str, start: datetime, end: datetime, at: datetime, *, domain: str | None = None
    ) -> list[tuple[str, str, bool, str | None, int]]:
        """The clocks of `org` (of `domain`'s complaints, or all) due in ``[start, end)``, judged as
        of `at` (`clocks_judged`'s verdict) and counted: (name, kind, cancelled, verdict, count),
        by name, kind, cancelled, verdict.

        Whole UTC hours come from ``clock_tallies`` (a few rows per hour instead of every clock);
        the hour holding `at` — where a running clock turns late — and the parts of an hour at
        either end of the period are counted from the clocks themselves, so any period and any
        instant give what counting every clock gives.
        """
        first, last, now = _hour(start, up=True), _hour(end), _hour(at)
        exact: list[tuple[datetime, datetime]] = []
        tallied: list[tuple[datetime, datetime]] = []
        if first >= last:
            exact.append((start, end))
        else:
            exact += [(a, b) for a, b in ((start, first), (last, end)) if a < b]
            if first <= now < last:
                exact.append((now, now + _HOUR))
                tallied += [(a, b) for a, b in ((first, now), (now + _HOUR, last)) if a < b]
            else:
                tallied.append((first, last))
        counts: dict[tuple[str, str, bool, str | None], int] = {}
        judged_at = to_db(now)[:13]
        for a, b in tallied:
            where, params = "t.org = ? AND t.hour >= ? AND t.hour < ?", [org, to_db(a)[:13], to_db(b)[:13]]
            if domain is not None:
                where += " AND t.domain = ?"
                params.append(domain)
            for name, kind, cancelled, verdict, count in self.conn.execute(
                "SELECT t.name, t.kind, t.cancelled, CASE WHEN t.met = 1 THEN 'on_time' WHEN t.met = 2 THEN 'late' "
                "WHEN t.cancelled = 1 THEN NULL WHEN t.hour < ? THEN 'late' ELSE 'open' END, sum(t.n) "
                f"FROM clock_tallies t WHERE {where} GROUP BY 1, 2, 3, 4",
                (judged_at, *params),
            ):
                key = (name, kind, bool(cancelled), verdict)
                counts[key] = counts.get(key, 0) + int(count)
        for a, b in exact:
            join, params = "", [to_db(at), org, to_db(a), to_db(b)]
            if domain is not None:
                join = " JOIN complaints c ON c.id = d.complaint_id AND c.domain = ?"
                params.insert(1, domain)
            for name, kind, cancelled, verdict, count in self.conn.execute(
                f"SELECT d.name, d.kind, d.state = 'cancelled', {VERDICT}, count(*) FROM deadlines d{join} "
                "WHERE d.org = ? AND d.due_at >= ? AND d.due_at < ? GROUP BY 1, 2, 3, 4",
                params,
            ):
                key = (name, kind, bool(cancelled), verdict)
                counts[key] = counts.get(key, 0) + int(count)
        return sorted(
            ((*key, count) for key, count in counts.items() if count),
            key=lambda row: (row[0], row[1], row[2], row[3] is not None, row[3] or ""),
        )

    def recount_clock_tallies(self) -> None:
        """Count ``clock_tallies`` again from every stored clock (`rebuild`'s last step)."""
        self.conn.execute("DELETE FROM clock_tallies")
        self.conn.execute(_FILL)

    def recount_received_rollups(self) -> None:
        """Count every declared received-complaint rollup again (`rebuild`'s last step, tousu.default_plugins.store.rollups)."""
        recount(self)

    def received_rollup_drift(self) -> list[tuple[Any, ...]]:
        """The rollup rows that differ from a count of the complaints' stored keys, and the keys
        that differ from the complaints' rows as they are now (empty when all agree)."""
        return rollup_drift(self)

    def clock_tallies_drift(self) -> list[tuple[Any, ...]]:
        """The tally rows that differ from a count of the stored clocks (empty when they agree):
        (org, hour, domain, name, kind, met, cancelled, kept, counted)."""
        kept = {
            tuple(row[:7]): int(row[7])
            for row in self.conn.execute(f"SELECT {', '.join(_KEY)}, n FROM clock_tallies WHERE n != 0")
        }
        counted = {tuple(row[:7]): int(row[7]) for row in self.conn.execute(_COUNT)}
        return sorted(
            (*key, kept.get(key, 0), counted.get(key, 0))
            for key in kept.keys() | counted.keys()
            if kept.get(key, 0) != counted.get(key, 0)
        )


__all__ = ["Tallies"]


# -- the clocks due per hour, kept by the database with every write of a clock ----------------

#: How a clock counts in a report, as far as its own row decides it: met (0 not met, 1 by its
#: due time, 2 after it) and cancelled; only an unmet clock needs the report's instant.
_MET = "CASE WHEN {t}.met_at IS NULL THEN 0 WHEN {t}.met_at <= {t}.due_at THEN 1 ELSE 2 END"
_CANCELLED = "CASE WHEN {t}.state = 'cancelled' THEN 1 ELSE 0 END"
_DOMAIN = "coalesce((SELECT domain FROM complaints WHERE id = {t}.complaint_id), '')"
#: The tally's key of the clock row `t` (``new`` or ``old``), in the table's column order.
_KEY = ("org", "hour", "domain", "name", "kind", "met", "cancelled")


def _key_values(t: str) -> list[str]:
    """The tally key of the clock row `t` (``new``, ``old`` or ``d``), one SQL expression per `_KEY` column."""
    return [
        f"{t}.org", f"substr({t}.due_at, 1, 13)", _DOMAIN.format(t=t), f"{t}.name", f"{t}.kind",
        _MET.format(t=t), _CANCELLED.format(t=t),
    ]


def _key_match(t: str) -> str:
    return " AND ".join(f"{column} = {value}" for column, value in zip(_KEY, _key_values(t), strict=True))


_TABLE = """
CREATE TABLE clock_tallies (
    org TEXT NOT NULL,
    hour TEXT NOT NULL,
    domain TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    met INTEGER NOT NULL,
    cancelled INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (org, hour, domain, name, kind, met, cancelled)
)
"""
_COUNT = f"SELECT {', '.join(_key_values('d'))}, count(*) FROM deadlines d GROUP BY 1, 2, 3, 4, 5, 6, 7"
_FILL = f"INSERT INTO clock_tallies (org, hour, domain, name, kind, met, cancelled, n) {_COUNT}"
_ADD = (
    f"INSERT INTO clock_tallies (org, hour, domain, name, kind, met, cancelled, n) VALUES ({', '.join(_key_values('new'))}, 1) "
    f"ON CONFLICT (org, hour, domain, name, kind, met, cancelled) DO UPDATE SET n = clock_tallies.n + 1"
)
_TAKE = f"UPDATE clock_tallies SET n = n - 1 WHERE {_key_match('old')}"
#: Columns whose change can move a clock to another tally row (an update of anything else —
#: a warning, the sweep's ``pending`` → ``breached`` — leaves the tallies alone).
_MOVES = ("org", "due_at", "name", "kind", "met_at", "state", "complaint_id")
_MOVED = " OR ".join(
    ["substr(old.due_at, 1, 13) IS NOT substr(new.due_at, 1, 13)", f"{_MET.format(t='old')} != {_MET.format(t='new')}",
     f"{_CANCELLED.format(t='old')} != {_CANCELLED.format(t='new')}"]
    + [f"old.{c} IS NOT new.{c}" for c in ("org", "name", "kind", "complaint_id")]
)

_SQLITE_TRIGGERS = (
    f"CREATE TRIGGER clock_tallies_insert AFTER INSERT ON deadlines BEGIN {_ADD}; END",
    f"CREATE TRIGGER clock_tallies_delete AFTER DELETE ON deadlines BEGIN {_TAKE}; END",
    f"CREATE TRIGGER clock_tallies_update AFTER UPDATE OF {', '.join(_MOVES)} ON deadlines WHEN {_MOVED} "
    f"BEGIN {_TAKE}; {_ADD}; END",
)
_PG_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION clock_tallies_fn() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN "
    f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {_TAKE}; END IF; "
    f"IF TG_OP IN ('UPDATE', 'INSERT') THEN {_ADD}; END IF; "
    "RETURN NULL; END $fn$",
    "CREATE TRIGGER clock_tallies_count AFTER INSERT OR DELETE ON deadlines FOR EACH ROW EXECUTE FUNCTION clock_tallies_fn()",
    f"CREATE TRIGGER clock_tallies_update AFTER UPDATE OF {', '.join(_MOVES)} ON deadlines FOR EACH ROW "
    f"WHEN ({_MOVED.replace(' IS NOT ', ' IS DISTINCT FROM ')}) EXECUTE FUNCTION clock_tallies_fn()",
)
#: A partial index of the clocks that were ever paused (the report adds up their pauses): a
#: month's report reads these few instead of every clock due in the month.
_PAUSED = "CREATE INDEX deadlines_paused ON deadlines (org, due_at) WHERE kind = 'deadline' AND clock LIKE '%\"pauses\"%'"


#: The clocks that were ever extended (a month's section lists each extension): its complaints'
#: few extended clocks are found without reading every clock of the month.
_EXTENDED = "CREATE INDEX deadlines_extended ON deadlines (complaint_id) WHERE extensions != '[]'"


#: A domain's complaints by receipt: each section reads its own domain's complaints of the period
#: (and their open steps) without reading the other domains' rows of an organization.
_BY_DOMAIN = "CREATE INDEX complaints_org_domain ON complaints (org, domain, received_at)"


def migrate_clock_tallies(db: Any) -> None:
    """The tally of clocks per org, hour due (UTC), domain, name, kind and met/cancelled state,
    filled from the clocks already stored, then kept by triggers in the same statement as every
    insert, delete and relevant update of a clock (so every writer keeps it: the App, import,
    sweep, rebuild, and tools that write rows directly)."""
    postgres = uses_postgres(db.conn)
    db.execute(_TABLE)
    db.execute(_FILL)
    for statement in _PG_TRIGGERS if postgres else _SQLITE_TRIGGERS:
        db.execute(statement)
    db.execute(_PAUSED)
    db.execute(_EXTENDED)
    db.execute(_BY_DOMAIN)


MIGRATIONS = [("core-0200-clock-tallies", migrate_clock_tallies), ("core-0210-received-rollups", migrate_received_rollups)]
