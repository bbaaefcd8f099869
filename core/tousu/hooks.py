"""The typed wrapper: the only code that calls ``pm.hook``.

It forces keyword arguments, calls only the plugins an organization enables (and, for
``complaint_*`` hooks, only those serving the complaint's domain), hands each plugin its own
settings, checks what plugins return, and turns any exception into a `PluginError` that names
the plugin and the hook, so the command's transaction rolls back with a clear message.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

import attrs

from tousu.errors import PluginError, TousuError
from tousu.models import (
    Action,
    Classification,
    Compensation,
    CompensationItem,
    Complaint,
    DeadlineSpec,
    Effects,
    Escalation,
    FollowUp,
    Link,
    Org,
    OrgDeadline,
    Period,
    ReportSection,
    Staff,
)
from tousu.plugins import Registry, tracing_enabled


class Hooks:
    """Calls hooks on behalf of the core, one organization at a time."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._callers: dict[tuple[str, str], Any] = {}
        self._targets_cache: dict[tuple[str, int, str | None], tuple[Org, list[Any], list[tuple[str, Any, Any]]]] = {}
        self._tracing = tracing_enabled()

    # -- plugin selection ------------------------------------------------------------

    def _caller(self, hook: str, plugin: str) -> Any:
        """A hook caller that reaches exactly one plugin (cached)."""
        key = (hook, plugin)
        caller = self._callers.get(key)
        if caller is None:
            pm = self.registry.pm
            others = [p for n, p in pm.list_name_plugin() if n != plugin]
            caller = pm.subset_hook_caller(hook, others)
            self._callers[key] = caller
        return caller

    def _plugins_for(self, org: Org, domain: str | None) -> Iterator[str]:
        """Enabled, loaded plugins of `org`; with a domain, only those serving it."""
        for name in org.plugins:
            if self.registry.pm.get_plugin(name) is None:
                continue
            if domain is not None:
                owned = self.registry.infos[name].domains
                if owned and domain not in owned:
                    continue
            yield name

    def _targets(self, hook: str, org: Org, domain: str | None) -> list[tuple[str, Any, Any]]:
        """(plugin, callable, settings) for each selected plugin that implements `hook`.

        Cached per hook, organization and domain, and rebuilt whenever the hook's
        implementations change (a plugin registered or removed), so a command pays for
        plugin selection once, and a hook nobody implements costs one list comparison.
        """
        key = (hook, id(org), domain)
        cached = self._targets_cache.get(key)
        caller = getattr(self.registry.pm.hook, hook)
        # pluggy's own list, read without its copy (get_hookimpls copies at every call)
        impls = getattr(caller, "_hookimpls", None)
        if impls is None:  # pragma: no cover - another pluggy
            impls = caller.get_hookimpls()
        if cached is not None and cached[0] is org and cached[1] == impls:
            return cached[2]
        impls = list(impls)
        targets = []
        for name in self._plugins_for(org, domain):
            caller = self._caller(hook, name)
            own = caller.get_hookimpls()
            if own:
                targets.append((name, self._direct(caller, own), org.settings_for(name)))
        self._targets_cache[key] = (org, impls, targets)
        return targets

    def _direct(self, caller: Any, impls: list[Any]) -> Any:
        """Call a plugin's one implementation as pluggy would, without pluggy's dispatch.

        pluggy passes each implementation the arguments it names and, for a collect-all hook,
        wraps a non-None answer in a list; doing the same here saves about a microsecond a
        call. Wrappers, several implementations and tracing (``TOUSU_TRACE_PLUGINS``) go
        through pluggy itself.
        """
        impl = impls[0]
        if self._tracing or len(impls) != 1 or impl.hookwrapper or getattr(impl, "wrapper", False):
            return caller
        function, argnames = impl.function, impl.argnames
        if caller.spec is not None and caller.spec.opts.get("firstresult"):
            return lambda **kw: function(*[kw[a] for a in argnames])

        def collect(**kw: Any) -> list[Any]:
            value = function(*[kw[a] for a in argnames])
            return [] if value is None else [value]

        return collect

    def _each(
        self, hook: str, org: Org, domain: str | None, **kwargs: Any
    ) -> Iterator[tuple[str, Any]]:
        """Call `hook` on each selected plugin in turn, with that plugin's settings."""
        for name, call, settings in self._targets(hook, org, domain):
            result = _call(name, hook, call, settings, org, kwargs)
            if isinstance(result, list):  # pluggy returns a list for collect-all hooks
                for item in result:
                    yield name, item
            elif result is not None:
                yield name, result

    @staticmethod
    def _typed(name: str, hook: str, value: Any, kind: type | tuple[type, ...]) -> Any:
        if not isinstance(value, kind):
            expected = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise PluginError(name, hook, f"returned {type(value).__name__}, expected {expected}")
        problem = _inside(value)
        if problem:
            raise PluginError(name, hook, f"returned a malformed {type(value).__name__}: {problem}")
        return value

    def _first(self, hook: str, org: Org, domain: str | None, kind: type, **kwargs: Any) -> Any:
        # `_each` unrolled: every command calls several hooks, a generator per call adds up
        for name, call, settings in self._targets(hook, org, domain):
            result = _call(name, hook, call, settings, org, kwargs)
            if isinstance(result, list):
                if not result:
                    continue
                result = result[0]
            elif result is None:
                continue
            return self._typed(name, hook, result, kind)
        return None

    def _all(
        self, hook: str, org: Org, domain: str | None, kind: type, *, many: bool = False, **kwargs: Any
    ) -> list[tuple[str, Any]]:
        results = []
        for name, call, settings in self._targets(hook, org, domain):
            result = _call(name, hook, call, settings, org, kwargs)
            if result is None:
                continue
            for value in result if isinstance(result, list) else (result,):
                if many:
                    if not isinstance(value, list | tuple):
                        raise PluginError(name, hook, f"returned {type(value).__name__}, expected a list")
                    results.extend((name, self._typed(name, hook, v, kind)) for v in value)
                else:
                    results.append((name, self._typed(name, hook, value, kind)))
        return results

    # -- the hooks -------------------------------------------------------------------

    def complaint_classify(
        self, *, complaint: Complaint, org: Org, facts: dict[str, Any]
    ) -> Classification | None:
        return self._first(
            "complaint_classify", org, complaint.domain, Classification, complaint=complaint, facts=facts
        )

    def complaint_deadlines(self, *, complaint: Complaint, org: Org, now: datetime) -> list[DeadlineSpec]:
        pairs = self._each_list("complaint_deadlines", org, complaint.domain, DeadlineSpec, complaint=complaint, now=now)
        return [spec for _, spec in pairs]

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
        return self._first(
            "complaint_check_action",
            org,
            complaint.domain,
            str,
            complaint=complaint,
            actor=actor,
            action=action,
            facts=facts,
            store=store,
            now=now,
        )

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
        pairs = self._all(
            "complaint_after_action",
            org,
            complaint.domain,
            Effects,
            complaint=complaint,
            actor=actor,
            action=action,
            facts=facts,
            store=store,
            now=now,
        )
        return [effects for _, effects in pairs]

    def complaint_escalate(self, *, complaint: Complaint, org: Org, now: datetime) -> Escalation | None:
        return self._first("complaint_escalate", org, complaint.domain, Escalation, complaint=complaint, now=now)

    def complaint_compensation(
        self, *, complaint: Complaint, org: Org, actor: Staff, facts: dict[str, Any]
    ) -> Compensation | None:
        return self._first(
            "complaint_compensation", org, complaint.domain, Compensation, complaint=complaint, actor=actor, facts=facts
        )

    def report_section(self, *, org: Org, store: Any, period: Period) -> list[ReportSection]:
        pairs = self._all("report_section", org, None, ReportSection, store=store, period=period)
        return [section for _, section in pairs]

    def report_deadlines(self, *, org: Org, store: Any, now: datetime) -> list[OrgDeadline]:
        pairs = self._each_list("report_deadlines", org, None, OrgDeadline, store=store, now=now)
        return [item for _, item in pairs]

    def _each_list(self, hook: str, org: Org, domain: str | None, kind: type, **kwargs: Any) -> list[tuple[str, Any]]:
        return self._all(hook, org, domain, kind, many=True, **kwargs)

    def has_impl(self, hook: str, org: Org, domain: str | None) -> bool:
        """Whether any selected plugin implements `hook` (lets bulk paths skip empty calls)."""
        return bool(self._targets(hook, org, domain))


