"""The HTTP door against the in-process App, measured in the same run.

``api_intake``: complaints/s filed through ``POST /api/v1/complaints`` by 8 concurrent
clients (keep-alive connections, one logged-in receptionist) against a real ``tousu serve``
process; the baseline is the same intakes through ``App.intake`` in this process, one
transaction each. ``api_show``/``api_show_p99``: latency of ``GET /api/v1/complaints/{id}``
(p50 and p99 of sequential requests) against the in-process ``App.get`` + the same document.
The gap is what HTTP, JSON, the login check and a thread hop cost.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import workload
from scenarios import SQLITE_FILES, SYNCHRONOUS, Figure, _say, deployment, median, open_app

CLIENTS = 8
PASSWORD = "benchmark password"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _calls(count: int) -> list[dict[str, Any]]:
    rng = random.Random(23)
    calls = []
    for i in range(count):
        kwargs = workload.intake_kwargs(rng, i)
        kwargs.pop("actor", None)  # the server's actor is who logged in
        calls.append(kwargs)
    return calls


def _serve(folder: Path) -> tuple[subprocess.Popen[bytes], int]:
    config = folder / "tousu.toml"
    with config.open("a", encoding="utf-8") as handle:
        handle.write("\n[server]\npassword_cost = 12\n")
    subprocess.run(
        [sys.executable, "-m", "tousu.cli", "--config", str(config), "staff", "set-password", "--org", workload.ORG, "wang"],
        input=PASSWORD + "\n", text=True, check=True, capture_output=True,
    )
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tousu.cli", "--config", str(config), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if _request(port, "GET", "/healthz")[0] == 200:
                return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("benchmark: tousu serve did not start")


def _request(port: int, method: str, path: str, body: Any = None, token: str | None = None) -> tuple[int, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        conn.close()


def _file(port: int, token: str, calls: list[dict[str, Any]], ids: list[str], errors: list[str]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    for kwargs in calls:
        conn.request("POST", "/api/v1/complaints", body=json.dumps(kwargs, ensure_ascii=False).encode("utf-8"), headers=headers)
        response = conn.getresponse()
        payload = response.read()
        if response.status == 201:
            ids.append(json.loads(payload)["id"])
        else:
            errors.append(f"{response.status} {payload[:200]!r}")
    conn.close()


def api_figures(work: Path, count: int, runs: int, log: Callable[[str], None], target: Any = SQLITE_FILES) -> list[Figure]:
    """The figures on `target`'s store: both the served and the in-process deployment use it."""
    from tousu.default_plugins.doors.documents import complaint_document

    log = _say(log, target)
    calls = _calls(count)
    ours, floors, p50s, p99s, floor50s, floor99s = [], [], [], [], [], []
    for run in range(runs):
        local = deployment(work / f"api-local{run}{target.tag}", SYNCHRONOUS, target)
        app = open_app(local)
        started = time.perf_counter()
        made = [app.intake(workload.ORG, actor="wang", **kwargs) for kwargs in calls]
        floors.append(count / (time.perf_counter() - started))
        staff = app.org(workload.ORG).staff["wang"]
        org = app.org(workload.ORG)
        shows = [made[i % len(made)].id for i in range(max(20, min(count, 500)))]
        local_times = []
        for cid in shows:
            t = time.perf_counter()
            complaint = app.get(cid, org_id=org.id)
            complaint_document(app, complaint, org, complaint.received_at, staff, history=True)
            local_times.append(time.perf_counter() - t)
        app.store.close()

        served = deployment(work / f"api-served{run}{target.tag}", SYNCHRONOUS, target)
        proc, port = _serve(served)
        try:
            status, login = _request(port, "POST", "/api/v1/login", {"org": workload.ORG, "staff": "wang", "password": PASSWORD})
            if status != 200:
                raise SystemExit(f"benchmark: login failed: {login}")
            token = login["token"]
            ids: list[str] = []
            errors: list[str] = []
            shares = [calls[i::CLIENTS] for i in range(CLIENTS)]
            threads = [threading.Thread(target=_file, args=(port, token, share, ids, errors)) for share in shares]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            seconds = time.perf_counter() - started
            if errors or len(ids) != count:
                raise SystemExit(f"benchmark: {len(errors)} intakes failed through the API: {errors[:3]}")
            ours.append(count / seconds)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            times = []
            for cid in [ids[i % len(ids)] for i in range(len(shows))]:
                t = time.perf_counter()
                conn.request("GET", f"/api/v1/complaints/{cid}", headers={"Authorization": f"Bearer {token}"})
                response = conn.getresponse()
                response.read()
                times.append(time.perf_counter() - t)
                if response.status != 200:
                    raise SystemExit(f"benchmark: show answered {response.status}")
            conn.close()
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
        times.sort()
        local_times.sort()
        p50s.append(times[len(times) // 2])
        p99s.append(times[min(len(times) - 1, int(len(times) * 0.99))])
        floor50s.append(local_times[len(local_times) // 2])
        floor99s.append(local_times[min(len(local_times) - 1, int(len(local_times) * 0.99))])
        log(
            f"  api run {run + 1}: {ours[-1]:,.0f} intakes/s over HTTP ({CLIENTS} clients) vs {floors[-1]:,.0f}/s in-process; "
            f"show p50 {p50s[-1] * 1000:.1f} ms / p99 {p99s[-1] * 1000:.1f} ms vs {floor50s[-1] * 1000:.1f} / "
            f"{floor99s[-1] * 1000:.1f} ms in-process"
        )
    cores = os.cpu_count() or 1
    return [
        Figure("api_intake", f"intake over HTTP, {CLIENTS} clients (baseline: App.intake in-process)", median(ours),
               median(floors), "complaints/s", True, note=f"{cores} cores", runs=ours, store=target.kind),
        Figure("api_show", "GET /api/v1/complaints/{id}, p50 (baseline: App.get + document in-process)", median(p50s),
               median(floor50s), "s", False, runs=p50s, store=target.kind),
        Figure("api_show_p99", "GET /api/v1/complaints/{id}, p99", median(p99s), median(floor99s), "s", False, runs=p99s,
               store=target.kind),
    ]


__all__ = ["api_figures"]
