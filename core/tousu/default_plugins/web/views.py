"""What each desk page shows, computed from `tousu.app.App` for one signed-in staff member.

The functions here are the pages' whole content as plain values (no HTML, no HTTP): the
routes hand them to the templates, and the tests can call them directly. Every lookup goes
through the App with the viewer's organization and staff id, so another organization's
complaint answers `NotFound` exactly like a missing one; personal data is masked by the
same rule as ``tousu show`` (`tousu.default_plugins.doors.privacy`), and a view in clear that only the role
opened is audited, as there.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from typing import Any

import attrs

from tousu.default_plugins import attachments
from tousu.default_plugins.doors import privacy
from tousu.default_plugins.doors.humanize import span
from tousu.default_plugins.doors.privacy import mask_text
from tousu.default_plugins.doors.render import _summary as event_summary
from tousu.default_plugins.web.actions import action_forms
from tousu.default_plugins.web.strings import text
from tousu.default_plugins.words.labels import label
from tousu.errors import InputError, NotFound, Refused, TousuError
from tousu.models import Complaint, Event, Org, Staff

#: "Due soon": a pending deadline that runs out within this window is a warning on the desk.
WARNING_WINDOW = timedelta(hours=2)
SCOPES = ("mine", "department", "all")


@attrs.frozen
class Viewer:
    """Who is looking: a signed-in staff member of one organization."""

    org: Org
    staff: Staff

    @property
    def language(self) -> str:
        return self.org.language


def span_text(language: str, due_at: datetime, at: datetime) -> tuple[str, bool]:
    """``late by 2h`` / ``due in 45m`` in the page's language, and whether it is late."""
    delta = due_at - at
    late = delta.total_seconds() < 0
    return text(language, "late_by" if late else "due_in", span=span(delta)), late


# -- the daily list -------------------------------------------------------------------


def scopes_for(viewer: Viewer) -> tuple[str, ...]:
    """Mine, my department (when the staff member has one) and all: any staff member may list
    the organization's daily list (the ``due`` permission), so every scope is theirs."""
    return tuple(s for s in SCOPES if s != "department" or viewer.staff.department)


def desk_view(app: Any, viewer: Viewer, scope: str, at: datetime) -> dict[str, Any]:
    """The daily list: overdue first, then due soon, then due later today, each most urgent first."""
    scopes = scopes_for(viewer)
    if scope not in scopes:
        scope = "mine"
    items, duties = app.due(viewer.org.id, at=at)
    counts = {s: 0 for s in scopes}
    rows: dict[str, list[dict[str, Any]]] = {"overdue": [], "warnings": [], "due_today": []}
    me, dept = viewer.staff.id, viewer.staff.department
    for item in items:
        mine = me in (item.owner, item.assignee)
        in_dept = bool(dept) and item.department == dept
        for s in scopes:
            counts[s] += s == "all" or (s == "mine" and mine) or (s == "department" and in_dept)
        if not (scope == "all" or (scope == "mine" and mine) or (scope == "department" and in_dept)):
            continue
        domain = app.domain(item.domain)
        span, late = span_text(viewer.language, item.due_at, at)
        group = "overdue" if late else "warnings" if item.due_at - at <= WARNING_WINDOW else "due_today"
        summary = item.summary if privacy.may_see(viewer.org, viewer.staff, item) else mask_text(item.summary)
        rows[group].append(
            {
                "id": item.id,
                "deadline": label(item.deadline, viewer.language, domain),
                "due_at": item.due_at,
                "span": span,
                "late": late,
                "owner": item.owner,
                "assignee": item.assignee,
                "department": item.department,
                "tier": label(item.tier, viewer.language, domain),
                "status": label(item.status, viewer.language),
                "summary": summary,
            }
        )
    return {
        "scope": scope,
        "scopes": scopes,
        "counts": counts,
        "groups": [(name, rows[name]) for name in ("overdue", "warnings", "due_today")],
        "totals": {name: len(rows[name]) for name in rows},
        "duties": [
            {"name": d.summary or d.name, "due_at": d.due_at, "span": span_text(viewer.language, d.due_at, at)[0]}
            for d in duties
            if not d.met
        ],
        "at": at,
    }


# -- one complaint --------------------------------------------------------------------


def visible(app: Any, viewer: Viewer, complaint: Complaint, events: list[Event]) -> tuple[Complaint, list[Event], bool]:
    """The complaint and history as the viewer may see them, and whether they are masked."""
    org, staff = viewer.org, viewer.staff
    if not privacy.may_see(org, staff, complaint, app.domain(complaint.domain)):
        return privacy.masked_complaint(complaint), [privacy.masked_event(e) for e in events], True
    if not privacy.sees_as_handler(complaint, staff) and (
        privacy.masked_complaint(complaint) != complaint or any(privacy.masked_event(e) != e for e in events)
    ):
        privacy.record_unmasked_view(app.store, org, staff, privacy.now(), "web:show", [complaint.id])
    return complaint, events, False


