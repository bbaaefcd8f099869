"""SQLite's dialect, as tousu writes it, said in PostgreSQL's.

tousu's SQL (the core's and every plugin's) is written once, in the SQLite dialect the
SQLite store runs unchanged. On PostgreSQL each statement passes through `translate` once
(the result is cached by its text): placeholders (``?`` and ``:name``) become psycopg's,
``INSERT OR IGNORE``/``OR REPLACE`` become ``ON CONFLICT``, schema statements get
PostgreSQL's types, identity columns and trigger functions, ``PRAGMA``\\s do nothing. The few
SQLite functions the SQL uses (``json_extract``, ``json_each``, ``julianday``, ``printf``,
``sum`` over a condition) are defined in the database by `PRELUDE` with SQLite's meaning,
so a query keeps its text and its answer on both stores.

Why translate rather than keep a second copy of every query: a plugin's SQL works on both
stores without the plugin knowing which, and a query changed in one place changes on both.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

#: What the database needs before tousu's first migration: SQLite's functions, its catalog.
PRELUDE = r"""
CREATE OR REPLACE FUNCTION json_extract(doc text, path text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE jsonb_typeof(v) WHEN 'boolean' THEN (CASE WHEN v = 'true'::jsonb THEN '1' ELSE '0' END)
           WHEN 'null' THEN NULL ELSE v #>> '{}' END
    FROM (SELECT doc::jsonb #> string_to_array(regexp_replace(substr(path, 3), '\[(\d+)\]', '.\1', 'g'), '.') AS v) j
$$;
CREATE OR REPLACE FUNCTION tousu_json_value(doc text, path text) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE jsonb_typeof(v) WHEN 'boolean' THEN (CASE WHEN v = 'true'::jsonb THEN '1' ELSE '0' END)::jsonb
           WHEN 'null' THEN NULL WHEN 'object' THEN to_jsonb(v::text) WHEN 'array' THEN to_jsonb(v::text) ELSE v END
    FROM (SELECT doc::jsonb #> string_to_array(regexp_replace(substr(path, 3), '\[(\d+)\]', '.\1', 'g'), '.') AS v) j
$$;
CREATE OR REPLACE FUNCTION json_each(doc text) RETURNS TABLE (key text, value text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT NULL::text, e #>> '{}' FROM jsonb_array_elements(doc::jsonb) e WHERE jsonb_typeof(doc::jsonb) = 'array'
    UNION ALL
    SELECT k, v #>> '{}' FROM jsonb_each(doc::jsonb) o(k, v) WHERE jsonb_typeof(doc::jsonb) = 'object'
$$;
CREATE OR REPLACE FUNCTION julianday(t text) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT extract(epoch FROM (CASE WHEN t ~ '(Z|[+-]\d\d:?\d\d)$' THEN t ELSE t || 'Z' END)::timestamptz) / 86400.0 + 2440587.5
$$;
CREATE OR REPLACE FUNCTION datetime(what text) RETURNS text
LANGUAGE sql STABLE AS $$ SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') $$;
CREATE OR REPLACE FUNCTION printf(fmt text, v bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN fmt ~ '^%0\d+d$' THEN lpad(v::text, substr(fmt, 3, length(fmt) - 3)::int, '0')
                ELSE replace(fmt, '%d', v::text) END
$$;
CREATE OR REPLACE FUNCTION tousu_sum_bool(s bigint, v boolean) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT coalesce(s, 0) + coalesce(v::int, 0) $$;
DO $$ BEGIN
    CREATE AGGREGATE sum(boolean) (SFUNC = tousu_sum_bool, STYPE = bigint);
EXCEPTION WHEN duplicate_function THEN NULL; END $$;
CREATE OR REPLACE FUNCTION tousu_text_eq_int(a text, b bigint) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT a = b::text $$;
DO $$ BEGIN
    CREATE OPERATOR = (LEFTARG = text, RIGHTARG = bigint, FUNCTION = tousu_text_eq_int);
EXCEPTION WHEN duplicate_function THEN NULL; END $$;
CREATE OR REPLACE VIEW sqlite_master AS
    SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'i' THEN 'index' ELSE 'other' END AS type,
           c.relname::text AS name, coalesce(t.relname, c.relname)::text AS tbl_name, NULL::text AS sql
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_index x ON x.indexrelid = c.oid LEFT JOIN pg_class t ON t.oid = x.indrelid
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'i')
    UNION ALL
    SELECT 'trigger', g.tgname::text, r.relname::text, NULL FROM pg_trigger g JOIN pg_class r ON r.oid = g.tgrelid
    JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = current_schema() AND NOT g.tgisinternal;
"""

#: The search index: on PostgreSQL a view over the texts it holds, and SQLite FTS5's
#: ``MATCH`` (the two query forms tousu builds: a phrase, or a phrase in a column set) as a
#: case-insensitive substring test. A trigram index (pg_trgm) is the way to scale it.
SEARCH_VIEW = r"""
CREATE OR REPLACE VIEW complaint_search AS
    SELECT CAST(substr(c.id, 2) AS bigint) AS rowid, c.summary, c.place, c.respondent, c.request, c.department,
           coalesce(p.complainant, '') AS complainant, coalesce(p.contact, '') AS contact
    FROM complaints c LEFT JOIN personal p ON p.complaint_id = c.id;
CREATE OR REPLACE FUNCTION tousu_fts_match(r complaint_search, q text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN q LIKE '{%' THEN
        strpos(lower(concat_ws(chr(1), r.summary, r.place, r.respondent, r.request, r.department)), lower(phrase)) > 0
    ELSE
        strpos(lower(concat_ws(chr(1), r.summary, r.place, r.respondent, r.request, r.department, r.complainant,
               r.contact)), lower(phrase)) > 0
    END
    FROM (SELECT replace(substr(m, 2, length(m) - 2), '""', '"') AS phrase
          FROM (SELECT CASE WHEN q LIKE '{%' THEN substr(q, strpos(q, '} : ') + 4) ELSE q END AS m) s) p
$$;
"""


class Translated(NamedTuple):
    """One statement as PostgreSQL takes it; `kind` says what the connection does around it."""

    sql: str
    #: "sql" (run it), "noop" (nothing to run), "begin_write" (BEGIN and the write lock),
    #: "script" (several statements, run in order), "drop_trigger" (look the table up first)
    kind: str = "sql"
    #: The INSERT's table, when the connection should report the new row's id (``lastrowid``).
    table: str = ""


_WORD = re.compile(r"\s*(\w+)")


def _scan(sql: str, on_code: Callable[[str], str]) -> str:
    """`sql` with `on_code` applied to every stretch outside quotes and comments; ``%`` doubled
    everywhere (psycopg reads ``%`` as the start of a placeholder, inside literals too)."""
    out: list[str] = []
    i, n, start = 0, len(sql), 0
    while i < n:
        ch = sql[i]
        if ch in "'\"":
            out.append(on_code(sql[start:i]))
            j = i + 1
            while j < n:
                if sql[j] == ch:
                    if j + 1 < n and sql[j + 1] == ch:
                        j += 2
                        continue
                    break
                j += 1
            out.append(sql[i : j + 1].replace("%", "%%"))
            i = start = j + 1
        elif sql.startswith("--", i):
            out.append(on_code(sql[start:i]))
            j = sql.find("\n", i)
            i = start = n if j < 0 else j
        else:
            i += 1
    out.append(on_code(sql[start:]))
    return "".join(out)


_PLACEHOLDER = re.compile(r"\?|(?<![:\w]):([A-Za-z_]\w*)")


def _code(text: str) -> str:
    text = text.replace("%", "%%")
    text = _PLACEHOLDER.sub(lambda m: "%s" if m.group(0) == "?" else f"%({m.group(1)})s", text)
    text = re.sub(r"\bINDEXED\s+BY\s+\w+", "", text, flags=re.I)
    # a condition that is just ``1`` (SQLite's true; PostgreSQL wants a boolean)
    text = re.sub(r"\b(WHERE|AND|OR)\s+(\(\s*)?1(\s*\))?(?=\s*(\)|$|\b(AND|OR|ORDER|GROUP|LIMIT)\b))",
                  lambda m: f"{m.group(1)} {m.group(2) or ''}true{m.group(3) or ''}", text, flags=re.I)
    # SQLite's CROSS JOIN … ON fixes the join order; PostgreSQL's planner picks its own
    text = re.sub(r"\bCROSS\s+JOIN\s+(\w+(?:\s+(?:AS\s+)?(?!ON\b)\w+)?)\s+ON\b", r"JOIN \1 ON", text, flags=re.I)
    text = re.sub(r"\b(\w+)\s+MATCH\s+%s", r"tousu_fts_match(\1, %s)", text, flags=re.I)
    return text


def placeholders(sql: str) -> str:
    return _scan(sql, _code)


_TRIGGER = re.compile(
    r"^\s*CREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\s+(BEFORE|AFTER)\s+(UPDATE|DELETE|INSERT)\s+ON\s+(\w+)"
    r"\s+BEGIN\s+SELECT\s+RAISE\s*\(\s*ABORT\s*,\s*'((?:[^']|'')*)'\s*\)\s*;\s*END\s*;?\s*$",
    re.I | re.S,
)


def _trigger(m: re.Match[str]) -> str:
    """SQLite's ``RAISE(ABORT, …)`` trigger as a trigger function; a table that refuses DELETE
    refuses TRUNCATE too (which PostgreSQL's row triggers never see)."""
    name, when, what, table, message = m.groups()
    sql = (
        f"CREATE OR REPLACE FUNCTION {name}_fn() RETURNS trigger LANGUAGE plpgsql AS $fn$ "
        f"BEGIN RAISE EXCEPTION '%', '{message}' USING ERRCODE = 'integrity_constraint_violation'; END $fn$;\n"
        f"CREATE OR REPLACE TRIGGER {name} {when} {what} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}_fn()"
    )
    if what.upper() == "DELETE":
        sql += (f";\nCREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {name}_fn()")
    return sql


def _column_types(text: str) -> str:
    text = re.sub(r"\bINTEGER\s+PRIMARY\s+KEY(\s+AUTOINCREMENT)?", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
                  text, flags=re.I)
    text = re.sub(r"\bINTEGER\b", "BIGINT", text, flags=re.I)
    text = re.sub(r"\bREAL\b", "DOUBLE PRECISION", text, flags=re.I)
    text = re.sub(r"\bBLOB\b", "BYTEA", text, flags=re.I)
    return text


def _create_table(sql: str) -> str:
    body = _scan(sql, lambda text: _code(_column_types(text)))
    body = re.sub(r"\)\s*(WITHOUT\s+ROWID|STRICT)(\s*,\s*(WITHOUT\s+ROWID|STRICT))*\s*;?\s*$", ")", body, flags=re.I)
    if "GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" not in body:
        # SQLite's implicit rowid (the order rows were written in, which tousu reads back by)
        close = body.rstrip().rstrip(";").rstrip()
        body = close[:-1] + ",\n    rowid BIGINT GENERATED BY DEFAULT AS IDENTITY)"
    return body


def _split_top(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return parts


_INDEX = re.compile(r"^(\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?\w+\s+ON\s+\w+\s*)\((.*?)\)(\s*WHERE\s+.*)?$",
                    re.I | re.S)


def _create_index(sql: str) -> str:
    """Expressions in an index's column list parenthesized, as PostgreSQL wants them."""
    m = _INDEX.match(sql.rstrip().rstrip(";"))
    if not m:
        return placeholders(sql)
    head = m.group(1)
    text = sql.rstrip().rstrip(";")[len(head) + 1 :]
    depth, end = 1, len(text)
    for position, ch in enumerate(text):  # the column list ends at the parenthesis matching the first
        depth += (ch == "(") - (ch == ")")
        if depth == 0:
            end = position
            break
    columns, where = text[:end], text[end + 1 :]
    items = [f"({item.strip()})" if "(" in item else item.strip() for item in _split_top(columns)]
    return placeholders(f"{head}({', '.join(items)}){where}")


_UPSERT = re.compile(r"^\s*INSERT\s+OR\s+(REPLACE|IGNORE)\s+INTO\s+(\w+)\s*\(([^)]*)\)", re.I | re.S)
_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)", re.I)


def _top_level(sql: str) -> list[tuple[int, int]]:
    """The spans of the outermost SELECT's output columns (outside quotes and parentheses)."""
    m = re.match(r"\s*SELECT\s+(DISTINCT\s+)?", sql, re.I)
    if not m:
        return []
    spans, depth, start, i, quote = [], 0, m.end(), m.end(), ""
    while i < len(sql):
        ch = sql[i]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0 and ch == ",":
            spans.append((start, i))
            start = i + 1
        elif depth == 0 and re.match(r"\sFROM\s", sql[i : i + 6], re.I):
            spans.append((start, i))
            return spans
        i += 1
    spans.append((start, len(sql)))
    return spans


_BARE_JSON = re.compile(r"^\s*json_extract(\(.*\))\s*$", re.I | re.S)


def _typed_json(sql: str) -> str:
    """A bare ``json_extract(…)`` output column as `tousu_json_value`, which PostgreSQL returns as
    jsonb so the caller reads a number as a number and a text as a text (SQLite's typing);
    everywhere else (conditions, groups, expressions) json_extract is text, compared as such."""
    if "json_extract" not in sql.lower():
        return sql
    out, last = [], 0
    for start, end in _top_level(sql):
        m = _BARE_JSON.match(sql[start:end])
        if m and _balanced(m.group(1)):
            out += [sql[last:start], f" tousu_json_value{m.group(1)} "]
            last = end
    return "".join(out) + sql[last:]


def _balanced(text: str) -> bool:
    depth = 0
    for position, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and position != len(text) - 1:
            return False
    return depth == 0


_STAR = re.compile(r"\bSELECT\s+\*\s+FROM\s+(\w+)", re.I)


@lru_cache(maxsize=4096)
def translate(sql: str, keys: tuple[tuple[str, tuple[str, ...]], ...] = (),
              visible: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> Translated:
    """`sql` (one statement in SQLite's dialect) as PostgreSQL takes it.

    `keys` maps a table to its primary-key columns (what ``INSERT OR REPLACE`` conflicts on);
    `visible` a table with a rowid column to its other columns (what SQLite's ``*`` means).
    """
    stripped = sql.strip().rstrip(";").strip()
    if visible and "*" in stripped:
        shown = dict(visible)
        stripped = _STAR.sub(
            lambda m: f"SELECT {', '.join(shown[m.group(1)])} FROM {m.group(1)}" if m.group(1) in shown else m.group(0),
            stripped,
        )
    word = stripped.split(None, 1)[0].upper() if stripped else ""
    if not stripped or word == "PRAGMA" or word == "ANALYZE" or word == "VACUUM":
        return Translated("", "noop")
    if word == "BEGIN":
        return Translated("BEGIN", "begin_write" if "IMMEDIATE" in stripped.upper() or "EXCLUSIVE" in stripped.upper() else "sql")
    upper = stripped.upper()
    if upper.startswith("CREATE VIRTUAL TABLE COMPLAINT_SEARCH"):
        return Translated(SEARCH_VIEW, "script")
    if "COMPLAINT_SEARCH" in upper and word in ("INSERT", "UPDATE", "DELETE", "CREATE", "DROP"):
        return Translated("", "noop")  # a view on PostgreSQL: it keeps itself in step
    if word == "CREATE":
        trigger = _TRIGGER.match(stripped)
        if trigger:
            return Translated(_trigger(trigger), "script")
        if re.match(r"CREATE\s+(TEMP\s+|TEMPORARY\s+)?TABLE", stripped, re.I):
            return Translated(_create_table(stripped))
        if re.match(r"CREATE\s+(UNIQUE\s+)?INDEX", stripped, re.I):
            return Translated(_create_index(stripped))
    if word == "DROP" and re.match(r"DROP\s+TRIGGER", stripped, re.I):
        return Translated(stripped, "drop_trigger")
    if word == "ALTER":
        return Translated(_scan(stripped, lambda text: _code(_column_types(text))))
    if word == "INSERT":
        upsert = _UPSERT.match(stripped)
        if upsert:
            how, table, columns = upsert.group(1).upper(), upsert.group(2), upsert.group(3)
            rest = f"INSERT INTO {table} ({columns})" + stripped[upsert.end() :]
            if how == "IGNORE":
                suffix = " ON CONFLICT DO NOTHING"
            else:
                key = dict(keys).get(table, ())
                names = [c.strip() for c in columns.split(",")]
                sets = ", ".join(f"{c} = excluded.{c}" for c in names if c not in key)
                suffix = f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET {sets}" if key and sets else " ON CONFLICT DO NOTHING"
            return Translated(placeholders(rest + suffix), "sql", table)
        plain = _INSERT.match(stripped)
        return Translated(placeholders(stripped), "sql", plain.group(1) if plain else "")
    return Translated(placeholders(_typed_json(stripped) if word == "SELECT" else stripped))


__all__ = ["PRELUDE", "SEARCH_VIEW", "Translated", "placeholders", "translate"]
