"""Server hygiene: headers, CORS, the [server] table, request ids, workers."""

from __future__ import annotations

from typing import Any

import pytest

from tests.server.harness import Served, server_config, tousu


def test_every_answer_carries_the_security_headers(served: Any, tokens: dict[str, str]) -> None:
    for reply in (served.get("/healthz"), served.get("/api/v1/me", token=tokens["wang"]), served.get("/api/v1/nothing")):
        headers = reply.headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["cache-control"] == "no-store"
        assert "server" not in headers  # uvicorn's banner is off
        assert "strict-transport-security" not in headers  # plain HTTP on loopback


def test_a_plain_request_id_is_kept_and_anything_else_replaced(served: Any) -> None:
    assert served.get("/healthz", headers={"X-Request-ID": "desk-42-abcdef"}).headers["x-request-id"] == "desk-42-abcdef"
    forged = served.get("/healthz", headers={"X-Request-ID": "x\"}, {\"staff\": \"zhou"}).headers["x-request-id"]
    assert forged != "x" and len(forged) == 32


def test_cors_is_off_unless_origins_are_configured(served: Any, serve: Any) -> None:
    preflight = {"Origin": "https://desk.example.com", "Access-Control-Request-Method": "POST"}
    assert "access-control-allow-origin" not in served.request("OPTIONS", "/api/v1/complaints", headers=preflight).headers
    assert "access-control-allow-origin" not in served.get("/healthz", headers={"Origin": "https://desk.example.com"}).headers
    allowing = serve(cors_origins=["https://desk.example.com"])
    answer = allowing.request("OPTIONS", "/api/v1/complaints", headers={**preflight, "Access-Control-Request-Headers": "authorization"})
    assert answer.status == 200
    assert answer.headers["access-control-allow-origin"] == "https://desk.example.com"
    other = allowing.request("OPTIONS", "/api/v1/complaints", headers={**preflight, "Origin": "https://evil.example"})
    assert other.headers.get("access-control-allow-origin") != "https://evil.example"
    assert "access-control-allow-credentials" not in answer.headers


@pytest.mark.parametrize(
    ("server", "words"),
    [
        ({"prot": 8000}, "server"),
        ({"port": "eight thousand"}, "server.port"),
        ({"port": 70000}, "server.port"),
        ({"login_window": "a while"}, "server.login_window"),
        ({"cors_origins": ["desk.example.com"]}, "server.cors_origins"),
        ({"password_cost": 4}, "server.password_cost"),
    ],
)
def test_a_wrong_server_table_is_one_line_naming_the_key(tmp_path: Any, server: dict[str, Any], words: str) -> None:
    from tests.server.conftest import make_deployment

    desk = make_deployment(tmp_path / "d", passwords=False)
    server_config(desk, **server)
    result = tousu(desk, "serve", "--port", "1")
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr
    desk.close()


def test_two_worker_processes_serve_the_same_register(tmp_path: Any) -> None:
    from tests.server.conftest import make_deployment

    desk = make_deployment(tmp_path / "d")
    server = Served.start(desk, extra=("--workers", "2"))
    try:
        token = server.login("acme", "wang")
        made = [server.post("/api/v1/complaints", {"channel": "phone", "summary": f"w{i}"}, token=token) for i in range(10)]
        assert [m.status for m in made] == [201] * 10
        assert len({m.json["id"] for m in made}) == 10
    finally:
        assert server.stop() in (0, -15)
        desk.close()
