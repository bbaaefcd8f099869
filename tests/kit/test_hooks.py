"""Every hook of `tousu.hookspecs`, proven through the CLI with the probe plugin.

One ``test_hook_<name>`` per hook (the contract test in ``tests/test_hook_contract.py`` fails
when a hook has none). Each test shows that the core calls the hook with the documented
arguments, that it uses the answer, and that ``complaint_*`` and ``report_*`` hooks reach
only the organizations that enable the plugin (and, for complaints, only its own domain).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from tests.kit.probe import Probe, ProbeSettings
from tousu import Action, Complaint, Org, Period, Staff, hookimpl
from tousu.default_plugins.store import Store
from tousu.testing import org
from tousu.timeutil import zone

SHANGHAI = zone("Asia/Shanghai")
T0 = "2026-10-01T09:00:00+08:00"
AT0 = datetime(2026, 10, 1, 9, 0, tzinfo=SHANGHAI)


def intake(desk: Any, org: str, actor: str, *extra: str, at: str = T0) -> dict[str, Any]:
    return desk.json(
        "intake", "--org", org, "--channel", "phone", "--summary", "路灯不亮", "--actor", actor, "--at", at, *extra
    )


def bystander_complaints(desk: Any) -> list[str]:
    """A bystander complaint in ``quiet`` and one in ``mixed``: the probe must never see them."""
    return [
        intake(desk, "quiet", "ma")["id"],
        intake(desk, "mixed", "sun", "--domain", "other")["id"],
    ]


def orgs_seen(probe: Probe, hook: str) -> set[str]:
    return {kwargs["org"].id for kwargs in probe.called(hook)}


def domains_seen(probe: Probe, hook: str) -> set[str]:
    return {kwargs["complaint"].domain for kwargs in probe.called(hook)}


def due_of(doc: dict[str, Any], name: str) -> str:
    return next(d["due_at"] for d in (*doc["deadlines"], *doc["timers"]) if d["name"] == name)


# -- register_* ---------------------------------------------------------------------------


def test_hook_register_domains(desk: Any, probe: Probe) -> None:
    listing = {p["name"]: p for p in desk.json("plugins")}
    assert listing["probe"]["domains"] == ["probe"]
    assert listing["probe"]["contributes"]["actions"] == ["inspect"]
    assert listing["probe"]["contributes"]["deadlines"] == ["reply", "watch"]
    assert callable(probe.called("register_domains")[-1]["register"])
    # the registered channels are the ones intake accepts
    error = desk.fails("intake", "--org", "acme", "--channel", "fax", "--summary", "x", "--at", T0, code=2)
    assert "--channel 'fax' is not one of: phone, web" in error


def test_hook_register_commands(desk: Any, probe: Probe) -> None:
    from tousu.cli import cli

    assert desk.json("probe-hello") == {"hello": "probe"}
    assert probe.called("register_commands")[-1]["cli"] is cli
    assert "probe-hello" in desk.cli("--help").stdout


def test_hook_register_migrations(desk: Any, probe: Probe) -> None:
    store = desk.app.store
    assert callable(probe.called("register_migrations")[-1]["register"])
    assert store.conn.execute("SELECT name FROM sqlite_master WHERE name = 'probe_notes'").fetchone()
    desk.close()
    desk.app  # opening the database again must not run the migration a second time  # noqa: B018
    conn = desk.connect()
    try:
        rows = conn.execute("SELECT name FROM _migrations WHERE name LIKE 'probe:%'").fetchall()
    finally:
        conn.close()
    assert rows == [("probe:0001-notes",)]


def test_hook_register_stores(desk: Any, probe: Probe) -> None:
    """Every database is opened through the stores plugins offer: the probe's opener is asked
    first with the configured database, declines, and the default store opens it; a plugin's
    store that answers is the deployment's, and an opener that fails is named with its hook."""
    from tousu import compose
    from tousu.errors import PluginError
    from tousu.plugins import Registry

    cid = intake(desk, "acme", "zhao", "--domain", "probe")["id"]
    asked = probe.called("open_store")[-1]
    assert asked["database"] == (desk.database or str(desk.db_path))
    assert desk.json("show", cid, "--actor", "zhao")["id"] == cid  # the default store answered

    class Own:
        def __init__(self) -> None:
            self.opened: list[str] = []

        @hookimpl
        def register_stores(self, register: Any) -> None:
            register(lambda database, synchronous, threads: self.opened.append(database) or Store(database, synchronous))

    class Failing:
        @hookimpl
        def register_stores(self, register: Any) -> None:
            register(lambda database, synchronous, threads: 1 / 0)

    registry = Registry()
    own = Own()
    registry.add(own, "own-store")
    store = compose.opened_store(":memory:", "OFF", registry)
    try:
        assert own.opened == [":memory:"] and isinstance(store, Store)
    finally:
        store.close()
    failing = Registry()
    failing.add(Failing(), "failing-store")
    with pytest.raises(PluginError, match="plugin failing-store failed in hook register_stores: ZeroDivisionError"):
        compose.opened_store(":memory:", "OFF", failing)


