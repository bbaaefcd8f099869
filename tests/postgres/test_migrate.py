"""``tousu migrate --to postgresql://…``: the demo deployment, written on SQLite, copied onto
PostgreSQL, reads the same there (verify's chain heads, every organization's report, each
complaint's history), and a second run adds only what was recorded since."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from tousu.default_plugins.reporting.frozen import NOT_FIGURES

pytestmark = pytest.mark.postgres_only


def tousu(config: Path, *args: str, database: str | None = None) -> subprocess.CompletedProcess[str]:
    """A command on the SQLite deployment, or (`database`) on its PostgreSQL copy."""
    env = {k: v for k, v in os.environ.items() if k != "TOUSU_DATABASE"}
    if database:
        config = config.with_name("postgresql.toml")
    return subprocess.run(
        [sys.executable, "-m", "tousu.cli", "--config", str(config), *args],
        capture_output=True, text=True, env=env, timeout=300,
    )


def doc(config: Path, *args: str, database: str | None = None) -> Any:
    """The JSON document a command printed (the test fails with its stderr if it failed)."""
    done = tousu(config, *args, database=database)
    assert done.returncode == 0, f"tousu {' '.join(args)} ({'PostgreSQL' if database else 'SQLite'}): {done.stderr}"
    return json.loads(done.stdout)


def figures(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k not in NOT_FIGURES}


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """``tousu demo --keep`` on SQLite: its config file (the folder is the demo's)."""
    env = {k: v for k, v in os.environ.items() if k != "TOUSU_DATABASE"}
    done = subprocess.run([sys.executable, "-m", "tousu.cli", "demo", "--keep"], capture_output=True, text=True,
                          env=env, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    folder = Path(done.stdout.splitlines()[0].split(" in ", 1)[1].split(" with ", 1)[0])
    yield folder / "tousu.toml"
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def test_the_demo_moves_to_postgresql_and_reads_the_same_there(demo: Path) -> None:
    target = os.environ["TOUSU_DATABASE"]  # this test's fresh PostgreSQL database
    moved = tousu(demo, "migrate", "--to", target, "--json")
    assert moved.returncode == 0, moved.stderr
    copy = json.loads(moved.stdout)
    assert copy["ok"] and copy["tables"]["events"]["copied"] == copy["tables"]["events"]["rows"] > 0
    for table in ("events", "audit", "personal", "complaints", "deadlines"):
        assert table in copy["tables"]
    # a second run copies nothing new and checks again; after more work here, only that work
    again = doc(demo, "migrate", "--to", target, "--json")
    assert again["ok"] and again["tables"]["events"]["copied"] == 0
    assert again["tables"]["events"]["kept"] == copy["tables"]["events"]["rows"]
    first_org = next(iter(tomllib.loads(demo.read_text(encoding="utf-8"))["orgs"]))
    assert tousu(demo, "intake", "--org", first_org, "--summary", "after the first copy", "--channel", "phone",
                 "--at", "2026-11-20T10:00:00+08:00", "--actor",
                 next(iter(tomllib.loads(demo.read_text(encoding="utf-8"))["orgs"][first_org]["staff"]))).returncode == 0
    third = doc(demo, "migrate", "--to", target, "--json")
    assert third["tables"]["events"]["copied"] >= 1
    assert third["tables"]["events"]["rows"] == copy["tables"]["events"]["rows"] + third["tables"]["events"]["copied"]
    # the PostgreSQL deployment: the same config, naming the server and the files' folder
    settings = tomllib.loads(demo.read_text(encoding="utf-8"))
    settings["database"] = target
    settings.setdefault("attachments", {})["folder"] = copy["attachments_folder"]
    moved_config = demo.with_name("postgresql.toml")
    moved_config.write_text(tomli_w.dumps(settings), encoding="utf-8")
    # the hash chains: the same heads, verified on PostgreSQL (the attached files too)
    here = doc(demo, "verify", "--json")
    there = doc(demo, "verify", "--json", database=target)
    assert here["ok"] and there["ok"] and here["head"] == there["head"] and here["count"] == there["count"]
    # every organization's October, and every complaint's history, as on SQLite
    orgs = {c["org"] for c in here["chains"]}
    staff = {}
    for org_id, table in settings["orgs"].items():
        staff[org_id] = next(s for s, v in table["staff"].items() if v["role"] in ("manager", "general_manager"))
    for org_id in sorted(orgs):
        args = ("report", "--org", org_id, "--month", "2026-10", "--json", "--at", "2026-11-15T12:00:00+08:00")
        assert figures(doc(demo, *args, database=target)) == figures(doc(demo, *args)), org_id
        listed = doc(demo, "list", "--org", org_id, "--json", "--actor", staff[org_id])
        for row in listed["complaints"][:5] if isinstance(listed, dict) else listed[:5]:
            show = ("show", row["id"], "--json", "--actor", staff[org_id])
            assert doc(demo, *show, database=target) == doc(demo, *show)
    # the copy took writes of its own (the audit rows of those views in clear): a run now would
    # mix two histories, and is refused with nothing changed
    refused = tousu(demo, "migrate", "--to", target)
    assert refused.returncode == 1 and "another history" in refused.stderr
