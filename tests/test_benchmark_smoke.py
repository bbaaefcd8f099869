"""The benchmark runs end to end at a tiny scale: it prints its table and writes its JSON.

Never a pass/fail on timing (CI machines vary); only that every scenario ran and reported
tousu's figure, its same-run baseline and their ratio.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


@pytest.mark.sqlite_only("the benchmark's SQLite figures; with a server, the test below runs both stores")
def test_the_benchmark_at_a_tiny_scale_prints_its_table_and_writes_every_key(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, str(RUN), "--scale", "0.0005", "--runs", "1", "--out", str(out)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "| scenario | key | tousu | baseline | ratio |" in done.stdout
    document = json.loads(out.read_text(encoding="utf-8"))
    for key in ("import", "intake", "sweep", "due", "report", "cli_start", "import_memory"):
        entry = document[key]
        assert set(entry) >= {"tousu", "baseline", "ratio", "unit"}, key
        assert entry["tousu"] > 0, key
        assert entry["baseline"] > 0 and entry["ratio"] > 0, key
        assert f"`{key}" in done.stdout, key
    assert document["meta"]["scale"] == 0.0005


#: Every key a run writes at the smoke test's scale (50 and 500 complaints in the register).
EVERY_KEY = (
    "import", "intake", "intake_normal", "sweep", "due", "report", "report_document", "cli_start", "import_memory",
    "api_intake", "api_show", "api_show_p99",
    *(f"{key}@{size}" for size in (50, 500) for key in (
        "due", "sweep", "sweep_write_floor", "search_rare", "search_common", "search_phone", "search_rare_receptionist")),
)


@pytest.mark.postgres_only
def test_the_benchmark_with_a_store_runs_every_key_on_sqlite_and_postgresql_in_one_run(tmp_path: Path) -> None:
    import os

    import psycopg

    from tousu.default_plugins.store import postgres_testdb

    server = postgres_testdb.server()
    assert server
    out = tmp_path / "bench.json"
    env = {name: value for name, value in os.environ.items() if name != "TOUSU_DATABASE"}
    run = subprocess.Popen(
        [sys.executable, str(RUN), "--scale", "0.0005", "--runs", "1", "--store", server, "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    stdout, stderr = run.communicate(timeout=600)
    done = subprocess.CompletedProcess(run.args, run.returncode, stdout, stderr)
    assert done.returncode == 0, done.stderr[-2000:]
    header = "| scenario | key | SQLite tousu | SQLite baseline | ratio | PostgreSQL tousu | PostgreSQL baseline | ratio |"
    assert header in done.stdout
    rows = {line.split("|")[2].strip().strip("`"): line for line in done.stdout.splitlines() if line.count("`") == 2}
    document = json.loads(out.read_text(encoding="utf-8"))
    postgres = document["postgresql"]
    for key in EVERY_KEY:
        for store, figures in (("sqlite", document), ("postgresql", postgres)):
            entry = figures[key]
            assert set(entry) >= {"tousu", "baseline", "ratio", "unit"}, (store, key)
            assert entry["tousu"] > 0 and entry["baseline"] > 0 and entry["ratio"] > 0, (store, key)
        if "@" in key or key not in ("sweep", "due"):  # sweep and due are the JSON's names for the large size
            cells = [cell.strip() for cell in rows[key].split("|")[3:-1]]
            assert len(cells) == 6 and "—" not in cells, (key, rows[key])
    assert document["meta"]["scale"] == 0.0005 and "sqlite" in document["meta"]
    assert postgres["meta"]["server_version"] and postgres["meta"]["settings"]["synchronous_commit"]
    with psycopg.connect(server, autocommit=True) as conn:  # every database the run made is gone
        left = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", (f"tousu_bench_{run.pid}_%",))
        assert left.fetchall() == []


@pytest.mark.sqlite_only("the instruction counts are taken on SQLite")
def test_the_instruction_counts_workloads_run_a_unit() -> None:
    """``intake_instructions`` and ``act_instructions`` (what valgrind counts) run at all."""
    for script, args in (("intake_instructions.py", ["tousu", "1"]), ("act_instructions.py", ["1"])):
        done = subprocess.run(
            [sys.executable, str(RUN.parent / script), *args],
            capture_output=True, text=True, timeout=120, env={**os.environ, "W": "1"},
        )
        assert done.returncode == 0, (script, done.stderr[-2000:])