def load(app: Any, viewer: Viewer, complaint_id: str) -> Complaint:
    """The complaint if the viewer's organization holds it; NotFound alike for missing and foreign ids."""
    if not complaint_id or len(complaint_id) > 64:
        raise NotFound(f"complaint {complaint_id[:64]} not found")
    return app.get(complaint_id, org_id=viewer.org.id, actor_id=viewer.staff.id)


def complaint_view(app: Any, viewer: Viewer, complaint_id: str, at: datetime, calc: str | None = None) -> dict[str, Any]:
    """Everything the complaint page shows."""
    lang = viewer.language
    raw = load(app, viewer, complaint_id)
    complaint, events, masked = visible(app, viewer, raw, app.history(raw.id))
    domain = app.domain(complaint.domain)
    deadlines, timers = [], []
    for d in complaint.deadlines:
        state = d.state
        if state == "pending" and d.due_at < at:
            state = "breached"
        span, late = span_text(lang, d.due_at, at) if d.met_at is None and d.state != "cancelled" else ("", False)
        row = {
            "name": label(d.name, lang, domain),
            "due_at": d.due_at,
            "state": label(state, lang),
            "met_at": d.met_at,
            "span": span,
            "late": late,
            "extended": bool(d.extensions),
        }
        (timers if d.kind == "timer" else deadlines).append(row)
    evidence = dict(getattr(domain, "evidence", {}) or {})
    files = attachments.listing(events)
    steps = [
        {
            "name": s.name,
            "label": label(s.name, lang, domain),
            "done": s.done,
            "evidence": label(evidence[s.name], lang, domain) if s.name in evidence else "",
            "has_evidence": any(f.step == s.name for f in files),
        }
        for s in complaint.steps
    ]
    from tousu.default_plugins.doors.render import reason
    from tousu.default_plugins.words.labels import Labeller

    lab = Labeller(lang, [domain])
    history = [
        {
            "n": e.n,
            "at": e.at,
            "actor": e.actor,
            "role": label(e.role, lang, domain),
            "action": label(e.action, lang, domain),
            "details": event_summary(e, lab, viewer.org.tz),
        }
        for e in events
    ]
    return {
        "c": complaint,
        "masked": masked,
        "domain": domain,
        "status_label": label(complaint.status, lang),
        "tier": label(complaint.tier, lang, domain),
        "reason": reason(lang, complaint.classification_reason) if complaint.classification_reason else "-",
        "category": label(complaint.category, lang, domain),
        "channel": label(complaint.channel, lang, domain),
        "deadlines": deadlines,
        "timers": timers,
        "steps": steps,
        "history": history,
        "actions": action_forms(app, raw, viewer.org, viewer.staff, at),
        "attachments": files,
        "open_steps": [s for s in steps if not s["done"]],
        "compensation": compensation_view(app, viewer, raw, calc),
        "at": at,
    }


def compensation_view(app: Any, viewer: Viewer, complaint: Complaint, calc: str | None) -> dict[str, Any] | None:
    """The calculator (only where the domain computes compensation): the breakdown, or what to give."""
    if not _has_compensation(app, complaint):
        return None
    from tousu.default_plugins.doors.fields import parse_fields

    view: dict[str, Any] = {"facts": calc or "", "result": None, "error": ""}
    try:
        lines = [line.strip() for line in (calc or "").splitlines() if line.strip()]
        facts = parse_fields(lines)
        result = app.compensate(complaint.id, fields=facts, actor=viewer.staff.id)
    except TousuError as exc:
        view["error"] = mask_text(str(exc))
        return view
    view["result"] = {
        "items": [{"name": label(i.name, viewer.language, app.domain(complaint.domain)), "amount": i.amount, "basis": i.basis}
                  for i in result.items],
        "total": result.total,
        "currency": result.currency,
        "needs_approval": result.needs_approval,
        "warnings": list(result.warnings),
    }
    return view


def _has_compensation(app: Any, complaint: Complaint) -> bool:
    domain = app.domain(complaint.domain)
    if domain is None:
        return False
    info = app.registry.infos.get(domain.plugin)
    return info is not None and "complaint_compensation" in info.hooks


# -- the intake form ------------------------------------------------------------------


def domains_of(app: Any, org: Org) -> list[Any]:
    return [app.domain(d) for p in org.plugins if p in app.registry.infos for d in app.registry.infos[p].domains]


