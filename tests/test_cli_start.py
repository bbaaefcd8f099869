"""Starting ``tousu``: the command table is read without importing the commands.

``tousu --version`` is answered before click is imported; ``tousu --help`` lists every core
command from its table entry (module and summary) and imports a command's module only when
that command runs, while plugin commands (``register_commands``) still appear and run. These
tests prove the listing and the answers unchanged; they never judge a time.
"""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from tousu.cli import cli

#: The core's own commands, added by the default plugin ``core`` (``register_commands``).
CORE = ("act", "attach", "calendar", "compensate", "domains", "due", "init", "intake", "list", "rebuild", "rezone", "show", "sweep", "templates", "verify")

#: Modules a bare ``tousu --help`` must not import: the commands' own modules, the store, the
#: reports, the server's stack, the database drivers, the test tools and the holiday tables.
NOT_AT_START = (
    "tousu.default_plugins.core_commands", "tousu.store", "tousu.default_plugins.store", "tousu.default_plugins.reporting", "tousu.default_plugins.bulk", "tousu.default_plugins.server", "tousu.app",
    "starlette", "uvicorn", "jinja2", "psycopg", "hypothesis", "sqlite_utils", "tousu_cn_calendar.data",
    # the kernel's features (their hooks' classes, `tousu.default_plugins.features`, load; not their work)
    "tousu.default_plugins.corrections", "tousu.default_plugins.merging", "tousu.default_plugins.attachments",
    "tousu.default_plugins.replies", "tousu.default_plugins.outbox", "tousu.payload",
)


def _in_a_fresh_process(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_every_table_entry_names_the_command_and_its_own_summary() -> None:
    ctx = click.Context(cli)
    table = cli.lazy_table()  # the core's and the default plugins' (register_commands)
    assert {*CORE, "report", "import", "export", "purge", "plugins", "demo", "deliver", "outbox", "mail-in", "serve", "staff"} <= set(table)
    for name, (target, summary) in table.items():
        command = cli.get_command(ctx, name)
        assert command is not None, f"{name}: {target} does not import"
        assert command.name == name or name in cli.commands
        for limit in (20, 35, 45, 60, 80, 120, 400):
            assert click.Command(name, help=summary).get_short_help_str(limit) == command.get_short_help_str(limit), (name, limit)


def test_help_before_and_after_every_command_is_imported_is_the_same_text() -> None:
    code = (
        "import io, json, sys, contextlib\n"
        "from tousu.cli import cli\n"
        "def helped():\n"
        "    out = io.StringIO()\n"
        "    with contextlib.redirect_stdout(out):\n"
        "        try: cli.main(['--help'], prog_name='tousu')\n"
        "        except SystemExit: pass\n"
        "    return out.getvalue()\n"
        "lazy = helped()\n"
        f"loaded = sorted(m for m in sys.modules if m.startswith({NOT_AT_START!r}))\n"
        "import click\n"
        "cli.list_commands(click.Context(cli))\n"
        "print(json.dumps({'lazy': lazy, 'full': helped(), 'loaded': loaded}))\n"
    )
    seen = _in_a_fresh_process(code)
    assert seen["lazy"] == seen["full"]
    assert seen["loaded"] == []
    # the default plugins' commands, and retail: an installed plugin's (both register_commands)
    for name in (*CORE, "serve", "staff", "report", "import", "export", "purge", "plugins", "demo", "deliver", "outbox", "mail-in", "retail"):
        assert f"\n  {name} " in seen["lazy"], name


def test_version_is_answered_without_click_in_clicks_words() -> None:
    expected = CliRunner().invoke(cli, ["--version"]).output
    seen = _in_a_fresh_process(
        "import io, json, sys, contextlib\n"
        "from tousu.start import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out): main(['--version'])\n"
        "print(json.dumps({'out': out.getvalue(), 'click': 'click' in sys.modules}))\n"
    )
    assert seen == {"out": expected, "click": False}
    done = subprocess.run([sys.executable, "-m", "tousu", "--version"], capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, expected, "")


@pytest.mark.parametrize("argv", [["--version", "--help"], ["intake", "--help"], ["nosuch"]])
def test_other_command_lines_go_on_to_the_group(argv: list[str]) -> None:
    direct = subprocess.run([sys.executable, "-m", "tousu.cli", *argv], capture_output=True, text=True)
    started = subprocess.run([sys.executable, "-m", "tousu", *argv], capture_output=True, text=True)
    assert (started.returncode, started.stdout, started.stderr) == (direct.returncode, direct.stdout, direct.stderr)
