"""A zh deployment's operator commands speak Chinese (issue 18): verify, purge, outbox, deliver,
plugins, domains, serve and staff print no English except ids and what the operator typed.

The language is the addressed organization's (``--org``), else the deployment's when all its
organizations share one. An en deployment reads the same commands in English.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tests.public.conftest import notifying
from tests.public.receivers import smtp_server
from tests.server.harness import tousu
from tests.usability.test_one_language import CJK
from tests.usability.test_plugin_texts import ALLOWED_RE, english_left
from tousu.testing import org

#: Latin a zh operator's line may hold besides ids: the channels the operator configured, the
#: contact the complainant gave (masked), the secret token printed once, hashes and addresses,
#: settings keys (snake_case) and the config file's name.
OPERATOR_ALLOWED = re.compile(
    r"(?<![\w-])(?:hotline|email|zhang@example\.com|z\*+@example\.com|tsk_\S+|[0-9a-f]{12,}|http://\S+|"
    r"SIGTERM|Ctrl\+C|default:\w+|[a-z]+_[a-z_]+|tousu\.toml)(?![\w-])"
)


def deployment_ids(desk: Any) -> set[str]:
    """Every id the deployment's vocabulary has: plugins, hooks, domains, channels, tiers, actions..."""
    ids = {"tousu", "shop", "freeze"}
    for entry in json.loads(tousu(desk, "plugins", "--json").stdout):
        ids.update([entry["name"], *entry["hooks"], *entry["domains"], *entry["contributes"]["commands"]])
        ids.update(entry["contributes"]["actions"])
    for doc in json.loads(tousu(desk, "domains", "--json").stdout):
        ids.add(doc["plugin"])
        for key in ("channels", "categories", "tiers", "deadlines", "steps", "roles", "fields", "actions"):
            ids.update(item["id"] for item in doc[key])
    return ids


def zh_leaks(output: str, ids: set[str]) -> list[str]:
    leaks = []
    for line in output.splitlines():
        if line.startswith("{"):  # the server's JSON access log: a machine's line
            continue
        rest = re.sub(r"[A-Za-z_][\w]*", lambda m: " " if m.group() in ids else m.group(), OPERATOR_ALLOWED.sub(" ", ALLOWED_RE.sub(" ", line)))
        word = english_left(rest)
        if word:
            leaks.append(f"{word!r} in: {line}")
    return leaks


def test_a_zh_deployment_runs_every_operator_command_in_chinese(make_desk: Any, clock: Any) -> None:
    with smtp_server() as smtp:
        desk = make_desk(notifying("shop", "retail", "zh", smtp_port=smtp.port))
        made = desk.complaint("shop", summary="冰箱不制冷", contact="zhang@example.com", complainant="张先生")
        outputs = []

        def run(*args: str, code: int = 0, stdin: str | None = None) -> None:
            result = tousu(desk, *args, input=stdin)
            assert result.exit_code == code, (args, result.output)
            outputs.append(result.output + (result.stderr if result.stderr_bytes is not None else ""))

        run("outbox")
        run("deliver", "--at", clock.iso())
        run("outbox", "--org", "shop")
        run("outbox", "--status", "dead")
        run("outbox", "retry", "x1", code=2)
        run("outbox", "retry", "999", code=2)
        run("outbox", "retry", "1", code=1)
        run("verify")
        run("verify", "--org", "shop")
        run("purge", "--org", "shop", "--actor", "li", "--dry-run", code=2)
        run("purge", "--org", "shop", "--actor", "li", "--before", "2027-01-01", "--dry-run", "--at", clock.iso(), code=2)
        run("purge", "--org", "shop", "--actor", "li", "--before", "2026-01-01", "--at", clock.iso())
        run("plugins")
        run("domains")
        run("staff", "set-password", "--org", "shop", "wang", stdin="short\n", code=2)
        run("staff", "set-password", "--org", "shop", "wang", stdin="a long enough passphrase 42\n")
        run("staff", "token", "--org", "shop", "wang", "--name", "hotline")
        run("staff", "token", "--org", "shop", "wang", "--name", "hotline", code=2)
        run("staff", "list", "--org", "shop")
        run("staff", "revoke", "--org", "shop", "wang", "--name", "hotline")
        run("staff", "revoke", "--org", "shop", "wang", "--name", "hotline", code=2)
        run("staff", "revoke", "--org", "shop", "wang")
        run("staff", "list", "--org", "shop")
        run("staff", "token", "--org", "shop", "nobody", "--name", "x", code=2)
        print("\n=====\n".join(outputs))
        staff = desk.app.org("shop").staff
        typed = {"x1", "nobody", "x"}
        ids = deployment_ids(desk) | set(staff) | {m.role for m in staff.values()} | typed
        leaks = [leak for out in outputs for leak in zh_leaks(out, ids)]
        assert leaks == [], "\n".join(leaks)
        assert made.id


