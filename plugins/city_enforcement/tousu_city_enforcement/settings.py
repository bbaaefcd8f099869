"""The complaint center's settings: time limits, routing and the repeat window, with defaults.

The source sets no time limits, so the defaults are those of a city service hotline: receipt
acknowledged within 1 day, the complainant answered within 5 days, the matter resolved within
15 days, a consultation answered within 1 day. The center works every day, holidays included,
so every limit runs on calendar time. Each limit can be set per category.

A limit may also be written in working days (``resolve_within = "15wd"``): that clock then
runs on the organization's calendar (``[orgs.ID.calendar]``, e.g. ``source = "cn"`` for the
statutory holidays and make-up days). ``preset = "12345"`` gives the working-day limits of
a 12345-style hotline (acknowledge 1wd, reply 7wd, resolve 15wd, consultation 3wd) to every
limit the table does not set itself.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import attrs

from tousu.calendar import Duration
from tousu.serialize import converter
from tousu_city_enforcement.vocabulary import CATEGORIES

_ONE_DAY, _FIVE_DAYS, _FIFTEEN_DAYS = Duration(1, "d"), Duration(5, "d"), Duration(15, "d")


@attrs.frozen
class CategoryLimits:
    """Per-category overrides of the time limits; a limit left out keeps the general one."""

    acknowledge: Duration | None = None
    reply: Duration | None = None
    resolve: Duration | None = None


@attrs.frozen
class CityEnforcementSettings:
    """``[orgs.ID.settings.city_enforcement]`` in ``tousu.toml``."""

    #: Receipt acknowledged to the complainant (met by ``acknowledge`` or ``reply``).
    acknowledge_within: Duration = attrs.field(
        default=_ONE_DAY,
        metadata={"comment": "The source sets no time limits: every limit below is this desk's choice (a city\n"
                             "hotline's usual), on calendar time, holidays included (不论公休日,节假日)."},
    )
    #: The complainant answered (met by ``reply`` or ``notify``).
    reply_within: Duration = _FIVE_DAYS
    #: The matter resolved (met by ``resolve``); past it the complaint drags on (久拖不决).
    resolve_within: Duration = _FIFTEEN_DAYS
    #: A consultation answered (it has no other clock).
    consultation_reply_within: Duration = _ONE_DAY
    #: Category id → overrides, e.g. ``[...city_enforcement.category_limits.noise] resolve = "7d"``.
    category_limits: dict[str, CategoryLimits] = attrs.field(factory=dict)
    #: An earlier case counts for repeats while open, or for this long after it closed.
    repeat_window: timedelta = timedelta(days=30)
    #: Category id (or ``"*"`` for any) → the squadron or department that handles it.
    routes: dict[str, str] = attrs.field(factory=dict)
    #: District → (category id or ``"*"``) → squadron; wins over `routes` when ``district`` is given.
    district_routes: dict[str, dict[str, str]] = attrs.field(factory=dict)
    #: A consultation is done once answered: its ``reply`` resolves and closes it.
    close_consultation_on_reply: bool = True
    #: ``"calendar"`` (the defaults above) or ``"12345"`` (working-day limits, see the module doc).
    preset: str = "calendar"

    def limits(self, category: str | None) -> tuple[timedelta, timedelta, timedelta]:
        """(acknowledge, reply, resolve) for a complaint of `category`."""
        override = self.category_limits.get(category or "", CategoryLimits())
        return (
            override.acknowledge or self.acknowledge_within,
            override.reply or self.reply_within,
            override.resolve or self.resolve_within,
        )


#: The limits of each preset, for the keys a settings table leaves out.
PRESETS: dict[str, dict[str, str]] = {
    "calendar": {},
    "12345": {
        "acknowledge_within": "1wd",
        "reply_within": "7wd",
        "resolve_within": "15wd",
        "consultation_reply_within": "3wd",
    },
}
_structure_settings = converter.gen_structure_attrs_fromdict(CityEnforcementSettings)


def _structure_with_preset(value: Any, _type: Any) -> CityEnforcementSettings:
    """Fill the preset's limits into the keys the table leaves out, then structure as usual."""
    if isinstance(value, dict) and isinstance(value.get("preset"), str):
        preset = PRESETS.get(value["preset"])
        if preset is None:
            raise ValueError(f"preset: expected one of {', '.join(PRESETS)}, got {value['preset']!r}")
        value = {**preset, **value}
    return _structure_settings(value, _type)


converter.register_structure_hook(CityEnforcementSettings, _structure_with_preset)


def validate(settings: CityEnforcementSettings) -> None:
    """Refuse settings that name unknown categories or durations that are not positive."""
    known = set(CATEGORIES)
    for table, keys in (
        ("category_limits", settings.category_limits),
        ("routes", settings.routes),
        *((f"district_routes.{d}", r) for d, r in settings.district_routes.items()),
    ):
        for key in keys:
            if key not in known and not (key == "*" and table != "category_limits"):
                raise ValueError(f"{table}.{key}: unknown category (categories: {', '.join(CATEGORIES)})")
    durations = {
        "acknowledge_within": settings.acknowledge_within,
        "reply_within": settings.reply_within,
        "resolve_within": settings.resolve_within,
        "consultation_reply_within": settings.consultation_reply_within,
        "repeat_window": settings.repeat_window,
    }
    for category, override in settings.category_limits.items():
        for name in ("acknowledge", "reply", "resolve"):
            value = getattr(override, name)
            if value is not None:
                durations[f"category_limits.{category}.{name}"] = value
    for name, value in durations.items():
        if value <= timedelta(0):
            raise ValueError(f"{name}: expected a positive duration such as \"1d\"")
    for route_table in (settings.routes, *settings.district_routes.values()):
        for key, department in route_table.items():
            if not department.strip():
                raise ValueError(f"routes: {key!r} routes to an empty department name")
