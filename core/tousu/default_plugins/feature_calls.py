"""The caller of the kernel's features' hooks: the object the App asks at every action.

`FeatureHooks` implements `tousu.hooks.Features` (the steps the App takes its features
through) over the hooks of `tousu.default_plugins.feature_specs`, in the default plugins'
registry (`tousu.plugins.default_command_registry`), for every organization. The composition
root hands it to the App (`tousu.compose.default_features` names `default_features` here as a
string), so the kernel imports none of it, as it imports no store.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tousu.errors import Refused, TousuError
from tousu.hooks import joined_reasons
from tousu.models import Action, Complaint, Org, Staff

if TYPE_CHECKING:
    from tousu.payload import Entry, Payload
    from tousu.plugins import Registry


class FeatureHooks:
    """Calls the kernel's features' hooks (`KernelFeatures`) on behalf of the App (`tousu.hooks.Features`).

    They reach the default feature plugins (`tousu.plugins.DEFAULT_FEATURE_PLUGINS`) in the
    registry of the default plugins, for every organization, through pluggy's own dispatch;
    a feature that raises anything but a `TousuError` is "plugin X failed in hook Y: …"
    (`tousu.hooks.adapt`). A hook is called only for what a feature declared it answers
    (``complaint_action_scope``; ``complaint_event_watch`` for the events), so an action no
    feature takes part in costs a set lookup per stage, no call. One per process
    (`of_defaults`): the default plugins are the same for every App. The App does not open when one of them failed to load:
    without them a ``void`` or an ``attach`` would be recorded without what it means.
    """

    def __init__(self, registry: Registry, failures: list[str], names: Iterable[str]) -> None:
        names = list(names)
        missing = [name for name in names if name not in registry.ok()]
        if missing:
            named = [f for f in failures if any(f"plugin {name} " in f for name in missing)]
            raise TousuError("; ".join(named) or f"tousu's features {', '.join(missing)} did not load")
        self.hook = registry.pm.hook
        declared: dict[str, dict[str, tuple[str, ...]]] = {}
        for name in names:
            for scope in registry.caller("complaint_action_scope", name)():
                declared[name] = scope
        #: hook → the actions (for the text: the facts) some feature declared it for; None: all
        self._scope: dict[str, frozenset[str] | None] = {}
        for hook in ("complaint_action_text", "complaint_action_parts", "complaint_action_ready", "complaint_action_done"):
            implementing = [i.plugin_name for i in getattr(self.hook, hook).get_hookimpls()]
            if any(hook not in declared.get(plugin, {}) for plugin in implementing):
                self._scope[hook] = None  # a feature that did not say: asked about every action
            else:
                self._scope[hook] = frozenset(n for plugin in implementing for n in declared[plugin][hook])
        recording = {i.plugin_name for i in self.hook.complaint_event_recorded.get_hookimpls()}
        watching = {i.plugin_name for i in self.hook.complaint_event_watch.get_hookimpls()}
        #: a feature recording events that cannot say which organizations it watches: all of them
        self._always_watched = bool(recording - watching)
        #: org id → (the org it was asked for, whether a feature watches its events)
        self._watched: dict[str, tuple[Org, bool]] = {}

    @classmethod
    def of_defaults(cls) -> FeatureHooks:
        """The features of the default plugins' registry (`tousu.plugins.default_command_registry`)."""
        from tousu.plugins import DEFAULT_FEATURE_PLUGINS, default_command_registry

        global _OF_DEFAULTS
        registry, failures = default_command_registry()
        if _OF_DEFAULTS is None or _OF_DEFAULTS[0] is not registry:
            _OF_DEFAULTS = (registry, cls(registry, failures, DEFAULT_FEATURE_PLUGINS))
        return _OF_DEFAULTS[1]

    # Positional, and each gate first: the App asks at every action, and most concern no feature.

    def action_text(
        self, app: Any, complaint: Complaint, org: Org, actor: Staff, action: Action, facts: dict[str, Any], now: datetime
    ) -> str | None:
        """The text the features fill for the action from its facts (``template``), or None."""
        scope = self._scope["complaint_action_text"]
        if scope is not None and scope.isdisjoint(facts):
            return None
        return self.hook.complaint_action_text(  # type: ignore[no-any-return]
            app=app, complaint=complaint, org=org, actor=actor, action=action, facts=facts, now=now
        )

    def action_parts(
        self, app: Any, complaint: Complaint, org: Org, actor: Staff, action: Action, facts: dict[str, Any], now: datetime
    ) -> dict[str, Any]:
        """The parts the features add to the action's event, by `Payload` field (a later one wins)."""
        scope = self._scope["complaint_action_parts"]
        if scope is not None and action.name not in scope:
            return {}
        found: dict[str, Any] = {}
        for part in self.hook.complaint_action_parts(
            app=app, complaint=complaint, org=org, actor=actor, action=action, facts=facts, now=now
        ):
            found.update(part.parts())
        return found

    def action_ready(
        self, app: Any, complaint: Complaint, org: Org, actor: Staff, action: Action, facts: dict[str, Any], now: datetime
    ) -> None:
        """Refuse (`Refused`, exit 1) with every feature's reason, joined (``"; "``), if any."""
        scope = self._scope["complaint_action_ready"]
        if scope is not None and action.name not in scope:
            return
        reason = joined_reasons(self.hook.complaint_action_ready(
            app=app, complaint=complaint, org=org, actor=actor, action=action, facts=facts, now=now
        ))
        if reason:
            raise Refused(reason)

    def action_done(self, app: Any, complaint: Complaint, org: Org, actor: Staff, action: Action, now: datetime) -> list[Entry]:
        """The events the action causes on other complaints, in the features' order."""
        scope = self._scope["complaint_action_done"]
        if scope is not None and action.name not in scope:
            return []
        found = self.hook.complaint_action_done(app=app, complaint=complaint, org=org, actor=actor, action=action, now=now)
        return [entry for entries in found for entry in entries]

    def event_recorded(
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
        """Tell the features watching `org` of the event just appended (`seq`, payload `data`)."""
        known = self._watched.get(org.id)
        if known is None or known[0] is not org:
            self.event_watched(org)
            known = self._watched[org.id]
        if known[1]:
            self.hook.complaint_event_recorded(
                app=app, before=before, complaint=complaint, org=org, actor=actor, action=action, data=data, seq=seq, now=now
            )

    def event_watched(self, org: Org) -> bool:
        """Whether a feature must see the events of `org` (then no set-wise sweep either)."""
        known = self._watched.get(org.id)
        if known is None or known[0] is not org:  # a config read again makes new organizations
            watched = self._always_watched or any(self.hook.complaint_event_watch(org=org))
            known = self._watched[org.id] = (org, watched)
        return known[1]


_OF_DEFAULTS: tuple[Registry, FeatureHooks] | None = None


def default_features() -> FeatureHooks:
    """The App's features (`tousu.compose.default_features` asks this by name)."""
    return FeatureHooks.of_defaults()


__all__ = ["FeatureHooks", "default_features"]
