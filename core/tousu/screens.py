"""What every text screen shares: the labels of an organization's language (`Labeller`, its
domains: `org_domains`), a rule's text (`reason`) and an error line's labels (`error_labeller`,
used by `tousu.cli`). The commands' own screens (the register, the daily list, a sweep, an
action, a compensation) are the default plugin's: `tousu.default_plugins.core_commands.screens`.

Every word comes from the message catalog (`tousu.messages`) or a label in the
organization's language, every instant through `tousu.humanize`, every table through
`tousu.tables`, so one organization reads one language and no screen shows microseconds.
Anything a user typed passes `tousu.render.clean` before it reaches the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from tousu.labels import catalog_label, label
from tousu.messages import text
from tousu.models import DomainSpec, Org


class Labeller:
    """Labels of one organization's language, looking in each of its domains, then the core's."""

    def __init__(self, lang: str, domains: Iterable[DomainSpec | None] = ()) -> None:
        self.lang = lang
        self.domains = [d for d in domains if d is not None]

    def __call__(self, key: str | None) -> str:
        if key is None or key == "":
            return "-"
        for domain in self.domains:
            found = domain.labels.get(self.lang, {}).get(key) or catalog_label(domain.name, key, self.lang)
            if found:
                return found
        return label(key, self.lang)


def org_domains(app: Any, org: Org) -> list[DomainSpec]:
    """The domains an organization's enabled plugins serve (for their labels)."""
    found = []
    for plugin in org.plugins:
        info = app.registry.infos.get(plugin)
        for name in getattr(info, "domains", ()) or ():
            spec = app.domain(name)
            if spec is not None:
                found.append(spec)
    return found


def reason(lang: str, rule: str, lab: Labeller | None = None) -> str:
    """A rule's text (classification reason, compensation basis, escalation) in `lang`: the
    core's own words for a tier raised by hand, else what the plugin registered for the text
    (`tousu.messages.said`), else as the plugin wrote it."""
    from tousu.messages.said import localize

    escalated = _ESCALATED.match(rule)
    if escalated:  # the core's own words for a tier raised by hand (tousu.app)
        staff, why = escalated.group(1), escalated.group(2)
        return text(lang, "rule.escalated_by", staff=staff, reason=why) if why else text(lang, "rule.escalated_no_reason", staff=staff)
    return localize(lang, rule, lab)


def error_labeller(ctx: Any, lang: str) -> Labeller | None:
    """Labels for an error line: every domain the deployment's organizations enable (an error
    may name a tier, a role or a deadline of any of them); None when no config is loaded."""
    app = getattr(ctx.find_object(object) if ctx.obj is None else ctx.obj, "_app", None)
    registry = getattr(app, "registry", None)
    orgs = getattr(getattr(app, "config", None), "orgs", None)
    if registry is None or not orgs:
        return None
    try:
        return Labeller(lang, [d for o in orgs.values() for d in org_domains(app, o)])
    except Exception:  # an error about a broken deployment is still told, unlabelled
        return None


_ESCALATED = re.compile(r"^escalated by (\S+?)(?:: (.*)| \(no reason given\))$")


__all__ = ["Labeller", "error_labeller", "org_domains", "reason"]
