"""The desk's endpoints: complaints, actions, compensation, the daily list, reports, sweep.

Every endpoint works inside the logged-in staff member's organization: an id of another
organization answers exactly like a missing one (404), and the actor passed to the App is
always ``identity.staff``. Requests that record something run in one transaction
(`tousu.default_plugins.server.asgi.Deployment.writing`); the documents are the CLI's (`tousu.default_plugins.doors.documents`).

``at``: absent means the server's clock (taken inside the transaction); an instant in the
past is a late entry under the App's rules; one in the future is refused by the clock policy
(`recording_at`). Views (``show``, ``due``, reports) may be asked as of any ``at``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from tousu.default_plugins.server.asgi import deployment
from tousu.default_plugins.server.auth import Identity
from tousu.default_plugins.server.middleware import Document
from tousu.default_plugins.server.requests import fields_of, query
from tousu.errors import InputError
from tousu.models import Org
from tousu.timeutil import now, parse_instant

#: The intake options of ``tousu intake`` as body keys (DESIGN §6), and their JSON types.
INTAKE_KEYS: dict[str, Any] = {
    "channel": str, "summary": str, "domain": str, "category": str, "tier": str, "complainant": str,
    "contact": str, "respondent": str, "place": str, "request": str, "urgent": bool, "fields": dict, "at": str,
    "again": bool,
}
ACTION_KEYS: dict[str, Any] = {"action": str, "to": str, "note": str, "fields": dict, "at": str}
_NOT_YOURS = ("actor", "org", "role")


def _no_impersonation(body: dict[str, Any], identity: Identity) -> None:
    for key in _NOT_YOURS:
        if key in body:
            raise InputError(
                f"{key!r} cannot be set in a request: you act as {identity.staff.id} of {identity.org}, "
                "the staff member you logged in as"
            )


def _facts(value: Any) -> dict[str, Any]:
    facts = dict(value or {})
    for key, item in facts.items():
        if item is None:
            raise InputError(f"fields.{key}: null is not a value (leave the field out)")
        if not key.strip():
            raise InputError("fields: a field needs a name")
    return facts


def recording_at(app: Any, org: Org, text: str | None) -> datetime | None:
    """The instant a request records at: None (the server's clock, taken in the transaction),
    or `text` read in the organization's zone and checked by the clock policy."""
    if text is None:
        return None
    at = parse_instant(text, org.tz, what="at")
    try:
        from tousu.clock import recording_instant
    except ImportError:  # the clock policy's own module (tousu.clock) decides where it exists
        from datetime import timedelta

        if at > now() + timedelta(minutes=5):
            raise InputError(f"at {text!r} is in the future: a register records only what has happened") from None
        return at
    return recording_instant(app.config, at, what="at")


def viewing_at(org: Org, text: str | None) -> datetime:
    return parse_instant(text, org.tz, what="at") if text is not None else now()


def _typed_id(value: str) -> str:
    from tousu.default_plugins.ids import complaint_id

    return complaint_id(value)


# -- complaints ---------------------------------------------------------------------------


def create_complaint(request: Request, app: Any, identity: Identity, body: dict[str, Any]) -> Response:
    """``tousu intake --json``, 201."""
    from tousu.default_plugins.doors.documents import complaint_document

    _no_impersonation(body, identity)
    values = fields_of(body, INTAKE_KEYS, required=("channel", "summary"))
    org = app.org(identity.org)
    at = recording_at(app, org, values.pop("at", None))
    facts = _facts(values.pop("fields", None))
    with deployment(request).writing() as app:
        complaint = app.intake(org.id, **values, fields=facts, actor=identity.staff.id, at=at)
        document = complaint_document(app, complaint, org, complaint.received_at, identity.staff, history=False)
    return Document(document, status_code=201, headers={"location": f"/api/v1/complaints/{complaint.id}"})


def show_complaint(request: Request, app: Any, identity: Identity, body: None) -> Response:
    """``tousu show --json``; another organization's id answers like a missing one."""
    from tousu.default_plugins.doors.documents import complaint_document

    params = query(request, ("at",))
    complaint = app.get(_typed_id(request.path_params["id"]), org_id=identity.org)
    org = app.org(complaint.org)
    return Document(complaint_document(app, complaint, org, viewing_at(org, params.get("at")), identity.staff, history=True))


def act(request: Request, app: Any, identity: Identity, body: dict[str, Any]) -> Response:
    """``tousu act ID ACTION --json``: 409 refused by a rule, 403 not for this role, 400 bad input."""
    from tousu.default_plugins.doors.documents import complaint_document

    _no_impersonation(body, identity)
    values = fields_of(body, ACTION_KEYS, required=("action",))
    cid = _typed_id(request.path_params["id"])
    complaint = app.get(cid, org_id=identity.org)
    org = app.org(complaint.org)
    at = recording_at(app, org, values.get("at"))
    facts = _facts(values.get("fields"))
    to = values.get("to")
    action = values["action"]
    with deployment(request).writing() as app:
        if action == "forward" and not to:  # as the CLI: the routed department, else the respondent
            to = complaint.department or complaint.respondent or None
        if action == "escalate" and to and "tier" not in facts:
            facts["tier"], to = to, None
        updated = app.act(
            cid, action, actor=identity.staff.id, to=to, note=values.get("note"), fields=facts, at=at, org_id=org.id
        )
        document = complaint_document(app, updated, org, at or now(), identity.staff, history=False)
    return Document(document)


def compensation(request: Request, app: Any, identity: Identity, body: dict[str, Any]) -> Response:
    """``tousu compensate ID --json``: the breakdown for these facts and this staff member's authority."""
    from tousu.default_plugins.doors.render import compensation_json

    _no_impersonation(body, identity)
    values = fields_of(body, {"fields": dict, "at": str})
    cid = _typed_id(request.path_params["id"])
    complaint = app.get(cid, org_id=identity.org)
    if values.get("at") is not None:
        viewing_at(app.org(complaint.org), values["at"])  # checked, as the CLI checks --at
    result = app.compensate(cid, fields=_facts(values.get("fields")), actor=identity.staff.id)
    return Document(compensation_json(result))


# -- lists ----------------------------------------------------------------------------------


def _whole(params: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    text = params.get(name)
    if text is None:
        return default
    if not text.isdigit() or not low <= int(text) <= high:
        raise InputError(f"{name}: expected a whole number from {low} to {high}, got {text[:40]!r}")
    return int(text)


def list_complaints(request: Request, app: Any, identity: Identity, body: None) -> Response:
    """``tousu list --json`` for the staff member's organization."""
    from tousu.default_plugins.doors.documents import list_page

    params = query(request, ("status", "tier", "category", "q", "limit", "offset"))
    org = app.org(identity.org)
    items, total = list_page(
        app, org, identity.staff,
        status=params.get("status"), tier=params.get("tier"), category=params.get("category"), query=params.get("q"),
        limit=_whole(params, "limit", 100, 1, 100000), offset=_whole(params, "offset", 0, 0, 10**9),
    )
    return Document(items, headers={"x-total-count": str(total)})


def due(request: Request, app: Any, identity: Identity, body: None) -> Response:
    """``tousu due --json`` for the staff member's organization (``by`` as the CLI's ``--by``)."""
    from tousu.default_plugins.doors.documents import due_document, screened_due
    from tousu.timeutil import parse_duration

    params = query(request, ("within", "by", "at"))
    if params.get("by") not in (None, "owner", "department"):
        raise InputError(f"by: expected owner or department, got {params['by'][:40]!r}")
    org = app.org(identity.org)
    at = viewing_at(org, params.get("at"))
    horizon = parse_duration(params["within"], what="within") if "within" in params else None
    items, duties = app.due(org.id, within=horizon, at=at)
    items = screened_due(app, items, lambda _org: identity.staff)
    return Document(due_document(app, org.id, items, duties, at))


def sweep(request: Request, app: Any, identity: Identity, body: dict[str, Any]) -> Response:
    """``tousu sweep --json`` for the staff member's organization, by the roles allowed to."""
    from tousu.default_plugins.doors.command_permissions import check_role
    from tousu.default_plugins.doors.documents import sweep_document

    _no_impersonation(body, identity)
    values = fields_of(body, {"at": str})
    org = app.org(identity.org)
    check_role(org, identity.staff, "sweep")
    at = recording_at(app, org, values.get("at"))
    with deployment(request).writing() as writer:  # the writer's App is used inside the block only
        result = writer.sweep(org.id, at)
    return Document(sweep_document(app, org.id, result))


__all__ = [
    "act", "compensation", "create_complaint", "due", "list_complaints", "recording_at", "show_complaint",
    "sweep",
]
