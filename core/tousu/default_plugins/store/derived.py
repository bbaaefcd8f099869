"""The derived tables of a bulk batch's new complaints, written set-wise once per flush.

Three tables are kept by triggers in the same statement as every write: the search index
(`tousu.default_plugins.store.search`), the clock tallies (`tousu.default_plugins.store.tallies`)
and the received rollups plugins declare (`tousu.default_plugins.store.rollups`). Row by row
they cost an import about as much as the rows themselves (~190 µs of ~300 µs a record). When a
`Batch` writes the rows of its new complaints, the insert triggers of complaints, clocks and
steps stand aside (`deferred`: their condition `rollups.LIVE` reads the one-row switch table
``derived_deferred``) and the derived rows of those complaints are written here instead, one
statement per table for the whole batch, exactly as the triggers would have left them:

- the search index: each complaint's texts and its personal data's, by rowid;
- the clock tallies: each clock counted once, new tally rows created in the order the clocks'
  own inserts would have created them (ordered by the clock rows' rowid);
- each rollup: the complaint's key as its row alone gives it when inserted (clocks and step
  not yet written: `key_select` run right after the complaints' insert, as the trigger runs
  it), then each named clock set in place in the order the clocks were inserted, then the
  step — every key on the way is a row of ``received_rollup`` (with a count of 0 unless it
  is some complaint's last), as the in-place triggers leave them.

The switch is a row written and deleted inside the batch's own write, in the import's
transaction: no other connection ever sees it (SQLite has one writer at a time, and the row
is never committed), and every other write — a stored complaint's change held by the batch,
any other transaction — finds it empty and counts row by row. PostgreSQL's import writes at
once (`Store.bulk`), through its own triggers; the table exists there too, unused.
tests/perf/test_bulk_derived_equal.py holds the tables equal to the triggers' and to
record-by-record import's.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from tousu.default_plugins.store.postgres import uses_postgres
from tousu.default_plugins.store.rollups import LIVE, _row_state, install_triggers, key_select
from tousu.default_plugins.store.search import _PERSONAL_OF, _ROWID, OPEN_COLUMNS, PERSONAL_COLUMNS
from tousu.default_plugins.store.tallies import _ADD, _KEY, _key_values

_HELD = "(SELECT value FROM json_each(?))"
_TEXTS = ", ".join(OPEN_COLUMNS + PERSONAL_COLUMNS)


def _search_values(t: str) -> str:
    personal = ", ".join(f"coalesce({_PERSONAL_OF.format(col=col).replace('new.id', f'{t}.id')}, '')"
                         for col in PERSONAL_COLUMNS)
    return f"{_ROWID.format(t=t)}, {', '.join(f'{t}.{col}' for col in OPEN_COLUMNS)}, {personal}"


#: The insert triggers core-0220 makes stand aside while a batch writes its new complaints.
SQLITE_TRIGGERS = (
    ("complaint_search_insert",
     f"CREATE TRIGGER complaint_search_insert AFTER INSERT ON complaints WHEN {LIVE} BEGIN "
     f"DELETE FROM complaint_search WHERE rowid = {_ROWID.format(t='new')}; "
     f"INSERT INTO complaint_search (rowid, {_TEXTS}) VALUES ({_search_values('new')}); END"),
    ("clock_tallies_insert", f"CREATE TRIGGER clock_tallies_insert AFTER INSERT ON deadlines WHEN {LIVE} BEGIN {_ADD}; END"),
)

_SEARCH = (
    "DELETE FROM complaint_search WHERE rowid IN (SELECT CAST(substr(value, 2) AS INTEGER) FROM json_each(?))",
    f"INSERT INTO complaint_search (rowid, {_TEXTS}) SELECT {_search_values('c')} FROM complaints c "
    f"WHERE c.id IN {_HELD} ORDER BY c.rowid",
)
_TALLIES = (
    f"INSERT INTO clock_tallies ({', '.join(_KEY)}, n) SELECT {', '.join(_key_values('d'))}, count(*) "
    f"FROM deadlines d WHERE d.complaint_id IN {_HELD} GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY min(d.rowid) "
    f"ON CONFLICT ({', '.join(_KEY)}) DO UPDATE SET n = clock_tallies.n + excluded.n"
)
#: Each rollup complaint's keys on the way, stage 0 its key at its own insert (temp: this connection's).
_STAGES = (
    "CREATE TEMP TABLE IF NOT EXISTS derived_stages (complaint_id TEXT NOT NULL, org TEXT NOT NULL, "
    "domain TEXT NOT NULL, hour TEXT NOT NULL, stage INTEGER NOT NULL DEFAULT 0, key TEXT NOT NULL, "
    "PRIMARY KEY (complaint_id, stage))"
)
_LAST = "s.stage = (SELECT max(t.stage) FROM temp.derived_stages t WHERE t.complaint_id = s.complaint_id)"
_ROLLUP = (
    "INSERT INTO received_keys (complaint_id, org, domain, hour, key) "
    f"SELECT complaint_id, org, domain, hour, key FROM temp.derived_stages s WHERE {_LAST}",
    "INSERT INTO received_rollup (org, domain, hour, key, n) "
    f"SELECT org, domain, hour, key, sum({_LAST}) FROM temp.derived_stages s WHERE true GROUP BY org, domain, hour, key "
    "ON CONFLICT (org, domain, hour, key) DO UPDATE SET n = received_rollup.n + excluded.n",
    "DELETE FROM temp.derived_stages",
)


@lru_cache(maxsize=64)
def _born(domain: str, spec_text: str) -> str:
    """Stage 0 of `domain`'s held complaints: `key_select` as the insert trigger runs it."""
    spec = json.loads(spec_text)
    return (
        "INSERT INTO temp.derived_stages (complaint_id, org, domain, hour, key) "
        f"{key_select(spec, False, f'c.id IN {_HELD} AND c.domain = {_quoted(domain)}')}"
    )


