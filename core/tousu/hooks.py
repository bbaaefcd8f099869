"""The typed wrapper: the only code that calls ``pm.hook``, and the one error policy of every hook.

Two halves:

- `adapt` runs once per hook implementation when a plugin is registered. It wraps the
  implementation's function so that, whichever way pluggy calls it, the plugin receives *its
  own* settings (the core passes every enabled plugin's settings at once, as `PluginSettings`),
  any exception but a deliberate `TousuError` becomes "plugin X failed in hook Y: …", and a
  returned value of the wrong type is refused the same way, naming the plugin. What is wrong
  *inside* a returned model (a naive ``due_at``, a string where a tuple of names belongs) is
  caught by the models' own attrs validators when the plugin builds it.
- `Hooks` calls a hook for one organization (and, for ``complaint_*`` hooks, one domain)
  through pluggy's own dispatch: a subset caller that leaves out the plugins the organization
  does not enable or that serve another domain. So ``firstresult``, ``tryfirst``/``trylast``
  and wrappers behave as the pluggy documentation says.

`tousu.plugins.Registry` uses `adapt` for the ``register_*`` hooks too, so a failing
``register_migrations`` is reported and listed exactly like a failing ``complaint_classify``.
`Features` calls the kernel's features' hooks (`tousu.hookspecs.KernelFeatures`) of the default
plugins, for every organization, through the same dispatch and the same error policy.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tousu.errors import PluginError, Refused, TousuError
from tousu.models import (
    Action,
    Classification,
    Compensation,
    Complaint,
    DeadlineSpec,
    Effects,
    Escalation,
    EscalationWatch,
    Org,
    OrgDeadline,
    Period,
    ReportSection,
    Staff,
)

if TYPE_CHECKING:
    from tousu.payload import Entry, Payload
    from tousu.plugins import Registry


class PluginSettings(dict[str, Any]):
    """Every selected plugin's settings by plugin name; each implementation receives its own."""


#: What each decision hook's implementation may return (besides None): the class (or the
#: ``module:name`` of one not imported at start-up), and whether it returns a list of them.
#: ``register_*`` hooks return nothing.
RESULTS: dict[str, tuple[type | str, bool]] = {
    "complaint_classify": (Classification, False),
    "complaint_deadlines": (DeadlineSpec, True),
    "complaint_check_action": (str, False),
    "complaint_after_action": (Effects, False),
    "complaint_escalate": (Escalation, False),
    "complaint_escalation_watch": (EscalationWatch, False),
    "complaint_compensation": (Compensation, False),
    "report_section": (ReportSection, False),
    "report_deadlines": (OrgDeadline, True),
    # the kernel's features' hooks (`tousu.hookspecs.KernelFeatures`)
    "complaint_action_text": (str, False),
    "complaint_action_parts": ("tousu.payload:Payload", False),
    "complaint_action_ready": (str, False),
    "complaint_action_done": ("tousu.payload:Entry", True),
    "complaint_event_watch": (bool, False),
    "complaint_action_scope": (dict, False),
}


def adapt(impl: Any, hook: str) -> None:
    """Wrap one pluggy ``HookImpl``'s function with the plugin's settings and the error policy."""
    if getattr(impl.function, "__tousu_adapted__", False):
        return
    function = impl.function
    plugin = impl.plugin_name
    at = impl.argnames.index("settings") if "settings" in impl.argnames else -1
    expected = None if (impl.hookwrapper or impl.wrapper) else RESULTS.get(hook)

    @functools.wraps(function)
    def call(*args: Any) -> Any:
        if at >= 0 and isinstance(args[at], PluginSettings):
            args = (*args[:at], args[at].get(plugin), *args[at + 1 :])
        try:
            result = function(*args)
        except TousuError:
            raise
        except Exception as exc:
            raise PluginError(plugin, hook, f"{type(exc).__name__}: {exc}") from exc
        if expected is not None and result is not None:
            _check(plugin, hook, result, *expected)
        return result

    call.__tousu_adapted__ = True  # type: ignore[attr-defined]
    impl.function = call


def _check(plugin: str, hook: str, value: Any, kind: type | str, many: bool) -> None:
    if isinstance(kind, str):
        kind = _named(kind)
    if many:
        if not isinstance(value, list | tuple):
            raise PluginError(plugin, hook, f"returned {type(value).__name__}, expected a list")
        for item in value:
            _check(plugin, hook, item, kind, False)
    elif not isinstance(value, kind):
        raise PluginError(plugin, hook, f"returned {type(value).__name__}, expected {kind.__name__}")


def joined_reasons(reasons: Iterable[str | None]) -> str | None:
    """Every plugin's reason to refuse, each once, in the plugins' order, joined (``"; "``);
    None when none objects: how a guard and a feature's readiness check both say no."""
    unique = list(dict.fromkeys(r for r in reasons if r))
    return "; ".join(unique) if unique else None


@functools.cache
def _named(target: str) -> type:
    import importlib

    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


