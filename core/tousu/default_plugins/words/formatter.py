"""How a catalog entry is filled in (`tousu.messages.text`): ``str.format`` plus conversions
for vocabulary, in the message's language."""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from typing import Any

from tousu.default_plugins.words.labels import label


class _Formatter(string.Formatter):
    """``str.format`` plus conversions for vocabulary: ``{status!l}`` is the label of the value
    in the message's language (``closed`` → 已结案), ``{allowed!L}`` labels each item of a
    comma-separated list, ``{steps!i}`` shows each as ``label（id）`` (ids a user must type
    back), ``{text!t}`` reads a nested rule text (`tousu.messages.said`)."""

    def __init__(self, lang: str, labeller: Callable[[str], str] | None = None) -> None:
        self.lang = lang
        self.labeller = labeller

    def _label(self, value: str) -> str:
        return self.labeller(value) if self.labeller is not None else label(value, self.lang)

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion == "l":
            return self._label(str(value)) if value not in (None, "") else "-"
        if conversion == "L":
            sep = "、" if self.lang == "zh" else ", "
            items = re.split(r",\s*|\s+or\s+|\s+and\s+", str(value))
            return sep.join(self._label(v.strip()) for v in items if v.strip())
        if conversion == "i":  # ids a user types back: each as "label（id）", or the id alone
            sep = "、" if self.lang == "zh" else ", "
            items = [v.strip() for v in str(value).split(",") if v.strip()]
            return sep.join(_with_id(self._label(v), v, self.lang) for v in items)
        if conversion == "t":  # a nested text a rule wrote (tousu.messages.said)
            from tousu.default_plugins.words.patterns import localize

            return localize(self.lang, str(value), self.labeller)
        return super().convert_field(value, conversion)


def _with_id(shown: str, value: str, lang: str) -> str:
    if shown in (value, value.replace("_", " ")):
        return value
    return f"{shown}（{value}）" if lang == "zh" else f"{shown} ({value})"


def format_text(lang: str, template: str, labeller: Callable[[str], str] | None, values: Mapping[str, Any]) -> str:
    """`template` (an entry in `lang`) filled with `values`; `labeller` labels ``!l`` fields
    with a domain's own labels (else the core's)."""
    return _Formatter(lang, labeller).format(template, **values)


__all__ = ["format_text"]
