"""One bad line never aborts the rest of an import, and no input makes it hang or eat memory.

Mistakes and attacks tried through the CLI, each between good records that must come in:
a line of JSON nested 100,000 deep; a line of 6 MiB (refused on its own, read no further
than the 4 MiB cap: the importing process's peak memory stays bounded, measured); a line
that is not UTF-8; a FIFO and a directory given as FILE (one line, exit 2, no hang).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tousu.testing import org

T0 = "2026-10-01T09:00:00+08:00"


@pytest.fixture
def desk(make_desk: Any) -> Any:
    return make_desk(org("acme", ["retail"]))


def _good(n: int, file: str = "") -> bytes:
    record = {"channel": "phone", "summary": f"good record {n} of {file}", "received_at": T0}
    return (json.dumps(record) + "\n").encode()


def _between_good(path: Path, bad: bytes) -> Path:
    """good, good, BAD, good, good: the bad line is line 3."""
    good = [_good(n, path.name) for n in (1, 2, 4, 5)]  # each file's own records (the same would be skipped)
    path.write_bytes(good[0] + good[1] + bad + b"\n" + good[2] + good[3])
    return path


def _complaints(desk: Any) -> int:
    return int(desk.query("SELECT count(*) FROM complaints WHERE org = 'acme'")[0][0])


def _rejects_line_3(desk: Any, path: Path, reason: str) -> str:
    result = desk.cli("import", str(path), "--org", "acme", "--actor", "wang", "--quiet")
    assert result.code == 1 and "Traceback" not in result.stderr and "internal error" not in result.stderr, result
    assert f"line 3: {reason}" in result.stderr, result.stderr
    assert "imported 4 record(s)" in result.stdout
    return result.stderr


def test_json_nested_100k_deep_is_one_rejected_line(desk: Any, tmp_path: Path, figures: Any) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    _rejects_line_3(desk, _between_good(tmp_path / "deep.jsonl", deep), "nested deeper than 64 levels")
    inside = b'{"channel": "phone", "summary": "s", "received_at": "' + T0.encode() + b'", "fields": ' + \
        b'{"a": ' * 70 + b"1" + b"}" * 70 + b"}"
    _rejects_line_3(desk, _between_good(tmp_path / "deep-fields.jsonl", inside), "nested deeper than 64 levels")
    assert _complaints(desk) == 8
    figures("import: JSON nested 100,000 and 71 deep, 2 lines refused, 8 good records around them imported")


def test_a_huge_line_is_refused_with_bounded_memory(desk: Any, tmp_path: Path, figures: Any) -> None:
    small = _between_good(tmp_path / "small.jsonl", _good(3).strip())
    huge = _between_good(tmp_path / "huge.jsonl", b'{"summary": "' + b"x" * (48 * 1024 * 1024) + b'"}')
    base = desk.subprocess("import", str(small), "--org", "acme", "--actor", "wang", "--quiet")
    assert base.code == 0, base.stderr
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB: the largest child so far
    result = desk.subprocess("import", str(huge), "--org", "acme", "--actor", "wang", "--quiet", timeout=300)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert result.code == 1 and "Traceback" not in result.stderr, result.stderr
    assert "line 3: line longer than 4 MiB, not read" in result.stderr
    assert "imported 4 record(s)" in result.stdout and _complaints(desk) == 9
    grown = max(0, after - before) / 1024
    assert grown < 24, f"a 48 MiB line grew the import's peak memory by {grown:.0f} MiB"
    figures(f"import: a 48 MiB line refused, peak memory {after / 1024:.0f} MiB ({grown:.0f} MiB over a small import)")


def test_a_line_that_is_not_utf8_is_one_rejected_line(desk: Any, tmp_path: Path) -> None:
    latin = '{"channel": "phone", "summary": "caf\u00e9", "received_at": "2026-10-01T09:00:00+08:00"}'.encode("latin-1")
    _rejects_line_3(desk, _between_good(tmp_path / "latin.jsonl", latin), "not valid UTF-8")
    gbk = '{"channel": "phone", "summary": "电梯故障", "received_at": "2026-10-01T09:00:00+08:00"}'.encode("gbk")
    _rejects_line_3(desk, _between_good(tmp_path / "gbk.jsonl", gbk), "not valid UTF-8")
    assert _complaints(desk) == 8


def test_a_directory_or_a_fifo_as_file_is_one_line_and_exit_2(desk: Any, tmp_path: Path, figures: Any) -> None:
    folder = tmp_path / "register.jsonl"
    folder.mkdir()
    line = desk.fails("import", str(folder), "--org", "acme", "--actor", "wang", code=2)
    assert "a directory" in line
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    try:  # in a process of its own: opening a FIFO nobody writes to would wait forever
        result = desk.subprocess("import", str(fifo), "--org", "acme", "--actor", "wang", timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("tousu import waited on a FIFO")
    assert result.code == 2 and "a FIFO" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    missing = desk.fails("import", str(tmp_path / "none.jsonl"), "--org", "acme", "--actor", "wang", code=2)
    assert "cannot read" in missing
    figures("import: a directory, a FIFO and a missing file as FILE: 3 one-line refusals, exit 2, no wait")
