"""Reliability on PostgreSQL: the database server crashes and restarts under load.

Four desks keep recording intakes through the real CLI while the server is stopped the hard
way (``pg_ctl -m immediate``: no checkpoint, crash recovery at the next start) and started
again. Every intake a desk was told was recorded (exit 0 with an id) is there afterwards;
the ones that met the outage got one clear line, never a traceback; the chain verifies.

The server is a private one (its own cluster on a free loopback port), so restarting it
cannot disturb the suite's shared server; like CI, it needs root to run it as `postgres`.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tousu.testing import org

pytestmark = pytest.mark.postgres_only

WORKERS, INTAKES_EACH, RESTART_AFTER = 4, 12, 10
#: The script that starts, crashes, restarts and stops a throwaway cluster (CI's own).
SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "postgres"


class PrivateServer:
    """A throwaway PostgreSQL cluster of its own, run by `.ci/postgres` (the script CI starts
    the suite's server with) in a temporary folder on a free loopback port."""

    def __init__(self) -> None:
        self.dir = tempfile.mkdtemp(prefix="tousu-pg-restart-")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = ""

    def _run(self, verb: str) -> str:
        env = {**os.environ, "TOUSU_PG_DIR": self.dir, "TOUSU_PG_PORT": str(self.port)}
        done = subprocess.run([str(SCRIPT), verb], check=True, capture_output=True, text=True, env=env, timeout=120)
        return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""

    def start(self) -> None:
        """A new cluster, started."""
        self.url = self._run("start")

    def crash(self) -> None:
        """Immediate shutdown: no checkpoint, crash recovery at the next start."""
        self._run("crash")

    def restart(self) -> None:
        self._run("restart")

    def stop(self) -> None:
        subprocess.run(
            [str(SCRIPT), "stop"], capture_output=True, timeout=120,
            env={**os.environ, "TOUSU_PG_DIR": self.dir, "TOUSU_PG_PORT": str(self.port)},
        )
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def private_server() -> Iterator[PrivateServer]:
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("needs the postgres user and the distribution's server (.ci/postgres start creates both)")
    if os.geteuid() != 0 or not glob.glob("/usr/lib/postgresql/*/bin"):
        pytest.skip("restarting a private PostgreSQL server needs root and /usr/lib/postgresql (as in CI)")
    server = PrivateServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_a_server_crash_mid_load_loses_no_acknowledged_intake(make_desk: Any, private_server: PrivateServer) -> None:
    desk = make_desk(org("acme", ["retail"]))
    desk.close()
    desk.database = private_server.url
    desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", "before the load")  # migrates

    acknowledged: list[str] = []
    refused: list[tuple[int, str]] = []
    lock = threading.Lock()

    def work(worker: int) -> None:
        for n in range(INTAKES_EACH):
            result = desk.subprocess(
                "intake", "--org", "acme", "--channel", "phone", "--summary", f"desk {worker} call {n}", "--json",
            )
            with lock:
                if result.code == 0:
                    acknowledged.append(result.json["id"])
                else:
                    refused.append((result.code, result.stderr))

    threads = [threading.Thread(target=work, args=(w,)) for w in range(WORKERS)]
    for thread in threads:
        thread.start()
    while len(acknowledged) < RESTART_AFTER and any(t.is_alive() for t in threads):
        time.sleep(0.05)
    private_server.crash()
    time.sleep(3.0)  # desks keep trying against a server that is down
    private_server.restart()
    for thread in threads:
        thread.join(timeout=300)

    ids = {row["id"] for row in desk.json("list", "--org", "acme", "--limit", "1000")}
    missing = [cid for cid in acknowledged if cid not in ids]
    unanswered = len(ids) - 1 - len(acknowledged)
    print(
        f"\npostgres restart: {WORKERS} desks, server crashed after {RESTART_AFTER} acknowledged intakes: "
        f"{len(acknowledged)} acknowledged, {len(refused)} refused during the outage, {len(missing)} missing, "
        f"{unanswered} committed but unanswered"
        + (f"; a refusal reads: {refused[0][1].strip()}" if refused else "")
    )
    assert missing == []
    assert len(set(acknowledged)) == len(acknowledged)  # no id handed out twice
    for code, stderr in refused:
        assert code in (1, 2), stderr
        assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1, stderr
    assert desk.json("verify")["ok"]
