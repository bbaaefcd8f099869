"""A probe plugin for the hook tests: implements every hook, records every call it receives.

Each hook writes ``(hook name, its keyword arguments)`` to ``calls`` and answers with a
small, real rule, so a test can check both that the core called the hook with the documented
arguments and that the core did something with the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
import click

from tousu import (
    Action,
    ActionSpec,
    Classification,
    Compensation,
    CompensationItem,
    Complaint,
    DeadlineSpec,
    DomainSpec,
    Effects,
    Escalation,
    Org,
    OrgDeadline,
    Period,
    ReportSection,
    Staff,
    hookimpl,
)
from tousu.facts import fact_amount
from tousu.timeutil import to_db

NAME = "probe"


@attrs.frozen
class ProbeSettings:
    """Settings with defaults, so a test can show the org's own values reach the hooks."""

    reply_within: timedelta = timedelta(days=2)
    watch_within: timedelta = timedelta(hours=4)
    authority: Decimal = Decimal("100.00")


class Probe:
    """Instances log ``(hook, kwargs)`` for every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def _log(self, hook: str, **kwargs: Any) -> None:
        self.calls.append((hook, kwargs))

    def called(self, hook: str) -> list[dict[str, Any]]:
        """The keyword arguments of each call of `hook`, in order."""
        return [kwargs for name, kwargs in self.calls if name == hook]

    # -- register_* ----------------------------------------------------------------------

    @hookimpl
    def register_domains(self, register: Callable[[DomainSpec], None]) -> None:
        self._log("register_domains", register=register)
        register(
            DomainSpec(
                name="probe",
                plugin=NAME,
                title="probe desk",
                channels=("phone", "web"),
                categories=("general", "safety"),
                tiers=("low", "high"),
                default_tier="low",
                default_category="general",
                actions=(ActionSpec("inspect", help="look at the site"),),
                deadlines=("reply", "watch"),
                steps=("inspect",),
                settings_class=ProbeSettings,
                labels={"zh": {"low": "一般", "high": "重大"}, "en": {"low": "low", "high": "high"}},
            )
        )

    @hookimpl
    def register_commands(self, cli: click.Group) -> None:
        self._log("register_commands", cli=cli)

        @cli.command("probe-hello")
        @click.option("--json", "as_json", is_flag=True)
        def probe_hello(as_json: bool) -> None:
            """Say hello from the probe plugin."""
            click.echo('{"hello": "probe"}' if as_json else "hello from probe")

    @hookimpl
    def register_migrations(self, register: Callable[[str, Callable[[Any], None]], None]) -> None:
        self._log("register_migrations", register=register)
        register("0001-notes", lambda db: db.execute("CREATE TABLE probe_notes (complaint_id TEXT, note TEXT)"))

    @hookimpl
    def register_stores(self, register: Callable[[Callable[[str, str, bool], Any]], None]) -> None:
        self._log("register_stores", register=register)

        def opener(database: str, synchronous: str, threads: bool) -> None:
            self._log("open_store", database=database, synchronous=synchronous, threads=threads)
            return None  # not its kind: the default store opens it

        register(opener)

    @hookimpl
    def register_calendars(self, register: Callable[[Any], None]) -> None:
        from datetime import date

        from tousu.calendar import CalendarSource

        self._log("register_calendars", register=register)
        register(
            CalendarSource(
                name="probe-days", title="probe days", source="the probe's own notice", years=(2026,),
                holidays={date(2026, 10, 5): "probe day"}, workdays={date(2026, 10, 10): "probe make-up"},
            )
        )

    @hookimpl
    def register_locales(self, register: Callable[[Any], None]) -> None:
        import re

        from tousu.locales import Locale, PhonePattern

        self._log("register_locales", register=register)
        register(
            Locale(
                name="probe-land",
                phone_patterns=(PhonePattern(re.compile(r"(?<!\d)\+1 \d{3}-\d{3}-\d{4}(?!\d)"), "1", 10),),
                answers={"aye": True, "nay": False},
            )
        )

    @hookimpl
    def register_routes(self, register: Callable[..., None]) -> None:
        from starlette.responses import JSONResponse

        self._log("register_routes", register=register)
        register("/probe/hello", lambda request: JSONResponse({"hello": "probe"}))

    @hookimpl
    def register_background(self, register: Callable[[Callable[[Any], Any]], None]) -> None:
        self._log("register_background", register=register)  # asked by `tousu serve`; runs nothing

    @hookimpl
    def register_demos(self, register: Callable[[Any], None]) -> None:
        from tousu.demo import Demo

        self._log("register_demos", register=register)

        def run(script: Any) -> None:
            script.say("The probe desk receives one complaint.")
            script.run(
                "intake", "--org", script.org, "--channel", "web", "--summary", "probe demo complaint",
                "--at", "2026-10-01T09:00:00+08:00", "--json",
            )

        register(Demo(domain="probe", title="Probe demo desk", run=run, language="en", order=999))

    # -- complaint_* ---------------------------------------------------------------------

    @hookimpl
    def complaint_classify(
        self, complaint: Complaint, org: Org, settings: ProbeSettings, facts: dict[str, Any]
    ) -> Classification | None:
        self._log("complaint_classify", complaint=complaint, org=org, settings=settings, facts=facts)
        if facts.get("danger") == "yes":
            return Classification("high", "safety", "probe: danger reported")
        return None

    @hookimpl
    def complaint_deadlines(
        self, complaint: Complaint, org: Org, settings: ProbeSettings, now: datetime
    ) -> list[DeadlineSpec]:
        self._log("complaint_deadlines", complaint=complaint, org=org, settings=settings, now=now)
        return [
            DeadlineSpec("reply", now + settings.reply_within, ("reply",)),
            DeadlineSpec("watch", complaint.received_at + settings.watch_within, ("resolve",), kind="timer"),
        ]

    @hookimpl
    def complaint_check_action(
        self,
        complaint: Complaint,
        org: Org,
        settings: ProbeSettings,
        actor: Staff,
        action: Action,
        facts: dict[str, Any],
        store: Any,
        now: datetime,
    ) -> str | None:
        self._log(
            "complaint_check_action", complaint=complaint, org=org, settings=settings, actor=actor,
            action=action, facts=facts, store=store, now=now,
        )
        if action.name == "resolve" and actor.role == "receptionist":
            return "probe: a receptionist may not resolve a probe complaint"
        return None

    @hookimpl
    def complaint_after_action(
        self,
        complaint: Complaint,
        org: Org,
        settings: ProbeSettings,
        actor: Staff,
        action: Action,
        facts: dict[str, Any],
        store: Any,
        now: datetime,
    ) -> Effects | None:
        self._log(
            "complaint_after_action", complaint=complaint, org=org, settings=settings, actor=actor,
            action=action, facts=facts, store=store, now=now,
        )
        if action.name == "intake" and complaint.category == "safety":
            return Effects(steps=("inspect",))
        if action.name == "inspect":
            return Effects(fields={"inspected_by": actor.id})
        return None

    @hookimpl
    def complaint_escalate(
        self, complaint: Complaint, org: Org, settings: ProbeSettings, now: datetime
    ) -> Escalation | None:
        self._log("complaint_escalate", complaint=complaint, org=org, settings=settings, now=now)
        watch = complaint.deadline("watch")
        if watch is not None and watch.state == "breached" and complaint.tier == "low":
            return Escalation("high", "probe: the watch timer ran out")
        return None

    @hookimpl
    def complaint_escalation_watch(self, org: Org, settings: ProbeSettings) -> None:
        """No watch: the probe's escalation rule is asked about every breach (`complaint_escalate`)."""
        self._log("complaint_escalation_watch", org=org, settings=settings)

    @hookimpl
    def complaint_compensation(
        self, complaint: Complaint, org: Org, settings: ProbeSettings, actor: Staff, facts: dict[str, Any]
    ) -> Compensation:
        self._log(
            "complaint_compensation", complaint=complaint, org=org, settings=settings, actor=actor, facts=facts
        )
        claimed = fact_amount(facts, "claimed", Decimal("0")) or Decimal("0")
        return Compensation(
            items=(CompensationItem("refund", claimed, "the amount claimed"),),
            needs_approval=claimed > settings.authority,
        )

    # -- report_* ------------------------------------------------------------------------

    @hookimpl
    def report_section(self, org: Org, settings: ProbeSettings, store: Any, period: Period) -> ReportSection:
        self._log("report_section", org=org, settings=settings, store=store, period=period)
        (received,) = store.conn.execute(
            "SELECT count(*) FROM complaints WHERE org = ? AND domain = 'probe' "
            "AND received_at >= ? AND received_at < ?",
            (org.id, to_db(period.start), to_db(period.end)),
        ).fetchone()
        return ReportSection("probe", "probe desk", {"received": received})

    @hookimpl
    def report_deadlines(self, org: Org, settings: ProbeSettings, store: Any, now: datetime) -> list[OrgDeadline]:
        self._log("report_deadlines", org=org, settings=settings, store=store, now=now)
        return [OrgDeadline("probe_figures", now + timedelta(hours=1), "send the probe figures")]


class Bystander:
    """A second domain that implements nothing but ``register_domains``: the probe must never
    hear about its complaints, even in an organization that enables both."""

    @hookimpl
    def register_domains(self, register: Callable[[DomainSpec], None]) -> None:
        register(
            DomainSpec(
                name="other",
                plugin="bystander",
                channels=("phone",),
                categories=("general",),
                tiers=("only",),
                default_tier="only",
                default_category="general",
            )
        )
