"""Set-based reads for a period report's domain sections: one ``GROUP BY`` per figure family.

A mixin of `tousu.store.Store`. A month's section used to read every complaint of the month
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

from tousu.store.domain_reads import _INSTANTS, VERDICT, _column, _path
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
        clock: str | None = None,
        step: str | None = None,
    ) -> list[tuple[Any, ...]]:
        """`domain`'s complaints of `org` received in ``[start, end)``, grouped: each row is the
        named `columns` and `fields` (as `received` gives them, None where a complaint has no such
        field), then five measures of each complaint, then how many complaints share them all:

        - whether it has a deadline (not a timer) called `clock`, and that clock's verdict as of
          `at` (`clocks_judged`'s: ``on_time``, ``late``, ``open``; None when cancelled or absent);
        - whether it has a step called `step`, and whether that step is done;
        - whether a sweep raised its tier (a sweep event whose ``set`` holds a ``tier``);

        in the order of the grouping values. Instant columns are not allowed here (each would
        make its own group).
        """
        selected = [_column(c) for c in columns] + [f"json_extract(c.fields, '{_path(f)}')" for f in fields]
        if any(c in _INSTANTS for c in columns):
            raise ValueError("received_tally groups by values, not instants")
        params: list[Any] = []
        joins = ""
        if clock is not None:
            joins += " LEFT JOIN deadlines d ON d.complaint_id = c.id AND d.name = ? AND d.kind = 'deadline'"
            params.append(clock)
            measures = ["d.complaint_id IS NOT NULL", f"CASE WHEN d.complaint_id IS NULL THEN NULL ELSE {VERDICT} END"]
        else:
            measures = ["0", "NULL"]
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
        # the VERDICT's one parameter (the instant) comes first: it sits in the select list
        verdict_at = (to_db(at),) if clock is not None else ()
        rows = self.conn.execute(
            f"SELECT {', '.join(outputs)}, count(*) FROM complaints c{joins} WHERE {_RECEIVED} "
            f"GROUP BY {positions} ORDER BY {positions}",
            (*verdict_at, *params, org, domain, to_db(start), to_db(end)),
        ).fetchall()
        width = len(selected)
        return [
            (*row[:width], bool(row[width]), row[width + 1], bool(row[width + 2]), bool(row[width + 3]),
             bool(row[width + 4]), row[width + 5])
            for row in rows
        ]

    def received_clock_verdicts(
        self,
        org: str,
        domain: str,
        start: datetime,
        end: datetime,
        at: datetime,
        *,
        names: tuple[str, ...],
        column: str,
        skip_statuses: tuple[str, ...] = (),
    ) -> list[tuple[Any, str, str | None, int]]:
        """The deadlines (not timers) called any of `names` of `domain`'s complaints received in
        ``[start, end)`` (less those in `skip_statuses`), judged as of `at` (`clocks_judged`'s
        verdict) and counted per value of the complaint's `column`: (value, name, verdict, count)."""
        if not names:
            return []
        skip, skipped = _skipping(skip_statuses)
        return [
            (value, name, verdict, count)
            for value, name, verdict, count in self.conn.execute(
                f"SELECT {_column(column)}, d.name, {VERDICT}, count(*) FROM complaints c "
                f"JOIN deadlines d ON d.complaint_id = c.id AND d.kind = 'deadline' "
                f"AND d.name IN ({','.join('?' * len(names))}) WHERE {_RECEIVED}{skip} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
                (to_db(at), *names, org, domain, to_db(start), to_db(end), *skipped),
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
            f"JOIN deadlines d ON d.complaint_id = c.id WHERE {_RECEIVED}{skip} AND d.extensions != '[]' "
            "ORDER BY d.complaint_id, d.rowid",
            (org, domain, to_db(start), to_db(end), *skipped),
        ).fetchall()
        return [(row[0], row[1], json.loads(row[2]), *row[3:]) for row in rows]


__all__ = ["Tallies"]
