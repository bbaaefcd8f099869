"""Where a scenario's databases live: SQLite files in the work folder, or databases on a PostgreSQL server.

`run.py` runs every scenario on `Sqlite()`, and with ``--store URL`` on `Postgres(URL)` as well,
in the same run. A scenario asks its target for a deployment (a folder with ``tousu.toml``
whose ``database`` is the folder's ``tousu.db``, or a fresh database on the server), for an
empty database with tousu's schema for a baseline, for a copy of a database, and for a plain
connection (`floor.Plain`). On PostgreSQL every database is a copy (``CREATE DATABASE …
TEMPLATE``) of one migrated by tousu's own migrations once per run, as the tests'
`tousu.default_plugins.store.postgres_testdb` makes them; all are dropped when the run ends.

The large tables are built on SQLite (`clone.write_clones`) and copied into PostgreSQL with
``COPY`` (`Postgres.load`): the very rows, so both stores measure the same register.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import floor
import workload
from floor import POSTGRESQL, SQLITE, Plain

#: What the large-table scenarios copy: the tables `clone.write_clones` fills.
LOADED = ("complaints", "personal", "events", "deadlines", "steps", "counters")


class Sqlite:
    """Each deployment's database is ``tousu.db`` in its folder (tousu creates it on open)."""

    kind = SQLITE
    label = "SQLite"
    tag = ""  # folder-name suffix: SQLite's folders keep the names they always had

    def deployment(self, folder: Path, synchronous: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        workload.write_config(folder, synchronous)
        return folder

    def database(self, folder: Path) -> str:
        return str(folder / "tousu.db")

    def fresh(self, where: Path, synchronous: str) -> Plain:
        """An empty database with tousu's schema, opened with tousu's own pragmas."""
        return floor.fresh_database(where, synchronous)

    def open(self, database: str, synchronous: str) -> Plain:
        """A baseline's connection to an existing database, with tousu's own pragmas."""
        from tousu.default_plugins.store import Store

        return Plain(Store(database, synchronous).conn, SQLITE, database)

    def durability(self, synchronous: str) -> str:
        return f"synchronous={synchronous}"

    def copy(self, source: str, folder: Path) -> str:
        """`folder`'s database replaced by a copy of `source` (``-wal``/``-shm`` removed)."""
        target = Path(self.database(folder)) if folder.is_dir() else folder
        for suffix in ("", "-wal", "-shm"):
            stale = target.parent / (target.name + suffix)
            if stale.exists():
                stale.unlink()
        shutil.copyfile(source, target)
        return str(target)

    def drop(self, database: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(database + suffix).unlink(missing_ok=True)

    def meta(self) -> dict[str, Any]:
        return {"sqlite": sqlite3.sqlite_version}

    def close(self) -> None:
        pass


class Postgres:
    """Each deployment's database is a fresh one on the server named by `url`.

    tousu's ``synchronous`` is a SQLite setting; here FULL and EXTRA run with the server's
    ``synchronous_commit = on`` (a commit waits for its WAL flush), NORMAL and OFF with
    ``synchronous_commit = off`` (the last commits may be lost on a crash, never consistency:
    what NORMAL means on SQLite), set through the URL's ``options``, which tousu keeps.
    """

    kind = POSTGRESQL
    label = "PostgreSQL"
    tag = "-pg"

    def __init__(self, url: str) -> None:
        import psycopg

        self.url = url
        self.prefix = f"tousu_bench_{os.getpid()}_"
        self.created: set[str] = set()
        self.admin = psycopg.connect(url, autocommit=True)
        self.version = self.admin.info.server_version
        self.template = self._create("template")
        from tousu.compose import load_registry, plugin_migrations
        from tousu.default_plugins.store import Store

        store = Store(self._url(self.template))  # tousu's own migrations, once per run
        store.migrate(plugin_migrations(load_registry()))
        store.close()

    # -- names and URLs -----------------------------------------------------------------

    def _name(self, where: Path | str) -> str:
        return self.prefix + re.sub(r"[^a-z0-9]+", "_", Path(where).name.lower()).strip("_")

    def _url(self, name: str, synchronous: str = "FULL") -> str:
        from urllib.parse import quote, urlsplit

        url = urlsplit(self.url)._replace(path=f"/{name}", query="")
        if synchronous.upper() in ("NORMAL", "OFF"):
            url = url._replace(query="options=" + quote("-c synchronous_commit=off"))
        return url.geturl()

    def _create(self, name_or_folder: str, template: str | None = None) -> str:
        name = name_or_folder if name_or_folder.startswith(self.prefix) else self._name(name_or_folder)
        self.admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        strategy = " STRATEGY FILE_COPY" if template and self.version >= 150000 else ""
        self.admin.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}{strategy}" if template else ""))
        self.created.add(name)
        return name

    # -- what a scenario asks for ---------------------------------------------------------------

    def deployment(self, folder: Path, synchronous: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        name = self._create(str(folder), self.template)
        workload.write_config(folder, synchronous, database=self._url(name, synchronous))
        return folder

    def database(self, folder: Path, synchronous: str = "FULL") -> str:
        return self._url(self._name(folder), synchronous)

    def fresh(self, where: Path, synchronous: str) -> Plain:
        name = self._create(str(where), self.template)
        return Plain.connect(self._url(name, synchronous))

    def open(self, database: str, synchronous: str) -> Plain:
        return Plain.connect(self._url(self._name_of(database), synchronous))

    def durability(self, synchronous: str) -> str:
        return "synchronous_commit=" + ("off" if synchronous.upper() in ("NORMAL", "OFF") else "on")

    def copy(self, source: str, folder: Path) -> str:
        """`folder`'s database replaced by a copy of `source` (which nobody may be connected to)."""
        name = self._create(str(folder), self._name_of(source))
        return self._url(name)

    def drop(self, database: str) -> None:
        name = self._name_of(database)
        self.admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.created.discard(name)

    @staticmethod
    def _name_of(database: str) -> str:
        return database.rsplit("/", 1)[1].split("?", 1)[0]

    def load(self, source: Path, folder: Path, synchronous: str = "FULL") -> str:
        """A deployment in `folder` whose database holds `source`'s (a SQLite file) rows of the
        `LOADED` tables, copied by ``COPY`` with the secondary indexes built after, each
        identity past the copied rows and the statistics gathered (``ANALYZE``, as the SQLite
        register gets); its URL."""
        import psycopg

        self.deployment(folder, synchronous)
        url = self.database(folder)
        reader = sqlite3.connect(source)
        with psycopg.connect(url, autocommit=True) as conn:
            indexes = conn.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "AND tablename = ANY(%s) AND indexname NOT IN "
                "(SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))",
                (list(LOADED),),
            ).fetchall()
            for name, _ in indexes:
                conn.execute(f"DROP INDEX {name}")
            with conn.transaction():
                for table in LOADED:
                    names = [row[1] for row in reader.execute(f"PRAGMA table_info({table})")]
                    with conn.cursor().copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
                        for row in reader.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY rowid"):
                            copy.write_row(row)
            for _, create in indexes:
                conn.execute(create)
            for table, column in conn.execute(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND is_identity = 'YES' AND table_name = ANY(%s)", (list(LOADED),)
            ).fetchall():
                conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                             f"coalesce((SELECT max({column}) FROM {table}), 0) + 1, false)")
            conn.execute("VACUUM ANALYZE")
        reader.close()
        return url

    def meta(self) -> dict[str, Any]:
        settings = dict(self.admin.execute(
            "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', "
            "'shared_buffers', 'wal_level')"
        ).fetchall())
        return {"server_version": self.admin.execute("SHOW server_version").fetchone()[0], "settings": settings,
                "synchronous": "FULL: synchronous_commit=on; NORMAL: synchronous_commit=off (the URL's options)"}

    def close(self) -> None:
        for name in sorted(self.created):
            self.admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.created.clear()
        self.admin.close()


__all__ = ["LOADED", "Postgres", "Sqlite"]
