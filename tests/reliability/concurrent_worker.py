"""One worker of the concurrency test: a separate process running real CLI commands.

``python concurrent_worker.py CONFIG ROLE SEED COUNT START OUT [IDS...]`` waits until the
wall-clock instant START (so that all workers begin together), then runs COUNT commands of
its ROLE through the click CLI in-process (the same code path as the ``tousu`` script, each
command opening its own database connection), and writes one JSON line per command to OUT:
``{"args": [...], "code": 0, "stderr": "...", "seconds": 0.01}``.

Roles: ``intake`` (complaints received three days ago, so their clocks have run out),
``actor`` (moves random open complaints along), ``sweep``, ``reader`` (show, list, due),
``closer`` (closes each of IDS in turn, as a given staff member).
"""

from __future__ import annotations

import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner

from tousu.cli import cli

NEXT = {
    "received": ("forward", "--to", "工程部"),
    "acknowledged": ("forward", "--to", "工程部"),
    "forwarded": ("sign",),
    "in_progress": ("resolve",),
    "resolved": ("note", "--note", "checked by phone"),
}


def main(config: str, role: str, seed: int, count: int, start: float, out: str, ids: list[str]) -> None:
    rng = random.Random(seed)
    runner = CliRunner()
    results = []

    def run(*args: str) -> tuple[int, str, str]:
        began = time.perf_counter()
        result = runner.invoke(cli, ["--config", config, *args])
        seconds = time.perf_counter() - began
        stderr = result.stderr
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            stderr += f"UNCAUGHT {type(result.exception).__name__}: {result.exception}"
        results.append({"args": list(args), "code": result.exit_code, "stderr": stderr, "seconds": seconds})
        return result.exit_code, result.stdout, stderr

    while time.time() < start:
        time.sleep(0.001)
    if role == "closer":
        actor = ids.pop(0)
        for cid in ids:
            time.sleep(rng.random() * 0.01)  # so that either side may get there first
            run("act", cid, "close", "--actor", actor)
    for _ in range(count if role != "closer" else 0):
        if role == "intake":
            received = datetime.now(UTC) - timedelta(days=3, minutes=rng.randint(0, 600))
            org_id = rng.choice(["acme", "beta"])
            # tousu assumes no actor (issue 13): each org's receptionist records
            run("intake", "--org", org_id, "--channel", "phone", "--summary",
                f"concurrent complaint {rng.randint(0, 10**6)}", "--at", received.isoformat(), "--json",
                "--actor", {"acme": "wang", "beta": "sun"}[org_id])
        elif role == "actor":
            code, stdout, _ = run("list", "--org", "acme", "--status", "open", "--json")
            listed = json.loads(stdout) if code == 0 else []
            if listed:
                chosen = rng.choice(listed)
                run("act", chosen["id"], *NEXT[chosen["status"]], "--actor", "li")
        elif role == "sweep":
            run("sweep")
            time.sleep(0.01)
        elif role == "reader":
            code, stdout, _ = run("list", "--org", "acme", "--json")
            listed = json.loads(stdout) if code == 0 else []
            if listed:
                run("show", rng.choice(listed)["id"], "--json")
            run("due", "--org", rng.choice(["acme", "beta"]), "--within", "3d")
    with open(out, "w", encoding="utf-8") as handle:
        for item in results:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), sys.argv[6], sys.argv[7:])
