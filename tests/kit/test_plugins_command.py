"""``tousu plugins``, broken and missing plugins, and ``TOUSU_TRACE_PLUGINS``.

Plugins are "installed" without touching the environment: `installed_on_path` writes a
module and its ``*.dist-info`` (METADATA, entry_points.txt) into a temporary folder, and a
subprocess with that folder on ``PYTHONPATH`` discovers it through importlib.metadata
exactly as it would discover a ``pip install``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tests.kit.probe import Probe
from tousu.testing import installed_on_path, org

T0 = "2026-10-01T09:00:00+08:00"

GOOD = '''
from datetime import timedelta

from tousu import DeadlineSpec, DomainSpec, hookimpl


@hookimpl
def register_domains(register):
    register(DomainSpec(name="good", plugin="good", channels=("phone",), categories=("general",),
                        tiers=("normal",), default_tier="normal", default_category="general",
                        deadlines=("reply",)))


@hookimpl
def complaint_deadlines(complaint, now):
    return [DeadlineSpec("reply", now + timedelta(days=1), ("reply",))]
'''

IMPORT_ERROR = '''
import tousu_a_dependency_nobody_installed  # noqa: F401
'''

MISSPELLED_HOOK = '''
from tousu import DomainSpec, hookimpl


@hookimpl
def register_domains(register):
    register(DomainSpec(name="typo", plugin="typo", channels=("phone",), tiers=("normal",)))


@hookimpl
def complaint_deadline(complaint, now):  # should be complaint_deadlines
    return []
'''


def site(tmp_path: Path, *which: str) -> Path:
    """A folder holding the chosen fake distributions, to put on PYTHONPATH."""
    folder = tmp_path / "site"
    sources = {"good": GOOD, "broken": IMPORT_ERROR, "typo": MISSPELLED_HOOK}
    for name in which:
        installed_on_path(
            folder, f"tousu-{name}", entry_points={name: f"{name}mod"}, modules={f"{name}mod.py": sources[name]}
        )
    return folder


def by_name(listing: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in listing}


def test_a_broken_plugin_is_listed_with_its_reason_and_the_others_keep_working(
    make_desk: Any, tmp_path: Path
) -> None:
    desk = make_desk(org("acme", ["good"]))
    env = {"PYTHONPATH": str(site(tmp_path, "good", "broken", "typo"))}
    result = desk.subprocess("plugins", "--json", env=env)
    assert result.code == 0, result.stderr
    listing = by_name(result.json)
    assert listing["good"]["status"] == "ok" and listing["good"]["version"] == "0.1"
    assert listing["good"]["orgs"] == ["acme"]
    assert listing["good"]["hooks"] == ["complaint_deadlines", "register_domains"]
    assert listing["broken"]["status"] == "broken"
    assert listing["broken"]["error"] == (
        "import failed: ModuleNotFoundError: No module named 'tousu_a_dependency_nobody_installed'"
    )
    assert listing["typo"]["status"] == "broken"
    assert listing["typo"]["error"] == "implements unknown hook(s) complaint_deadline (misspelled?)"
    assert listing["typo"]["domains"] == [] and listing["typo"]["hooks"] == []
    # the text form names the reason too
    text = desk.subprocess("plugins", env=env).stdout
    assert "typo 0.1  broken: implements unknown hook(s) complaint_deadline (misspelled?)" in text
    # and the rest of tousu does not notice: a complaint is recorded with the good plugin's clock
    doc = desk.subprocess(
        "intake", "--org", "acme", "--channel", "phone", "--summary", "没有热水", "--at", T0, "--json", env=env
    )
    assert doc.code == 0, doc.stderr
    assert [(d["name"], d["due_at"]) for d in doc.json["deadlines"]] == [("reply", "2026-10-02T09:00:00+08:00")]


def test_an_organization_enabling_a_broken_plugin_is_a_config_error(make_desk: Any, tmp_path: Path) -> None:
    desk = make_desk(org("acme", ["typo"]))
    env = {"PYTHONPATH": str(site(tmp_path, "good", "typo"))}
    result = desk.subprocess("intake", "--org", "acme", "--channel", "phone", "--summary", "x", env=env)
    assert result.code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "typo" in result.stderr and "see `tousu plugins`" in result.stderr


def test_an_uninstalled_plugin_leaves_tousu_working_and_says_what_is_missing(
    make_desk: Any, tmp_path: Path
) -> None:
    """Installed, enabled and used; then uninstalled: commands that need the config refuse
    with a config error naming the installed plugins, and ``tousu plugins`` still answers."""
    desk = make_desk(org("acme", ["good"]))
    folder = site(tmp_path, "good")
    env = {"PYTHONPATH": str(folder)}
    recorded = desk.subprocess("intake", "--org", "acme", "--channel", "phone", "--summary", "停水", "--json", env=env)
    assert recorded.code == 0, recorded.stderr
    shutil.rmtree(next(folder.glob("tousu_good-*.dist-info")))  # pip uninstall, in effect
    result = desk.subprocess("show", recorded.json["id"], env=env)
    assert result.code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "orgs.acme.plugins: plugin 'good' is not installed or failed to load (installed: " in result.stderr
    listing = desk.subprocess("plugins", "--json", env=env)
    assert listing.code == 0, listing.stderr
    missing = by_name(listing.json)["good"]
    assert missing["status"] == "missing" and missing["orgs"] == ["acme"]
    assert missing["error"] == "not installed, but enabled in orgs.acme.plugins (install it, or remove it from the list)"


def test_plugins_listed_despite_a_config_that_does_not_validate(make_desk: Any, probe: Probe) -> None:
    desk = make_desk(org("acme", ["probe"], settings={"probe": {"reply_within": "three days"}}))
    assert "orgs.acme.settings.probe.reply_within: expected a duration" in desk.fails(
        "intake", "--org", "acme", "--channel", "phone", "--summary", "x", code=2
    )
    listing = by_name(desk.json("plugins"))
    assert listing["probe"]["status"] == "ok" and listing["probe"]["orgs"] == ["acme"]
    assert listing["probe"]["contributes"]["settings"] == {
        "reply_within": "2d", "watch_within": "4h", "authority": "100.00"
    }
    assert listing["probe"]["contributes"]["commands"] == ["probe-hello"]
    desk.config_path.write_text("orgs = [", encoding="utf-8")
    result = desk.cli("plugins", "--json")
    assert result.code == 0 and "probe" in by_name(result.json)
    assert "cannot read the config" in result.stderr


def test_plugins_blocked_by_tousu_load_plugins_are_listed_as_blocked(make_desk: Any, tmp_path: Path) -> None:
    desk = make_desk()
    env = {"PYTHONPATH": str(site(tmp_path, "good", "typo")), "TOUSU_LOAD_PLUGINS": "good"}
    listing = by_name(desk.subprocess("plugins", "--json", env=env).json)
    assert listing["good"]["status"] == "ok"
    assert (listing["typo"]["status"], listing["typo"]["error"]) == ("blocked", "not in TOUSU_LOAD_PLUGINS")


# -- tracing ------------------------------------------------------------------------------


def test_tracing_prints_each_hook_call_with_the_plugin_that_answered(desk: Any, probe: Probe) -> None:
    quiet = desk.cli("intake", "--org", "acme", "--channel", "phone", "--summary", "x", "--at", T0)
    assert "[tousu trace]" not in quiet.stderr
    result = desk.cli(
        "intake", "--org", "acme", "--channel", "phone", "--summary", "x", "--field", "danger=yes", "--at", T0,
        env={"TOUSU_TRACE_PLUGINS": "1"},
    )
    assert result.code == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("[tousu trace] ")]
    assert (
        "[tousu trace] call complaint_classify(complaint=<Complaint (new) probe tier=None status=received>, "
        "facts={'danger': 'yes'}, org=<Org acme>, settings=ProbeSettings(reply_within=datetime.timedelta(days=3), "
        "watch_within=datetime.timedelta(seconds=14400), authority=Decimal('100.00'))) -> probe"
    ) in lines
    assert (
        "[tousu trace] done complaint_classify: probe returned "
        "Classification(tier='high', category='safety', reason='probe: danger reported')"
    ) in lines
    assert (
        "[tousu trace] done complaint_deadlines: probe returned [DeadlineSpec(name='reply', "
        "due_at=2026-10-04T09:00:00+08:00, met_by=('reply',), kind='deadline'), DeadlineSpec(name='watch', "
        "due_at=2026-10-01T13:00:00+08:00, met_by=('resolve',), kind='timer')]"
    ) in lines
    assert not any("bystander" in line for line in lines if "complaint_" in line)


def test_tracing_shows_a_hook_that_raised(desk: Any, probe: Probe) -> None:
    cid = desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", "x", "--at", T0)["id"]
    result = desk.cli("compensate", cid, "--field", "claimed=lots", env={"TOUSU_TRACE_PLUGINS": "1"})
    assert result.code == 2
    assert "[tousu trace] done complaint_compensation: probe raised InputError: --field claimed:" in result.stderr


def test_tracing_in_a_real_process(make_desk: Any, tmp_path: Path) -> None:
    desk = make_desk(org("acme", ["good"]))
    env = {"PYTHONPATH": str(site(tmp_path, "good")), "TOUSU_TRACE_PLUGINS": "1"}
    result = desk.subprocess("intake", "--org", "acme", "--channel", "phone", "--summary", "x", "--at", T0, env=env)
    assert result.code == 0, result.stderr
    assert (
        "[tousu trace] call complaint_deadlines(complaint=<Complaint C00000001 good tier=normal status=received>, "
        "now=2026-10-01T09:00:00+08:00, org=<Org acme>, settings=None) -> good"
    ) in result.stderr
    assert "[tousu trace] done complaint_deadlines: good returned [DeadlineSpec(name='reply'" in result.stderr
