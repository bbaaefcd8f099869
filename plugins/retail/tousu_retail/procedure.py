"""The procedure's guards and consequences: what each action requires and what it sets in motion.

`check` answers ``complaint_check_action`` (a reason to refuse, or None); `effects` answers
``complaint_after_action`` (steps, clocks, fields). Both are pure functions of the complaint,
the facts and the history, so every rule can be read here in the source's order.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tousu import Action, Complaint, DeadlineSpec, Effects, Event, Org, Staff
from tousu.errors import InputError
from tousu.facts import fact_bool, fact_str
from tousu.money import format_amount
from tousu_retail import authority
from tousu_retail.domain import (
    AFTER_HANDLING_STEPS,
    AGENCY_CHANNELS,
    CATEGORY_CLAUSE,
    CATEGORY_TIER,
    IMPROVEMENT_STEPS,
    MAJOR_TIERS,
    PUBLISHED_STEPS,
    REMEDIES,
    RETEST,
    STEP_PREREQUISITES,
    TIERS,
)
from tousu_retail.remedy import REMEDY_FACTS, remedies
from tousu_retail.rules import (
    improvement_steps,
    procedure_categories,
    published,
    reopened,
    required_steps,
)
from tousu_retail.settings import RetailSettings

AUTHENTICITY_RESULTS = ("counterfeit", "genuine")
#: 2-1: what the authorised repair department's assessment finds.
ASSESSMENT_FACTS = ("quality_problem", "company_at_fault")
#: Facts a later ``note`` may add or correct; they are kept in the complaint's fields.
RECORDED_FACTS = (*REMEDY_FACTS, "product", "supplier")


def _step_done(complaint: Complaint, name: str) -> bool:
    step = complaint.step(name)
    return step is not None and step.done


def supplier_of(complaint: Complaint, facts: dict[str, Any], action: str) -> str:
    supplier = fact_str(facts, "supplier") or fact_str(dict(complaint.fields), "supplier")
    if not supplier:
        raise InputError(f"{action} needs the supplier: --field supplier=NAME (or record it at intake)")
    return supplier


#: Who records a step that belongs to another department when the organization lists nobody in
#: that department's role: a department head or above records it for them.
ON_BEHALF_ROLES = ("department_head", "supervisor", "manager", "general_manager")


def check(
    complaint: Complaint,
    org: Org,
    settings: RetailSettings,
    actor: Staff,
    action: Action,
    facts: dict[str, Any],
    events: Any,
) -> str | None:
    """A reason to refuse `action`, or None. `events()` reads the history only when needed."""
    name = action.name
    if name == "step":
        return _check_step_role(complaint, org, settings, actor, facts) or _check_step(complaint, facts, events)
    if name == "downgrade":
        return _check_downgrade(complaint, action)
    if name == "media_published":
        if "media_exposure" not in procedure_categories(complaint):
            return f"media_published is for a media-exposure complaint (2-6); {complaint.id} is {complaint.category}"
        if published(complaint):
            return f"the published story of {complaint.id} is already recorded"
    if name == "settle":
        return (
            _check_counterfeit_proof(complaint)
            or _check_assessment(complaint)
            or authority.check_settle(complaint, settings, actor, facts, events(), goodwill=needs_goodwill(complaint))
        )
    if name == "approve":
        return authority.check_approve(complaint, settings, actor, facts, events())
    if name == "choose_remedy":
        return _check_remedy(complaint, facts)
    if name == "assign" and complaint.channel == "on_site" and not fact_bool(facts, "customer_told", False):
        return (
            "on-site complaint: the first receiver tells the customer before handing over "
            "(record it with --field customer_told=true)"
        )
    if name == "ask_supplier":
        supplier_of(complaint, facts, name)
        if not (action.note or "").strip():
            raise InputError("ask_supplier needs the customer's question: --note QUESTION")
        current = complaint.deadline("supplier_answer")
        if current is not None and current.met_at is None and current.state != "cancelled":
            return f"a question to the supplier of {complaint.id} is still unanswered; record the answer first"
    if name == "supplier_answer":
        current = complaint.deadline("supplier_answer")
        if current is None or current.met_at is not None or current.state == "cancelled":
            return f"{complaint.id} has no open question to the supplier (ask with `ask_supplier --note ...`)"
    if name in ("unacceptable_service", "supplier_refused"):
        supplier_of(complaint, facts, name)
    if name == "regulator_finding":
        agency = fact_str(facts, "agency")
        if agency not in AGENCY_CHANNELS:
            raise InputError(f"regulator_finding needs --field agency=({'|'.join(AGENCY_CHANNELS)})")
        if not (fact_str(facts, "product") or fact_str(dict(complaint.fields), "product")):
            raise InputError("regulator_finding needs the product: --field product=NAME (or record it at intake)")
    return None


def _check_step_role(
    complaint: Complaint, org: Org, settings: RetailSettings, actor: Staff, facts: dict[str, Any]
) -> str | None:
    """A step that belongs to another department (理财部 freezes payments) is recorded by that role.

    When the organization lists nobody in that role (the department does not use tousu), a
    department head or above records it for them.
    """
    step = fact_str(facts, "name") or ""
    roles = settings.step_roles.get(step)
    if not roles or actor.role in roles:
        return None
    staffed = any(s.role in roles for s in org.staff.values())
    if not staffed and actor.role in ON_BEHALF_ROLES:
        return None
    who = ", ".join(roles)
    if not staffed:
        return (
            f"step {step} of {complaint.id} belongs to {who} (or, as {org.id} lists nobody in that role, "
            f"a {', '.join(ON_BEHALF_ROLES)}); {actor.id} is {actor.role}"
        )
    return f"step {step} of {complaint.id} belongs to {who}; {actor.id} is {actor.role}"


def _check_step(complaint: Complaint, facts: dict[str, Any], events: Any) -> str | None:
    step = fact_str(facts, "name") or ""
    waiting = [b for b in STEP_PREREQUISITES.get(step, ()) if complaint.step(b) is not None and not _step_done(complaint, b)]
    if waiting:
        first = ", ".join(waiting)
        return f"step {step} of {complaint.id} waits for step {first} (the source's order: {first} comes first)"
    if step in AFTER_HANDLING_STEPS and complaint.resolved_at is None:
        return (
            f"2-5: the written reply to the agency comes after the matter is handled (处理完毕后): "
            f"resolve {complaint.id} first"
        )
    if step == "verify_authenticity" and fact_str(facts, "result") not in AUTHENTICITY_RESULTS:
        raise InputError("verify_authenticity needs the finding: --field result=counterfeit|genuine")
    if step == "repair_dept_assessment":
        assessment(facts)
    if (
        step == "settlement_agreement"
        and "property_damage" in procedure_categories(complaint)
        and not authority.ledger(events())[1]
    ):
        return (
            f"2-3: the settlement agreement is signed after the compensation is paid: "
            f"record it first with `tousu act {complaint.id} settle --field amount=A`"
        )
    return None


def assessment(facts: dict[str, Any]) -> dict[str, bool]:
    """2-1: the repair department's finding, ``quality_problem`` and ``company_at_fault`` (both required)."""
    found = {key: fact_bool(facts, key) for key in ASSESSMENT_FACTS}
    missing = [key for key, value in found.items() if value is None]
    if missing:
        raise InputError(
            "repair_dept_assessment needs the finding: "
            + " ".join(f"--field {key}=true|false" for key in missing)
        )
    return {key: bool(value) for key, value in found.items()}


