"""The desk's Jinja environment: autoescaped templates from this package, the org's words.

Templates get ``t(key, **values)`` (the desk's own words, `tousu.default_plugins.web.strings`) and
``label(key)`` (domain and core terms, `tousu.default_plugins.words.labels`) bound to the page's language, and
``when(instant)`` to show an instant in the organization's time zone. Nothing here decides
anything: the views hand finished values to the templates.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import lru_cache
from typing import Any

import jinja2

from tousu.default_plugins.web.strings import text
from tousu.default_plugins.words.labels import label as core_label


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("tousu.default_plugins.web", "templates"),
        autoescape=True,  # every value a user typed is escaped; there is no |safe on user data
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def render(name: str, *, language: str, tz: tzinfo | None = None, **context: Any) -> str:
    """The page `name` rendered in `language` with `context` (its ``domain``, if any, labels first)."""
    domain = context.get("domain")

    def t(key: str, **values: object) -> str:
        return text(language, key, **values)

    def label(key: str | None, dom: Any = None) -> str:
        return core_label(key, language, dom if dom is not None else domain)

    def when(value: datetime | None) -> str:
        if value is None:
            return "-"
        local = value.astimezone(tz) if tz is not None else value
        return local.strftime("%Y-%m-%d %H:%M")

    template = environment().get_template(name)
    return template.render(t=t, label=label, when=when, language=language, **context)
