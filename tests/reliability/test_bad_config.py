"""Malformed and hostile ``tousu.toml`` files, replayed from the corpus kept in the repository.

Every file in ``corpus/configs/`` starts with ``# expect: TEXT``. Each is used as the config of
real commands: the command exits 2 with one line on stderr that contains TEXT (the key's
path and what was expected), no traceback, and no database is created or touched. Add a file
to the folder to add a case; nothing else needs to change.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.reliability.rely_plugin import RelyPlugin
from tests.stores import only_on_sqlite
from tousu.cli import cli

CORPUS = Path(__file__).with_name("corpus") / "configs"
CASES = sorted(CORPUS.glob("*.toml"))
COMMANDS = (
    ("list", "--org", "acme"),
    ("intake", "--org", "acme", "--channel", "phone", "--summary", "x", "--at", "2026-10-01T09:00:00+08:00"),
    ("sweep", "--at", "2026-10-01T09:00:00+08:00"),
)


def _expectation(path: Path) -> str:
    first = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    assert first.startswith("# expect: "), f"{path.name}: the first line must be '# expect: TEXT'"
    return first.removeprefix("# expect: ")


def run(config: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--config", str(config), *args], catch_exceptions=False)


def assert_one_line_refusal(result: Any, expected: str) -> str:
    assert result.exit_code == 2, (result.exit_code, result.stderr, result.stdout)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("tousu: error: ")
    assert expected in lines[0], f"expected {expected!r} in {lines[0]!r}"
    assert "\x1b" not in result.stderr  # nothing from the file reaches the terminal raw
    return lines[0]


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_each_malformed_config_in_the_corpus_is_refused_with_its_path_and_nothing_is_written(
    tmp_path: Path, rely: RelyPlugin, case: Path
) -> None:
    if case.stem == "database_is_a_folder":
        only_on_sqlite("configures a SQLite file path that cannot be a database")
    config = tmp_path / "tousu.toml"
    shutil.copyfile(case, config)
    for command in COMMANDS:
        assert_one_line_refusal(run(config, *command), _expectation(case))
    assert not (tmp_path / "tousu.db").exists()


def test_the_corpus_covers_every_kind_of_config_fault_the_issue_names(figures: Any) -> None:
    names = {c.stem for c in CASES}
    for kind in ("wrong_type", "unknown", "unknown_plugin", "negative_money", "float_money", "invalid_utf8", "nested"):
        assert any(kind in name for name in names), kind
    figures(f"bad configs: {len(CASES)} corpus files × {len(COMMANDS)} commands refused with exit 2, one line, no database")


def test_a_huge_config_is_refused_before_it_is_parsed(tmp_path: Path, rely: RelyPlugin) -> None:
    config = tmp_path / "tousu.toml"
    with config.open("w", encoding="utf-8") as handle:
        handle.write('[orgs.acme]\nplugins = ["rely"]\n')
        line = "# " + "x" * 1022 + "\n"
        for _ in range(20 * 1024):  # 20 MiB of comments
            handle.write(line)
    result = run(config, "list", "--org", "acme")
    assert_one_line_refusal(result, "larger than")
    assert not (tmp_path / "tousu.db").exists()


@pytest.mark.sqlite_only("configures a SQLite file path that is not a database")
def test_a_database_path_that_is_not_a_database_is_refused_and_left_as_it_was(tmp_path: Path, rely: RelyPlugin) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database, but someone's notes\n" * 50, encoding="utf-8")
    before = notes.read_bytes()
    config = tmp_path / "tousu.toml"
    config.write_text('database = "notes.txt"\n[orgs.acme]\nplugins = ["rely"]\n', encoding="utf-8")
    assert_one_line_refusal(run(config, "list", "--org", "acme"), "notes.txt")
    assert notes.read_bytes() == before
