"""The server's writes run in one writer App, handed from thread to thread behind the write lock.

Each worker thread reads through its own App (SQLite's connections refuse a second thread),
but every ``Deployment.writing`` block of the process runs in the same writer App, whose
connection keeps its page cache from one write to the next (issue 20: a thread's own
connection found its cache outdated by the other threads' commits and read its pages again).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from tests.server.conftest import make_deployment
from tousu.default_plugins.doors.queues import complaints
from tousu.default_plugins.server.asgi import Deployment
from tousu.errors import ConfigError


def _intake(app: object, summary: str) -> str:
    return app.intake("acme", channel="phone", summary=summary, actor="wang").id  # type: ignore[attr-defined]


def test_writes_from_many_threads_share_one_writer_and_every_thread_reads_them(tmp_path: Path) -> None:
    desk = make_deployment(tmp_path / "d", passwords=False)
    deployment = Deployment(desk.config_path)
    writers: list[object] = []
    ids: list[str] = []
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for k in range(5):
                with deployment.writing() as app:
                    writers.append(app)
                    ids.append(_intake(app, f"leak {n}-{k}"))
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len({id(app) for app in writers}) == 1  # one writer App for every thread's writes
    assert len(set(ids)) == 20
    # a thread's own App (its reads) is another connection, and sees every committed write
    reader = deployment.app()
    assert reader is not writers[0]
    assert {c["id"] for c in complaints(reader, reader.org("acme"), None, limit=100)[0]} >= set(ids)
    desk.close()


def test_a_refused_write_leaves_the_writer_usable(tmp_path: Path) -> None:
    desk = make_deployment(tmp_path / "d", passwords=False)
    deployment = Deployment(desk.config_path)
    try:
        with deployment.writing() as app:
            _intake(app, "written, then the block fails")
            raise RuntimeError("the request failed after writing")
    except RuntimeError:
        pass
    with deployment.writing() as app:
        kept = _intake(app, "written and kept")
    reader = deployment.app()
    summaries = {c["summary"] for c in complaints(reader, reader.org("acme"), None, limit=100)[0]}
    assert "written and kept" in summaries
    assert "written, then the block fails" not in summaries  # rolled back with its block
    assert kept
    desk.close()


def test_a_timezone_changed_while_serving_is_refused_for_writes_and_reads_until_rezoned(tmp_path: Path) -> None:
    """The server reads tousu.toml again when it changes; a zone changed under recorded
    complaints must not let the writer (or a reader) go on in the new zone."""
    desk = make_deployment(tmp_path / "d", passwords=False)
    deployment = Deployment(desk.config_path)
    with deployment.writing() as app:
        _intake(app, "recorded in Shanghai")
    deployment.app()  # this thread's reader, opened under the first config
    text = desk.config_path.read_text(encoding="utf-8")
    assert 'timezone = "Asia/Shanghai"' in text
    desk.config_path.write_text(text.replace('timezone = "Asia/Shanghai"', 'timezone = "Europe/Berlin"', 1), encoding="utf-8")
    os.utime(desk.config_path, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))  # a new stamp
    with pytest.raises(ConfigError, match="rezone"), deployment.writing() as app:
        _intake(app, "would be recorded in Berlin")
    with pytest.raises(ConfigError, match="rezone"):
        reader = deployment.app()
        complaints(reader, reader.org("acme"), None, limit=10)
    desk.close()
