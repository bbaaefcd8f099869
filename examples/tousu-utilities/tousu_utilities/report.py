"""The utilities section of a period report: counted in SQL over the projection tables."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tousu import Org, Period, ReportSection
from tousu.money import to_fen
from tousu.timeutil import to_db

TITLES = {"zh": "水电服务投诉", "en": "water & electricity service"}


def section(org: Org, store: Any, period: Period) -> ReportSection:
    """Outages and how fast supply came back, meter tests, billing disputes and their amount."""
    window = (org.id, to_db(period.start), to_db(period.end))
    received = "c.org = ? AND c.domain = 'utilities' AND c.received_at >= ? AND c.received_at < ?"
    conn = store.conn
    outages, households, on_time, restored, hours = conn.execute(
        f"""SELECT count(*),
                   coalesce(sum(CAST(coalesce(json_extract(c.fields, '$.households'), 1) AS INTEGER)), 0),
                   sum(d.met_at IS NOT NULL AND d.met_at <= d.due_at),
                   sum(d.met_at IS NOT NULL),
                   avg(CASE WHEN d.met_at IS NOT NULL
                            THEN (julianday(d.met_at) - julianday(c.received_at)) * 24 END)
            FROM complaints c LEFT JOIN deadlines d ON d.complaint_id = c.id AND d.name = 'restore'
            WHERE {received} AND c.category = 'outage'""",
        window,
    ).fetchone()
    tests_done, meters_fast = conn.execute(
        f"""SELECT count(s.done), coalesce(sum(json_extract(c.fields, '$.meter_result') = 'fast'), 0)
            FROM complaints c JOIN steps s ON s.complaint_id = c.id AND s.name = 'meter_test' AND s.done = 1
            WHERE {received}""",
        window,
    ).fetchone()
    amounts = [
        row[0]
        for row in conn.execute(
            f"SELECT json_extract(c.fields, '$.disputed_amount') FROM complaints c "
            f"WHERE {received} AND c.category = 'billing_dispute'",
            window,
        )
    ]
    disputed = to_fen(sum((Decimal(str(a)) for a in amounts if a not in (None, "")), Decimal("0")))
    figures = {
        "outages": outages,
        "households_cut_off": households,
        "restored": restored or 0,
        "restored_on_time": on_time or 0,
        "restore_on_time_rate": round(on_time / outages, 4) if outages else None,
        "average_hours_to_restore": round(hours, 1) if hours is not None else None,
        "meter_tests_done": tests_done,
        "meters_found_fast": meters_fast,
        "billing_disputes": len(amounts),
        "disputed_amount": f"{disputed:.2f}",
    }
    return ReportSection("utilities", TITLES.get(org.language, TITLES["en"]), figures)


__all__ = ["section"]
