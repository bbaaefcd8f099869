"""The PostgreSQL backend: a connection that speaks to `tousu.default_plugins.store.Store` like SQLite's.

`Store` is one class over two engines. On SQLite its ``conn`` is a ``sqlite3.Connection``;
on PostgreSQL it is a `PgConnection`, which takes the same calls (``execute``,
``executemany``, ``total_changes``, ``lastrowid``, ``close``), translates each statement once
(`tousu.default_plugins.store.postgres_sql`), and raises ``sqlite3``'s exception classes, so every query,
migration and error path of the store (and of plugins) runs unchanged on both.

Transactions: the Store's ``BEGIN IMMEDIATE`` (SQLite's one writer at a time) becomes
``BEGIN`` plus a transaction-scoped advisory lock, held to ``COMMIT``: write transactions of
every process on the database run one after the other, reads never wait. That is what makes
the complaint-id counter, each organization's hash chain and the close race (two staff
closing at once: one wins, the other is refused) exactly as safe as on SQLite. docs/scaling.md
says what it costs and how to go past it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from tousu.default_plugins.store.postgres_sql import PRELUDE, Translated, translate
from tousu.errors import ConfigError

#: The advisory lock every write transaction holds (the text's hash, any constant would do).
WRITE_LOCK = "SELECT pg_advisory_xact_lock(hashtext('tousu-writer'))"
#: Bumped when `PRELUDE` changes, so an existing database gets the new definitions.
PRELUDE_VERSION = 2
#: How long a statement waits for a lock (SQLite's busy timeout, 30 s).
LOCK_TIMEOUT = "30s"


def is_url(target: object) -> bool:
    """Whether a configured database names a PostgreSQL server rather than a SQLite file."""
    return str(target).startswith(("postgresql://", "postgres://"))


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise ConfigError(
            "the database is a PostgreSQL URL but psycopg is not installed: pip install 'tousu[postgresql]'"
        ) from None
    return psycopg


def _adapt(conn: Any) -> None:
    """Values as SQLite gives them: booleans as 1/0, numbers as int (or float), never Decimal."""
    from psycopg.adapt import Loader
    from psycopg.types.numeric import Int8Dumper

    class BoolAsInt(Int8Dumper):
        def dump(self, obj: Any) -> bytes:
            return b"1" if obj else b"0"

    class NumericAsNumber(Loader):
        def load(self, data: Any) -> Any:
            text = bytes(data).decode()
            if "." not in text and "e" not in text.lower() and text.lstrip("-").isdigit():
                return int(text)
            value = float(text)
            return int(value) if value.is_integer() and "." not in text else value

    class BoolLoader(Loader):
        def load(self, data: Any) -> Any:
            return 1 if bytes(data) == b"t" else 0

    conn.adapters.register_dumper(bool, BoolAsInt)
    conn.adapters.register_loader("numeric", NumericAsNumber)
    conn.adapters.register_loader("bool", BoolLoader)


def _error(exc: Exception, sql: str = "") -> sqlite3.Error:
    """A psycopg error as the ``sqlite3`` exception the same failure raises on SQLite
    (``$TOUSU_PG_DEBUG`` adds the statement, for whoever ports a query)."""
    import os

    psycopg = _psycopg()
    diag = getattr(exc, "diag", None)
    text = (getattr(diag, "message_primary", None) or str(exc)).strip()
    if os.environ.get("TOUSU_PG_DEBUG"):
        text += f" [in: {' '.join(sql.split())}]"
    sqlstate = getattr(exc, "sqlstate", None) or ""
    if isinstance(exc, psycopg.errors.IntegrityError) or sqlstate.startswith("23"):
        error: sqlite3.Error = sqlite3.IntegrityError(text)
    elif sqlstate in ("55P03", "57014", "40P01"):  # lock timeout, cancelled, deadlock
        error = sqlite3.OperationalError(f"database is locked ({text})")
    elif sqlstate == "25006":
        error = sqlite3.OperationalError(f"attempt to write a readonly database ({text})")
    elif sqlstate == "53100":
        error = sqlite3.OperationalError(f"database or disk is full ({text})")
    elif isinstance(exc, psycopg.errors.InsufficientPrivilege):
        error = sqlite3.DatabaseError(f"permission denied: {text}")
    elif isinstance(exc, psycopg.OperationalError):
        error = sqlite3.OperationalError(text)
    else:
        error = sqlite3.OperationalError(text)
    error.sqlstate = sqlstate  # type: ignore[attr-defined]
    return error


class PgCursor:
    """What ``execute`` returns: rows as tuples, ``lastrowid`` of an INSERT, ``rowcount``."""

    def __init__(self, rows: list[tuple[Any, ...]], rowcount: int = -1, lastrowid: int | None = None,
                 description: Any = None) -> None:
        self._rows = rows
        self._at = 0
        self.rowcount = rowcount
        self.lastrowid = lastrowid
        self.description = description

    def fetchone(self) -> tuple[Any, ...] | None:
        if self._at >= len(self._rows):
            return None
        self._at += 1
        return self._rows[self._at - 1]

    def fetchall(self) -> list[tuple[Any, ...]]:
        rows, self._at = self._rows[self._at :], len(self._rows)
        return rows

    def fetchmany(self, size: int = 1) -> list[tuple[Any, ...]]:
        rows = self._rows[self._at : self._at + size]
        self._at += len(rows)
        return rows

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        while (row := self.fetchone()) is not None:
            yield row

    def close(self) -> None:
        self._rows = []


class PgStatementCursor(PgCursor):
    """``conn.cursor()``: run statements one after another on the same object."""

    def __init__(self, conn: PgConnection) -> None:
        super().__init__([])
        self._conn = conn

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> PgStatementCursor:
        done = self._conn.execute(sql, params)
        self._rows, self._at = done.fetchall(), 0
        self.rowcount, self.lastrowid, self.description = done.rowcount, done.lastrowid, done.description
        return self


class PgConnection:
    """One PostgreSQL session, used the way the Store uses a ``sqlite3.Connection``."""

    def __init__(self, url: str) -> None:
        psycopg = _psycopg()
        self.url = url
        try:
            # the session's settings travel with the connection request: no round trip for them
            self._conn = psycopg.connect(url, autocommit=True, options=_options(url))
        except psycopg.Error as exc:
            raise ConfigError(f"{_safe(url)}: cannot connect to the database: {_first_line(exc)}") from None
        _adapt(self._conn)
        self.total_changes = 0
        self._keys: tuple[tuple[str, tuple[str, ...]], ...] = ()
        self._visible: tuple[tuple[str, tuple[str, ...]], ...] = ()
        self._identity: dict[str, str] = {}
        self._tables: frozenset[str] = frozenset()
        self._stale = True  # the catalog (`_catalog`) is read again when a statement needs it
        self._prelude()

    # -- the session ---------------------------------------------------------------------

    def _prelude(self) -> None:
        """SQLite's functions and catalog view in the database (`PRELUDE`), once per version.

        Opening a store is one round trip besides the connection itself: the prelude's version
        and the catalog come back from one request (every CLI command opens a store; the two
        version queries and the catalog read through ``information_schema`` cost a fresh
        session ~40 ms)."""
        with self._conn.cursor() as cur:
            cur.execute(f"SELECT (SELECT prosrc FROM pg_proc WHERE oid = to_regproc('tousu_prelude_version')); {_CATALOG}")
            source = cur.fetchone()[0]
            cur.nextset()
            catalog = cur.fetchall()
            version = int(source.split()[-1]) if source and source.split()[-1].isdigit() else 0
            if version >= PRELUDE_VERSION:
                self._read_catalog(catalog)
                return
            with self._conn.transaction():
                cur.execute("SELECT pg_advisory_xact_lock(hashtext('tousu-prelude'))")
                cur.execute(PRELUDE)
                cur.execute(
                    "CREATE OR REPLACE FUNCTION tousu_prelude_version() RETURNS int LANGUAGE sql IMMUTABLE AS "
                    f"$$ SELECT {PRELUDE_VERSION} $$"
                )

    def _catalog(self) -> None:
        """Read the catalog again (after DDL): see `_read_catalog`."""
        with self._conn.cursor() as cur:
            cur.execute(_CATALOG)
            self._read_catalog(cur.fetchall())

    def _read_catalog(self, rows: list[tuple[Any, ...]]) -> None:
        """Each table's primary key, identity column and (for tables with a rowid) its own columns."""
        keys: dict[str, list[tuple[int, str]]] = {}
        columns: dict[str, list[str]] = {}
        identity: dict[str, str] = {}
        for table, column, is_identity, key_at in rows:
            columns.setdefault(table, []).append(column)
            if is_identity:
                identity[table] = column
            if key_at:
                keys.setdefault(table, []).append((key_at, column))
        self._keys = tuple(sorted((t, tuple(c for _, c in sorted(k))) for t, k in keys.items()))
        self._visible = tuple(
            sorted((t, tuple(c for c in cols if c != "rowid")) for t, cols in columns.items() if "rowid" in cols)
        )
        self._identity = identity
        self._tables = frozenset(columns)
        self._stale = False

    def close(self) -> None:
        self._conn.close()

    @property
    def in_transaction(self) -> bool:
        return self._conn.info.transaction_status != 0  # IDLE

    # -- statements ------------------------------------------------------------------------

    def _translate(self, sql: str) -> Translated:
        word = sql.lstrip()[:6].upper()
        if self._stale and word not in ("CREATE", "ALTER ", "DROP T", "DROP I", "BEGIN", "COMMIT", "ROLLBA",
                                        "SAVEPO", "RELEAS", "PRAGMA"):
            self._catalog()
        return translate(sql, self._keys, self._visible)

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> PgCursor:
        statement = self._translate(sql)
        if statement.kind == "noop":
            return PgCursor([])
        psycopg = _psycopg()
        try:
            with self._conn.cursor() as cur:
                if statement.kind == "begin_write":
                    cur.execute("BEGIN")
                    cur.execute(WRITE_LOCK)
                    return PgCursor([])
                if statement.kind == "script":
                    cur.execute(statement.sql)
                    self._stale = True
                    return PgCursor([])
                if statement.kind == "drop_trigger":
                    return self._drop_trigger(cur, sql)
                exists = _IF_NOT_EXISTS.match(sql)
                if exists:  # checked first: the app role may not CREATE (docs/scaling.md)
                    if not self._stale and exists.group(1).lower() in self._tables:
                        return PgCursor([])  # a table the catalog has just been read with
                    cur.execute("SELECT to_regclass(%s) IS NOT NULL", (exists.group(1),))
                    if cur.fetchone()[0]:
                        return PgCursor([])
                query = statement.sql
                identity = self._identity.get(statement.table) if statement.table else None
                returning = identity is not None and " RETURNING " not in query.upper()
                if returning:
                    query += f" RETURNING {identity}"
                cur.execute(query, _params(params))
                rows = cur.fetchall() if cur.description is not None else []
                lastrowid = None
                if returning:
                    lastrowid = rows[-1][0] if rows else None
                    rows = []
                if statement.table or sql.lstrip()[:6].upper() in ("UPDATE", "DELETE"):
                    self.total_changes += max(cur.rowcount, 0)
                description = cur.description if not returning else None
                if _is_ddl(sql):
                    self._stale = True
                return PgCursor(rows, cur.rowcount, lastrowid, description)
        except psycopg.Error as exc:
            raise _error(exc, statement.sql) from None

    def executemany(self, sql: str, seq: Iterable[Sequence[Any] | Mapping[str, Any]]) -> PgCursor:
        statement = self._translate(sql)
        if statement.kind == "noop":
            return PgCursor([])
        psycopg = _psycopg()
        batch = [_params(p) for p in seq]
        if not batch:
            return PgCursor([], 0)
        try:
            with self._conn.cursor() as cur:
                cur.executemany(statement.sql, batch)
                changed = max(cur.rowcount, 0)
                self.total_changes += changed
                return PgCursor([], changed)
        except psycopg.Error as exc:
            raise _error(exc, statement.sql) from None

    def insert_many_returning(self, sql: str, seq: Iterable[Sequence[Any]], column: str) -> list[Any]:
        """``executemany`` of an INSERT, returning each new row's `column` in order (the
        sweep's events get their ``seq`` from a sequence: one pipelined statement, not one each)."""
        statement = self._translate(sql)
        psycopg = _psycopg()
        batch = [_params(p) for p in seq]
        if not batch:
            return []
        try:
            with self._conn.cursor() as cur:
                cur.executemany(f"{statement.sql} RETURNING {column}", batch, returning=True)
                found = []
                while True:
                    found.extend(row[0] for row in cur.fetchall())
                    if not cur.nextset():
                        break
                self.total_changes += len(found)
                return found
        except psycopg.Error as exc:
            raise _error(exc, statement.sql) from None

    def _drop_trigger(self, cur: Any, sql: str) -> PgCursor:
        name = sql.split()[-1].strip(";")
        cur.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = %s", (name,)
        )
        row = cur.fetchone()
        if row is not None:
            cur.execute(f"DROP TRIGGER {name} ON {row[0]}")
        return PgCursor([])

    def cursor(self) -> PgStatementCursor:
        """A cursor whose ``execute`` returns itself (``sqlite3.Connection.cursor``)."""
        return PgStatementCursor(self)

    def commit(self) -> None:
        if self.in_transaction:
            self._conn.execute("COMMIT")


