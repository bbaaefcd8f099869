"""Texts a rule wrote once, read in the language of whoever reads them.

A plugin's classification reason, a compensation basis, a refusal or an escalation rule is
written in English by the plugin and stored as written (the JSON contract shows it as it was
recorded, and a frozen record must not change). A desk of a ``zh`` organization must read it
in Chinese all the same. So a plugin (or the core, for its own English errors) registers the
texts it writes as catalog ids whose ``en`` entry is the pattern of what it writes::

    register_said({
        "retail.reason.category": {
            "en": "category {category} ({code}) is {tier}",
            "zh": "类别{category!l}（{code}）定为{tier!l}",
        },
    })

`localize` reads a stored English text in the reader's language through those patterns; the
matching itself is the core's words' (`tousu.plugins.DEFAULT_WORDS`: ``words.patterns``), which
the doors read with. Here is what plugins register with, and the ids in registration order.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping

from tousu.messages import register, words

#: The ids registered through `register_said`, in order (each once): the patterns to match.
SAID_IDS: list[str] = []


def register_said(messages: Mapping[str, Mapping[str, str]]) -> None:
    """Register ids whose ``en`` entry is the pattern of a text written in English (each field
    a name: the pattern is compiled when a text is first read, a bad one is refused here)."""
    for message_id, entry in messages.items():
        fields = [name for _, name, _, _ in string.Formatter().parse(entry["en"]) if name is not None]
        if not all(name.isidentifier() for name in fields):
            raise ValueError(f"message id {message_id!r}: each field of its en pattern must be a name, got {fields}")
    register(messages)
    for message_id in messages:
        if message_id not in SAID_IDS:
            SAID_IDS.append(message_id)


def localize(lang: str, text: str, lab: Callable[[str], str] | None = None) -> str:
    """`text` (as a rule wrote it, in English) in `lang`: a registered pattern's entry in that
    language, part by part; what nobody registered stays as written."""
    return words().localize(lang, text, lab)


__all__ = ["localize", "register_said"]