def _check_counterfeit_proof(complaint: Complaint) -> str | None:
    """2-4: 在有充分证据证明是假货、水货的情况下 — pay only once verification proved it."""
    if "counterfeit" not in procedure_categories(complaint):
        return None
    if not _step_done(complaint, "verify_authenticity"):
        return f"2-4: compensation is paid only with proof: complete step verify_authenticity of {complaint.id} first"
    if complaint.fields.get("authenticity") == "genuine":
        return f"2-4: verification of {complaint.id} found the goods genuine; no counterfeit compensation is due"
    return None


def _check_downgrade(complaint: Complaint, action: Action) -> str | None:
    """A tier is lowered, never below what the category requires (2-1 … 2-7 set the least tier)."""
    least = CATEGORY_TIER.get(complaint.category or "general", "level1")
    tier = action.to or ""
    if tier in TIERS and TIERS.index(tier) < TIERS.index(least):
        return (
            f"{complaint.id} is {complaint.category} ({CATEGORY_CLAUSE.get(complaint.category or '', 'general')}), "
            f"which is at least {least}: a lower tier needs another category, not a downgrade"
        )
    return None


def _check_assessment(complaint: Complaint) -> str | None:
    """2-1: whether the demand is reasonable is known only from the repair department's assessment."""
    if "excessive_demand" not in procedure_categories(complaint) or _step_done(complaint, "repair_dept_assessment"):
        return None
    return (
        f"2-1: settle only after the authorised repair department's assessment (经特约维修部鉴定): record "
        f"`tousu act {complaint.id} step --field name=repair_dept_assessment --field quality_problem=true|false "
        f"--field company_at_fault=true|false` first"
    )


def needs_goodwill(complaint: Complaint) -> bool:
    """2-1: no quality problem and the company not at fault — a concession is a manager's goodwill."""
    if "excessive_demand" not in procedure_categories(complaint):
        return False
    fields = complaint.fields
    return fields.get("quality_problem") is False and fields.get("company_at_fault") is False


def _check_remedy(complaint: Complaint, facts: dict[str, Any]) -> str | None:
    chosen = fact_str(facts, "remedy")
    if chosen not in REMEDIES:
        raise InputError(f"choose_remedy needs --field remedy=({'|'.join(REMEDIES)})")
    offered = complaint.fields.get("remedies")
    if not offered:
        return f"no product remedy on offer for {complaint.id}: record --field purchase_date=YYYY-MM-DD first"
    if chosen not in offered:
        return f"{chosen} is not on offer for {complaint.id} ({complaint.fields.get('remedy_rule')}): choose {', '.join(offered)}"
    return None


