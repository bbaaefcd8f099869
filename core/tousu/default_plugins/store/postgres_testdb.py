"""Throwaway PostgreSQL databases for tests: one fresh database per test, in milliseconds.

``TOUSU_TEST_POSTGRES`` names a server (``postgresql://postgres@127.0.0.1:54329/postgres``,
what ``.ci/postgres start`` prints) where the test user may create databases. The first
database of a process is migrated (the core's and every installed plugin's migrations) and
kept as a template; every test's database is a copy of it (``CREATE DATABASE … TEMPLATE``),
dropped when the test ends. The test kit (`tousu.testing`) and tousu's own suite use it.

A copy costs the server 70–300 ms, about what a short test takes, so the copies are made
ahead: a background thread keeps `POOL` of them ready while tests run, and a test takes one
without waiting. They are copied file by file (``STRATEGY FILE_COPY``): the template is
small, and WAL-logging every block of it (the default since PostgreSQL 15) costs more.

A test's database is not always dropped when it ends: if its schema is still exactly the
template's (the same tables, columns, indexes, constraints, triggers and whether they are
enabled, functions, grants and migrations: `SIGNATURE`), emptying its tables (``DELETE``
with triggers off, every sequence back at its start) makes it a fresh copy again for a
third of the server's work, and it goes back to the pool. Any other difference (a test dropped a trigger,
granted a role, added a plugin's table) and it is dropped. Both happen in the background.
"""

from __future__ import annotations

import atexit
import itertools
import os
from typing import Any

ENV = "TOUSU_TEST_POSTGRES"

_counter = itertools.count(1)
_template: str | None = None
#: How many copies of the template the background thread keeps ready.
POOL = 3
#: Everything about a database's schema a test could change, as one hash: what decides
#: whether emptying its tables makes it a fresh copy of the template again.
SIGNATURE = """
SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
  SELECT 'c:' || c.relname || ':' || c.relkind::text || ':' || c.relowner || ':' || coalesce(c.relacl::text, '')
         || ':' || CASE WHEN c.relkind = 'v' THEN pg_get_viewdef(c.oid) ELSE '' END AS x
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg\\_%temp\\_%'
  UNION ALL SELECT 'a:' || a.attrelid::regclass || ':' || a.attname || ':' || a.atttypid || ':' || a.attnotnull
         || ':' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL SELECT 'k:' || conrelid::regclass || ':' || conname || ':' || pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace
  UNION ALL SELECT 't:' || tgrelid::regclass || ':' || tgname || ':' || tgenabled::text || ':' || tgfoid::regproc
    FROM pg_trigger WHERE NOT tgisinternal
  UNION ALL SELECT 'p:' || p.oid::regprocedure || ':' || md5(p.prosrc) || ':' || coalesce(p.proacl::text, '')
    FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
  UNION ALL SELECT 'n:' || nspname || ':' || nspowner || ':' || coalesce(nspacl::text, '') FROM pg_namespace
    WHERE nspname NOT LIKE 'pg\\_%temp\\_%'  -- a session's temporary tables leave their schema behind
  UNION ALL SELECT 'y:' || t.typname FROM pg_type t WHERE t.typnamespace = 'public'::regnamespace
  UNION ALL SELECT 'r:' || rulename FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind <> 'v'
  UNION ALL SELECT 'o:' || polname FROM pg_policy
  UNION ALL SELECT 'e:' || extname FROM pg_extension
  UNION ALL SELECT 'g:' || coalesce(defaclacl::text, '') FROM pg_default_acl
  UNION ALL SELECT 'd:' || coalesce(datacl::text, '') || ':' || datdba FROM pg_database WHERE datname = current_database()
  UNION ALL SELECT 's:' || coalesce(array_to_string(setconfig, ','), '') FROM pg_db_role_setting
    WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
  UNION ALL SELECT 'm:' || name FROM _migrations
) schema
"""


def server() -> str | None:
    """The server URL tests should use, or None (then tests run on SQLite)."""
    return os.environ.get(ENV) or None


def _url(name: str) -> str:
    """The server's URL naming database `name` instead."""
    from urllib.parse import urlsplit

    return urlsplit(server() or "")._replace(path=f"/{name}").geturl()


def _admin() -> Any:
    import psycopg

    return psycopg.connect(server(), autocommit=True)


def _build_template() -> str:
    global _template
    if _template is None:
        from tousu.compose import load_registry, plugin_migrations
        from tousu.default_plugins.store import Store

        name = f"tousu_tpl_{os.getpid()}"
        with _admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {name}")
        store = Store(_url(name))
        try:
            store.migrate(plugin_migrations(load_registry()))
        finally:
            store.close()
        _template = name
        _read_template(name)
        atexit.register(_drop, name)
    return _template


def fresh_database(*, drop_at_exit: bool = False) -> str:
    """A new database, migrated, for one test; pass its URL to `drop` when done (or let the
    process drop it as it exits)."""
    template = _build_template()
    name = _pool(template).take()
    if drop_at_exit:
        atexit.register(_drop, name)
    return _url(name)


def _create(template: str) -> str:
    """One copy of the template, under a name no other copy has had."""
    name = f"tousu_t_{os.getpid()}_{next(_counter)}"
    with _admin() as conn:
        version = conn.info.server_version
        strategy = " STRATEGY FILE_COPY" if version >= 150000 else ""
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {template}{strategy}")
    return name