def test_a_broken_chain_and_a_tampered_row_read_in_chinese(make_desk: Any) -> None:
    from tests.trust.test_chain import tamper

    desk = make_desk(org("shop", ["retail"], language="zh"))
    desk.complaint("shop", summary="冰箱不制冷")
    desk.complaint("shop", summary="电视没有声音")
    tamper(desk, "UPDATE events SET actor = 'li' WHERE seq = 2")
    broken = desk.cli("verify")
    assert broken.code == 1
    assert "哈希链断开：shop 的处理记录第 2 行" in broken.stderr and "哈希不符" in broken.stderr, broken.stderr
    assert english_left(re.sub(r"C\d{8}|shop|tousu", " ", broken.stderr)) is None, broken.stderr


def test_serve_says_where_it_listens_in_the_deployments_language(tmp_path: Any) -> None:
    from tests.server.harness import Served, server_config
    from tousu.testing import Clock, Desk, default_start

    desk = Desk(tmp_path, org("shop", ["retail"], language="zh"), "NORMAL", Clock(default_start()))
    server_config(desk)
    server = _start(Served, desk)
    assert server.get("/healthz").status == 200
    assert server.stop() in (0, -15)
    desk.close()
    said = [line for line in server.output().splitlines() if not line.startswith("{")]
    assert any(line.startswith("tousu: 正在 http://127.0.0.1:") for line in said), said
    assert "tousu: 服务已就绪" in said and "tousu: 服务已停止" in said, said
    assert [english_left(OPERATOR_ALLOWED.sub(" ", ALLOWED_RE.sub(" ", line))) for line in said] == [None] * len(said)


def _start(served: Any, desk: Any) -> Any:
    """`Served.start` with a longer wait: on a loaded machine the first start may take a while."""
    import os
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    from tests.server.harness import free_port

    port = free_port()
    log = Path(tempfile.mkstemp(prefix="tousu-serve-", suffix=".log", dir=desk.folder)[1])
    with log.open("wb") as handle:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tousu.cli", "--config", str(desk.config_path), "serve", "--port", str(port)],
            stdout=handle, stderr=subprocess.STDOUT, env=dict(os.environ),
        )
    server = served(desk, proc, port, log)
    server.wait_ready(timeout=120)
    return server


def test_an_en_deployment_reads_the_operator_commands_in_english(make_desk: Any) -> None:
    desk = make_desk(org("shop", ["retail"], language="en"))
    desk.complaint("shop", summary="fridge not cooling")
    assert desk.cli("verify").stdout.startswith("ok: 1 rows verified (1 events, 0 audit) in 1 organization(s)")
    assert "no messages" in desk.cli("outbox").stdout
    listing = desk.cli("plugins").stdout
    assert "  hooks:     " in listing and "who may, in shop:" in listing
    assert not CJK.search(listing + desk.cli("staff", "list", "--org", "shop").stdout)
