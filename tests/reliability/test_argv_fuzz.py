"""Argument-vector fuzzing of every core command, with Hypothesis.

For each command, argv is built from its own option names, plausible values (ids of both
organizations, actions, staff, instants, durations) and arbitrary text with control
characters. Whatever the argv: the exit status is 0, 1 or 2, nothing prints a traceback, and
a command that fails prints exactly one line on stderr and leaves the database unchanged.
CI runs ``TOUSU_FUZZ_EXAMPLES`` (default 20) argvs per command, the same ones each time; for a
long run: ``TOUSU_FUZZ_EXAMPLES=2000 TOUSU_FUZZ_RANDOM=1 pytest tests/reliability/test_argv_fuzz.py``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.figures import scaled
from tests.reliability.conftest import ACME_STAFF, BETA_STAFF, LOG
from tests.reliability.rely_plugin import RelyPlugin
from tousu.cli import cli
from tousu.testing import org

COMMANDS = ("init", "plugins", "intake", "show", "list", "act", "due", "sweep", "compensate", "rebuild", "demo")
EXAMPLES = scaled("TOUSU_FUZZ_EXAMPLES", 20)
TRIED: dict[str, int] = {}

PLAUSIBLE = [
    "acme", "beta", "nosuch", "C00000001", "C00000002", "C00000003", "C99999999", "c00000001", "C1",
    "forward", "sign", "resolve", "close", "note", "escalate", "extend", "step", "callback", "assign", "intake", "sweep",
    "wang", "li", "sun", "zhou", "phone", "letter", "general", "safety", "low", "high", "open", "owner",
    "2026-10-01T09:00:00+08:00", "2026-10-05", "2025-01-01T00:00:00Z", "90m", "3d", "0d",
    "tier=high", "satisfied=true", "deadline=resolve", "until=2026-12-01", "amount=12.50", "name=inspect_site",
    "--json", "--help", "-", "", "=", "--", "0", "-1", "100000",
]
#: Arbitrary text, but never a path out of the test's folder (some commands write files), and
#: never a NUL: a real argv cannot carry one (execve takes C strings).
TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="/\\\x00"), max_size=24
).filter(lambda s: not s.startswith("~"))


def _options(name: str) -> list[str]:
    command = cli.commands.get(name) or cli.get_command(click.Context(cli), name)
    assert command is not None, name
    options = [opt for p in command.params if isinstance(p, click.Option) for opt in p.opts]
    return [o for o in options if o != "--serve"]  # `demo --serve` serves until interrupted


def argv_for(name: str) -> st.SearchStrategy[list[str]]:
    token = st.one_of(st.sampled_from(_options(name)), st.sampled_from(PLAUSIBLE), TEXT)
    return st.lists(token, max_size=7).map(lambda tokens: [name, *tokens])


@pytest.fixture
def desk(make_desk: Any, rely: RelyPlugin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.chdir(tmp_path)  # relative --out paths and the like land in the test's folder
    monkeypatch.delenv("TOUSU_ACTOR", raising=False)
    desk = make_desk(org("acme", ["rely"], staff=ACME_STAFF), org("beta", ["rely"], staff=BETA_STAFF))
    for org_id, actor in (("acme", "wang"), ("beta", "sun"), ("acme", "wang")):
        desk.json("intake", "--org", org_id, "--channel", "phone", "--summary", "seed", "--actor", actor,
                  "--at", "2026-10-01T09:00:00+08:00")
    return desk


def check(desk: Any, argv: list[str], init_config: Path) -> None:
    if argv[0] == "init":  # init writes a config: give it its own, never the desk's
        from click.testing import CliRunner

        raw = CliRunner().invoke(cli, ["--config", str(init_config), *argv], catch_exceptions=False)
        code, stdout, stderr = raw.exit_code, raw.stdout, raw.stderr
        before = after = None
    else:
        before = desk.db_bytes()
        result = desk.cli(*argv)  # catch_exceptions=False: an uncaught exception fails the test
        code, stdout, stderr = result.code, result.stdout, result.stderr
        after = desk.db_bytes() if code != 0 else None
    assert code in (0, 1, 2), (argv, code, stderr)
    assert "Traceback" not in stderr + stdout, (argv, stderr)
    assert "internal error" not in stderr, (argv, stderr)
    if code != 0:
        lines = stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("tousu: error: "), (argv, stderr)
        assert before == after, f"tousu {argv} failed but changed the database"
    TRIED[argv[0]] = TRIED.get(argv[0], 0) + 1


@pytest.mark.parametrize("name", COMMANDS)
def test_any_argv_gives_an_exit_status_of_0_1_or_2_and_one_line_when_it_fails(
    desk: Any, tmp_path: Path, name: str
) -> None:
    counter = iter(range(10**6))
    examples = min(EXAMPLES, 6) if name == "demo" else EXAMPLES  # a real demo run takes a second

    @settings(max_examples=examples, deadline=None, derandomize=not os.environ.get("TOUSU_FUZZ_RANDOM"), database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(argv=argv_for(name))
    def run(argv: list[str]) -> None:
        check(desk, argv, tmp_path / f"init{next(counter)}" / "tousu.toml")

    run()


@pytest.fixture(scope="module", autouse=True)
def fuzz_figures() -> Iterator[None]:
    """After this module's tests: what the fuzz tests ran, for the reliability figures (a
    fixture's teardown, so no test depends on running after the others)."""
    yield
    if TRIED:
        LOG.add(
            f"argv fuzz: {sum(TRIED.values())} argvs over {len(TRIED)} commands "
            f"({', '.join(f'{k} {v}' for k, v in sorted(TRIED.items()))}); exit in {{0,1,2}}, "
            "0 tracebacks, every failure one line with the database unchanged"
        )


REGRESSIONS = json.loads((Path(__file__).with_name("corpus") / "argv.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("argv", REGRESSIONS, ids=[" ".join(a)[:40] for a in REGRESSIONS])
def test_argvs_that_once_failed_still_fail_cleanly(desk: Any, tmp_path: Path, argv: list[str]) -> None:
    """The corpus of argvs that found bugs (an internal error, a crash, four lines of usage)."""
    result = desk.cli(*argv) if argv[0] != "init" else None
    check(desk, argv, tmp_path / "missing-folder" / "tousu.toml")
    if result is not None:
        assert result.code in (1, 2), (argv, result.stdout)