def test_hook_register_calendars(make_desk: Any, probe: Probe) -> None:
    table = org("days", [])
    table["days"]["calendar"] = {"source": "probe-days"}
    desk = make_desk(table)
    days = desk.json("calendar", "--org", "days", "--from", "2026-10-05", "--to", "2026-10-10")
    assert days[0] == {"date": "2026-10-05", "working": False, "hours": [], "why": "holiday: probe day"}
    assert days[-1]["working"] and days[-1]["why"] == "make-up working day: probe make-up"
    assert callable(probe.called("register_calendars")[-1]["register"])


def test_hook_register_locales(desk: Any, probe: Probe) -> None:
    """The probe's phone numbers are masked in free text and its answer words read as yes/no;
    China's (``cn_calendar``, not loaded here) are not."""
    from tousu.errors import InputError
    from tousu.facts import fact_bool

    summary = "call back on +1 415-555-0123 or 13812345678"
    cid = intake(desk, "mixed", "qian", "--domain", "probe", "--summary", summary)["id"]  # the manager owns it
    assert desk.json("show", cid, "--actor", "qian")["summary"] == summary
    assert desk.json("show", cid, "--actor", "sun")["summary"] == "call back on 415***0123 or 13812345678"
    assert (fact_bool({"s": "Aye"}, "s"), fact_bool({"s": "nay"}, "s")) == (True, False)
    with pytest.raises(InputError, match="expected true or false"):
        fact_bool({"satisfied": "满意"}, "satisfied")
    assert callable(probe.called("register_locales")[-1]["register"])


