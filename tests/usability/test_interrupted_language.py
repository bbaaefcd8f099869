"""A command stopped with Ctrl-C says so in the organization's language, in one line.

A receptionist of a zh desk who presses Ctrl-C in the middle of ``tousu due`` reads that
nothing was written in Chinese, like every other error line of that desk; an en desk reads it
in English. Exit code 1, nothing on stdout, no traceback.
"""

from __future__ import annotations

from typing import Any

import pytest

from tousu.app import App
from tousu.testing import org


def _interrupted(*_args: Any, **_kwargs: Any) -> Any:
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    ("language", "line"),
    [("zh", "已中断；本命令未写入任何内容"), ("en", "interrupted; nothing of the command was written")],
)
def test_ctrl_c_during_a_command_is_told_in_the_desks_language(
    make_desk: Any, monkeypatch: pytest.MonkeyPatch, language: str, line: str
) -> None:
    desk = make_desk(org("estate", ["property_mgmt"], language=language))
    monkeypatch.setattr(App, "due", _interrupted)
    result = desk.cli("due", "--org", "estate")
    assert result.code == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert line in result.stderr
