"""Reply and notify templates, the plugin API: `Template` and `register_templates`.

A template is a text with placeholders for the case's facts (``{id}``, ``{received}``,
``{summary}``, ``{place}``, ``{department}``, ``{due_resolve}``...) that ``tousu act ID reply
--template NAME`` fills in the organization's language and records as the reply's text. A
domain plugin adds its own when its module loads (``from tousu.replies import Template,
register_templates``; a domain's template of the same name wins over a core one). Each
template's texts are catalog entries ``template.DOMAIN.NAME`` with a ``zh`` and an ``en``
text, so the catalog test fails when one lacks a language.

Filling them (the placeholders' values, the core's own templates every domain may use) is the
default plugin ``replies`` (`tousu.default_plugins.replies`), which the App asks for an
action's text through ``complaint_action_text``.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from tousu.messages import CATALOG, register

#: The actions a template fills the text of.
TEMPLATE_ACTIONS = ("reply", "notify")


@attrs.frozen
class Template:
    """One template: its name, the domain it serves (``*``: any), its action, its texts."""

    name: str
    action: str
    zh: str
    en: str
    domain: str = "*"

    @property
    def message_id(self) -> str:
        return f"template.{self.domain}.{self.name}"

    def text(self, lang: str) -> str:
        entry = CATALOG.get(self.message_id, {"zh": self.zh, "en": self.en})
        return entry.get(lang) or entry["en"]


_TEMPLATES: dict[tuple[str, str], Template] = {}


def register_templates(templates: Iterable[Template]) -> None:
    """Add templates (a plugin calls this when its module loads); ids go into the catalog."""
    for t in templates:
        if t.action not in TEMPLATE_ACTIONS:
            raise ValueError(f"template {t.name!r}: action must be one of {', '.join(TEMPLATE_ACTIONS)}")
        register({t.message_id: {"zh": t.zh, "en": t.en}})
        _TEMPLATES[(t.domain, t.name)] = t


def templates_for(domain: str | None) -> list[Template]:
    """The templates registered for a complaint of `domain`, by name (the domain's own win);
    the core's own (domain ``*``) once `tousu.default_plugins.replies` is loaded."""
    found = {t.name: t for (d, _), t in _TEMPLATES.items() if d == "*"}
    found |= {t.name: t for (d, _), t in _TEMPLATES.items() if domain is not None and d == domain}
    return [found[name] for name in sorted(found)]


__all__ = ["TEMPLATE_ACTIONS", "Template", "register_templates", "templates_for"]
