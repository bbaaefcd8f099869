"""A duplicate filed twice becomes part of its primary: ``act ID merge --to OTHER --note REASON``.

The duplicate's own ``merge`` event closes it (its running clocks are cancelled, as with any
complaint that leaves the desk), links it to the primary (``duplicate_of``) and keeps its
whole history; a ``merge`` event on the primary, in the same transaction, links back to the
duplicate (``duplicate``) with the same reason, so each case's history tells the story.
Report figures count the matter once: a merged duplicate is left out of the received
cohort (`tousu.default_plugins.reporting.figures`).

Like the other corrections of the record it is done by a correcting role (supervisor and
above, `tousu.default_plugins.corrections.CORRECTING_ROLES`) with a reason. The primary must be another
complaint of the same organization that is not itself merged into a third (no chains); the
merge is not undone by ``void`` (it changed the status): a wrong merge is undone by
``reopen`` of the duplicate, whose links stay as the record of what happened.

Part of the default plugin ``corrections`` (`tousu.default_plugins.features.Corrections`): the
App asks for the duplicate's side through ``complaint_action_parts`` and writes the primary's
event that ``complaint_action_done`` gives it.
"""

from __future__ import annotations

from typing import Any

from tousu.default_plugins.corrections import may_correct
from tousu.default_plugins.ids import complaint_id as canonical_id
from tousu.errors import InputError, Refused
from tousu.messages import register
from tousu.models import Action, Complaint, Staff
from tousu.payload import Entry, Input, LinkAdd, Merge, Payload

#: On the duplicate: the primary it was merged into.
DUPLICATE_OF = "duplicate_of"
#: On the primary: a duplicate merged into it.
DUPLICATE = "duplicate"


def merged_into(complaint: Complaint) -> str | None:
    """The primary a closed duplicate was merged into, or None."""
    if complaint.status != "closed":
        return None
    return next((link.id for link in complaint.links if link.kind == DUPLICATE_OF), None)


def merge_data(app: Any, complaint: Complaint, staff: Staff, action: Action) -> Payload:
    """The duplicate's side of a merge: checks, then what its ``merge`` event records."""
    may_correct(staff, "merge")
    if not (action.to or "").strip():
        raise InputError.of("merge.needs_to", id=complaint.id)
    if not (action.note or "").strip():
        raise InputError.of("merge.needs_note", id=complaint.id)
    target = canonical_id(action.to or "")
    if target == complaint.id:
        raise InputError.of("merge.self", id=complaint.id)
    # another organization's complaint answers exactly like a missing one
    primary = app.get(target, org_id=complaint.org, actor_id=staff.id)
    into = merged_into(primary)
    if into is not None:
        raise Refused.of("merge.chain", id=primary.id, into=into)
    return Payload(merge=Merge(into=primary.id), links=[LinkAdd(DUPLICATE_OF, primary.id)])


def on_primary(duplicate: Complaint, note: str) -> Entry:
    """The primary's side, which the App writes in the same transaction: a ``merge`` event
    linking the duplicate."""
    data = Payload(
        input=Input(to=duplicate.id, note=note),
        merge=Merge(from_=duplicate.id),
        links=[LinkAdd(DUPLICATE, duplicate.id)],
    )
    return Entry(merged_into(duplicate) or "", Action("merge", duplicate.id, note), data)


register(
    {
        "merge.needs_to": {
            "zh": "合并须指明归入哪一件：--to 编号", "en": "merge needs the primary complaint: --to ID",
        },
        "merge.needs_note": {
            "zh": "合并须写明理由：--note 理由", "en": "merge needs the reason: --note REASON",
        },
        "merge.self": {"zh": "投诉 {id} 不能合并到它自己", "en": "{id} cannot be merged into itself"},
        "merge.chain": {
            "zh": "投诉 {id} 已合并到 {into}：请合并到 {into}",
            "en": "{id} is itself merged into {into}: merge into {into} instead",
        },
    }
)

__all__ = ["DUPLICATE", "DUPLICATE_OF", "merge_data", "merged_into", "on_primary"]
