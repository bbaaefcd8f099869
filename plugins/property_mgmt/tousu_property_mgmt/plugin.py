"""Hook implementations of the property-management domain."""

from __future__ import annotations

from collections.abc import Callable

from tousu import DomainSpec, hookimpl

TIERS = ("minor", "important", "major")
CHANNELS = ("phone", "visit", "letter", "email", "message", "on_site")

LABELS = {
    "zh": {
        "minor": "轻微投诉", "important": "重要投诉", "major": "重大投诉",
        "phone": "来电", "visit": "来访", "letter": "来信", "email": "电子邮件", "message": "留言",
        "on_site": "现场接待", "general": "一般投诉",
    },
    "en": {"minor": "minor", "important": "important", "major": "major", "on_site": "on site"},
}


@hookimpl
def register_domains(register: Callable[[DomainSpec], None]) -> None:
    register(
        DomainSpec(
            name="property_mgmt",
            plugin="property_mgmt",
            title="物业管理投诉处理 / property management",
            channels=CHANNELS,
            categories=("general",),
            tiers=TIERS,
            default_tier="minor",
            default_category="general",
            labels=LABELS,
        )
    )
