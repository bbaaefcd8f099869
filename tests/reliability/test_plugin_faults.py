"""Plugin faults: a plugin that raises, returns the wrong thing, or cannot even be imported.

Every hook of the in-test `rely` plugin is made to misbehave in turn, in both ways. Each
time the command is refused with one line naming the plugin and the hook (exit 2), the
database is byte-for-byte unchanged, and the other organization, whose domain is served by a
healthy plugin, keeps working. A plugin that fails to import or to register is listed as
broken by ``tousu plugins``; only the organizations that enable it are unavailable.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.reliability.conftest import ACME_STAFF, BETA_STAFF, child_env
from tests.reliability.rely_plugin import HOOKS, RelyPlugin
from tousu.testing import org, registered

T0 = "2026-10-01T09:00:00+08:00"
LATER = "2026-10-01T09:30:00+08:00"
MUCH_LATER = "2026-11-01T09:00:00+08:00"

#: For each hook, a command of acme's that reaches it (``{cid}``: an acme complaint).
TRIGGERS: dict[str, tuple[str, ...]] = {
    "complaint_classify": ("intake", "--org", "acme", "--channel", "phone", "--summary", "漏水", "--at", LATER),
    "complaint_deadlines": ("intake", "--org", "acme", "--channel", "phone", "--summary", "漏水", "--at", LATER),
    "complaint_check_action": ("act", "{cid}", "note", "--note", "called back", "--at", LATER),
    "complaint_after_action": ("act", "{cid}", "forward", "--to", "工程部", "--at", LATER),
    "complaint_escalate": ("sweep", "--org", "acme", "--at", MUCH_LATER),
    "complaint_compensation": ("compensate", "{cid}", "--field", "amount=100"),
    "report_section": ("report", "--org", "acme", "--month", "2026-10", "--json"),
    "report_deadlines": ("due", "--org", "acme", "--at", LATER),
}


@pytest.fixture
def steady() -> Iterator[RelyPlugin]:
    """A healthy plugin with its own domain, serving beta."""
    plugin = RelyPlugin(name="steady", domain="steady_desk")
    with registered(plugin, "steady"):
        yield plugin


@pytest.fixture
def desk(make_desk: Any, rely: RelyPlugin, steady: RelyPlugin) -> Any:
    return make_desk(org("acme", ["rely"], staff=ACME_STAFF), org("beta", ["steady"], staff=BETA_STAFF))


def _intake(desk: Any, org_id: str, actor: str, at: str = T0) -> str:
    return desk.json(
        "intake", "--org", org_id, "--channel", "phone", "--summary", "楼道灯坏了", "--actor", actor, "--at", at
    )["id"]


@pytest.mark.parametrize("mode", ["raise", "wrong"])
@pytest.mark.parametrize("hook", HOOKS)
def test_a_misbehaving_hook_refuses_the_command_naming_the_plugin_and_changes_nothing(
    desk: Any, rely: RelyPlugin, hook: str, mode: str
) -> None:
    cid = _intake(desk, "acme", "wang")
    rely.fault = (hook, mode)
    command = [part.format(cid=cid) for part in TRIGGERS[hook]]
    line = desk.fails(*command, code=2)  # one line, no traceback, database unchanged
    assert line.startswith(f"tousu: error: plugin rely failed in hook {hook}: "), line
    if mode == "raise":
        assert line.endswith(f"RuntimeError: deliberate failure in {hook}")
    # Beta's desk does not notice: its plugin is healthy, and rely is never asked about beta.
    theirs = _intake(desk, "beta", "sun", LATER)
    assert desk.cli("act", theirs, "forward", "--to", "工程部", "--actor", "sun", "--at", LATER).code == 0
    assert desk.cli("due", "--org", "beta", "--at", LATER).code == 0
    rely.fault = None
    assert desk.cli("act", cid, "note", "--note", "works again", "--at", LATER).code == 0


def test_a_sweep_of_every_organization_is_refused_whole_when_one_plugin_fails(desk: Any, rely: RelyPlugin) -> None:
    """One transaction for the whole sweep: nothing is half-recorded; `--org` sweeps the others."""
    _intake(desk, "acme", "wang")
    _intake(desk, "beta", "sun")
    rely.fault = ("complaint_escalate", "raise")
    desk.fails("sweep", "--at", MUCH_LATER, code=2)
    swept = desk.json("sweep", "--org", "beta", "--at", MUCH_LATER)
    assert len(swept["breaches"]) == 2  # forward and resolve of beta's complaint


def test_a_plugin_whose_import_fails_is_listed_as_broken_and_does_not_stop_the_others(
    make_desk: Any, tmp_path: Any, rely_path: Any
) -> None:
    from tousu.testing import installed_on_path

    site = installed_on_path(
        rely_path,
        "tousu-brittle",
        entry_points={"brittle": "brittle_plugin"},
        modules={"brittle_plugin.py": "raise ImportError('brittle needs libfoo 2.0')\n"},
    )
    desk = make_desk(org("beta", ["rely"], staff=BETA_STAFF))
    env = child_env(site)
    listed = desk.subprocess("plugins", "--json", env=env)
    assert listed.code == 0, listed.stderr
    import json

    brittle = next(p for p in json.loads(listed.stdout) if p["name"] == "brittle")
    assert brittle["status"] == "broken" and "libfoo 2.0" in brittle["error"]
    made = desk.subprocess(
        "intake", "--org", "beta", "--channel", "phone", "--summary", "x", "--actor", "sun", "--at", T0, "--json", env=env
    )
    assert made.code == 0, made.stderr


@pytest.mark.parametrize("mode", ["raise", "wrong"])
@pytest.mark.parametrize("hook", ["register_domains", "register_migrations"])
def test_a_plugin_that_fails_to_register_makes_only_its_organizations_unavailable(
    make_desk: Any, steady: RelyPlugin, hook: str, mode: str
) -> None:
    """A failing ``register_domains`` or ``register_migrations`` (a KeyError deep in a plugin's
    migration list used to print ``internal error: KeyError`` for every command) names the
    plugin and the hook, lists the plugin as broken, and leaves the other organizations working."""
    broken = RelyPlugin()
    broken.fault = (hook, mode)
    with registered(broken, "rely"):
        desk = make_desk(org("acme", ["rely"], staff=ACME_STAFF), org("beta", ["steady"], staff=BETA_STAFF))
        listing = {p["name"]: p for p in desk.json("plugins")}
        assert listing["rely"]["status"] == "broken"
        assert listing["rely"]["error"].startswith(f"plugin rely failed in hook {hook}: "), listing["rely"]["error"]
        if mode == "raise":
            assert listing["rely"]["error"].endswith(f"RuntimeError: deliberate failure in {hook}")
        line = desk.fails("intake", "--org", "acme", "--channel", "phone", "--summary", "x", "--at", T0, code=2)
        assert "rely" in line and "acme" in line
        assert desk.cli(
            "intake", "--org", "beta", "--channel", "phone", "--summary", "x", "--actor", "sun", "--at", T0
        ).code == 0
