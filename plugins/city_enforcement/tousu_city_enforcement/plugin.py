"""Hook implementations of the city-enforcement domain."""

from __future__ import annotations

from collections.abc import Callable

from tousu import DomainSpec, hookimpl

CHANNELS = ("phone", "visit", "letter", "superior_transfer", "media", "web")
CATEGORIES = (
    "noise", "street_occupation", "illegal_construction", "outdoor_advertising",
    "shop_signs", "outdoor_barbecue", "other",
)


@hookimpl
def register_domains(register: Callable[[DomainSpec], None]) -> None:
    register(
        DomainSpec(
            name="city_enforcement",
            plugin="city_enforcement",
            title="城管投诉中心 / city enforcement complaint center",
            channels=CHANNELS,
            categories=CATEGORIES,
            tiers=("normal",),
            default_tier="normal",
            default_category="other",
        )
    )
