"""Import that tells the truth: an import run again continues, an interrupted one says what it wrote.

Procedures tried through the CLI:

- the same file imported twice (records with a ``ref``, with only an ``id``, with neither,
  and a CSV with a ``ref`` column): the second run skips every record, counts them
  ("skipped N already imported"), and the register holds each record once;
- a real ``tousu import`` process of a file of many batches is sent SIGINT (Ctrl-C), or
  SIGTERM, once its first batches are committed: it exits 1 saying exactly how many records
  and which lines are in ("imported 1,500 of 4,000 (lines 1–1,500); run the same command
  again to continue"), the register holds exactly that many; the same command run again
  finishes, and the register then holds every record of the file once.
"""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.figures import scaled
from tousu.testing import org

T0 = "2026-10-01T09:00:00+08:00"


@pytest.fixture
def desk(make_desk: Any) -> Any:
    return make_desk(org("acme", ["retail"]))


def _record(n: int, **extra: Any) -> dict[str, Any]:
    return {"channel": "phone", "summary": f"record {n} of the old register", "received_at": T0, **extra}


def _write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _complaints(desk: Any) -> int:
    return int(desk.query("SELECT count(*) FROM complaints WHERE org = 'acme'")[0][0])


def test_the_same_import_run_again_skips_every_record_already_in(desk: Any, tmp_path: Path, figures: Any) -> None:
    # a register of 1,200 records (three batches): a third with a ref, a third with an id, a third with neither
    records = [_record(n, ref=f"OLD-{n}") if n % 3 == 0 else _record(n, id=f"C{n}") if n % 3 == 1 else _record(n)
               for n in range(1200)]
    path = _write_jsonl(tmp_path / "old.jsonl", records)
    first = desk.cli("import", str(path), "--org", "acme", "--actor", "wang", "--quiet")
    assert first.code == 0, first.stderr
    assert "skipped" not in first.stdout and _complaints(desk) == 1200
    again = desk.cli("import", str(path), "--org", "acme", "--actor", "wang", "--quiet")
    assert again.code == 0, again.stderr
    assert "imported 0 record(s), rejected 0, skipped 1,200 already imported" in again.stdout
    assert _complaints(desk) == 1200  # never twice
    document = desk.json("import", str(path), "--org", "acme", "--actor", "wang")
    assert (document["imported"], document["skipped"], document["interrupted"]) == (0, 1200, False)
    # a file that grew since: only the new records come in
    _write_jsonl(path, [*records, _record(5000, ref="OLD-5000"), _record(5001)])
    grown = desk.json("import", str(path), "--org", "acme", "--actor", "wang")
    assert (grown["imported"], grown["skipped"]) == (2, 1200) and _complaints(desk) == 1202
    figures(f"import run again: 3 runs of a 1,200-record register, {1200 * 3} records skipped, 0 duplicated")


def test_a_csv_register_with_a_ref_column_is_imported_once(desk: Any, tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ref", "channel", "summary", "received_at"])
        for n in range(30):
            writer.writerow([f"R{n}", "phone", f"row {n}", T0])
    assert desk.cli("import", str(path), "--org", "acme", "--actor", "wang").code == 0
    again = desk.cli("import", str(path), "--org", "acme", "--actor", "wang")
    assert again.code == 0 and "skipped 30 already imported" in again.stdout
    assert _complaints(desk) == 30
    # the ref is per organization: another org's register may use the same ids
    assert desk.json("import", "--dry-run", str(path), "--org", "acme", "--actor", "wang")["skipped"] == 30


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_import_says_what_it_committed_and_the_same_command_continues(
    desk: Any, tmp_path: Path, figures: Any, signum: int
) -> None:
    total = scaled("TOUSU_IMPORT_RESUME_RECORDS", 4000)
    path = _write_jsonl(tmp_path / "big.jsonl", [_record(n) for n in range(total)])  # no ref: each line's hash
    args = ["--config", str(desk.config_path), "import", str(path), "--org", "acme", "--actor", "wang"]
    env = {**os.environ, **(desk._env(None) or {}), "TOUSU_PROGRESS_SECONDS": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "tousu.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 120
    # wait until the first batches are committed (read beside the import: readers never wait)
    while time.monotonic() < deadline and proc.poll() is None:
        if desk.has_database() and _has_complaints(desk, 1000):
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the import ended before it could be interrupted; raise TOUSU_IMPORT_RESUME_RECORDS"
    proc.send_signal(signum)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, (proc.returncode, err)
    assert "Traceback" not in err and "nothing of the command was written" not in err
    told = re.search(r"interrupted: imported ([\d,]+) of ([\d,]+) \(lines 1–([\d,]+)\); "
                     r"run the same command again to continue", err)
    assert told, err
    imported, of, lines = (int(g.replace(",", "")) for g in told.groups())
    in_register = _complaints(desk)
    assert of == total
    assert imported == in_register and lines == in_register  # exactly what is committed, no blank or bad line
    assert 1000 <= imported < total
    again = subprocess.run([sys.executable, "-m", "tousu.cli", *args, "--quiet"], capture_output=True, text=True,
                           env=env, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"skipped {imported:,} already imported" in again.stdout
    assert _complaints(desk) == total
    distinct = desk.query("SELECT count(DISTINCT summary) FROM complaints WHERE org = 'acme'")[0][0]
    assert distinct == total  # each record once
    figures(f"import interrupted by {signal.Signals(signum).name} at {imported:,} of {total:,} records: "
            f"message exact, rerun imported {total - imported:,}, 0 duplicates")


def _has_complaints(desk: Any, count: int) -> bool:
    try:
        return _complaints(desk) >= count
    except Exception:  # the schema is being created
        return False
