"""The utilities section of a period report: counted over the store's named reads (no SQL in a plugin)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tousu import Org, Period, ReportSection
from tousu.money import to_fen

TITLES = {"zh": "水电服务投诉", "en": "water & electricity service"}


def section(org: Org, store: Any, period: Period) -> ReportSection:
    """Outages and how fast supply came back, meter tests, billing disputes and their amount."""
    cases = store.received(
        org.id, "utilities", period.start, period.end,
        columns=("id", "category", "received_at"), fields=("households", "meter_result", "disputed_amount"),
    )
    outages = [case for case in cases if case[1] == "outage"]
    restore = {
        cid: (due, met) for cid, name, _, due, met, *_ in store.deadlines_of([c[0] for c in outages]) if name == "restore"
    }
    restored = [(cid, received, restore[cid]) for cid, _, received, *_ in outages if cid in restore and restore[cid][1]]
    on_time = sum(met <= due for _, _, (due, met) in restored)
    hours = [(met - received).total_seconds() / 3600 for _, received, (_, met) in restored]
    households = sum(int(case[3]) if case[3] is not None else 1 for case in outages)
    fields_of = {case[0]: case for case in cases}
    tested = [cid for cid, done in store.steps_of(list(fields_of), "meter_test") if done]
    amounts = [case[5] for case in cases if case[1] == "billing_dispute"]
    disputed = to_fen(sum((Decimal(str(a)) for a in amounts if a not in (None, "")), Decimal("0")))
    figures = {
        "outages": len(outages),
        "households_cut_off": households,
        "restored": len(restored),
        "restored_on_time": on_time,
        "restore_on_time_rate": round(on_time / len(outages), 4) if outages else None,
        "average_hours_to_restore": round(sum(hours) / len(hours), 1) if hours else None,
        "meter_tests_done": len(tested),
        "meters_found_fast": sum(fields_of[cid][4] == "fast" for cid in tested),
        "billing_disputes": len(amounts),
        "disputed_amount": f"{disputed:.2f}",
    }
    return ReportSection("utilities", TITLES.get(org.language, TITLES["en"]), figures)


__all__ = ["section"]
