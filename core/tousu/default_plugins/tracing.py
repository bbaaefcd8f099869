"""``TOUSU_TRACE_PLUGINS``: every hook call told on stderr, for whoever writes a plugin.

A door of its own, for the plugin author: the kernel's registry decides whether to trace
(`tousu.plugins.tracing_enabled`) and which hooks are steps rather than plugins' answers
(`Registry.untraced`), and hands itself to `trace` (named as a string, `tousu.plugins.TRACING`);
how a call, its arguments and its answer read on one bounded line is this module's.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any

import attrs


def trace(registry: Any) -> None:
    """Print every hook call of `registry` (a `tousu.plugins.Registry`) to stderr: arguments,
    the plugins asked, what they returned.

    The core calls each hook one plugin at a time (see `tousu.hooks`), so a "returned"
    line names exactly the plugin whose answer it shows. A hook that no enabled plugin
    implements is never called, and so never traced: silence for your plugin means it is
    not enabled for the organization, does not serve the complaint's domain, or spells
    the hook differently (``tousu plugins`` shows the last). The kernel's features' hooks
    and the default plugins' own (`untraced`) are steps of every action, not plugins'
    answers: they are not traced.
    """

    def before(hook_name: str, impls: list[Any], kwargs: dict[str, Any]) -> None:
        if not impls or hook_name in registry.untraced:  # a caller without this hook: nothing happens
            return
        names = ", ".join(i.plugin_name for i in impls)
        settings = kwargs.get("settings")
        if isinstance(settings, dict) and len(impls) == 1:  # one plugin asked: its own settings
            kwargs = {**kwargs, "settings": settings.get(impls[0].plugin_name)}
        args = ", ".join(f"{k}={_brief(v)}" for k, v in sorted(kwargs.items()))
        _trace_line(f"call {hook_name}({args}) -> {names}")

    def after(outcome: Any, hook_name: str, impls: list[Any], kwargs: dict[str, Any]) -> None:
        if not impls or hook_name in registry.untraced:
            return
        names = ", ".join(i.plugin_name for i in impls)
        exc = outcome.exception
        if exc is not None:
            shown = f"raised {type(exc).__name__}: {exc}"
        else:
            result = outcome.get_result()
            if len(impls) == 1 and isinstance(result, list) and not _firstresult(registry.pm, hook_name):
                result = result[0] if result else None  # collect-all: one plugin, one answer
            shown = f"returned {_brief(result)}"
        _trace_line(f"done {hook_name}: {names} {shown}")

    registry.pm.add_hookcall_monitoring(before, after)


TRACE_PREFIX = "[tousu trace]"
_TRACE_WIDTH = 300


def _firstresult(pm: Any, hook_name: str) -> bool:
    caller = getattr(pm.hook, hook_name, None)
    spec = getattr(caller, "spec", None)
    return bool(spec is not None and spec.opts.get("firstresult"))


def _trace_line(text: str) -> None:
    print(f"{TRACE_PREFIX} {text}", file=sys.stderr, flush=True)


def _brief(value: Any) -> str:
    """A one-line, bounded picture of a hook argument or result (no personal data dumps)."""
    if isinstance(value, list | tuple) and value and not _is_attrs(value):
        inner = ", ".join(_brief(v) for v in value)
        text = f"[{inner}]" if isinstance(value, list) else f"({inner}{',' if len(value) == 1 else ''})"
    elif hasattr(value, "received_at") and hasattr(value, "status") and hasattr(value, "id"):
        text = f"<Complaint {value.id} {value.domain} tier={value.tier} status={value.status}>"
    elif hasattr(value, "staff") and hasattr(value, "plugins") and hasattr(value, "id"):
        text = f"<Org {value.id}>"
    elif _is_attrs(value):
        shown = (f"{a.name}={_brief(getattr(value, a.name))}" for a in attrs.fields(type(value)) if a.repr)
        text = f"{type(value).__name__}({', '.join(shown)})"
    elif isinstance(value, datetime):
        text = value.isoformat()
    elif callable(value):
        text = f"<{getattr(value, '__qualname__', type(value).__name__)}>"
    else:
        text = repr(value)
    return text if len(text) <= _TRACE_WIDTH else text[: _TRACE_WIDTH - 3] + "..."


def _is_attrs(value: Any) -> bool:
    return attrs.has(type(value))
