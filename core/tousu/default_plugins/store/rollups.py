"""The received-complaint rollups: `Tallies.received_tally`'s groups kept by the database itself.

A domain section of a month report groups the month's complaints by what it counts — some
columns and fields, and per complaint the state of a few named clocks, of one named step and
whether a sweep raised its tier (`Tallies.received_tally`). Counted at report time that is a
read of every complaint of the month and four clock, a step and an event probe each (most of a
100 000-complaint report's time). A domain that always asks the same question declares it once
(`received_rollup`, a migration of its plugin); from then on the database keeps, in the same
transaction as every write:

- ``received_keys``: each of the domain's complaints' group key (a JSON array: the columns, the
  fields, each clock's state, the step, the sweep), with its org and UTC hour of receipt;
- ``received_rollup``: how many complaints have each key, per org, domain and hour received.

A clock's state is what its own row decides: absent, cancelled, met on time, met late, or not
met and due in a given UTC hour (``u`` + the hour) — only the last needs the report's instant,
and that is judged at read time: due in an hour before the instant's, late; after it, open; in
the very hour of the instant, the complaint is counted from its rows (`received_tally`), as are
the parts of an hour at either end of a period. So any period and instant give exactly what the
live grouping gives.

The keys are refreshed per complaint by triggers on ``complaints``, ``deadlines`` (the named
clocks), ``steps`` (the named step) and ``events`` (sweeps): each trigger takes the complaint's
stored key out of the rollup and counts its key as the tables hold it now, so any order and
form of writes (``INSERT OR REPLACE``, PostgreSQL's upserts, rebuild's delete-and-insert) leaves
it right. `rebuild` counts both tables again from the complaints (`recount_received_rollups`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from tousu.default_plugins.store.domain_reads import _column, _path
from tousu.default_plugins.store.postgres import uses_postgres
from tousu.timeutil import to_db

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
#: The condition of the insert triggers of complaints, clocks and steps (here, the search
#: index's and the clock tallies'): no bulk batch is writing its new complaints, whose derived
#: rows it then writes set-wise instead (`tousu.default_plugins.store.derived`).
LIVE = "NOT EXISTS (SELECT 1 FROM derived_deferred)"

_TABLES = (
    """
    CREATE TABLE received_rollups (
        domain TEXT PRIMARY KEY,
        spec TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE received_keys (
        complaint_id TEXT PRIMARY KEY,
        org TEXT NOT NULL,
        domain TEXT NOT NULL,
        hour TEXT NOT NULL,
        key TEXT NOT NULL
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE received_rollup (
        org TEXT NOT NULL,
        domain TEXT NOT NULL,
        hour TEXT NOT NULL,
        key TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (org, domain, hour, key)
    ) WITHOUT ROWID
    """,
)


def spec_text(columns: tuple[str, ...], fields: tuple[str, ...], clocks: tuple[str, ...], step: str | None) -> str:
    """The question a rollup answers, as stored (and compared with each `received_tally` call)."""
    return json.dumps({"columns": list(columns), "fields": list(fields), "clocks": list(clocks), "step": step},
                      sort_keys=True, separators=(",", ":"))


def _clock_state(d: str) -> str:
    return (
        f"CASE WHEN {d}.complaint_id IS NULL THEN NULL WHEN {d}.met_at IS NOT NULL THEN "
        f"CASE WHEN {d}.met_at <= {d}.due_at THEN 'on_time' ELSE 'late' END "
        f"WHEN {d}.state = 'cancelled' THEN 'cancelled' ELSE 'u' || substr({d}.due_at, 1, 13) END"
    )


def _own_values(spec: dict[str, Any], t: str, postgres: bool = False) -> list[str]:
    """The key's first values: the complaint row `t`'s (``c``, ``new``) columns, then its fields."""
    values = [f"{t}.{c}" for c in spec["columns"]]
    for f in spec["fields"]:
        path = _path(f)
        if postgres:  # what a bare json_extract output column gives there (tousu.default_plugins.store.postgres_sql)
            values.append(f"tousu_json_value({t}.fields, '{path}')")
        else:  # an object or an array is read as its text, as json_extract alone gives it
            values.append(f"CASE WHEN json_type({t}.fields, '{path}') IN ('object', 'array') "
                          f"THEN json_extract({t}.fields, '{path}') || '' ELSE json_extract({t}.fields, '{path}') END")
    return values


#: A complaint's ``received_keys`` row follows its org and hour of receipt as well.
_own_also = "org = new.org, hour = substr(new.received_at, 1, 13), "


def key_select(spec: dict[str, Any], postgres: bool, where: str) -> str:
    """``SELECT c.id, c.org, c.domain, hour, key FROM complaints c …`` for the complaints `where`
    picks: the key of each, as the live grouping (`Tallies.received_tally`) would read it."""
    for c in spec["columns"]:
        _column(c)  # a complaint column a plugin reads (raises otherwise)
    values = _own_values(spec, "c", postgres)
    joins = ""
    for position, name in enumerate(spec["clocks"]):
        d = f"d{position}"
        joins += f" LEFT JOIN deadlines {d} ON {d}.complaint_id = c.id AND {d}.name = '{name}' AND {d}.kind = 'deadline'"
        values.append(_clock_state(d))
    if spec["step"] is not None:
        joins += f" LEFT JOIN steps s ON s.complaint_id = c.id AND s.name = '{spec['step']}'"
        values += ["CASE WHEN s.complaint_id IS NULL THEN 0 ELSE 1 END", "coalesce(s.done, 0)"]
    else:
        values += ["0", "0"]
    values.append(
        "CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.complaint_id = c.id AND e.action = 'sweep' "
        "AND json_extract(e.data, '$.set.tier') IS NOT NULL) THEN 1 ELSE 0 END"
    )
    key = f"jsonb_build_array({', '.join(values)})::text" if postgres else f"json_array({', '.join(values)})"
    return f"SELECT c.id, c.org, c.domain, substr(c.received_at, 1, 13), {key} FROM complaints c{joins} WHERE {where}"


def _check(domain: str, spec: dict[str, Any]) -> None:
    for name in (domain, *spec["clocks"], *([spec["step"]] if spec["step"] else [])):
        if not _NAME.match(name):
            raise ValueError(f"not a name a rollup can key on: {name!r}")


def _refresh_statements(domain: str, spec: dict[str, Any], postgres: bool, cid: str) -> list[str]:
    """Make complaint `cid`'s (an SQL expression) counts in the rollup what its rows say now."""
    mine = f"domain = '{domain}'"
    return [
        f"UPDATE received_rollup SET n = n - 1 WHERE (org, domain, hour, key) = "
        f"(SELECT org, domain, hour, key FROM received_keys WHERE complaint_id = {cid} AND {mine})",
        f"DELETE FROM received_keys WHERE complaint_id = {cid} AND {mine}",
        f"INSERT INTO received_keys (complaint_id, org, domain, hour, key) "
        f"{key_select(spec, postgres, f'c.id = {cid} AND c.{mine}')}",
        f"INSERT INTO received_rollup (org, domain, hour, key, n) SELECT org, domain, hour, key, 1 FROM received_keys "
        f"WHERE complaint_id = {cid} AND {mine} "
        "ON CONFLICT (org, domain, hour, key) DO UPDATE SET n = received_rollup.n + 1",
    ]


def _columns_changed(spec: dict[str, Any], postgres: bool) -> str:
    different = " IS DISTINCT FROM " if postgres else " IS NOT "
    tests = [f"old.{c}{different}new.{c}" for c in ("id", "org", "domain", "received_at", *spec["columns"])]
    tests += [f"json_extract(old.fields, '$.{f}'){different}json_extract(new.fields, '$.{f}')" for f in spec["fields"]]
    return " OR ".join(tests)


def _clock_changed(postgres: bool) -> str:
    different = " IS DISTINCT FROM " if postgres else " IS NOT "
    return " OR ".join(f"old.{c}{different}new.{c}" for c in ("complaint_id", "name", "kind", "due_at", "met_at", "state"))


def _set_statements(domain: str, cid: str, values: list[tuple[str, str]], also: str = "") -> str:
    """Complaint `cid`'s key changed in place at the given (position, value) pairs (and `also`, more
    assignments of its ``received_keys`` row): what a write of its own row, one of its clocks, its
    step or a sweep changes, without reading its other rows again."""
    mine = f"domain = '{domain}'"
    paths = ", ".join(f"'$[' || ({position}) || ']', {value}" for position, value in values)
    return (
        f"UPDATE received_rollup SET n = n - 1 WHERE (org, domain, hour, key) = "
        f"(SELECT org, domain, hour, key FROM received_keys WHERE complaint_id = {cid} AND {mine}); "
        f"UPDATE received_keys SET {also}key = json_set(key, {paths}) WHERE complaint_id = {cid} AND {mine}; "
        f"INSERT INTO received_rollup (org, domain, hour, key, n) SELECT org, domain, hour, key, 1 FROM received_keys "
        f"WHERE complaint_id = {cid} AND {mine} ON CONFLICT (org, domain, hour, key) DO UPDATE SET n = received_rollup.n + 1;"
    )


def _row_state(t: str) -> str:
    """The state `key_select` gives the clock row `t` (``new`` or ``old``) of a named clock."""
    return _clock_state(t).replace(f"WHEN {t}.complaint_id IS NULL", f"WHEN {t}.kind != 'deadline'", 1)


def _sqlite_triggers(domain: str, spec: dict[str, Any]) -> list[str]:
    prefix = f"received_rollup_{domain}"
    names = ", ".join(f"'{n}'" for n in spec["clocks"]) or "NULL"

    def body(*cids: str) -> str:
        return " ".join(f"{s};" for cid in cids for s in _refresh_statements(domain, spec, False, cid))

    width = len(spec["columns"]) + len(spec["fields"])
    clocks = len(spec["clocks"])

    def position(t: str) -> str:
        cases = " ".join(f"WHEN '{n}' THEN {width + i}" for i, n in enumerate(spec["clocks"]))
        return f"CASE {t}.name {cases} END"

    step = spec["step"]
    changed_columns = ", ".join(dict.fromkeys(("id", "org", "domain", "received_at", *spec["columns"], "fields")))
    same_row = "old.name = new.name AND old.complaint_id = new.complaint_id"
    out = [
        f"CREATE TRIGGER {prefix}_c_insert AFTER INSERT ON complaints WHEN new.domain = '{domain}' AND {LIVE} "
        f"BEGIN {body('new.id')} END",
        f"CREATE TRIGGER {prefix}_c_delete AFTER DELETE ON complaints WHEN old.domain = '{domain}' "
        f"BEGIN {body('old.id')} END",
        # the complaint's own columns and fields are set in place; a complaint moved to another
        # id or domain is counted again
        f"CREATE TRIGGER {prefix}_c_update AFTER UPDATE OF {changed_columns} ON complaints "
        f"WHEN old.domain = '{domain}' AND new.domain = '{domain}' AND old.id = new.id AND ({_columns_changed(spec, False)}) "
        f"BEGIN {_set_statements(domain, 'new.id', list(enumerate(_own_values(spec, 'new'))), _own_also)} END",
        f"CREATE TRIGGER {prefix}_c_moved AFTER UPDATE OF id, domain ON complaints "
        f"WHEN (old.domain = '{domain}' OR new.domain = '{domain}') AND (old.id IS NOT new.id OR old.domain IS NOT new.domain) "
        f"BEGIN {body('old.id', 'new.id')} END",
        # a clock's own row decides its place in the key: set in place
        f"CREATE TRIGGER {prefix}_d_insert AFTER INSERT ON deadlines WHEN new.name IN ({names}) AND {LIVE} "
        f"BEGIN {_set_statements(domain, 'new.complaint_id', [(position('new'), _row_state('new'))])} END",
        f"CREATE TRIGGER {prefix}_d_delete AFTER DELETE ON deadlines WHEN old.name IN ({names}) "
        f"BEGIN {_set_statements(domain, 'old.complaint_id', [(position('old'), 'NULL')])} END",
        f"CREATE TRIGGER {prefix}_d_update AFTER UPDATE OF complaint_id, name, kind, due_at, met_at, state ON deadlines "
        f"WHEN new.name IN ({names}) AND {same_row} AND ({_clock_changed(False)}) "
        f"BEGIN {_set_statements(domain, 'new.complaint_id', [(position('new'), _row_state('new'))])} END",
        f"CREATE TRIGGER {prefix}_d_moved AFTER UPDATE OF complaint_id, name ON deadlines "
        f"WHEN (old.name IN ({names}) OR new.name IN ({names})) AND NOT ({same_row}) "
        f"BEGIN {body('old.complaint_id', 'new.complaint_id')} END",
        f"CREATE TRIGGER {prefix}_e_insert AFTER INSERT ON events WHEN new.action = 'sweep' "
        "AND json_extract(new.data, '$.set.tier') IS NOT NULL "
        f"BEGIN {_set_statements(domain, 'new.complaint_id', [(str(width + clocks + 2), '1')])} END",
    ]
    if step is not None:
        has, done = str(width + clocks), str(width + clocks + 1)
        out += [
            f"CREATE TRIGGER {prefix}_s_insert AFTER INSERT ON steps WHEN new.name = '{step}' AND {LIVE} "
            f"BEGIN {_set_statements(domain, 'new.complaint_id', [(has, '1'), (done, 'new.done')])} END",
            f"CREATE TRIGGER {prefix}_s_delete AFTER DELETE ON steps WHEN old.name = '{step}' "
            f"BEGIN {_set_statements(domain, 'old.complaint_id', [(has, '0'), (done, '0')])} END",
            f"CREATE TRIGGER {prefix}_s_update AFTER UPDATE ON steps WHEN new.name = '{step}' AND {same_row} "
            f"BEGIN {_set_statements(domain, 'new.complaint_id', [(has, '1'), (done, 'new.done')])} END",
            f"CREATE TRIGGER {prefix}_s_moved AFTER UPDATE OF complaint_id, name ON steps "
            f"WHEN (old.name = '{step}' OR new.name = '{step}') AND NOT ({same_row}) "
            f"BEGIN {body('old.complaint_id', 'new.complaint_id')} END",
        ]
    return out


def _pg_set(domain: str, cid: str, values: list[tuple[str, str]], also: str = "") -> str:
    """`_set_statements` in PL/pgSQL: the key (jsonb text) set in place with ``jsonb_set``."""
    mine = f"domain = '{domain}'"
    key = "key::jsonb"
    for position, value in values:
        key = f"jsonb_set({key}, ARRAY[({position})::text], coalesce({value}, 'null'::jsonb))"
    return (
        f"UPDATE received_rollup SET n = n - 1 WHERE (org, domain, hour, key) = "
        f"(SELECT org, domain, hour, key FROM received_keys WHERE complaint_id = {cid} AND {mine}); "
        f"UPDATE received_keys SET {also}key = ({key})::text WHERE complaint_id = {cid} AND {mine}; "
        f"INSERT INTO received_rollup (org, domain, hour, key, n) SELECT org, domain, hour, key, 1 FROM received_keys "
        f"WHERE complaint_id = {cid} AND {mine} ON CONFLICT (org, domain, hour, key) DO UPDATE SET n = received_rollup.n + 1;"
    )


def _pg_triggers(domain: str, spec: dict[str, Any]) -> list[str]:
    """The SQLite triggers' PostgreSQL form: one function per table, one trigger per operation (a
    WHEN may name NEW only for inserts and OLD only for deletes)."""
    prefix = f"received_rollup_{domain}"
    names = ", ".join(f"'{n}'" for n in spec["clocks"]) or "NULL"
    refresh = " ".join(f"{s};" for s in _refresh_statements(domain, spec, True, "cid"))
    width, clocks = len(spec["columns"]) + len(spec["fields"]), len(spec["clocks"])
    cases = " ".join(f"WHEN '{n}' THEN {width + i}" for i, n in enumerate(spec["clocks"]))
    own = [(str(i), f"to_jsonb({v})") if not v.startswith("tousu_json_value") else (str(i), v)
           for i, v in enumerate(_own_values(spec, "NEW", True))]
    state = _row_state("NEW")
    bodies = {
        "c": (
            f"IF TG_OP = 'UPDATE' AND OLD.id = NEW.id AND OLD.domain = NEW.domain THEN "
            f"{_pg_set(domain, 'NEW.id', own, _own_also.replace('new.', 'NEW.'))} "
            f"ELSE IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM {prefix}_refresh(OLD.id); END IF; "
            f"IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM {prefix}_refresh(NEW.id); END IF; END IF;"
        ),
        "d": (
            "IF TG_OP = 'UPDATE' AND (OLD.complaint_id IS DISTINCT FROM NEW.complaint_id OR OLD.name IS DISTINCT FROM NEW.name) "
            f"THEN PERFORM {prefix}_refresh(OLD.complaint_id); PERFORM {prefix}_refresh(NEW.complaint_id); "
            f"ELSIF TG_OP = 'DELETE' THEN {_pg_set(domain, 'OLD.complaint_id', [(f'CASE OLD.name {cases} END', 'NULL')])} "
            f"ELSE {_pg_set(domain, 'NEW.complaint_id', [(f'CASE NEW.name {cases} END', f'to_jsonb({state})')])} END IF;"
        ),
        "s": (
            "IF TG_OP = 'UPDATE' AND (OLD.complaint_id IS DISTINCT FROM NEW.complaint_id OR OLD.name IS DISTINCT FROM NEW.name) "
            f"THEN PERFORM {prefix}_refresh(OLD.complaint_id); PERFORM {prefix}_refresh(NEW.complaint_id); "
            f"ELSIF TG_OP = 'DELETE' THEN "
            f"{_pg_set(domain, 'OLD.complaint_id', [(str(width + clocks), 'to_jsonb(0)'), (str(width + clocks + 1), 'to_jsonb(0)')])} "
            f"ELSE {_pg_set(domain, 'NEW.complaint_id', [(str(width + clocks), 'to_jsonb(1)'), (str(width + clocks + 1), 'to_jsonb(NEW.done)')])} END IF;"
        ),
        "e": _pg_set(domain, "NEW.complaint_id", [(str(width + clocks + 2), "to_jsonb(1)")]),
    }
    out = [
        f"CREATE OR REPLACE FUNCTION {prefix}_refresh(cid text) RETURNS void LANGUAGE plpgsql AS $fn$ "
        f"BEGIN {refresh} END $fn$",
    ]
    step = spec["step"]
    for letter, table, when_new, when_both in (
        ("c", "complaints", f"NEW.domain = '{domain}'",
         f"(OLD.domain = '{domain}' OR NEW.domain = '{domain}') AND ({_columns_changed(spec, True)})"),
        ("d", "deadlines", f"NEW.name IN ({names})",
         f"(OLD.name IN ({names}) OR NEW.name IN ({names})) AND ({_clock_changed(True)})"),
        *((("s", "steps", f"NEW.name = '{step}'",
            f"OLD.name = '{step}' OR NEW.name = '{step}' OR OLD.done IS DISTINCT FROM NEW.done"),)
          if step is not None else ()),
    ):
        out += [
            f"CREATE OR REPLACE FUNCTION {prefix}_{letter}_fn() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN "
            f"{bodies[letter]} RETURN NULL; END $fn$",
            f"CREATE TRIGGER {prefix}_{letter}_insert AFTER INSERT ON {table} FOR EACH ROW WHEN ({when_new}) "
            f"EXECUTE FUNCTION {prefix}_{letter}_fn()",
            f"CREATE TRIGGER {prefix}_{letter}_delete AFTER DELETE ON {table} FOR EACH ROW "
            f"WHEN ({when_new.replace('NEW.', 'OLD.')}) EXECUTE FUNCTION {prefix}_{letter}_fn()",
            f"CREATE TRIGGER {prefix}_{letter}_update AFTER UPDATE ON {table} FOR EACH ROW WHEN ({when_both}) "
            f"EXECUTE FUNCTION {prefix}_{letter}_fn()",
        ]
    out += [
        f"CREATE OR REPLACE FUNCTION {prefix}_e_fn() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN "
        f"{bodies['e']} RETURN NULL; END $fn$",
        f"CREATE TRIGGER {prefix}_e_insert AFTER INSERT ON events FOR EACH ROW "
        f"WHEN (NEW.action = 'sweep' AND json_extract(NEW.data, '$.set.tier') IS NOT NULL) EXECUTE FUNCTION {prefix}_e_fn()",
    ]
    return out


def install_triggers(conn: Any, domain: str, spec: dict[str, Any]) -> None:
    """(Re)create `domain`'s triggers (its migration's, and core-0220's with the bulk switch)."""
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?", (f"received_rollup_{domain}_%",)
    ).fetchall():
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    for statement in _pg_triggers(domain, spec) if uses_postgres(conn) else _sqlite_triggers(domain, spec):
        conn.execute(statement)


def _fill(conn: Any, domain: str, spec: dict[str, Any], postgres: bool) -> None:
    """Count `domain`'s stored complaints into both tables (a migration's, and rebuild's, step)."""
    mine = f"c.domain = '{domain}'"
    conn.execute(f"DELETE FROM received_keys WHERE domain = '{domain}'")
    conn.execute(f"DELETE FROM received_rollup WHERE domain = '{domain}'")
    conn.execute(
        f"INSERT INTO received_keys (complaint_id, org, domain, hour, key) {key_select(spec, postgres, mine)}"
    )
    conn.execute(
        "INSERT INTO received_rollup (org, domain, hour, key, n) SELECT org, domain, hour, key, count(*) "
        f"FROM received_keys WHERE domain = '{domain}' GROUP BY org, domain, hour, key"
    )


def received_rollup(
    domain: str,
    *,
    columns: tuple[str, ...],
    fields: tuple[str, ...] = (),
    clocks: tuple[str, ...] = (),
    step: str | None = None,
) -> Callable[[Any], None]:
    """A plugin's migration (``register(name, received_rollup(...))``): from now on the database
    keeps `domain`'s complaints grouped as ``received_tally(org, domain, …, columns=columns,
    fields=fields, clocks=clocks, step=step)`` groups them, so that call reads the rollup."""
    spec = json.loads(spec_text(columns, fields, clocks, step))

    def migrate(db: Any) -> None:
        _check(domain, spec)
        conn = db.conn
        conn.execute("DELETE FROM received_rollups WHERE domain = ?", (domain,))
        conn.execute("INSERT INTO received_rollups (domain, spec) VALUES (?, ?)", (domain, spec_text(columns, fields, clocks, step)))
        install_triggers(conn, domain, spec)
        _fill(conn, domain, spec, uses_postgres(conn))

    return migrate


def migrate_received_rollups(db: Any) -> None:
    """The rollups' tables (empty until a plugin declares one with `received_rollup`)."""
    for statement in _TABLES:
        db.execute(statement)


def recount(store: Any) -> None:
    """Every declared rollup counted again from the stored complaints (`rebuild`'s last step)."""
    conn = store.conn
    for domain, text in conn.execute("SELECT domain, spec FROM received_rollups ORDER BY domain").fetchall():
        _fill(conn, domain, json.loads(text), uses_postgres(conn))


def rollup_drift(store: Any) -> list[tuple[Any, ...]]:
    """What `Tallies.received_rollup_drift` reports: ("rollup", org, domain, hour, key, kept,
    counted) per rollup row that is not its keys' count, ("key", complaint, kept, computed) per
    complaint whose stored key is not its rows' key."""
    conn = store.conn
    kept = {tuple(r[:4]): int(r[4]) for r in conn.execute("SELECT org, domain, hour, key, n FROM received_rollup WHERE n != 0")}
    counted = {
        tuple(r[:4]): int(r[4])
        for r in conn.execute("SELECT org, domain, hour, key, count(*) FROM received_keys GROUP BY org, domain, hour, key")
    }
    out: list[tuple[Any, ...]] = [
        ("rollup", *k, kept.get(k, 0), counted.get(k, 0))
        for k in sorted(kept.keys() | counted.keys())
        if kept.get(k, 0) != counted.get(k, 0)
    ]
    stored = {r[0]: tuple(r[1:]) for r in conn.execute("SELECT complaint_id, org, domain, hour, key FROM received_keys")}
    computed: dict[str, tuple[Any, ...]] = {}
    for domain, text in conn.execute("SELECT domain, spec FROM received_rollups").fetchall():
        for r in conn.execute(key_select(json.loads(text), uses_postgres(conn), f"c.domain = '{domain}'")):
            computed[r[0]] = tuple(r[1:])
    out += [
        ("key", cid, stored.get(cid), computed.get(cid))
        for cid in sorted(stored.keys() | computed.keys())
        if stored.get(cid) != computed.get(cid)
    ]
    return out


_HOUR = timedelta(hours=1)


def _hour(instant: datetime, up: bool = False) -> datetime:
    """The UTC hour holding `instant` (or the first hour starting at or after it, when `up`)."""
    utc = instant.astimezone(UTC)
    floor = utc.replace(minute=0, second=0, microsecond=0)
    return floor + _HOUR if up and floor < utc else floor


#: A clock not met and due in the very hour of the report's instant: judged from its row.
_UNKNOWN = "?"


def _unmet(state: str, now: str) -> str:
    """A clock not met, due in the hour of `state` (``u`` + UTC hour), judged in the hour `now`:
    late when due in an earlier hour, open in a later one, `_UNKNOWN` in the same hour."""
    if state == now:
        return _UNKNOWN
    return "late" if state < now else "open"


def _order(value: Any) -> tuple[int, Any]:
    """SQLite's order of values: NULL, then numbers, then text."""
    if value is None:
        return (0, 0)
    if isinstance(value, bool | int | float):
        return (1, value)
    return (2, str(value))


def rolled_up(
    store: Any, org: str, domain: str, start: datetime, end: datetime, at: datetime, spec: dict[str, Any]
) -> list[tuple[Any, ...]]:
    """`Tallies.received_tally` from `domain`'s rollup: whole UTC hours of receipt from
    ``received_rollup``, each clock not met judged by its hour due against `at`'s; the parts of an
    hour at either end of the period, and the complaints with a clock not met that falls due in
    `at`'s own hour, counted from their rows."""
    columns, fields, clocks, step = tuple(spec["columns"]), tuple(spec["fields"]), tuple(spec["clocks"]), spec["step"]
    first, last = _hour(start, up=True), _hour(end)
    if first >= last:
        return store._received_groups(org, domain, start, end, at, columns, fields, clocks, step)
    counts: dict[tuple[Any, ...], int] = {}

    def add(rows: list[tuple[Any, ...]]) -> None:
        for row in rows:
            counts[row[:-1]] = counts.get(row[:-1], 0) + row[-1]

    for a, b in ((start, first), (last, end)):
        if a < b:
            add(store._received_groups(org, domain, a, b, at, columns, fields, clocks, step))
    now = "u" + to_db(_hour(at))[:13]
    width, exact = len(columns) + len(fields), False
    for key, n in store._received_rollup(org, domain, to_db(first)[:13], to_db(last)[:13]):
        values = json.loads(key)
        measured: list[Any] = []
        for state in values[width : width + len(clocks)]:
            if state is None or state == "cancelled":
                measured += [state is not None, None]
            elif state.startswith("u"):
                measured += [True, _unmet(state, now)]
            else:
                measured += [True, state]
        if _UNKNOWN in measured:
            exact = True
            continue
        rest = values[width + len(clocks) :]
        group = (*values[:width], *measured, bool(rest[0]), bool(rest[1]), bool(rest[2]))
        counts[group] = counts.get(group, 0) + n
    if exact:  # a clock turning late inside the hour of `at`: those complaints judged exactly
        hour = _hour(at)
        marks = ", ".join("?" * len(clocks))
        only = (
            " AND c.id IN (SELECT x.complaint_id FROM deadlines x WHERE x.org = ? AND x.due_at >= ? AND x.due_at < ? "
            f"AND x.name IN ({marks}) AND x.kind = 'deadline' AND x.met_at IS NULL AND x.state != 'cancelled')",
            (org, to_db(hour), to_db(hour + _HOUR), *clocks),
        )
        add(store._received_groups(org, domain, first, last, at, columns, fields, clocks, step, only))
    return sorted(((*group, n) for group, n in counts.items() if n), key=lambda row: [_order(v) for v in row[:-1]])


__all__ = ["LIVE", "install_triggers", "key_select", "migrate_received_rollups", "received_rollup", "recount", "rolled_up", "spec_text"]