def effects(
    complaint: Complaint,
    org: Org,
    settings: RetailSettings,
    actor: Staff,
    action: Action,
    facts: dict[str, Any],
    events: list[Event],
    now: datetime,
) -> Effects | None:
    """The consequences of `action`, recorded in the same event."""
    name = action.name
    fields: dict[str, Any] = {}
    steps: list[str] = []
    clocks: list[DeadlineSpec] = []
    if name == "intake":
        steps = required_steps(complaint)
    elif complaint.is_open:  # a tier raised to major later brings the internal improvement too
        steps = list(improvement_steps(complaint))
    if name == "media_published":
        fields["published"] = True
        steps.extend(PUBLISHED_STEPS)
        clocks.append(
            DeadlineSpec("media_response", now + settings.media_response_within, met_by=("step:report_to_general_manager",))
        )
    if name == "step" and fact_str(facts, "name") == "internal_check":
        fault = product_fault(complaint, facts)
        fields["product_fault"] = fault
        if fault:
            steps.append(RETEST)
    if name == "note":
        fields.update({k: _plain(facts[k]) for k in RECORDED_FACTS if k in facts and facts[k] != ""})
    if name in ("intake", "note") and set(REMEDY_FACTS) & set(facts):
        offer = remedies(complaint, procedure_categories(complaint), settings, {**complaint.fields, **facts})
        if offer:
            fields.update(offer)
    if name == "step" and fact_str(facts, "name") == "verify_authenticity":
        fields["authenticity"] = fact_str(facts, "result")
    if name == "step" and fact_str(facts, "name") == "repair_dept_assessment":
        fields.update(assessment(facts))
    if name == "choose_remedy":
        fields["remedy_chosen"] = fact_str(facts, "remedy")
    if name == "reopen":
        clocks.extend(reopened(complaint, settings, now))
    if name == "ask_supplier":
        clocks.append(DeadlineSpec("supplier_answer", now + settings.supplier_answer_within, met_by=("supplier_answer",)))
    if name in ("settle", "approve"):
        pending = _pending_event(complaint, actor, action, facts, events, now, settings)
        fields.update(authority.summary(events, pending, org))
        if name == "settle":
            fields["last_settlement"] = pending.data["fields"]["last_settlement"]
            if authority.required_amount(facts, "settle") > 0:
                steps.append("customer_receipt")
    if name == "void":  # a settlement or approval reversed: the ledger's totals follow
        number = facts.get("event")
        reversal = Event(complaint.id, (events[-1].n if events else 0) + 1, now, now, actor.id, actor.role, "void",
                         {"void": {"event": int(number) if str(number).isdigit() else 0}})
        fields.update(authority.summary(events, reversal, org))
    dropped: tuple[str, ...] = ()
    if name == "downgrade" and complaint.tier not in MAJOR_TIERS:
        # lowered below a major complaint (a supervisor's call, with the reason): 四 内部改进 is for
        # major complaints; what was already checked or corrected stays on record
        dropped = (*IMPROVEMENT_STEPS, RETEST)
    if not (fields or steps or clocks or dropped):
        return None
    return Effects(steps=tuple(steps), deadlines=tuple(clocks), fields=fields, drop_steps=dropped)


def product_fault(complaint: Complaint, facts: dict[str, Any]) -> bool:
    """四: whether a product was at fault (then it is re-tested): ``--field product_fault=true|false``.

    Without the fact: the repair department's finding where one was recorded (2-1), else the
    category's definition — 2-2 and 2-3 are caused by the product's quality (因商品质量), a
    counterfeit is withdrawn rather than re-tested (撤场 1).
    """
    given = fact_bool(facts, "product_fault")
    if given is not None:
        return given
    recorded = complaint.fields.get("quality_problem")
    if isinstance(recorded, bool):
        return recorded
    return bool({"personal_injury", "property_damage"} & set(procedure_categories(complaint)))


def _plain(value: Any) -> Any:
    """A fact as JSON can hold it (a TOML date becomes its ISO text)."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def _pending_event(
    complaint: Complaint,
    actor: Staff,
    action: Action,
    facts: dict[str, Any],
    events: list[Event],
    now: datetime,
    settings: RetailSettings,
) -> Event:
    """The event being recorded, as the ledger will read it back (which approval a settlement uses)."""
    typed = {k: str(v) for k, v in facts.items() if k in ("amount", "for", "goodwill")}
    data: dict[str, Any] = {"input": {"fields": typed}}
    if action.name == "settle":
        amount = authority.required_amount(facts, "settle")
        used = authority.decide(complaint, settings, actor, amount, events, goodwill=needs_goodwill(complaint)).approval
        data["fields"] = {"last_settlement": {"amount": format_amount(amount), "approval": used}}
    n = (events[-1].n if events else 0) + 1
    return Event(complaint.id, n, now, now, actor.id, actor.role, action.name, data)
