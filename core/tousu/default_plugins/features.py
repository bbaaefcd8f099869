"""The kernel's features as default plugins: corrections, attachments, reply templates, the outbox.

Each class below is one default plugin (`tousu.plugins.DEFAULT_FEATURE_PLUGINS`) taking part in
every action through the kernel's features' hooks (`tousu.default_plugins.feature_specs`), for every
organization: the App calls them as it once called these modules itself, at the same points of
an action, so every rule, message and exit code is the one it was. Each declares the actions its
hooks answer for (``complaint_action_scope``), so the App asks it about nothing else (and each
hook still leaves any other action alone); the modules doing the work are imported when an
action first needs them (`_work`), so ``tousu --help`` (which loads this registry for the
default plugins' commands) and ``--version`` never see them.
"""

from __future__ import annotations

import importlib
from datetime import datetime
from types import ModuleType
from typing import Any

from tousu import hookimpl
from tousu.models import Action, Complaint, Org, Staff

_LOADED: dict[str, ModuleType] = {}


def _work(name: str) -> ModuleType:
    """The module `name` doing a feature's work, imported on first use and kept (an ``import``
    statement run by a hook at every action would cost more than the hook's own check)."""
    try:
        return _LOADED[name]
    except KeyError:
        module = _LOADED[name] = importlib.import_module(name)
        return module


#: The modules doing each feature's work.
CORRECTIONS = "tousu.default_plugins.corrections"
MERGING = "tousu.default_plugins.merging"
ATTACHMENTS = "tousu.default_plugins.attachments"
REPLIES = "tousu.default_plugins.replies"
OUTBOX = "tousu.default_plugins.outbox.record"


class Corrections:
    """Mistakes reversed by a new event (``void``), an invalid or withdrawn complaint reopened,
    a duplicate merged into its primary (`tousu.default_plugins.corrections`, `merging`)."""

    @hookimpl
    def complaint_action_scope(self) -> dict[str, tuple[str, ...]]:
        return {"complaint_action_parts": ("void", "reopen", "merge"), "complaint_action_done": ("merge",)}

    @hookimpl
    def complaint_action_parts(self, app: Any, complaint: Complaint, actor: Staff, action: Action, facts: dict[str, Any]) -> Any:
        name = action.name
        if name == "void":
            return _work(CORRECTIONS).void(complaint, actor, action, facts, app.history(complaint.id))
        if name == "reopen":
            _work(CORRECTIONS).check_reopen(complaint, actor, action)
        elif name == "merge":
            return _work(MERGING).merge_data(app, complaint, actor, action)
        return None

    @hookimpl
    def complaint_action_done(self, complaint: Complaint, action: Action) -> Any:
        if action.name != "merge":
            return None
        return [_work(MERGING).on_primary(complaint, action.note or "")]


class Attachments:
    """Evidence: the ``attach`` action's file, and the steps that wait for one
    (`tousu.default_plugins.attachments`)."""

    @hookimpl
    def complaint_action_scope(self) -> dict[str, tuple[str, ...]]:
        return {"complaint_action_parts": ("attach",), "complaint_action_ready": ("step",)}

    @hookimpl
    def register_settings(self, register: Any) -> None:
        limits = _work("tousu.default_plugins.attachment_limits")
        register("attachments", limits.AttachmentLimits, limits.problems)

    @hookimpl
    def complaint_action_parts(self, app: Any, complaint: Complaint, action: Action, facts: dict[str, Any]) -> Any:
        if action.name != "attach":
            return None
        added = _work(ATTACHMENTS).record(app.config, app.store, complaint, app.domain(complaint.domain), facts)
        return _work("tousu.payload").Payload(attachment=added)

    @hookimpl
    def complaint_action_ready(self, app: Any, complaint: Complaint, action: Action, facts: dict[str, Any]) -> str | None:
        if action.name != "step":  # after the domain's own checks of the step's facts
            return None
        step = _work("tousu.facts").fact_str(facts, "name") or ""
        return _work(ATTACHMENTS).evidence_missing(complaint, app.domain(complaint.domain), app.history(complaint.id), step)


class Replies:
    """A reply's text: filled from a template (``--template NAME``), and never empty
    (`tousu.default_plugins.replies`)."""

    @hookimpl
    def complaint_action_scope(self) -> dict[str, tuple[str, ...]]:
        return {"complaint_action_text": ("template",), "complaint_action_parts": ("reply",)}

    @hookimpl
    def complaint_action_text(
        self, app: Any, complaint: Complaint, org: Org, action: Action, facts: dict[str, Any], now: datetime
    ) -> str | None:
        if "template" not in facts:
            return None
        return _work(REPLIES).note_from(complaint, org, app.domain(complaint.domain), action.name, facts, action.note, now)

    @hookimpl
    def complaint_action_parts(self, action: Action) -> None:
        if action.name == "reply":
            _work(REPLIES).reply_needs_text(action.name, action.note)


class Outbox:
    """The messages an event causes, written in its transaction (`tousu.default_plugins.outbox`)."""

    @hookimpl
    def register_settings(self, register: Any) -> None:
        settings = _work("tousu.default_plugins.outbox.settings")
        register("orgs.*.notify", settings.NotifyConfig, settings.notify_problems)
        register("orgs.*.public", settings.PublicConfig, settings.public_problems)

    @hookimpl
    def complaint_event_recorded(
        self,
        app: Any,
        before: Complaint | None,
        complaint: Complaint,
        org: Org,
        action: Action,
        data: Any,
        seq: int,
        now: datetime,
    ) -> None:
        _work(OUTBOX).record(app.store, before, complaint, org, app.domain(complaint.domain), action.name, data, seq, now)

    @hookimpl
    def complaint_event_watch(self, org: Org) -> bool:
        return bool(_work(OUTBOX).active(org))


__all__ = ["Attachments", "Corrections", "Outbox", "Replies"]
