"""What the utilities domain is made of: its vocabulary, labels and settings.

Kept apart from the rules so that ``tousu plugins``, ``tousu init`` and the rules all read the
same ids, and so a supplier can change a clock in ``tousu.toml`` without touching code.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import attrs

from tousu import ActionSpec, DomainSpec

PLUGIN = "utilities"
DOMAIN = "utilities"

TIERS = ("routine", "priority", "critical")  # least to most severe
CATEGORIES = ("outage", "billing_dispute", "meter_fault", "general")
CHANNELS = ("hotline", "counter", "app", "letter", "regulator")

#: Supply restored: meets the ``restore`` clock of an outage.
RESTORE = ActionSpec(
    "restore",
    statuses=("received", "acknowledged", "forwarded", "in_progress"),
    to_status=None,
    help="supply is back on for every affected household",
)

METER_RESULTS = ("accurate", "fast", "slow")

LABELS = {
    "zh": {
        "routine": "一般", "priority": "优先", "critical": "紧急",
        "outage": "停电停水", "billing_dispute": "账单争议", "meter_fault": "表计故障", "general": "其他",
        "hotline": "服务热线", "counter": "营业厅", "app": "手机应用", "letter": "来信", "regulator": "监管部门转办",
        "restore": "恢复供应", "reply": "答复", "meter_test": "现场校表",
        "hold_disconnection": "争议期间暂停停供", "refund_due": "应退费",
    },
    "en": {
        "routine": "routine", "priority": "priority", "critical": "critical",
        "outage": "outage", "billing_dispute": "billing dispute", "meter_fault": "meter fault",
        "regulator": "referred by the regulator", "restore": "restore supply", "meter_test": "on-site meter test",
        "hold_disconnection": "no disconnection while disputed", "refund_due": "refund due",
    },
}


@attrs.frozen
class UtilitiesSettings:
    """Each organization's clocks and thresholds; every one has the supplier's usual default."""

    reply_routine: timedelta = timedelta(days=5)
    reply_priority: timedelta = timedelta(days=2)
    reply_critical: timedelta = timedelta(days=1)
    restore_priority: timedelta = timedelta(hours=24)
    restore_critical: timedelta = timedelta(hours=4)
    meter_test_within: timedelta = timedelta(days=7)
    critical_households: int = 50
    priority_dispute_amount: Decimal = Decimal("500.00")


def validate_settings(settings: UtilitiesSettings) -> None:
    """Refuse settings that would make a more severe tier wait longer (a config error at load)."""
    if not settings.reply_critical <= settings.reply_priority <= settings.reply_routine:
        raise ValueError("reply clocks must not grow with severity: reply_critical <= reply_priority <= reply_routine")
    if settings.restore_critical > settings.restore_priority:
        raise ValueError("restore_critical must not be longer than restore_priority")
    if settings.critical_households < 1:
        raise ValueError("critical_households must be at least 1")


SPEC = DomainSpec(
    name=DOMAIN,
    plugin=PLUGIN,
    title="水电服务投诉 / water & electricity service",
    channels=CHANNELS,
    categories=CATEGORIES,
    tiers=TIERS,
    default_tier="routine",
    default_category="general",
    actions=(RESTORE,),
    deadlines=("restore", "reply", "meter_test"),
    steps=("meter_test",),
    labels=LABELS,
    settings_class=UtilitiesSettings,
    settings_validator=validate_settings,
)