@lru_cache(maxsize=64)
def _grown(domain: str, spec_text: str) -> str:
    """The later stages: each named clock set in place in insert order, then the step (the
    in-place triggers' ``json_set``, position for position)."""
    spec = json.loads(spec_text)
    width, clocks, step = len(spec["columns"]) + len(spec["fields"]), len(spec["clocks"]), spec["step"]
    names = ", ".join(_quoted(n) for n in spec["clocks"]) or "NULL"
    position = "CASE d.name " + " ".join(f"WHEN {_quoted(n)} THEN {width + i}" for i, n in enumerate(spec["clocks"])) + " END"
    sql = (
        "WITH RECURSIVE named (cid, i, pos, state) AS MATERIALIZED ("
        f"SELECT d.complaint_id, row_number() OVER (PARTITION BY d.complaint_id ORDER BY d.rowid), {position}, {_row_state('d')} "
        # CROSS JOIN: from the batch's complaints to their clocks (never a scan of every clock)
        "FROM temp.derived_stages b CROSS JOIN deadlines d ON d.complaint_id = b.complaint_id "
        f"WHERE b.stage = 0 AND b.domain = {_quoted(domain)} AND d.name IN ({names})), "
        "chain (cid, org, domain, hour, i, key) AS ("
        f"SELECT complaint_id, org, domain, hour, 0, key FROM temp.derived_stages WHERE stage = 0 AND domain = {_quoted(domain)} "
        "UNION ALL SELECT c.cid, c.org, c.domain, c.hour, c.i + 1, json_set(c.key, '$[' || (n.pos) || ']', n.state) "
        "FROM chain c JOIN named n ON n.cid = c.cid AND n.i = c.i + 1) "
        "INSERT INTO temp.derived_stages (complaint_id, org, domain, hour, stage, key) "
        "SELECT cid, org, domain, hour, i, key FROM chain WHERE i > 0"
    )
    if step is not None:
        has, done = width + clocks, width + clocks + 1
        sql += (
            " UNION ALL SELECT c.cid, c.org, c.domain, c.hour, c.i + 1, "
            f"json_set(c.key, '$[' || ({has}) || ']', 1, '$[' || ({done}) || ']', s.done) "
            f"FROM chain c JOIN steps s ON s.complaint_id = c.cid AND s.name = {_quoted(step)} "
            "WHERE c.i = (SELECT count(*) FROM named n WHERE n.cid = c.cid)"
        )
    return sql


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


class Deferred:
    """What `deferred` hands the batch: `born` to call right after the complaints' insert."""

    def __init__(self, conn: sqlite3.Connection, held: str) -> None:
        self.conn = conn
        self.held = held
        self.rollups: list[tuple[str, str]] = conn.execute("SELECT domain, spec FROM received_rollups ORDER BY domain").fetchall()

    def born(self) -> None:
        """Each rollup complaint's key as the tables hold it now (its clocks and step not yet written)."""
        if self.rollups:
            self.conn.execute(_STAGES)
            for domain, spec in self.rollups:
                self.conn.execute(_born(domain, spec), (self.held,))

    def write(self) -> None:
        """The derived rows of the held complaints, once every row of theirs is written."""
        conn, held = self.conn, self.held
        conn.execute(_SEARCH[0], (held,))
        conn.execute(_SEARCH[1], (held,))
        conn.execute(_TALLIES, (held,))
        if self.rollups:
            for domain, spec in self.rollups:
                conn.execute(_grown(domain, spec))
            for statement in _ROLLUP:
                conn.execute(statement)


@contextmanager
def deferred(conn: sqlite3.Connection, ids: list[str]) -> Iterator[Deferred]:
    """Write the rows of the new complaints `ids` inside: their insert triggers stand aside and
    their derived rows are written set-wise when the block ends (`Deferred.born` is called by
    the block right after the complaints' insert). The switch is off again whatever happens."""
    conn.execute("INSERT INTO derived_deferred (batch) VALUES (1)")
    try:
        work = Deferred(conn, json.dumps(ids))
        yield work
        work.write()
    finally:
        conn.execute("DELETE FROM derived_deferred")


def migrate_derived_switch(db: Any) -> None:
    """core-0220: the switch table, and the insert triggers that read it (SQLite): the search
    index's, the clock tallies' and every declared rollup's (made again from its spec)."""
    conn = db.conn
    conn.execute("CREATE TABLE derived_deferred (batch INTEGER NOT NULL)")
    if uses_postgres(conn):  # PostgreSQL's import writes at once: its triggers always count
        return
    for name, sql in SQLITE_TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        conn.execute(sql)
    for domain, text in conn.execute("SELECT domain, spec FROM received_rollups ORDER BY domain").fetchall():
        install_triggers(conn, domain, json.loads(text))


MIGRATIONS = [("core-0220-derived-in-bulk", migrate_derived_switch)]

__all__ = ["MIGRATIONS", "SQLITE_TRIGGERS", "Deferred", "deferred", "migrate_derived_switch"]