#: Every column of the schema's tables and views: its table, name, whether it is an identity
#: column, and its place in the primary key (0: not in it). From pg_catalog, not
#: information_schema: a third of the time on a fresh session.
_CATALOG = (
    "SELECT c.relname, a.attname, a.attidentity <> '', "
    "CASE WHEN a.attnum = ANY(i.indkey) THEN array_position(i.indkey::int2[], a.attnum) + 1 ELSE 0 END "
    "FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
    "LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary "
    "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f') "
    "ORDER BY c.relname, a.attnum"
)

_IF_NOT_EXISTS = re.compile(r"\s*CREATE\s+(?:TABLE|INDEX)\s+IF\s+NOT\s+EXISTS\s+(\w+)", re.I)


def _params(params: Any) -> Any:
    if params is None:
        return ()
    if isinstance(params, Mapping):
        return dict(params)
    return tuple(params)


def _is_ddl(sql: str) -> bool:
    return sql.lstrip()[:6].upper() in ("CREATE", "ALTER ", "DROP T", "DROP I", "DROP V")


def _options(url: str) -> str:
    """The URL's own ``options`` with the session settings tousu needs added: statements wait
    for a lock as long as on SQLite, instants are read in UTC, notices stay quiet."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        own = str(conninfo_to_dict(url).get("options") or "")
    except Exception:  # a malformed URL: psycopg says what is wrong with it as it connects
        own = ""
    return f"{own} -c lock_timeout={LOCK_TIMEOUT} -c TimeZone=UTC -c client_min_messages=warning".strip()


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _safe(url: str) -> str:
    """The URL without its password (for messages)."""
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)





class PgDatabase:
    """What a migration function receives on PostgreSQL (``sqlite_utils.Database``'s ``conn``
    and ``execute``, the two things tousu's and plugins' migrations use)."""

    def __init__(self, conn: PgConnection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> PgCursor:
        return self.conn.execute(sql, params)
def dump(url: str) -> bytes:
    """Every table's rows, sorted: what "nothing changed" compares (sequences, the migrations
    applied and tables still empty left out: opening a database applies pending migrations)."""
    import psycopg

    lines: list[str] = []
    with psycopg.connect(url, autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                "AND table_type = 'BASE TABLE' ORDER BY 1"
            )
        ]
        for table in tables:
            rows = conn.execute(f'SELECT * FROM "{table}"').fetchall()
            if not rows or table == "_migrations":  # a migration applied on open is no command's doing
                continue
            lines.append(f"-- {table}")
            lines.extend(sorted(repr(row) for row in rows))
    return "\n".join(lines).encode()


def uses_postgres(conn: Any) -> bool:
    """Whether `conn` (a store's connection) is a PostgreSQL session: where a read or a migration
    has a PostgreSQL form of its own."""
    return isinstance(conn, PgConnection)


__all__ = ["PgConnection", "PgCursor", "PgDatabase", "dump", "is_url", "uses_postgres"]
