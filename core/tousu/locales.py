"""What a country or language contributes that the core must not spell itself: how its phone
numbers are written (masked wherever free text quotes one, the doors' `privacy.mask_text`) and the
words its people answer yes or no with (``--field satisfied=满意``, `tousu.facts.fact_bool`).

Plugins register it through the ``register_locales`` hook; China's comes from the
``cn_calendar`` plugin, which ships with tousu. Like a calendar it is data, not behaviour:
every loaded plugin's locale counts, whatever an organization enables, because masking and
reading answers happen where no organization is in hand (an error line, an export cell).
`tousu.plugins.load_registry` installs the loaded plugins' locales for the process, so the
registry a command opens decides (``TOUSU_LOAD_PLUGINS`` without ``cn_calendar``: no Chinese
numbers recognized in free text, though a contact is still masked as an address).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import attrs


def _answers(value: Mapping[str, bool]) -> Mapping[str, bool]:
    """The words as `fact_bool` compares them: stripped, lower-cased, each a bool."""
    out: dict[str, bool] = {}
    for word, meaning in dict(value).items():
        if not isinstance(word, str) or not word.strip() or not isinstance(meaning, bool):
            raise TypeError(f"answers: expected word → True/False, got {word!r}: {meaning!r}")
        out[word.strip().lower()] = meaning
    return out


@attrs.frozen
class PhonePattern:
    """One way phone numbers are written. `pattern` matches a number in free text (with its
    own guards against matching inside longer digit runs); a match keeps its first three and
    last four digits. A number written with `country_code` in front and `national_digits`
    after it is masked as the national number (``+86 138…`` → ``138****5678``)."""

    pattern: re.Pattern[str] = attrs.field(validator=attrs.validators.instance_of(re.Pattern))
    country_code: str = ""
    national_digits: int = 0

    def mask(self, match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group())
        code = self.country_code
        if code and digits.startswith(code) and len(digits) == len(code) + self.national_digits:
            digits = digits[len(code) :]
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


@attrs.frozen
class Locale:
    """A plugin's contribution through ``register_locales``: `name` (``"cn"``), the phone
    numbers its people write, and answer words (word → what it means: ``{"满意": True}``)."""

    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    phone_patterns: tuple[PhonePattern, ...] = attrs.field(
        default=(),
        converter=tuple,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(PhonePattern)),
    )
    answers: Mapping[str, bool] = attrs.field(factory=dict, converter=_answers)


#: The locales in force as one (`install`): every pattern, every answer word.
_installed = Locale("")


def install(locales: Iterable[Locale]) -> None:
    """Make `locales` the ones in force for this process (the registry just loaded); a word another
    plugin gave the opposite meaning was refused when it registered (`tousu.plugins.Registry`)."""
    global _installed
    patterns: list[PhonePattern] = []
    answers: dict[str, bool] = {}
    for locale in locales:
        patterns.extend(locale.phone_patterns)
        answers.update(locale.answers)
    _installed = Locale("", patterns, answers)


def phone_patterns() -> tuple[PhonePattern, ...]:
    """The phone-number patterns in force, in plugin load order."""
    return _installed.phone_patterns


def answer(word: str) -> bool | None:
    """What an answer word registered by a plugin means (None: no plugin knows it)."""
    return _installed.answers.get(word.strip().lower())


__all__ = ["Locale", "PhonePattern", "answer", "install", "phone_patterns"]
