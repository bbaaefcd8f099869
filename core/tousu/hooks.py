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
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from tousu.errors import PluginError, TousuError
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
#: ``register_*`` hooks return nothing; a registry with more hooks adds theirs (`Registry.results`).
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
}


def adapt(impl: Any, hook: str, results: dict[str, tuple[type | str, bool]] = RESULTS) -> None:
    """Wrap one pluggy ``HookImpl``'s function with the plugin's settings and the error policy
    (`results`: what each hook may return)."""
    if getattr(impl.function, "__tousu_adapted__", False):
        return
    function = impl.function
    plugin = impl.plugin_name
    at = impl.argnames.index("settings") if "settings" in impl.argnames else -1
    expected = None if (impl.hookwrapper or impl.wrapper) else results.get(hook)

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
    if isinstance(kind, str):  # a class not imported at start-up, named as a default plugin's module is
        from tousu.plugins import named

        kind = named(kind)
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


class Features(Protocol):
    """What the App asks its own features at the fixed points of every action: corrections,
    attachments, reply templates and the outbox, which are default plugins.

    The composition root hands the App the object (`tousu.compose.default_features`, named by a
    string: `tousu.default_plugins.feature_calls` calls their hooks through pluggy, with this
    module's error policy); the kernel knows only these steps, in the order an action takes them.
    """

    def action_text(
        self, app: Any, complaint: Complaint, org: Org, actor: Staff, action: Action, facts: dict[str, Any], now: datetime
    ) -> str | None:
        """The text the features fill for the action from its facts (``template``), or None."""

    def action_parts(
        self, app: Any, complaint: Complaint, org: Org, actor: Staff, action: Action, facts: dict[str, Any], now: datetime
    ) -> dict[str, Any]:
        """The parts the features add to the action's event, by `Payload` field (a later one wins)."""

    def action_ready(
        self, app: Any, complaint: Complaint, org: Org, actor: Staff, action: Action, facts: dict[str, Any], now: datetime
    ) -> None:
        """Refuse (`Refused`, exit 1) with every feature's reason, joined (``"; "``), if any."""

    def action_done(self, app: Any, complaint: Complaint, org: Org, actor: Staff, action: Action, now: datetime) -> list[Entry]:
        """The events the action causes on other complaints, in the features' order."""

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

    def event_watched(self, org: Org) -> bool:
        """Whether a feature must see the events of `org` (then no set-wise sweep either)."""


__all__ = ["RESULTS", "Features", "Hooks", "PluginSettings", "adapt", "joined_reasons"]
