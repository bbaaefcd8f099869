"""Throwaway PostgreSQL databases for tests: one fresh database per test, in milliseconds.

``TOUSU_TEST_POSTGRES`` names a server (``postgresql://postgres@127.0.0.1:54329/postgres``,
what ``.ci/postgres start`` prints) where the test user may create databases. The first
database of a process is migrated (the core's and every installed plugin's migrations) and
kept as a template; every test's database is a copy of it (``CREATE DATABASE … TEMPLATE``),
dropped when the test ends. The test kit (`tousu.testing`) and tousu's own suite use it.

A copy costs the server 70–300 ms, about what a short test takes, so the copies are made
ahead: a background thread keeps `POOL` of them ready while tests run, and a test takes one
without waiting (dropping is in the background too). They are copied file by file
(``STRATEGY FILE_COPY``): the template is small, and WAL-logging every block of it (the
default since PostgreSQL 15) costs three times as much.
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
        from tousu.store import Store

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


_drops: Any = None


def drop(url: str) -> None:
    """Drop a test's database, in the background: the server takes a while to remove its
    files, and the next test need not wait for it (the process waits for all at exit)."""
    global _drops
    import queue
    import threading

    if _drops is None:
        _drops = queue.Queue()

        def work() -> None:
            while (name := _drops.get()) is not None:
                _drop(name)
                _drops.task_done()
            _drops.task_done()

        threading.Thread(target=work, name="tousu-test-drops", daemon=True).start()
        atexit.register(lambda: (_drops.put(None), _drops.join()))
    _drops.put(url.rsplit("/", 1)[1].split("?", 1)[0])


def connect(target: Any) -> Any:
    """A raw connection to a database, either store (for tests that act behind tousu's back)."""
    import sqlite3

    from tousu.store.postgres import PgConnection, is_url

    return PgConnection(str(target)) if is_url(target) else sqlite3.connect(target)


def query(target: Any, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
    """The rows of one query (SQLite's dialect) on a database, either store."""
    conn = connect(target)
    try:
        return [tuple(row) for row in conn.execute(sql, params).fetchall()]
    finally:
        conn.close()


__all__ = ["ENV", "connect", "drop", "fresh_database", "query", "server"]