def _call(name: str, hook: str, call: Any, settings: Any, org: Org, kwargs: dict[str, Any]) -> Any:
    """One plugin's answer; any failure but a deliberate `TousuError` names the plugin."""
    try:
        return call(settings=settings, org=org, **kwargs)
    except TousuError:
        raise
    except Exception as exc:
        raise PluginError(name, hook, f"{type(exc).__name__}: {exc}") from exc


# -- what is inside a returned value --------------------------------------------------
#
# The attrs value classes do not check their fields' types, so a plugin can return
# ``Effects(steps="inspect")`` (a string where a tuple belongs, read as seven one-letter
# steps) or a `DeadlineSpec` with a naive time (which only fails deep in storage, as an
# "internal error" naming nobody). These checks catch both at the hook, naming the plugin.


def _strings(value: Any) -> bool:
    if value == ():  # the common case (an Effects field left at its default) costs one comparison
        return True
    return isinstance(value, tuple | list) and all(isinstance(v, str) for v in value)


def _aware(value: Any) -> bool:
    return isinstance(value, datetime) and value.tzinfo is not None and value.utcoffset() is not None


#: Effects fields holding names, and those holding values of one class (checked in this order).
_NAME_FIELDS = ("steps", "meet_deadlines", "cancel_deadlines", "flags")
_VALUE_FIELDS = (("deadlines", DeadlineSpec), ("links", Link), ("follow_ups", FollowUp))


