"""A department store's customer-service desk for the retail tests, and helpers that drive it."""

from __future__ import annotations

from typing import Any

import pytest

from tousu.testing import org

STAFF = {
    "wang": "receptionist",
    "zhang": "receptionist",
    "zhao": "department_head",
    "li": "manager",
    "zhou": "general_manager",
    "sun": "finance",
    "qian": "purchasing",
}
T0 = "2026-10-01T09:00:00+08:00"


def store_org(org_id: str = "store", **settings: Any) -> dict[str, Any]:
    return org(org_id, ["retail"], staff=STAFF, settings={"retail": settings} if settings else None)


@pytest.fixture
def desk(make_desk: Any) -> Any:
    """Hypermart Appliances (Asia/Shanghai, English labels) with the default retail settings."""
    return make_desk(store_org())


def at(day: int, clock: str = "09:00", month: int = 10) -> str:
    """An instant in October 2026, Shanghai time: ``at(3, "10:30")``."""
    return f"2026-{month:02d}-{day:02d}T{clock}:00+08:00"


def intake(desk: Any, *args: str, channel: str = "phone", when: str = T0, actor: str = "wang") -> dict[str, Any]:
    return desk.json(
        "intake", "--org", "store", "--channel", channel, "--summary", "顾客投诉", "--actor", actor, "--at", when, *args
    )


def act(desk: Any, cid: str, action: str, *args: str, actor: str = "wang", when: str = T0) -> Any:
    """Run an action that must succeed; returns the result (a step that needs evidence gets it first)."""
    if action == "step":
        evidence(desk, cid, args[args.index("--field") + 1].removeprefix("name="), actor=actor, when=when)
    result = desk.cli("act", cid, action, *args, "--actor", actor, "--at", when)
    assert result.code == 0, f"{action} {args}: {result.stderr}"
    return result


def evidence(desk: Any, cid: str, step: str, *, actor: str = "wang", when: str = T0) -> None:
    """Attach the file a step needs (the receipt of 2-3, the authentication report of 2-4)."""
    from tousu_retail.domain import EVIDENCE

    if step not in EVIDENCE:
        return
    path = desk.folder / f"{step}.txt"
    path.write_text(f"{step} of {cid}", encoding="utf-8")
    result = desk.cli("attach", cid, str(path), "--step", step, "--actor", actor, "--at", when)
    assert result.code == 0, f"attach for {step}: {result.stderr}"


def steps_of(doc: dict[str, Any]) -> list[str]:
    return [s["name"] for s in doc["steps"]]


def clocks(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["name"]: d for d in doc["deadlines"]}


#: Steps another department records (the desk's staff table has finance and purchasing).
STEP_ACTORS = {"freeze_supplier_payments": "sun", "notify_purchasing": "qian"}
#: Steps recorded only once the matter is handled (2-5).
AFTER_HANDLING = ("written_reply_to_agency",)


def finish(desk: Any, cid: str, when: str, actor: str = "zhao") -> None:
    """Complete every open step, reply, resolve (unless resolved already) and close, in that order.

    Steps are taken in the order listed (the source's order) by the role each belongs to;
    the written reply to an agency after resolving; steps a step adds (re-testing) as they come.
    """
    doc = desk.json("show", cid)

    def do_steps(after: bool) -> None:
        while True:
            todo = [s for s in desk.json("show", cid)["open_steps"] if (s in AFTER_HANDLING) == after]
            if not todo:
                return
            step = todo[0]
            act(desk, cid, "step", "--field", f"name={step}", *_step_facts(step), actor=STEP_ACTORS.get(step, actor),
                when=when)

    do_steps(after=False)
    act(desk, cid, "reply", "--note", "answered", actor=actor, when=when)
    if doc["status"] != "resolved":
        act(desk, cid, "resolve", actor=actor, when=when)
    do_steps(after=True)
    act(desk, cid, "close", actor=actor, when=when)


def _step_facts(step: str) -> tuple[str, ...]:
    """The finding a step records: the authenticity check, the repair department's assessment."""
    if step == "verify_authenticity":
        return ("--field", "result=counterfeit")
    if step == "repair_dept_assessment":
        return ("--field", "quality_problem=true", "--field", "company_at_fault=true")
    return ()
