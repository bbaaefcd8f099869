"""The server under load, and killed under load.

Twenty clients file fifty complaints each at once: every one is answered 201, none is lost,
none is recorded twice. Then clients file complaints while the server is killed with SIGKILL
mid-stream; after a restart every complaint that was answered 201 is there, the register
rebuilds to the same tables, and nothing half-written is left.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from typing import Any

from tests.figures import scaled
from tests.server.harness import Served

CLIENTS = scaled("TOUSU_SERVER_LOAD_CLIENTS", 20)
EACH = scaled("TOUSU_SERVER_LOAD_EACH", 50)


class Client(threading.Thread):
    """One desk terminal filing complaints over one keep-alive connection."""

    def __init__(self, port: int, token: str, name: str, count: int | None, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.port, self.token, self.name, self.count, self.stop = port, token, name, count, stop
        self.acknowledged: list[tuple[str, str]] = []  # (id, summary) of every 201
        self.errors: list[str] = []
        self.latencies: list[float] = []

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        n = 0
        while (self.count is None or n < self.count) and not self.stop.is_set():
            summary = f"load {self.name} #{n}"
            body = json.dumps({"channel": "phone", "summary": summary, "tier": "minor"})
            started = time.perf_counter()
            try:
                conn.request("POST", "/api/v1/complaints", body=body, headers={
                    "Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
                response = conn.getresponse()
                payload = response.read()
            except (OSError, http.client.HTTPException) as exc:
                self.errors.append(f"{type(exc).__name__}: {exc}")
                conn.close()
                if self.count is None:  # the crash test: the server is gone
                    return
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                n += 1
                continue
            self.latencies.append(time.perf_counter() - started)
            if response.status == 201:
                self.acknowledged.append((json.loads(payload)["id"], summary))
            else:
                self.errors.append(f"{response.status}: {payload[:200]!r}")
            n += 1
        conn.close()


def registered(desk: Any) -> list[tuple[str, str]]:
    """Every stored complaint's id and summary, read from the desk's database (either store)."""
    return [(cid, summary) for cid, summary in desk.query("SELECT id, summary FROM complaints ORDER BY id")]


def test_twenty_clients_file_fifty_complaints_each_at_once(serve: Any, figures: Any) -> None:
    server = serve()
    token = server.login("acme", "wang")
    stop = threading.Event()
    clients = [Client(server.port, token, f"c{i}", EACH, stop) for i in range(CLIENTS)]
    started = time.perf_counter()
    for client in clients:
        client.start()
    for client in clients:
        client.join(timeout=600)
    elapsed = time.perf_counter() - started
    errors = [e for c in clients for e in c.errors]
    acknowledged = [a for c in clients for a in c.acknowledged]
    assert errors == []
    assert len(acknowledged) == CLIENTS * EACH
    stored = registered(server.desk)
    assert len(stored) == len(set(stored)) == CLIENTS * EACH  # none lost, none twice
    assert set(stored) == set(acknowledged)
    assert len({cid for cid, _ in stored}) == len({summary for _, summary in stored}) == CLIENTS * EACH
    latencies = sorted(t for c in clients for t in c.latencies)
    figures(
        f"server load: {CLIENTS} clients x {EACH} intakes = {len(acknowledged)} in {elapsed:.1f}s "
        f"({len(acknowledged) / elapsed:.0f}/s), p50 {latencies[len(latencies) // 2] * 1000:.0f} ms, "
        f"p99 {latencies[int(len(latencies) * 0.99)] * 1000:.0f} ms; 0 errors, 0 lost, 0 duplicated"
    )


def test_every_acknowledged_complaint_survives_a_kill_mid_load(serve: Any, figures: Any) -> None:
    server = serve()
    desk = server.desk
    token = server.login("acme", "wang")
    stop = threading.Event()
    clients = [Client(server.port, token, f"k{i}", None, stop) for i in range(8)]
    for client in clients:
        client.start()
    deadline = time.monotonic() + 60
    while sum(len(c.acknowledged) for c in clients) < 150 and time.monotonic() < deadline:
        time.sleep(0.02)
    server.kill()  # SIGKILL while requests are in flight
    stop.set()
    for client in clients:
        client.join(timeout=60)
    acknowledged = {a for c in clients for a in c.acknowledged}
    assert len(acknowledged) >= 150

    again = Served.start(desk)  # the same database, a new process
    try:
        stored = set(registered(desk))
        assert acknowledged <= stored, sorted(acknowledged - stored)[:5]
        extra = stored - acknowledged  # committed, but killed before the answer left
        assert len(extra) <= len(clients)
        shown = again.get(f"/api/v1/complaints/{min(acknowledged)[0]}", token=again.login("acme", "wang"))
        assert shown.status == 200
        app = desk.app
        before = app.store.snapshot()
        app.rebuild()
        assert app.store.snapshot() == before
        if desk.database is None:  # SQLite's own check of its file (PostgreSQL has no such pragma)
            conn = desk.connect()
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            conn.close()
        verify = desk.cli("verify") if "verify" in desk.cli("--help").stdout else None
        if verify is not None:
            assert verify.code == 0, verify.stderr
        filed = again.post("/api/v1/complaints", {"channel": "phone", "summary": "after the crash"},
                           token=again.login("acme", "wang"))
        assert filed.status == 201
    finally:
        again.stop()
        desk.close()
    figures(
        f"server crash: SIGKILL under 8 clients after {len(acknowledged)} acknowledged intakes: 0 missing after "
        f"restart, {len(extra)} committed but unanswered, rebuild equal"
        + (", integrity ok" if desk.database is None else "")
        + ("" if verify is None else ", tousu verify ok")
    )


def test_sigterm_finishes_the_requests_in_flight_and_stops_cleanly(serve: Any) -> None:
    import signal

    server = serve()
    token = server.login("acme", "wang")
    stop = threading.Event()
    clients = [Client(server.port, token, f"t{i}", None, stop) for i in range(4)]
    for client in clients:
        client.start()
    while sum(len(c.acknowledged) for c in clients) < 40:
        time.sleep(0.02)
    status = server.stop()
    stop.set()
    for client in clients:
        client.join(timeout=60)
    assert status in (0, -signal.SIGTERM), server.output()
    answered_errors = [e for c in clients for e in c.errors if e[:3].isdigit()]
    assert answered_errors == []  # nothing in flight was answered with an error
    assert {a for c in clients for a in c.acknowledged} <= set(registered(server.desk))
    assert "Application shutdown complete" in server.output() and "Traceback" not in server.output()