class Hooks:
    """Calls the decision hooks on behalf of the core, one organization at a time."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._callers: dict[tuple[str, tuple[str, ...]], Any] = {}
        #: (org, domain) → the org it was made for, its selected plugins and their settings:
        #: an import calls five hooks a record for the same few pairs. Kept by the org object
        #: (a config read again makes new ones) and the registry's size (a plugin added since),
        #: and the settings are never handed out whole (each implementation gets its own).
        self._chosen: dict[tuple[str, str | None], tuple[Org, int, tuple[str, ...], PluginSettings]] = {}

    def _selected(self, org: Org, domain: str | None) -> tuple[str, ...]:
        """Enabled, loaded plugins of `org`; with a domain, only those serving it (or none)."""
        infos = self.registry.infos
        chosen = []
        for name in org.plugins:
            info = infos.get(name)
            if info is None or info.status != "ok":
                continue
            if domain is not None and info.domains and domain not in info.domains:
                continue
            chosen.append(name)
        return tuple(chosen)

    def call(self, hook: str, org: Org, domain: str | None, **kwargs: Any) -> Any:
        """`hook` through pluggy's dispatch, reaching only the selected plugins of `org`."""
        chosen = self._chosen.get((org.id, domain))
        loaded = len(self.registry.infos)
        if chosen is None or chosen[0] is not org or chosen[1] != loaded:
            names = self._selected(org, domain)
            chosen = (org, loaded, names, PluginSettings({name: org.settings_for(name) for name in names}))
            self._chosen[(org.id, domain)] = chosen
        names, settings = chosen[2], chosen[3]
        key = (hook, names)
        caller = self._callers.get(key)
        if caller is None:
            pm = self.registry.pm
            caller = pm.subset_hook_caller(hook, [p for n, p in pm.list_name_plugin() if n not in names])
            self._callers[key] = caller
        return caller(settings=settings, org=org, **kwargs)

    def _listed(self, hook: str, org: Org, domain: str | None, **kwargs: Any) -> list[Any]:
        """A collect-all hook whose implementations each return a list: the lists joined."""
        return [item for result in self.call(hook, org, domain, **kwargs) for item in result]

    # -- the decision hooks (see `tousu.hookspecs` for what each means) -----------------

    def complaint_classify(
        self, *, complaint: Complaint, org: Org, facts: dict[str, Any]
    ) -> Classification | None:
        return self.call("complaint_classify", org, complaint.domain, complaint=complaint, facts=facts)

    def complaint_deadlines(self, *, complaint: Complaint, org: Org, now: datetime) -> list[DeadlineSpec]:
        return self._listed("complaint_deadlines", org, complaint.domain, complaint=complaint, now=now)

    def complaint_check_action(
        self,
        *,
        complaint: Complaint,
        org: Org,
        actor: Staff,
        action: Action,
        facts: dict[str, Any],
        store: Any,
        now: datetime,
    ) -> str | None:
        """Every plugin's reason to refuse, joined (``"; "``), or None when none objects."""
        reasons = self.call(
            "complaint_check_action",
            org,
            complaint.domain,
            complaint=complaint,
            actor=actor,
            action=action,
            facts=facts,
            store=store,
            now=now,
        )
        return joined_reasons(reasons)

    def complaint_after_action(
        self,
        *,
        complaint: Complaint,
        org: Org,
        actor: Staff,
        action: Action,
        facts: dict[str, Any],
        store: Any,
        now: datetime,
    ) -> list[Effects]:
        return self.call(
            "complaint_after_action",
            org,
            complaint.domain,
            complaint=complaint,
            actor=actor,
            action=action,
            facts=facts,
            store=store,
            now=now,
        )

    def complaint_escalate(self, *, complaint: Complaint, org: Org, now: datetime) -> Escalation | None:
        return self.call("complaint_escalate", org, complaint.domain, complaint=complaint, now=now)

    def escalation_watches(self, *, org: Org, domain: str) -> list[EscalationWatch] | None:
        """The watches of the plugins that escalate `domain`'s complaints (`EscalationWatch`);
        None when one of them implements ``complaint_escalate`` without declaring a watch."""
        names = set(self._selected(org, domain))
        hook = self.registry.pm.hook
        escalating = {i.plugin_name for i in hook.complaint_escalate.get_hookimpls() if i.plugin_name in names}
        if not escalating:
            return []
        watching = {i.plugin_name for i in hook.complaint_escalation_watch.get_hookimpls() if i.plugin_name in names}
        if escalating - watching:
            return None
        found = list(self.call("complaint_escalation_watch", org, domain))
        return found if len(found) == len(watching) else None  # a plugin answered None: it cannot say

    def complaint_compensation(
        self, *, complaint: Complaint, org: Org, actor: Staff, facts: dict[str, Any]
    ) -> Compensation | None:
        return self.call(
            "complaint_compensation", org, complaint.domain, complaint=complaint, actor=actor, facts=facts
        )

    def report_section(
        self, *, org: Org, store: Any, period: Period, now: datetime | None = None
    ) -> list[ReportSection]:
        """Each enabled plugin's section; `now` (the report's ``--at``) defaults to the clock."""
        if now is None:
            from tousu.timeutil import now as clock_now

            now = clock_now()
        return self.call("report_section", org, None, store=store, period=period, now=now)

    def report_deadlines(self, *, org: Org, store: Any, now: datetime) -> list[OrgDeadline]:
        return self._listed("report_deadlines", org, None, store=store, now=now)


class Features:
    """Calls the kernel's features' hooks (`tousu.hookspecs.KernelFeatures`) on behalf of the App.

    They reach the default feature plugins (`tousu.plugins.DEFAULT_FEATURE_PLUGINS`) in the
    registry of the default plugins, for every organization, through pluggy's own dispatch;
    a feature that raises anything but a `TousuError` is "plugin X failed in hook Y: …"
    (`adapt`). A hook is called only for what a feature declared it answers
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
    def of_defaults(cls) -> Features:
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


_OF_DEFAULTS: tuple[Registry, Features] | None = None


__all__ = ["RESULTS", "Features", "Hooks", "PluginSettings", "adapt"]
