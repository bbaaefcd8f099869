"""The core's own words, a default plugin (`tousu.plugins.DEFAULT_WORDS`): what the kernel
says and the machinery a door reads a message with in the desk's language.

"A door parses and renders, the App decides": the App raises errors carrying a message id and
its values (`tousu.errors.TousuError.of`) or an English line; the catalog's mechanism
(`tousu.messages`: `register`, `text`, `has`; `tousu.messages.said.register_said`) stays in the
kernel for plugins and doors to build on. Here are the entries: the desk's messages (`desk`),
the core's English refusal lines with their zh (`core_said`), the typed values' refusals
(`values_said`), the labels of the core's statuses, actions, roles and fields (`labels`); and
the reading: the formatter's conversions (`formatter`: ``!l``, ``!L``, ``!i``, ``!t``) and the
reading of an English line through the registered patterns (`patterns`).

The catalog imports this package by its name the first time it is used, as a domain plugin's
words are registered when its messages module is imported; importing it registers the entries.
"""

from __future__ import annotations

from tousu.default_plugins.words.core_said import SAID as _CORE_SAID
from tousu.default_plugins.words.desk import MESSAGES as _DESK
from tousu.default_plugins.words.formatter import format_text
from tousu.default_plugins.words.labels import Labeller, label, org_domains
from tousu.default_plugins.words.patterns import localize
from tousu.default_plugins.words.values_said import SAID as _VALUES_SAID
from tousu.messages import register
from tousu.messages.said import register_said

register(_DESK)
register_said(_CORE_SAID)
register_said(_VALUES_SAID)

__all__ = ["Labeller", "format_text", "label", "localize", "org_domains"]
