"""A real `tousu serve` on a loopback port, and a small HTTP client for it (stdlib only).

`Served.start(desk)` runs ``python -m tousu.cli --config DESK serve --port FREE`` as its own
process, waits until ``/healthz`` answers, and keeps what the server printed (its JSON
access log) for the tests to read. `stop` sends SIGTERM (the clean shutdown), `kill` sends
SIGKILL (the crash).
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from click.testing import CliRunner

#: scrypt cost for test deployments: 2^12 keeps a login at a few milliseconds (production: 2^17).
TEST_PASSWORD_COST = 12
PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_config(desk: Any, **server: Any) -> None:
    """Add a ``[server]`` table to the desk's config (test cost for passwords unless given)."""
    import tomllib

    import tomli_w

    document = tomllib.loads(desk.config_path.read_text(encoding="utf-8"))
    document["server"] = {"password_cost": TEST_PASSWORD_COST, **server}
    if "clock" in document:  # the kit may rehearse (clock = "replay"); a server keeps real time
        document["clock"] = "real"
    desk.close()
    desk.config_path.write_text(tomli_w.dumps(document), encoding="utf-8")


def tousu(desk: Any, *args: str, input: str | None = None) -> Any:
    """Run a ``tousu`` command in-process with `input` on stdin; returns click's result."""
    from tousu.cli import cli

    result = CliRunner().invoke(cli, ["--config", str(desk.config_path), *args], input=input, catch_exceptions=False,
                                env=desk._env(None))  # the desk's own database (PostgreSQL's too)
    return result


def set_password(desk: Any, org: str, staff: str, password: str = PASSWORD) -> None:
    result = tousu(desk, "staff", "set-password", "--org", org, staff, input=password + "\n")
    assert result.exit_code == 0, result.output


def api_token(desk: Any, org: str, staff: str, name: str, expires: str = "90d") -> str:
    result = tousu(desk, "staff", "token", "--org", org, staff, "--name", name, "--expires", expires, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["token"]


class Reply:
    """An HTTP answer: status, headers (lower-case names), body, and the body as JSON."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    def __repr__(self) -> str:
        return f"<Reply {self.status} {self.body[:300]!r}>"


class Served:
    """One server process for a desk."""

    def __init__(self, desk: Any, proc: subprocess.Popen[bytes], port: int, log: Path) -> None:
        self.desk = desk
        self.proc = proc
        self.port = port
        self.log_path = log

    @classmethod
    def start(cls, desk: Any, *, extra: tuple[str, ...] = (), env: dict[str, str] | None = None) -> Served:
        """Start ``tousu serve`` on a free loopback port and wait for ``/healthz``.

        The port is free when chosen, but another process (CI runs three suites at once) may
        bind it before the server does: a server that exits for that alone is started again on
        another port, at most three times; any other exit fails the test as it is."""
        for attempt in range(3):
            port = free_port()
            log = Path(tempfile.mkstemp(prefix="tousu-serve-", suffix=".log", dir=desk.folder)[1])
            handle = log.open("wb")
            proc = subprocess.Popen(
                [sys.executable, "-m", "tousu.cli", "--config", str(desk.config_path), "serve", "--port", str(port), *extra],
                stdout=handle,
                stderr=subprocess.STDOUT,
                env={**os.environ, **(desk._env(env) or {})},  # the desk's own database (PostgreSQL's too)
            )
            handle.close()
            served = cls(desk, proc, port, log)
            try:
                served.wait_ready()
            except AssertionError:
                if attempt < 2 and proc.poll() is not None and "address already in use" in served.output():
                    continue
                raise
            return served
        raise AssertionError("unreachable")  # pragma: no cover - the last attempt returns or raises

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"tousu serve exited {self.proc.returncode}:\n{self.output()}")
            try:
                if self.get("/healthz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        self.kill()
        raise AssertionError(f"tousu serve did not answer /healthz within {timeout}s:\n{self.output()}")

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def access_log(self) -> list[dict[str, Any]]:
        lines = []
        for line in self.output().splitlines():
            if line.startswith("{"):
                lines.append(json.loads(line))
        return lines

    # -- HTTP ---------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        token: str | None = None,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 60,
    ) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            sent = dict(headers or {})
            data = raw
            if body is not None:
                data = json.dumps(body, ensure_ascii=False).encode("utf-8")
                sent.setdefault("Content-Type", "application/json")
            if token is not None:
                sent["Authorization"] = f"Bearer {token}"
            conn.request(method, path, body=data, headers=sent)
            response = conn.getresponse()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            conn.close()

    def get(self, path: str, **options: Any) -> Reply:
        return self.request("GET", path, **options)

    def post(self, path: str, body: Any = None, **options: Any) -> Reply:
        return self.request("POST", path, body if body is not None else {}, **options)

    def login(self, org: str, staff: str, password: str = PASSWORD) -> str:
        reply = self.post("/api/v1/login", {"org": org, "staff": staff, "password": password})
        assert reply.status == 200, reply
        return reply.json["token"]

    # -- stopping -------------------------------------------------------------------------

    def stop(self, timeout: float = 20) -> int:
        """SIGTERM, as a service manager stops it; returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=timeout)
        return self.proc.returncode

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=20)
