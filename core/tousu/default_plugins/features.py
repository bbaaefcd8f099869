"""The kernel's features as default plugins: corrections, attachments, reply templates, the outbox.

Each class below is one default plugin (`tousu.plugins.DEFAULT_FEATURE_PLUGINS`) taking part in
every action through the kernel's features' hooks (`tousu.hookspecs.KernelFeatures`), for every
organization: the App calls them as it once called these modules itself, at the same points of
an action, so every rule, message and exit code is the one it was. Each declares the actions its
hooks answer for (``complaint_action_scope``), so the App asks it about nothing else (and each
hook still leaves any other action alone); the modules doing the work are
imported when an action first needs them, so ``tousu --help`` (which loads this registry for
the default plugins' commands) and ``--version`` never see them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tousu import hookimpl
from tousu.models import Action, Complaint, Org, Staff


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
            from tousu.default_plugins.corrections import void

            return void(complaint, actor, action, facts, app.history(complaint.id))
        if name == "reopen":
            from tousu.default_plugins.corrections import check_reopen

            check_reopen(complaint, actor, action)
        elif name == "merge":
            from tousu.default_plugins.merging import merge_data

            return merge_data(app, complaint, actor, action)
        return None

    @hookimpl
    def complaint_action_done(self, complaint: Complaint, action: Action) -> Any:
        if action.name != "merge":
            return None
        from tousu.default_plugins.merging import on_primary

        return [on_primary(complaint, action.note or "")]


class Attachments:
    """Evidence: the ``attach`` action's file, and the steps that wait for one
    (`tousu.default_plugins.attachments`)."""

    @hookimpl
    def complaint_action_scope(self) -> dict[str, tuple[str, ...]]:
        return {"complaint_action_parts": ("attach",), "complaint_action_ready": ("step",)}

    @hookimpl
    def complaint_action_parts(self, app: Any, complaint: Complaint, action: Action, facts: dict[str, Any]) -> Any:
        if action.name != "attach":
            return None
        from tousu.default_plugins.attachments import record
        from tousu.payload import Payload

        return Payload(attachment=record(app.config, app.store, complaint, app.domain(complaint.domain), facts))

    @hookimpl
    def complaint_action_ready(self, app: Any, complaint: Complaint, action: Action, facts: dict[str, Any]) -> str | None:
        if action.name != "step":  # after the domain's own checks of the step's facts
            return None
        from tousu.default_plugins.attachments import evidence_missing
        from tousu.facts import fact_str

        return evidence_missing(
            complaint, app.domain(complaint.domain), app.history(complaint.id), fact_str(facts, "name") or ""
        )


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
        from tousu.default_plugins.replies import note_from

        return note_from(complaint, org, app.domain(complaint.domain), action.name, facts, action.note, now)

    @hookimpl
    def complaint_action_parts(self, action: Action) -> None:
        if action.name == "reply":
            from tousu.default_plugins.replies import reply_needs_text

            reply_needs_text(action.name, action.note)


class Outbox:
    """The messages an event causes, written in its transaction (`tousu.default_plugins.outbox`)."""

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
        from tousu.default_plugins.outbox.record import record

        record(app.store, before, complaint, org, app.domain(complaint.domain), action.name, data, seq, now)

    @hookimpl
    def complaint_event_watch(self, org: Org) -> bool:
        from tousu.default_plugins.outbox.record import active

        return active(org)


__all__ = ["Attachments", "Corrections", "Outbox", "Replies"]
