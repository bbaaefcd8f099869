"""The CLI and the Python API decide alike: ``tousu act ID ACTION`` equals ``App.act(ID, ACTION)``.

Every door (the CLI, import, the test kit, the server) is built on `App.open`, and every default
a command applies lives in the App. This test walks two identical complaints of each domain
through every action the domain offers (core and plugin-defined) — one complaint with the
command line, its twin with `App.act` given exactly the parsed arguments — and after each action
checks that both were accepted or refused alike (same exit status, same reason) and that both
complaints look the same. ``forward`` goes without ``--to`` and ``escalate`` with ``--to TIER``,
the two defaults that used to live only in the CLI.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tousu.default_plugins.doors.privacy import mask_text
from tousu.errors import TousuError
from tousu.render import clean
from tousu.testing import org

EXITS = ("transfer", "invalid", "withdraw")
ACTOR = "li"


def _arguments(app: Any, complaint: Any, action: str) -> tuple[str | None, dict[str, str]]:
    """What a clerk would type for `action` on `complaint`: ``--to`` and ``--field`` values."""
    domain = app.domain(complaint.domain)
    if action == "assign":
        return "zhao", {}
    if action == "transfer":
        return "区住建局", {}
    if action == "escalate":
        return domain.tiers[-1], {}
    if action == "step":
        return None, {"name": (complaint.open_steps or ("none",))[0]}
    if action == "callback":
        return None, {"satisfied": "true"}
    if action == "extend":
        pending = [d for d in complaint.deadlines if d.kind == "deadline" and d.met_at is None and d.state == "pending"]
        if pending:
            until = (pending[0].due_at + timedelta(days=1)).isoformat()
            return None, {"deadline": pending[0].name, "until": until}
        return None, {"deadline": "resolve", "until": "2027-01-01T00:00+08:00"}
    return None, {}


def _comparable(document: dict[str, Any], own_id: str, twin_id: str) -> str:
    """A complaint document with the twin's id written as its own (ids are the only difference)."""
    document = {k: v for k, v in document.items() if k != "history"}
    return repr(document).replace(twin_id, own_id)


@pytest.mark.parametrize("plugin", ["retail", "property_mgmt", "city_enforcement"])
def test_every_action_gives_the_same_result_through_the_cli_and_the_app(make_desk, clock, plugin):
    desk = make_desk(org("desk", [plugin], language="en"))
    app = desk.app
    domain = app.domain(app.registry.infos[plugin].domains[0])
    first = desk.complaint("desk", respondent="三号店", actor="wang", summary="空调漏水，地板泡坏")
    twin = desk.complaint("desk", respondent="三号店", actor="wang", summary="空调漏水，地板泡坏")
    actions = [a.name for a in domain.actions] + [
        name for name in _core_actions() if name not in {a.name for a in domain.actions}
    ]
    ordered = [a for a in actions if a not in EXITS] * 2 + [a for a in actions if a in EXITS]
    accepted = 0
    for action in ordered:
        at = clock.advance(minutes=7).isoformat()
        current = app.get(first.id)
        to, fields = _arguments(app, current, action)
        argv = ["act", first.id, action, "--actor", ACTOR, "--at", at]
        if to:
            argv += ["--to", to]
        for key, value in fields.items():
            argv += ["--field", f"{key}={value}"]
        by_cli = desk.cli(*argv)
        try:
            app.act(twin.id, action, actor=ACTOR, to=to, fields=dict(fields), at=clock.now)
            by_app = (0, "")
        except TousuError as exc:
            by_app = (exc.exit_code, f"tousu: error: {clean(mask_text(str(exc)))}".replace(twin.id, first.id))
        assert (by_cli.code, by_cli.stderr.strip() if by_cli.code else "") == by_app, (action, by_cli.stderr)
        accepted += by_cli.code == 0
        shown = desk.json("show", first.id, "--at", at)
        shown_twin = desk.json("show", twin.id, "--at", at)
        assert _comparable(shown, first.id, twin.id) == _comparable(shown_twin, first.id, twin.id), action
    assert accepted >= 8, "the walk should carry the complaints through most of their lifecycle"


def test_forward_without_to_goes_to_the_respondent_through_the_app(make_desk, clock):
    desk = make_desk(org("desk", ["city_enforcement"]))
    complaint = desk.complaint("desk", respondent="城东中队")
    forwarded = desk.app.act(complaint.id, "forward", actor="wang", at=clock.advance(minutes=5))
    assert forwarded.status == "forwarded"
    assert forwarded.department == "城东中队"


def test_escalate_with_to_names_the_tier_through_the_app(make_desk, clock):
    desk = make_desk(org("desk", ["property_mgmt"]))
    complaint = desk.complaint("desk", tier="minor")
    raised = desk.app.act(complaint.id, "escalate", to="major", note="媒体关注", actor="wang", at=clock.advance(minutes=5))
    assert raised.tier == "major"


def _core_actions() -> list[str]:
    from tousu.lifecycle import CORE_ACTIONS

    return list(CORE_ACTIONS)
