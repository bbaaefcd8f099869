"""Reading a text a rule wrote in English in the reader's language (`tousu.messages.said`).

`localize` matches a stored English text against the patterns registered with
`tousu.messages.said.register_said` (a whole text, else each ``; ``-separated part) and formats
the entry of the reader's language with what the fields matched. Conversions in the
translation: ``!l`` labels an id (in the reader's language, with the domain's own labels when
the caller gives a labeller), ``!L`` labels each item of a comma-separated list, ``!t``
localizes a nested text. A text nobody registered reads as it was written (in a non-English
desk with its ISO instants shortened to ``2026-10-16 10:00``). The patterns are compiled when
a text is first read, not when a plugin registers them, so a command that reads none (``tousu
--help``) compiles none.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable

from tousu.messages import CATALOG
from tousu.messages import text as format_text
from tousu.messages.said import SAID_IDS

Labeller = Callable[[str], str]

#: (id, compiled pattern of its English entry), most literal text first.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = []
_COMPILED: dict[str, re.Pattern[str]] = {}
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


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Every registered pattern, compiled once: the ids registered since the last call join,
    and the most literal patterns come first, so "a {x} b" does not swallow "a {x} b c"."""
    if len(_COMPILED) < len(SAID_IDS):
        for message_id in SAID_IDS[len(_COMPILED) :]:
            _COMPILED[message_id] = _compile(CATALOG[message_id]["en"])
        _PATTERNS[:] = sorted(
            _COMPILED.items(), key=lambda p: -len(re.sub(r"\(\?P[<=][^)]*\)(?:\.\*\?\))?", "", p[1].pattern))
        )
    return _PATTERNS


def _one(lang: str, text: str, lab: Labeller | None) -> str | None:
    exact = CATALOG.get(f"rule:{text}")
    if exact is not None:
        return exact.get(lang) or exact["en"]
    for message_id, pattern in _patterns():
        match = pattern.fullmatch(text)
        if match:
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


__all__ = ["localize"]
