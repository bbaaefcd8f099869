"""A small domain plugin the core tests register in-process: a desk with two tiers and clocks.

It exists to exercise every core mechanism without depending on a real domain's rules:
deadlines met by actions, a required step, a timer that escalates, a guard, a consequence,
and a switch that makes it raise inside a hook.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import attrs

from tousu import (
    ActionSpec,
    Classification,
    DeadlineSpec,
    DomainSpec,
    Effects,
    Escalation,
    hookimpl,
)


@attrs.frozen
class DeskSettings:
    forward_within: timedelta = timedelta(minutes=10)
    resolve_within: timedelta = timedelta(days=2)
    escalate_after: timedelta = timedelta(days=5)


class CoreTestPlugin:
    """Instances keep a log of calls so tests can see who was called for which org."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.fail_in: str | None = None

    def _log(self, hook: str, org: Any) -> None:
        self.calls.append((hook, org.id))
        if self.fail_in == hook:
            raise RuntimeError(f"deliberate failure in {hook}")

    @hookimpl
    def register_domains(self, register: Any) -> None:
        register(
            DomainSpec(
                name="desk",
                plugin="deskplugin",
                channels=("phone", "letter"),
                categories=("general", "safety"),
                tiers=("low", "high"),
                default_tier="low",
                default_category="general",
                actions=(ActionSpec("inspect", help="look at the site"),),
                deadlines=("forward", "resolve"),
                steps=("inspect_site",),
                settings_class=DeskSettings,
                labels={"zh": {"low": "一般", "high": "重大"}, "en": {"low": "low", "high": "high"}},
            )
        )

    @hookimpl
    def complaint_classify(self, complaint: Any, org: Any, facts: dict[str, Any]) -> Classification | None:
        self._log("complaint_classify", org)
        if complaint.category == "safety":
            return Classification("high", "safety", "safety complaints are high (test rule S1)")
        return None

    @hookimpl
    def complaint_deadlines(self, complaint: Any, org: Any, settings: DeskSettings, now: Any) -> list[DeadlineSpec]:
        self._log("complaint_deadlines", org)
        start = complaint.received_at
        specs = [
            DeadlineSpec("forward", start + settings.forward_within, met_by=("sign",)),
            DeadlineSpec("resolve", (now if complaint.tier == "high" else start) + settings.resolve_within, met_by=("resolve",)),
        ]
        if complaint.tier == "low":
            specs.append(DeadlineSpec("escalation", start + settings.escalate_after, met_by=("resolve",), kind="timer"))
        return specs

    @hookimpl
    def complaint_check_action(self, complaint: Any, org: Any, actor: Any, action: Any) -> str | None:
        self._log("complaint_check_action", org)
        if action.name == "extend" and actor.role not in ("manager", "general_manager"):
            return f"extending needs a manager; {actor.id} is {actor.role}"
        return None

    @hookimpl
    def complaint_after_action(self, complaint: Any, org: Any, action: Any) -> Effects | None:
        self._log("complaint_after_action", org)
        if action.name in ("intake", "sweep") and complaint.tier == "high":
            return Effects(steps=("inspect_site",))
        if action.name == "resolve":  # the complainant is told within the hour, each time it is resolved
            return Effects(deadlines=(DeadlineSpec("tell", complaint.resolved_at + timedelta(hours=1), met_by=("notify",)),))
        if action.name == "inspect":
            return Effects(fields={"inspected": True})
        return None

    @hookimpl
    def complaint_escalate(self, complaint: Any, org: Any) -> Escalation | None:
        self._log("complaint_escalate", org)
        timer = complaint.deadline("escalation")
        if complaint.tier == "low" and timer is not None and timer.state == "breached":
            return Escalation("high", "not resolved within 5 days (test rule E1)")
        return None
