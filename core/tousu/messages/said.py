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

`localize` matches a stored English text against those patterns (a whole text, else each
``; ``-separated part) and formats the entry of the reader's language with what the fields
matched. Conversions in the translation: ``!l`` labels an id (in the reader's language, with
the domain's own labels when the caller gives a labeller), ``!L`` labels each item of a
comma-separated list, ``!t`` localizes a nested text. A text nobody registered reads as it
was written (in a non-English desk with its ISO instants shortened to ``2026-10-16 10:00``).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping

from tousu.messages import CATALOG, register

Labeller = Callable[[str], str]

#: (id, compiled pattern of its English entry), most literal text first.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = []
_ISO = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:\d{2}|Z)")


def _compile(english: str) -> re.Pattern[str]:
    """The English entry as a regular expression: literal text exact, each field lazy."""
    out, seen = [], set()
    for literal, name, _spec, _conv in string.Formatter().parse(english):
        out.append(re.escape(literal))
        if name is None:
            continue
        if name in seen:
            out.append(f"(?P={name})")
        else:
            seen.add(name)
            out.append(f"(?P<{name}>.*?)")
    return re.compile("".join(out), re.DOTALL)


def register_said(messages: Mapping[str, Mapping[str, str]]) -> None:
    """Register ids whose ``en`` entry is the pattern of a text written in English."""
    register(messages)
    known = {mid for mid, _ in _PATTERNS}
    for message_id, entry in messages.items():
        if message_id not in known:
            _PATTERNS.append((message_id, _compile(entry["en"])))
    # the most literal patterns first, so "a {x} b" does not swallow "a {x} b c"
    _PATTERNS.sort(key=lambda p: -len(re.sub(r"\(\?P[<=][^)]*\)(?:\.\*\?\))?", "", p[1].pattern)))


def _one(lang: str, text: str, lab: Labeller | None) -> str | None:
    exact = CATALOG.get(f"rule:{text}")
    if exact is not None:
        return exact.get(lang) or exact["en"]
    for message_id, pattern in _PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            from tousu.messages import text as format_text

            return format_text(lang, message_id, _labeller=lab, **match.groupdict())
    return None


def localize(lang: str, text: str, lab: Labeller | None = None) -> str:
    """`text` (as a rule wrote it, in English) in `lang`: a registered pattern's entry in that
    language, part by part; what nobody registered stays as written."""
    if not text or lang == "en":
        return text
    text = _ISO.sub(r"\1 \2", text)
    whole = _one(lang, text, lab)
    if whole is not None:
        return whole
    parts = text.split("; ")
    if len(parts) == 1:
        return text
    sep = "；" if lang == "zh" else "; "
    return sep.join(_one(lang, part, lab) or part for part in parts)


__all__ = ["localize", "register_said"]


def _core() -> None:
    from tousu.messages.core_said import SAID
    from tousu.messages.values_said import SAID as VALUES_SAID

    register_said(SAID)
    register_said(VALUES_SAID)


_core()
