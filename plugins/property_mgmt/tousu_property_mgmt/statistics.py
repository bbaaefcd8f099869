"""The monthly statistics and appraisal section (SOP 1.6, 1.11, 1.12), computed in SQL.

The section covers the property complaints *received* in the period, as they stand when the
report is made. Invalid complaints (无效投诉) are counted on their own line and left out of
every other figure. A deadline counts as:

- ``on_time``: met by its due time (an approved extension moves the due time) and never
  recorded as breached;
- ``late``: met after its due time, recorded as breached by ``sweep`` (even if an extension
  was approved afterwards), extended only after it had run out, or still open when the
  complaint left the desk after its due time;
- ``open``: not met yet and not recorded as breached (run ``tousu sweep`` before reporting).

Appraisal: a department is the one the form was forwarded to (``forward --to``), else the
department of the staff member complained about, else the respondent as written. A staff
member's row counts complaints whose respondent names them (staff id or name). "Handled on
time" and "overdue" judge the ``resolve`` deadline; satisfaction is the callback's answer.
"""

from __future__ import annotations

import json
from typing import Any

from tousu import Org, Period, ReportSection
from tousu.timeutil import from_db, show, to_db
from tousu_property_mgmt.domain import CATEGORIES, CHANNELS, DEADLINES, DOMAIN, TIERS

TITLES = {"zh": "物业管理:投诉统计分析与绩效考评", "en": "Property management: complaint statistics and appraisal"}

_BREACHED_BEFORE = (
    "EXISTS (SELECT 1 FROM events e, json_each(e.data, '$.deadlines') j WHERE e.complaint_id = d.complaint_id "
    "AND e.action = 'sweep' AND json_extract(j.value, '$.op') = 'breach' AND json_extract(j.value, '$.name') = d.name)"
)
_EXTENDED_LATE = (
    "EXISTS (SELECT 1 FROM json_each(d.extensions) x "
    "WHERE json_extract(x.value, '$.at') > json_extract(x.value, '$.previous'))"
)
VERDICT = f"""
    CASE
        WHEN d.state = 'cancelled' AND d.met_at IS NULL THEN
            CASE WHEN d.due_at < c.closed_at THEN 'late' END
        WHEN {_BREACHED_BEFORE} OR {_EXTENDED_LATE} THEN 'late'
        WHEN d.met_at IS NOT NULL THEN CASE WHEN d.met_at <= d.due_at THEN 'on_time' ELSE 'late' END
        WHEN d.state = 'breached' THEN 'late'
        ELSE 'open'
    END
"""


def section(org: Org, store: Any, period: Period) -> ReportSection:
    """This month's figures for the property desk of `org`."""
    staff_rows = [(s.id, s.name, s.department) for s in org.staff.values()] or [("", "", "")]
    staff_values = ", ".join("(?, ?, ?)" for _ in staff_rows)
    cte = (
        f"WITH staff(id, name, department) AS (VALUES {staff_values}), "
        "valid AS (SELECT c.*, s.id AS staff_id, "
        "coalesce(nullif(c.department, ''), nullif(s.department, ''), nullif(c.respondent, ''), '-') AS dept "
        "FROM complaints c LEFT JOIN staff s ON s.id != '' AND (s.id = c.respondent OR (s.name != '' AND s.name = c.respondent)) "
        "WHERE c.org = ? AND c.domain = ? AND c.received_at >= ? AND c.received_at < ? AND c.status != 'invalid'), "
        f"judged AS (SELECT d.complaint_id, d.name, {VERDICT} AS verdict FROM deadlines d "
        "JOIN valid c ON c.id = d.complaint_id WHERE d.kind = 'deadline') "
    )
    params = [v for row in staff_rows for v in row] + [org.id, DOMAIN, to_db(period.start), to_db(period.end)]
    sql = _Query(store, cte, params)

    received, invalid = store.conn.execute(
        "SELECT count(*), coalesce(sum(status = 'invalid'), 0) FROM complaints "
        "WHERE org = ? AND domain = ? AND received_at >= ? AND received_at < ?",
        (org.id, DOMAIN, to_db(period.start), to_db(period.end)),
    ).fetchone()
    figures: dict[str, Any] = {
        "received": received,
        "valid": received - invalid,
        "invalid": invalid,
        "by_tier": _ordered(sql.pairs("SELECT tier, count(*) FROM valid GROUP BY tier"), TIERS),
        "by_category": _ordered(sql.pairs("SELECT category, count(*) FROM valid GROUP BY category"), CATEGORIES),
        "by_channel": _ordered(sql.pairs("SELECT channel, count(*) FROM valid GROUP BY channel"), CHANNELS),
        "by_department": dict(sql.pairs("SELECT dept, count(*) FROM valid GROUP BY dept ORDER BY count(*) DESC, dept")),
        "by_status": dict(sql.pairs("SELECT status, count(*) FROM valid GROUP BY status ORDER BY status")),
        "urgent": sql.one("SELECT count(*) FROM valid WHERE urgent = 1"),
        "escalated_after_one_month": sql.one(
            "SELECT count(*) FROM valid c WHERE EXISTS (SELECT 1 FROM events e WHERE e.complaint_id = c.id "
            "AND e.action = 'sweep' AND json_extract(e.data, '$.set.tier') IS NOT NULL)"
        ),
        "deadlines": _deadline_table(sql),
        "extensions": _extensions(sql, org),
        "corrective_action_required": sql.one("SELECT count(*) FROM steps s JOIN valid c ON c.id = s.complaint_id WHERE s.name = 'corrective_action'"),
        "corrective_action_done": sql.one(
            "SELECT count(*) FROM steps s JOIN valid c ON c.id = s.complaint_id WHERE s.name = 'corrective_action' AND s.done = 1"
        ),
    }
    callbacks, satisfied = sql.row(
        "SELECT count(json_extract(fields, '$.satisfied')), coalesce(sum(json_extract(fields, '$.satisfied') = 1), 0) FROM valid"
    )
    figures["callbacks"] = callbacks
    figures["satisfied"] = satisfied
    figures["satisfaction_rate"] = _rate(satisfied, callbacks)
    figures["appraisal_by_department"] = _appraisal(sql, "dept", "department")
    figures["appraisal_by_staff"] = _appraisal(sql, "staff_id", "staff")
    return ReportSection(domain=DOMAIN, title=TITLES.get(org.language, TITLES["en"]), figures=figures)


