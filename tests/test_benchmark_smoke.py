"""The benchmark runs end to end at a tiny scale: it prints its table and writes its JSON.

Never a pass/fail on timing (CI machines vary); only that every scenario ran and reported
tousu's figure, its same-run baseline and their ratio.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


@pytest.mark.sqlite_only("the benchmark measures the SQLite store (benchmarks/run.py --store is not built)")
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