def test_hook_register_demos(probe: Probe) -> None:
    from click.testing import CliRunner

    from tousu.cli import cli

    result = CliRunner().invoke(cli, ["demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "Probe demo desk  (organization probe-demo)" in result.stdout
    assert "$ tousu intake --org probe-demo --channel web --summary 'probe demo complaint'" in result.stdout
    assert callable(probe.called("register_demos")[-1]["register"])


# -- complaint_* --------------------------------------------------------------------------


def test_hook_complaint_classify(desk: Any, probe: Probe) -> None:
    doc = intake(desk, "acme", "wang", "--field", "danger=yes")
    assert (doc["tier"], doc["category"]) == ("high", "safety")
    assert doc["classification_reason"] == "probe: danger reported"
    (call,) = probe.called("complaint_classify")
    assert isinstance(call["complaint"], Complaint) and call["complaint"].tier is None
    assert call["org"].id == "acme" and isinstance(call["org"], Org)
    assert call["settings"] == ProbeSettings(reply_within=timedelta(days=3))
    assert call["facts"] == {"danger": "yes"}
    # no opinion: the domain defaults apply
    assert intake(desk, "acme", "wang")["tier"] == "low"
    bystander_complaints(desk)
    assert orgs_seen(probe, "complaint_classify") == {"acme"}


def test_hook_complaint_deadlines(desk: Any, probe: Probe) -> None:
    """Reply is due 3 days after receipt in acme (its setting), 2 days in mixed (the default);
    a tier change moves it to 3 days after the change."""
    acme = intake(desk, "acme", "wang")
    assert due_of(acme, "reply") == "2026-10-04T09:00:00+08:00"
    assert due_of(acme, "watch") == "2026-10-01T13:00:00+08:00"
    mixed = intake(desk, "mixed", "sun", "--domain", "probe")
    assert due_of(mixed, "reply") == "2026-10-03T09:00:00+08:00"
    first = probe.called("complaint_deadlines")[0]
    assert first["now"] == AT0 and first["complaint"].received_at == AT0
    escalated = desk.json(
        "act", acme["id"], "escalate", "--field", "tier=high", "--note", "a child was hurt",
        "--actor", "li", "--at", "2026-10-01T11:00:00+08:00",
    )
    assert due_of(escalated, "reply") == "2026-10-04T11:00:00+08:00"
    last = probe.called("complaint_deadlines")[-1]
    assert last["now"] == AT0 + timedelta(hours=2) and last["complaint"].tier == "high"
    bystander_complaints(desk)
    assert orgs_seen(probe, "complaint_deadlines") == {"acme", "mixed"}
    assert domains_seen(probe, "complaint_deadlines") == {"probe"}


def test_hook_complaint_check_action(desk: Any, probe: Probe) -> None:
    cid = intake(desk, "acme", "wang")["id"]
    intake_call = probe.called("complaint_check_action")[0]
    assert intake_call["action"] == Action("intake") and intake_call["complaint"].id == "(new)"
    error = desk.fails("act", cid, "resolve", "--actor", "wang", "--at", "2026-10-01T10:00:00+08:00", code=1)
    assert error == "tousu: error: probe: a receptionist may not resolve a probe complaint"
    call = probe.called("complaint_check_action")[-1]
    assert call["actor"] == Staff("wang", "receptionist") and call["action"] == Action("resolve")
    assert call["facts"] == {} and isinstance(call["store"], Store)
    assert call["now"] == AT0 + timedelta(hours=1) and call["complaint"].status == "received"
    done = desk.json("act", cid, "resolve", "--actor", "zhao", "--at", "2026-10-01T10:00:00+08:00")
    assert done["status"] == "resolved"
    quiet_id, mixed_id = bystander_complaints(desk)
    desk.json("act", quiet_id, "resolve", "--actor", "ma", "--at", "2026-10-01T10:00:00+08:00")
    desk.json("act", mixed_id, "resolve", "--actor", "sun", "--at", "2026-10-01T10:00:00+08:00")
    assert orgs_seen(probe, "complaint_check_action") == {"acme"}


def test_hook_complaint_after_action(desk: Any, probe: Probe) -> None:
    doc = intake(desk, "acme", "wang", "--field", "danger=yes")
    assert doc["open_steps"] == ["inspect"]  # Effects.steps from the intake consequence
    forwarded = desk.json("act", doc["id"], "forward", "--to", "路灯所", "--actor", "wang", "--at", "2026-10-01T09:10:00+08:00")
    call = probe.called("complaint_after_action")[-1]
    assert call["action"] == Action("forward", to="路灯所")
    assert call["complaint"].status == "forwarded"  # the state after the core applied the action
    assert call["actor"].id == "wang" and call["now"] == AT0 + timedelta(minutes=10)
    assert isinstance(call["store"], Store) and call["facts"] == {}
    assert forwarded["status"] == "forwarded"
    inspected = desk.json("act", doc["id"], "inspect", "--actor", "zhao", "--at", "2026-10-01T09:30:00+08:00")
    assert inspected["fields"]["inspected_by"] == "zhao"
    bystander_complaints(desk)
    assert orgs_seen(probe, "complaint_after_action") == {"acme"}


def test_hook_complaint_escalate(desk: Any, probe: Probe) -> None:
    """The watch timer runs 4 hours; a sweep at 13:30 escalates the complaint from low to high."""
    cid = intake(desk, "acme", "wang")["id"]
    other = intake(desk, "mixed", "sun", "--domain", "probe", "--tier", "high")["id"]
    bystander_complaints(desk)
    swept = desk.json("sweep", "--at", "2026-10-01T13:30:00+08:00")
    assert swept["escalations"] == [
        {"id": cid, "from": "low", "to": "high", "rule": "probe: the watch timer ran out"}
    ]
    calls = probe.called("complaint_escalate")
    assert {c["complaint"].id for c in calls} == {cid, other}
    call = next(c for c in calls if c["complaint"].id == cid)
    assert call["complaint"].deadline("watch").state == "breached"  # the breach is already visible
    assert call["now"] == AT0 + timedelta(hours=4, minutes=30)
    assert desk.json("show", cid)["tier"] == "high"
    # a second sweep at the same instant finds nothing and asks nobody
    assert desk.json("sweep", "--at", "2026-10-01T13:30:00+08:00")["escalations"] == []
    assert len(probe.called("complaint_escalate")) == 2
    assert orgs_seen(probe, "complaint_escalate") == {"acme", "mixed"}


def test_hook_complaint_compensation(desk: Any, probe: Probe) -> None:
    cid = intake(desk, "acme", "wang")["id"]
    doc = desk.json("compensate", cid, "--field", "claimed=150.5", "--actor", "zhao")
    assert doc["total"] == "150.50" and doc["needs_approval"] is True
    assert doc["items"] == [{"name": "refund", "amount": "150.50", "basis": "the amount claimed"}]
    (call,) = probe.called("complaint_compensation")
    assert call["actor"] == Staff("zhao", "department_head") and call["facts"] == {"claimed": "150.5"}
    assert call["settings"].authority == Decimal("100.00") and call["complaint"].id == cid
    quiet_id = bystander_complaints(desk)[0]
    assert "no compensation rules apply" in desk.fails("compensate", quiet_id, "--actor", "ma", code=1)
    assert orgs_seen(probe, "complaint_compensation") == {"acme"}


# -- report_* -----------------------------------------------------------------------------


def test_hook_report_section(desk: Any, probe: Probe) -> None:
    """Called through the typed wrapper the report command uses, once per enabling org."""
    intake(desk, "acme", "wang")
    intake(desk, "acme", "wang", at="2026-11-01T09:00:00+08:00")
    bystander_complaints(desk)
    app = desk.app
    october = Period(AT0.replace(day=1, hour=0), AT0.replace(month=11, day=1, hour=0), "2026-10")
    (section,) = app.hooks.report_section(org=app.org("acme"), store=app.store, period=october)
    assert (section.domain, section.figures) == ("probe", {"received": 1})
    call = probe.called("report_section")[-1]
    assert call["period"] == october and call["store"] is app.store and call["org"].id == "acme"
    assert app.hooks.report_section(org=app.org("quiet"), store=app.store, period=october) == []
    assert orgs_seen(probe, "report_section") == {"acme"}


def test_hook_report_deadlines(desk: Any, probe: Probe) -> None:
    listed = desk.json("due", "--org", "acme", "--at", "2026-10-05T09:00:00+08:00")
    duty = next(item for item in listed if item["deadline"] == "probe_figures")
    assert duty["id"] is None and duty["summary"] == "send the probe figures"
    call = probe.called("report_deadlines")[-1]
    assert call["now"] == AT0 + timedelta(days=4) and isinstance(call["settings"], ProbeSettings)
    assert all(item["deadline"] != "probe_figures" for item in desk.json("due", "--org", "quiet", "--at", T0))
    assert orgs_seen(probe, "report_deadlines") == {"acme"}


def test_the_probe_answers_only_through_the_hooks_it_declares(probe: Probe) -> None:
    """Guard for this file: the probe's hooks are exactly the hookspecs (none forgotten)."""
    from tousu import hookspecs

    specs = {name for name in dir(hookspecs) if name.startswith(("register_", "complaint_", "report_"))}
    implemented = {name for name in dir(Probe) if hasattr(getattr(Probe, name), "tousu_impl")}
    assert implemented == specs
