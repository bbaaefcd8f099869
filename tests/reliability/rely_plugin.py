"""A small domain plugin for the reliability tests, with a switch that makes any hook misbehave.

It is used two ways: registered in-process (``registered(RelyPlugin(), "rely")``), and copied
as the module ``tousu_rely`` into a folder with a ``.dist-info`` so that child processes find
it through its entry point like any installed plugin. It imports nothing but tousu itself.

The fault switch is ``plugin.fault = (hook, mode)``, or ``TOUSU_RELY_FAULT=hook:mode`` in a
child process, with `mode` ``raise`` (an unexpected exception) or ``wrong`` (a value of the
wrong type, or a right container holding the wrong thing).
"""

from __future__ import annotations

import os
from datetime import timedelta
from decimal import Decimal
from typing import Any

import attrs

from tousu import (
    ActionSpec,
    Classification,
    Compensation,
    CompensationItem,
    DeadlineSpec,
    DomainSpec,
    Effects,
    Escalation,
    OrgDeadline,
    ReportSection,
    hookimpl,
)
from tousu.facts import fact_amount


@attrs.frozen
class RelySettings:
    """An authority limit in money (a Decimal setting), two clocks and a free label."""

    authority: Decimal = Decimal("500.00")
    resolve_within: timedelta = timedelta(days=2)
    escalate_after: timedelta = timedelta(days=3)
    label: str = "desk"


def _validate(settings: RelySettings) -> None:
    if settings.authority > Decimal("1000000"):
        raise ValueError(f"authority: at most 1000000.00 yuan, got {settings.authority}")


HOOKS = (
    "complaint_classify",
    "complaint_deadlines",
    "complaint_check_action",
    "complaint_after_action",
    "complaint_escalate",
    "complaint_compensation",
    "report_section",
    "report_deadlines",
)


class RelyPlugin:
    """The `rely` domain: tiers low < high, deadlines forward/resolve, an escalation timer."""

    def __init__(self, name: str = "rely", domain: str = "rely_desk") -> None:
        self.name = name
        self.domain = domain
        self.fault: tuple[str, str] | None = None
        env = os.environ.get("TOUSU_RELY_FAULT", "")
        if ":" in env:
            hook, _, mode = env.partition(":")
            self.fault = (hook, mode)

    def _faulty(self, hook: str) -> str | None:
        """``"wrong"`` when this hook should return a wrong value; raises when it should raise."""
        if self.fault is None or self.fault[0] != hook:
            return None
        if self.fault[1] == "raise":
            raise RuntimeError(f"deliberate failure in {hook}")
        return self.fault[1]

    @hookimpl
    def register_domains(self, register: Any) -> None:
        if self._faulty("register_domains"):
            register({"name": self.domain})  # a dict, not a DomainSpec
            return
        register(
            DomainSpec(
                name=self.domain,
                plugin=self.name,
                channels=("phone", "letter", "visit"),
                categories=("general", "safety"),
                tiers=("low", "high"),
                default_tier="low",
                default_category="general",
                actions=(ActionSpec("inspect", help="look at the site"),),
                deadlines=("forward", "resolve"),
                steps=("inspect_site",),
                settings_class=RelySettings,
                settings_validator=_validate,
            )
        )

    @hookimpl
    def register_migrations(self, register: Any) -> None:
        mode = self._faulty("register_migrations")
        if mode == "wrong":
            register(42, "not a function")
        elif mode is None:
            register("0001_nothing", lambda db: None)

    @hookimpl
    def complaint_classify(self, complaint: Any, facts: dict[str, Any]) -> Any:
        if self._faulty("complaint_classify"):
            return "high"  # a bare string, not a Classification
        if complaint.category == "safety":
            return Classification("high", "safety", "safety complaints are high")
        return None

    @hookimpl
    def complaint_deadlines(self, complaint: Any, settings: RelySettings, now: Any) -> Any:
        mode = self._faulty("complaint_deadlines")
        if mode == "wrong":
            return [DeadlineSpec("forward", now.replace(tzinfo=None))]  # a naive instant
        start = complaint.received_at
        specs = [
            DeadlineSpec("forward", start + timedelta(hours=1), met_by=("forward", "sign")),
            DeadlineSpec("resolve", start + settings.resolve_within, met_by=("resolve",)),
        ]
        if complaint.tier == "low":
            specs.append(DeadlineSpec("escalation", start + settings.escalate_after, ("resolve",), "timer"))
        return specs

    @hookimpl
    def complaint_check_action(self, complaint: Any, actor: Any, action: Any) -> Any:
        if self._faulty("complaint_check_action"):
            return True  # a bool, not a reason string
        if action.name == "approve" and actor.role not in ("manager", "general_manager"):
            return f"approving needs a manager; {actor.id} is {actor.role}"
        return None

    @hookimpl
    def complaint_after_action(self, complaint: Any, action: Any) -> Any:
        if self._faulty("complaint_after_action"):
            return Effects(steps="inspect_site")  # type: ignore[arg-type]  # a string, not a tuple
        if action.name == "intake" and complaint.tier == "high":
            return Effects(steps=("inspect_site",))
        if action.name == "inspect":
            return Effects(fields={"inspected": True})
        return None

    @hookimpl
    def complaint_escalate(self, complaint: Any) -> Any:
        if self._faulty("complaint_escalate"):
            return "high"
        timer = complaint.deadline("escalation")
        if complaint.tier == "low" and timer is not None and timer.state == "breached":
            return Escalation("high", "not resolved within the escalation time")
        return None

    @hookimpl
    def complaint_compensation(self, actor: Any, settings: RelySettings, facts: dict[str, Any]) -> Any:
        if self._faulty("complaint_compensation"):
            return {"total": "1.00"}
        amount = fact_amount(facts, "amount", Decimal("0")) or Decimal("0")
        needs = amount > settings.authority and actor.role not in ("manager", "general_manager")
        return Compensation((CompensationItem("refund", amount, "price paid"),), needs_approval=needs)

    @hookimpl
    def report_section(self, org: Any, store: Any, period: Any) -> Any:
        if self._faulty("report_section"):
            return ["not", "a", "section"]
        count = store.conn.execute(
            "SELECT count(*) FROM complaints WHERE org = ? AND domain = ?", (org.id, self.domain)
        ).fetchone()[0]
        return ReportSection(self.domain, "rely", {"complaints": count})

    @hookimpl
    def report_deadlines(self, now: Any) -> Any:
        if self._faulty("report_deadlines"):
            return "monthly statistics"
        return [OrgDeadline("statistics", now + timedelta(days=30), "monthly statistics")]


#: The object the ``tousu_rely`` entry point names (``tousu_rely:plugin``).
plugin = RelyPlugin()


def install(folder: Any) -> Any:
    """Write this module into `folder` as the installed distribution ``tousu-rely`` (entry point
    ``rely``); put `folder` on ``PYTHONPATH`` of a child process. Returns `folder`."""
    from pathlib import Path

    from tousu.testing import installed_on_path

    source = Path(__file__).read_text(encoding="utf-8")
    return installed_on_path(
        Path(folder), "tousu-rely", entry_points={"rely": "tousu_rely:plugin"}, modules={"tousu_rely.py": source}
    )
