"""The complaint center's settings: time limits, routing and the repeat window, with defaults.

The source sets no time limits, so the defaults are those of a city service hotline: receipt
acknowledged within 1 day, the complainant answered within 5 days, the matter resolved within
15 days, a consultation answered within 1 day. The center works every day, holidays included,
so every limit runs on calendar time. Each limit can be set per category.
"""

from __future__ import annotations

from datetime import timedelta

import attrs

from tousu_city_enforcement.vocabulary import CATEGORIES


@attrs.frozen
class CategoryLimits:
    """Per-category overrides of the time limits; a limit left out keeps the general one."""

    acknowledge: timedelta | None = None
    reply: timedelta | None = None
    resolve: timedelta | None = None


@attrs.frozen
class CityEnforcementSettings:
    """``[orgs.ID.settings.city_enforcement]`` in ``tousu.toml``."""

    #: Receipt acknowledged to the complainant (met by ``acknowledge`` or ``reply``).
    acknowledge_within: timedelta = timedelta(days=1)
    #: The complainant answered (met by ``reply`` or ``notify``).
    reply_within: timedelta = timedelta(days=5)
    #: The matter resolved (met by ``resolve``); past it the complaint drags on (久拖不决).
    resolve_within: timedelta = timedelta(days=15)
    #: A consultation answered (it has no other clock).
    consultation_reply_within: timedelta = timedelta(days=1)
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

    def limits(self, category: str | None) -> tuple[timedelta, timedelta, timedelta]:
        """(acknowledge, reply, resolve) for a complaint of `category`."""
        override = self.category_limits.get(category or "", CategoryLimits())
        return (
            override.acknowledge or self.acknowledge_within,
            override.reply or self.reply_within,
            override.resolve or self.resolve_within,
        )


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