class _Pool:
    """Copies of the template made ahead by a background thread (a test takes one at once)."""

    def __init__(self, template: str) -> None:
        import queue
        import threading

        self.template = template
        self.ready: queue.Queue[str | BaseException] = queue.Queue(maxsize=POOL)
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._fill, name="tousu-test-databases", daemon=True)
        self.thread.start()
        atexit.register(self.stop)

    def _fill(self) -> None:
        import queue

        while not self.stopping.is_set():
            try:
                made: str | BaseException = _create(self.template)
            except BaseException as exc:  # handed to the test that takes it, which then says why
                made = exc
            while True:
                try:
                    self.ready.put(made, timeout=0.5)
                    break
                except queue.Full:
                    if self.stopping.is_set():
                        if isinstance(made, str):
                            _drop(made)
                        return
            if isinstance(made, BaseException):
                return

    def take(self) -> str:
        """A ready copy (made now if the thread has stopped on an error)."""
        import queue

        if not self.thread.is_alive() and self.ready.empty():
            return _create(self.template)
        try:
            made = self.ready.get(timeout=120)
        except queue.Empty:
            return _create(self.template)
        if isinstance(made, BaseException):
            return _create(self.template)  # raises it again, or works now
        return made

    def give_back(self, name: str) -> bool:
        """Take an emptied database back (False: the pool is full, drop it)."""
        import queue

        try:
            self.ready.put_nowait(name)
        except queue.Full:
            return False
        return True

    def stop(self) -> None:
        """The copies nobody took are dropped as the process exits."""
        import queue

        self.stopping.set()
        while True:
            try:
                made = self.ready.get(timeout=0.1 if self.thread.is_alive() else 0)
            except queue.Empty:
                if not self.thread.is_alive():
                    return
                continue
            if isinstance(made, str):
                _drop(made)


_pools: dict[str, _Pool] = {}


def _pool(template: str) -> _Pool:
    if template not in _pools:
        _pools[template] = _Pool(template)
    return _pools[template]


def _drop(name: str) -> None:
    try:
        with _admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    except Exception:  # the server already stopped: nothing left to clean
        pass


#: The template's `SIGNATURE` and the tables a reset empties (None: copies are never reused,
#: because the template holds rows besides its migrations).
_fresh: tuple[str, tuple[str, ...]] | None = None


def _read_template(name: str) -> None:
    global _fresh
    import psycopg

    with psycopg.connect(_url(name), autocommit=True) as conn:
        signature = conn.execute(SIGNATURE).fetchone()[0]
        tables = [row[0] for row in conn.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') "
            "ORDER BY relname"
        )]
        others = [t for t in tables if t != "_migrations"]
        empty = all(conn.execute(f'SELECT NOT EXISTS (SELECT 1 FROM "{t}")').fetchone()[0] for t in others)
    _fresh = (signature, tuple(others)) if empty and others else None


def _reset(name: str) -> bool:
    """Empty a test's database if its schema is still the template's; False: drop it instead."""
    if _fresh is None:
        return False
    import psycopg

    signature, tables = _fresh
    try:
        with psycopg.connect(_url(name), autocommit=True) as conn:
            conn.execute(  # no session of the test may outlive it and write into the next one
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            )
            if conn.execute(SIGNATURE).fetchone()[0] != signature:
                return False
            others = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).fetchone()[0]
            if others:
                return False
            with conn.transaction():  # DELETE, not TRUNCATE: a test's few rows, no new files
                conn.execute("SET LOCAL session_replication_role = replica")  # the no-DELETE triggers off
                for table in tables:
                    conn.execute(f'DELETE FROM "{table}"')
                conn.execute(
                    "SELECT setval(q.seqrelid, q.seqstart, false) FROM pg_sequence q JOIN pg_class c "
                    "ON c.oid = q.seqrelid WHERE c.relnamespace = 'public'::regnamespace AND c.relname <> "
                    "'_migrations_rowid_seq'"
                )
        return True
    except Exception:  # whatever went wrong, a dropped database cannot leak into the next test
        return False


def _release(name: str) -> None:
    """A test's database back to the pool (emptied) or dropped."""
    pool = _pools.get(_template or "")
    if pool is not None and not pool.stopping.is_set() and _reset(name) and pool.give_back(name):
        return
    _drop(name)


_drops: Any = None


def drop(url: str) -> None:
    """Done with a test's database: in the background it is emptied for another test or
    dropped (see the module's docstring); the next test need not wait for either, and the
    process waits for all at exit."""
    global _drops
    import queue
    import threading

    if _drops is None:
        _drops = queue.Queue()

        def work() -> None:
            while (name := _drops.get()) is not None:
                _release(name)
                _drops.task_done()
            _drops.task_done()

        threading.Thread(target=work, name="tousu-test-drops", daemon=True).start()
        atexit.register(lambda: (_drops.put(None), _drops.join()))
    _drops.put(url.rsplit("/", 1)[1].split("?", 1)[0])


def connect(target: Any) -> Any:
    """A raw connection to a database, either store (for tests that act behind tousu's back)."""
    import sqlite3

    from tousu.default_plugins.store.postgres import PgConnection, is_url

    return PgConnection(str(target)) if is_url(target) else sqlite3.connect(target)


def query(target: Any, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
    """The rows of one query (SQLite's dialect) on a database, either store."""
    conn = connect(target)
    try:
        return [tuple(row) for row in conn.execute(sql, params).fetchall()]
    finally:
        conn.close()


__all__ = ["ENV", "connect", "drop", "fresh_database", "query", "server"]
