"""The kernel's features' hook contract: how the default feature plugins take part in an action.

The features (corrections, attachments, reply templates, the outbox:
`tousu.plugins.DEFAULT_FEATURE_PLUGINS`) are default plugins, and so is the contract between
them and the App's fixed points: the hooks below, which `tousu.plugins.Registry` adds to the
default plugins' registry by this module's name (`tousu.plugins.FEATURE_SPECS`), and their
caller, `tousu.default_plugins.feature_calls`. The kernel knows only what it asks at those
points (`tousu.hooks.Features`, a Protocol), as it knows the store only by its surface.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from tousu.hookspecs import hookspec
from tousu.models import Action, Complaint, Org, Staff

if TYPE_CHECKING:
    from tousu.payload import Entry, Payload


class KernelFeatures:
    """The kernel's features' hooks: how the App's own features, moved out of the kernel into
    default plugins (`tousu.plugins.DEFAULT_FEATURE_PLUGINS`), take part in every action.

    They are not plugin API: only the registry of the default plugins knows them (an installed
    plugin implementing one is listed as broken, "unknown hook"), the App calls them for every
    organization whatever it enables or ``TOUSU_LOAD_PLUGINS`` says (as the store is always
    there), and they are given the App itself (``app``: `tousu.app.App`, inside its transaction)
    because they are its features. The stages of an action, in order:

    1. ``complaint_action_text``: the text the action records, when its facts ask for one
       (``--template NAME``), before the role policy is consulted;
    2. ``complaint_action_parts``: what the action records besides the core's own rules (a
       ``void``'s reversal, a ``merge``'s link, an ``attach``'s file), or a refusal (raise),
       before the domain's guards (``complaint_check_action``);
    3. ``complaint_action_ready``: after the domain's guards, a reason it cannot be recorded
       yet (a step waiting for its evidence);
    4. ``complaint_action_done``: after the action's event and its follow-ups, the events it
       causes on other complaints (a merge's primary), written as given;
    5. ``complaint_event_recorded``: after every event is appended, in its transaction (the
       outbox's messages), for the organizations ``complaint_event_watch`` says it watches (a
       sweep records the breaches of the others set-wise).

    Most actions concern no feature, so each says once where its hooks can answer at all
    (``complaint_action_scope``): the App asks a hook only where some feature declared it,
    and an action no feature takes part in costs a set lookup per stage, not a call.

    Dispatch and errors are those of every hook (`tousu.default_plugins.feature_calls`): pluggy's own, and
    "plugin X failed in hook Y: …" for anything a feature raises but a `TousuError`.
    """

    @hookspec
    def complaint_action_scope(self) -> dict[str, tuple[str, ...]] | None:
        """Where this feature's action hooks can answer at all, asked once: hook name → the
        actions it answers for (for ``complaint_action_text``: the facts it fills a text from,
        ``template``). An action hook it implements without declaring it here is asked for
        every action."""

    @hookspec(firstresult=True)
    def complaint_action_text(
        self, app: Any, complaint: Complaint, org: Org, actor: Staff, action: Action, facts: dict[str, Any], now: datetime
    ) -> str | None:
        """The text (the note) ``action`` records, filled from what ``facts`` name; None: the
        note as typed. First result wins."""

    @hookspec
    def complaint_action_parts(
        self, app: Any, complaint: Complaint, org: Org, actor: Staff, action: Action, facts: dict[str, Any], now: datetime
    ) -> Payload | None:
        """The parts of the action's event (`tousu.payload.Payload` fields) this feature records;
        raise `InputError`/`Refused` to refuse the action. Collect-all: each part replaces the
        core's part of that name."""

    @hookspec
    def complaint_action_ready(
        self, app: Any, complaint: Complaint, org: Org, actor: Staff, action: Action, facts: dict[str, Any], now: datetime
    ) -> str | None:
        """After the domain's guards allowed ``action``: a reason to refuse it still, or None.
        Collect-all: the reasons are joined with ``"; "``."""

    @hookspec
    def complaint_action_done(
        self, app: Any, complaint: Complaint, org: Org, actor: Staff, action: Action, now: datetime
    ) -> list[Entry] | None:
        """After ``action`` was recorded (``complaint`` as it left it, follow-ups included): the
        events it causes on other complaints of the organization (`tousu.payload.Entry`), which
        the App writes in the same transaction, in order, asking no plugin for consequences."""

    @hookspec
    def complaint_event_recorded(
        self,
        app: Any,
        before: Complaint | None,
        complaint: Complaint,
        org: Org,
        actor: Staff,
        action: Action,
        data: Payload,
        seq: int,
        now: datetime,
    ) -> None:
        """After the event of ``action`` was appended (``data`` its payload, ``seq`` its place in
        the organization's chain; ``before`` None at intake), in the same transaction, while
        ``app.telling`` (an import tells nobody). Returns nothing."""

    @hookspec
    def complaint_event_watch(self, org: Org) -> bool | None:
        """Whether this feature's ``complaint_event_recorded`` must see the events of ``org``
        (True), or none of them (False: it is not called for them, and a sweep may record
        breaches without building the complaints). Asked once per organization as configured.
        A feature implementing ``complaint_event_recorded`` without this hook is taken to
        watch every organization."""


#: The names of `KernelFeatures`' hooks.
FEATURE_HOOKS = frozenset(name for name in vars(KernelFeatures) if not name.startswith("_"))

#: What each feature hook's implementation may return (besides None), as `tousu.hooks.RESULTS`
#: says it for the decision hooks (the ``module:name`` of a class not imported at start-up).
RESULTS: dict[str, tuple[type | str, bool]] = {
    "complaint_action_text": (str, False),
    "complaint_action_parts": ("tousu.payload:Payload", False),
    "complaint_action_ready": (str, False),
    "complaint_action_done": ("tousu.payload:Entry", True),
    "complaint_event_watch": (bool, False),
    "complaint_action_scope": (dict, False),
}
