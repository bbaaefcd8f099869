"""Product remedy (对商品的处理, DOMAIN §1.4): which of repair / replace / refund to offer.

The choice depends on the purchase date, the warranty and the category, judged on the day
the complaint was received:

- 2-2 personal injury: within warranty repair, replace or refund; outside warranty repair or replace;
- 2-3 property damage: within 3 months of purchase repair, replace or refund; within warranty
  repair or replace; damages on top in both cases (outside both, the source is silent: repair
  or replace, as for 2-2);
- 2-4 counterfeit: refund, the goods are taken back (and 假一赔二 is paid).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from tousu import Complaint
from tousu.errors import InputError
from tousu.timeutil import add_months
from tousu_retail.settings import RetailSettings

REMEDY_FACTS = ("purchase_date", "warranty_until")


def fact_date(facts: dict[str, Any], key: str) -> date | None:
    """A calendar date from ``--field K=2026-08-01`` or a TOML date."""
    value = facts.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise InputError(f"--field {key}={value}: expected a date such as 2026-08-01") from None


def remedies(
    complaint: Complaint, categories: tuple[str, ...], settings: RetailSettings, facts: dict[str, Any]
) -> dict[str, Any] | None:
    """The remedies on offer with the rule that chose them, or None without a purchase date."""
    purchased = fact_date(facts, "purchase_date")
    if purchased is None:
        return None
    tz = complaint.received_at.tzinfo
    received = complaint.received_at.astimezone(tz).date()
    if purchased > received:
        raise InputError(f"--field purchase_date={purchased}: after the complaint was received ({received})")
    start = datetime.combine(purchased, time(), tzinfo=tz)
    warranty = fact_date(facts, "warranty_until") or add_months(start, settings.default_warranty_months, tz).date()
    in_warranty = received <= warranty
    in_window = received <= add_months(start, settings.refund_window_months, tz).date()
    warranty_text = f"{'within' if in_warranty else 'outside'} warranty (until {warranty.isoformat()})"
    if "counterfeit" in categories:
        offer, rule = ["refund"], "2-4: the goods and receipts are taken back; 假一赔二 is paid on top"
    elif "property_damage" in categories:
        if in_window:
            offer = ["repair", "replace", "refund"]
            rule = f"2-3: within {settings.refund_window_months} months of purchase ({purchased.isoformat()}); plus damages"
        elif in_warranty:
            offer, rule = ["repair", "replace"], f"2-3: {warranty_text}; plus damages"
        else:
            offer, rule = ["repair", "replace"], f"2-3: {warranty_text} and past the refund window; as 2-2, plus damages"
    elif "personal_injury" in categories:
        offer = ["repair", "replace", "refund"] if in_warranty else ["repair", "replace"]
        rule = f"2-2: {warranty_text}"
    else:
        return None
    return {"remedies": offer, "remedy_rule": rule}
