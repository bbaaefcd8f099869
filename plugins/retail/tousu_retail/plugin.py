"""Hook implementations of the retail domain."""

from __future__ import annotations

from collections.abc import Callable

from tousu import DomainSpec, hookimpl

CHANNELS = (
    "phone", "letter", "fax", "email", "message", "on_site",
    "market_regulator", "consumer_council", "quality_bureau", "media", "escalation",
)
TIERS = ("level1", "level2", "level3", "level4")
CATEGORIES = (
    "general", "excessive_demand", "personal_injury", "property_damage", "counterfeit",
    "regulator_or_media_referral", "media_exposure", "lawsuit",
)


@hookimpl
def register_domains(register: Callable[[DomainSpec], None]) -> None:
    register(
        DomainSpec(
            name="retail",
            plugin="retail",
            title="零售重大投诉 / retail major complaints",
            channels=CHANNELS,
            categories=CATEGORIES,
            tiers=TIERS,
            default_tier="level1",
            default_category="general",
        )
    )