def _inside(value: Any) -> str:
    """What is wrong inside a value a hook returned, or ``""``."""
    if isinstance(value, DeadlineSpec):
        if not isinstance(value.name, str) or not value.name:
            return f"a deadline needs a name, got {value.name!r}"
        if not _aware(value.due_at):
            return f"deadline {value.name!r}: due_at must be a timezone-aware datetime, got {value.due_at!r}"
        if not _strings(value.met_by):
            return f"deadline {value.name!r}: met_by must be a tuple of action names, got {value.met_by!r}"
        if value.kind not in ("deadline", "timer"):
            return f"deadline {value.name!r}: kind must be 'deadline' or 'timer', got {value.kind!r}"
    elif isinstance(value, Effects):
        for field in _NAME_FIELDS:
            if not _strings(getattr(value, field)):
                return f"{field} must be a tuple of names, got {getattr(value, field)!r}"
        for field, kind in _VALUE_FIELDS:
            items = getattr(value, field)
            if items == ():
                continue
            if not isinstance(items, tuple | list) or not all(isinstance(i, kind) for i in items):
                return f"{field} must be a tuple of {kind.__name__}, got {items!r}"
        for spec in value.deadlines:
            problem = _inside(spec)
            if problem:
                return problem
        if not isinstance(value.fields, Mapping):
            return f"fields must be a mapping, got {value.fields!r}"
        if value.department is not None and not isinstance(value.department, str):
            return f"department must be a string, got {value.department!r}"
    elif isinstance(value, Classification):
        texts = (value.tier, value.category, value.reason)
        if not (isinstance(value.tier, str) and isinstance(value.category, str) and isinstance(value.reason, str)):
            return f"every field must be a string, got {texts!r}"
    elif isinstance(value, Escalation):
        texts = attrs.astuple(value, recurse=False)
        if not all(isinstance(t, str) for t in texts):
            return f"every field must be a string, got {texts!r}"
    elif isinstance(value, Compensation):
        if not isinstance(value.items, tuple | list) or not all(isinstance(i, CompensationItem) for i in value.items):
            return f"items must be a tuple of CompensationItem, got {value.items!r}"
    elif isinstance(value, OrgDeadline) and not _aware(value.due_at):
        return f"{value.name!r}: due_at must be a timezone-aware datetime, got {value.due_at!r}"
    return ""

