"""``tousu import`` shows how far it has come: counts on stderr as it goes (issue 18).

On a terminal the line is rewritten in place after every batch; when stderr is not a
terminal (a log) a plain line comes at most every few seconds (``TOUSU_PROGRESS_SECONDS``,
0 here so the test needs no clock); ``--quiet`` and ``--json`` print none.
"""

from __future__ import annotations

import io
import json
from typing import Any

from tousu.default_plugins.bulk.progress import Progress
from tousu.testing import org

RECORDS = [
    {"channel": "phone", "summary": f"第{n}起 电梯故障", "tier": "minor", "received_at": f"2026-10-0{n}T09:00:00+08:00"}
    for n in range(1, 4)
] + [{"channel": "nowhere", "summary": "坏记录", "received_at": "2026-10-05T09:00:00+08:00"}]


def register(tmp_path: Any) -> Any:
    path = tmp_path / "register.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS) + "\n", encoding="utf-8")
    return path


def test_an_import_to_a_log_prints_its_counts_as_it_goes(make_desk: Any, tmp_path: Any) -> None:
    desk = make_desk(org("estate", ["property_mgmt"], language="zh"))
    path = register(tmp_path)
    result = desk.cli("import", str(path), "--org", "estate", "--actor", "wang", env={"TOUSU_PROGRESS_SECONDS": "0"})
    assert result.code == 1  # one record rejected
    progress = [line for line in result.stderr.splitlines() if line.startswith("导入中")]
    assert progress == ["导入中：已导入 3 条，拒收 1 条（100%）"]
    assert "\r" not in result.stderr  # a log gets plain lines


def test_quiet_and_json_imports_print_no_progress(make_desk: Any, tmp_path: Any) -> None:
    desk = make_desk(org("estate", ["property_mgmt"], language="en"))
    path = register(tmp_path)
    quiet = desk.cli("import", str(path), "--org", "estate", "--actor", "wang", "--quiet", "--dry-run",
                     env={"TOUSU_PROGRESS_SECONDS": "0"})
    assert "importing" not in quiet.stderr and "checking" not in quiet.stderr
    assert "line 4" in quiet.stderr  # the rejected record is still told
    as_json = desk.cli("import", str(path), "--org", "estate", "--actor", "wang", "--json", "--dry-run",
                       env={"TOUSU_PROGRESS_SECONDS": "0"})
    assert "checking" not in as_json.stderr and json.loads(as_json.stdout)["imported"] == 3


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_line_is_rewritten_in_place() -> None:
    screen = Terminal()
    progress = Progress(1000, "en", screen)
    progress.advance(400)
    progress.update(500, 2)
    progress.advance(600)
    progress.update(1000, 3)
    progress.done()
    assert screen.getvalue() == (
        "\rimporting: 500 imported, 2 rejected (40%)\x1b[K\rimporting: 1,000 imported, 3 rejected (100%)\x1b[K\n"
    )


def test_in_a_log_a_line_comes_only_every_few_seconds(monkeypatch: Any) -> None:
    monkeypatch.setenv("TOUSU_PROGRESS_SECONDS", "3600")
    log = io.StringIO()
    progress = Progress(10, "zh", log)
    for n in range(5):
        progress.update(n, 0)
    progress.done()
    assert log.getvalue() == ""  # an hour between lines: none within this test