class _Query:
    """Runs statements under the section's common table expressions (valid complaints, verdicts)."""

    def __init__(self, store: Any, cte: str, params: list[Any]) -> None:
        self.store, self.cte, self.params = store, cte, params

    def rows(self, select: str) -> list[tuple[Any, ...]]:
        return self.store.conn.execute(self.cte + select, self.params).fetchall()

    def row(self, select: str) -> tuple[Any, ...]:
        return self.rows(select)[0]

    def one(self, select: str) -> Any:
        return self.row(select)[0]

    def pairs(self, select: str) -> list[tuple[str, int]]:
        return [(str(key), count) for key, count in self.rows(select)]


def _ordered(pairs: list[tuple[str, int]], order: tuple[str, ...]) -> dict[str, int]:
    """Every known id in the domain's order (zeros included, so months compare), then any others."""
    counts = dict(pairs)
    return {key: counts.pop(key, 0) for key in order} | counts


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _deadline_table(sql: _Query) -> list[dict[str, Any]]:
    """On time vs late per deadline, in the order the SOP runs them."""
    counts = {
        name: (on_time, late, still_open)
        for name, on_time, late, still_open in sql.rows(
            "SELECT name, sum(verdict = 'on_time'), sum(verdict = 'late'), sum(verdict = 'open') "
            "FROM judged WHERE verdict IS NOT NULL GROUP BY name"
        )
    }
    table = []
    for name in DEADLINES:
        on_time, late, still_open = counts.get(name, (0, 0, 0))
        table.append(
            {
                "deadline": name,
                "on_time": on_time,
                "late": late,
                "open": still_open,
                "on_time_rate": _rate(on_time, on_time + late),
            }
        )
    return table


def _extensions(sql: _Query, org: Org) -> list[dict[str, Any]]:
    """Every approved extension: which complaint and clock, from when to when, approved by whom."""
    table = []
    for complaint_id, name, raw in sql.rows(
        "SELECT d.complaint_id, d.name, x.value FROM deadlines d JOIN valid c ON c.id = d.complaint_id, "
        "json_each(d.extensions) x ORDER BY json_extract(x.value, '$.at'), d.complaint_id"
    ):
        ext = json.loads(raw)
        table.append(
            {
                "id": complaint_id,
                "deadline": name,
                "previous": show(from_db(ext["previous"]), org.tz),
                "until": show(from_db(ext["until"]), org.tz),
                "approved_by": ext["approved_by"],
                "role": ext["role"],
                "at": show(from_db(ext["at"]), org.tz),
                "note": ext.get("reason", ""),
            }
        )
    return table


def _appraisal(sql: _Query, key: str, label: str) -> list[dict[str, Any]]:
    """Per department or staff member: received against them, handled on time, overdue, satisfaction."""
    rows = sql.rows(
        f"SELECT c.{key}, count(*), "
        "coalesce(sum(j.verdict = 'on_time'), 0), coalesce(sum(j.verdict = 'late'), 0), "
        "count(json_extract(c.fields, '$.satisfied')), coalesce(sum(json_extract(c.fields, '$.satisfied') = 1), 0) "
        "FROM valid c LEFT JOIN judged j ON j.complaint_id = c.id AND j.name = 'resolve' "
        f"WHERE c.{key} IS NOT NULL GROUP BY c.{key} ORDER BY count(*) DESC, c.{key}"
    )
    return [
        {
            label: who,
            "received": received,
            "handled_on_time": on_time,
            "overdue": late,
            "callbacks": callbacks,
            "satisfied": satisfied,
            "satisfaction_rate": _rate(satisfied, callbacks),
        }
        for who, received, on_time, late, callbacks, satisfied in rows
    ]