def intake_form(app: Any, viewer: Viewer, domain_name: str | None, values: dict[str, str] | None = None) -> dict[str, Any]:
    """The intake form built from the domain's registration, with the values typed so far."""
    lang = viewer.language
    domains = [d for d in domains_of(app, viewer.org) if d is not None]
    if not domains:
        raise InputError(f"organization {viewer.org.id} enables no domain plugin")
    chosen = next((d for d in domains if d.name == domain_name), domains[0])
    settings = viewer.org.settings.get(chosen.plugin)
    required = set(getattr(settings, "required_fields", ()) or ())
    values = dict(values or {})

    def options(keys: tuple[str, ...]) -> list[tuple[str, str]]:
        return [(k, label(k, lang, chosen)) for k in keys]

    selects = [
        {"name": "channel", "label": text(lang, "channel"), "options": options(chosen.channels), "required": True},
        {"name": "category", "label": text(lang, "category"), "options": options(chosen.categories),
         "required": "category" in required},
        {"name": "tier", "label": text(lang, "tier"), "options": options(chosen.tiers), "required": "tier" in required},
    ]
    inputs = [
        {"name": name, "label": label(name, lang), "required": name in required,
         "kind": "tel" if name == "contact" else "text"}
        for name in ("complainant", "contact", "respondent", "place", "request")
    ]
    # a call taken before it could be typed in: recorded late, with the time it came in
    inputs.append({"name": "received_at", "label": text(lang, "received_at_late"), "required": False,
                   "kind": "datetime-local"})
    return {
        "domains": [(d.name, d.title or d.name) for d in domains],
        "domain": chosen.name,
        "selects": [s for s in selects if s["options"]],
        "inputs": inputs,
        "values": values,
    }


def intake_from_form(app: Any, viewer: Viewer, form: dict[str, str], at: datetime | None = None) -> Complaint:
    """Record the complaint the form describes (the App applies every rule)."""
    from tousu.default_plugins.doors.fields import parse_fields

    extra = [line.strip() for line in form.get("fields", "").splitlines() if line.strip()]
    fields = parse_fields(extra)
    received = (form.get("received_at") or "").strip()
    if received:
        from tousu.timeutil import now, parse_instant

        at = parse_instant(received, viewer.org.tz, what="received at")
        if at > now() + timedelta(minutes=1):
            raise InputError("received at: a complaint cannot be received in the future")
    return app.intake(
        viewer.org.id,
        channel=form.get("channel", ""),
        summary=form.get("summary", ""),
        domain=form.get("domain") or None,
        category=form.get("category") or None,
        tier=form.get("tier") or None,
        complainant=form.get("complainant", "").strip(),
        contact=form.get("contact", "").strip(),
        respondent=form.get("respondent", "").strip(),
        place=form.get("place", "").strip(),
        request=form.get("request", "").strip(),
        urgent=form.get("urgent") in ("1", "on", "true"),
        again=form.get("again") in ("1", "on", "true"),
        fields=fields,
        actor=viewer.staff.id,
        at=at,
    )


def fetch(
    app: Any, complaint_id: str, sha256: str, *, org_id: str | None, actor: str | None
) -> tuple[Any, bytes]:
    """An attachment of a complaint and its bytes, for staff who may see the complaint.

    A digest that the complaint does not name answers like a missing one, whatever the
    folder holds (the folder is shared by the whole deployment).
    """
    from tousu.default_plugins.attachments import blobs_of, listing

    app.get(complaint_id, org_id=org_id, actor_id=actor)
    for item in listing(app.history(complaint_id)):
        if item.sha256 == sha256:
            blobs = blobs_of(app.config, app.store)
            if blobs.digest(sha256) != sha256:
                raise Refused(f"attachment {item.name!r} of {complaint_id} is missing or damaged; run `tousu verify`")
            return item, blobs.read(sha256)
    raise NotFound(f"attachment {sha256[:12]} of complaint {complaint_id} not found")


__all__ = [
    "Viewer",
    "complaint_view",
    "desk_view",
    "fetch",
    "intake_form",
    "intake_from_form",
    "load",
    "scopes_for",
    "search_view",
    "span_text",
    "visible",
]


# -- search ---------------------------------------------------------------------------


def search_view(app: Any, viewer: Viewer, query: str, limit: int = 50) -> list[dict[str, Any]]:
    """Complaints of the viewer's organization matching `query` (an id, or text through the
    search index), as the viewer may see them. Names and phone numbers are searched only where
    the viewer may see them (`tousu.default_plugins.store.search`): their own cases, or every case for a role
    in ``personal_data_roles``."""
    lang = viewer.language
    query = query.strip()
    found: list[Complaint] = []
    with contextlib.suppress(TousuError):  # not an id of this organization: search the texts
        found.append(app.get(query.upper(), org_id=viewer.org.id, actor_id=viewer.staff.id))
    matches = app.store.search(
        viewer.org.id, query, personal=privacy.role_may_see(viewer.org, viewer.staff), handler=viewer.staff.id, limit=limit
    )
    found.extend(c for c in matches if c.id not in {f.id for f in found})
    rows = []
    for complaint in found:
        shown = complaint if privacy.may_see(viewer.org, viewer.staff, complaint) else privacy.masked_complaint(complaint)
        domain = app.domain(shown.domain)
        rows.append(
            {
                "id": shown.id,
                "received_at": shown.received_at,
                "status": label(shown.status, lang),
                "tier": label(shown.tier, lang, domain),
                "place": shown.place,
                "summary": shown.summary,
            }
        )
    rows.sort(key=lambda r: r["received_at"], reverse=True)
    return rows
