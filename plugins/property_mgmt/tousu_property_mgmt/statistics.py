"""The monthly statistics and appraisal section (SOP 1.6, 1.11, 1.12).

The section covers the property complaints *received* in the period, as they stand when the
report is made. Invalid complaints (无效投诉) are counted on their own line and left out of
every other figure — except the table of clocks, which counts what the report's headline
counts, so that the two never contradict each other: the clocks of the desk's complaints
*due in the period*, judged as of the report's instant ``now`` exactly as the headline's
``on_time_by_deadline`` judges them. A deadline counts as:

- ``on_time``: met by its due time (an approved extension moves the due time);
- ``late``: met after its due time, or not met and its due time passed by ``now``;
- ``open``: not met and not yet due at ``now``;
- not at all when cancelled (the complaint left the desk before it ran out) or a timer.

Appraisal: a department is the one the form was forwarded to (``forward --to``), else the
department of the staff member complained about, else the respondent as written. A staff
member's row counts complaints whose respondent names them (staff id or name). "Handled on
time" and "overdue" judge the ``resolve`` deadline by the same rule; satisfaction is the
callback's answer. The public-affairs desk's own staff (SOP 1.12) are appraised on the clocks
the desk itself owes — the form forwarded within 10 minutes, the supervisor told and the
resident told the same day — per owner of the complaint.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tousu import Org, Period, ReportSection
from tousu.timeutil import from_db, show
from tousu_property_mgmt.domain import (
    CATEGORIES,
    CHANNELS,
    DEADLINES,
    DESK_CLOCKS,
    DOMAIN,
    LABELS,
    TIERS,
)

#: What the section groups the month's complaints by (`received_tally`); the database keeps
#: them so grouped as they are written (the plugin's migration ``0001-received-rollup``,
#: tousu.default_plugins.store.rollups). Changing it needs a migration of a new name: until then the store sees
#: that the question differs from the rollup's and groups the rows themselves (right, slower).
GROUPING: dict[str, Any] = {
    "columns": ("tier", "category", "channel", "department", "respondent", "status", "urgent", "owner"),
    "fields": ("satisfied",),
    "clocks": ("resolve", *DESK_CLOCKS),
    "step": "corrective_action",
}

TITLES = {"zh": "物业管理:投诉统计分析与绩效考评", "en": "Property management: complaint statistics and appraisal"}


def section(org: Org, store: Any, period: Period, now: datetime) -> ReportSection:
    """This month's figures for the property desk of `org`.

    Three reads, none of them a row per complaint: the month's complaints grouped by what the
    figures count (with the verdicts of each one's ``resolve`` and desk clocks, its corrective
    step and whether a sweep escalated it), the clocks that were ever extended (listed one by
    one, as the table shows them), and the clocks due in the period per verdict. The staff list is applied to the groups here: a respondent
    naming two staff members makes each of its complaints count on two rows, as the figures
    always have (``valid LEFT JOIN staff``).
    """
    staff_rows = [(s.id, s.name, s.department) for s in org.staff.values()]
    groups = store.received_tally(org.id, DOMAIN, period.start, period.end, now, **GROUPING)
    received = sum(group[-1] for group in groups)
    invalid = sum(group[-1] for group in groups if group[5] == "invalid")
    # one row per group of valid complaints and matching staff member: (tier 0, category 1,
    # channel 2, department 3, status 4, urgent 5, satisfied 6, staff id 7, has a resolve clock 8,
    # its verdict 9, has the step 10, step done 11, escalated 12, staff rows of each complaint 13,
    # complaints 14)
    valid = []
    desk: list[tuple[str, list[str | None], int]] = []
    for tier, category, channel, department, respondent, status, urgent, owner, satisfied, *measures, count in groups:
        if status == "invalid":
            continue
        resolve, desk_clocks, measures = measures[:2], measures[2 : 2 + 2 * len(DESK_CLOCKS)], measures[-3:]
        desk.append((owner, desk_clocks[1::2], count))
        matches = _staff_named(staff_rows, respondent)
        for s_id, s_department in matches:
            where = department or (s_department or None) or respondent or "-"
            valid.append((tier, category, channel, where, status, urgent, satisfied, s_id, *resolve, *measures,
                          len(matches), count))
    # each row stands for `count` complaints, each counted once per matching staff member
    figures: dict[str, Any] = {
        "received": received,
        "valid": received - invalid,
        "invalid": invalid,
        "by_tier": _ordered(_weighted(valid, 0), TIERS),
        "by_category": _ordered(_weighted(valid, 1), CATEGORIES),
        "by_channel": _ordered(_weighted(valid, 2), CHANNELS),
        "by_department": dict(_most_first(_weighted(valid, 3))),
        "by_status": dict(_weighted(valid, 4)),
        "urgent": sum(row[-1] for row in valid if row[5] == 1),
        "escalated_after_one_month": sum(row[-1] for row in valid if row[12]),
        "deadlines": _deadline_table(_due_in_period(store, org, period, now), org.language),
        "extensions": _extensions(store, staff_rows, org, period),
        "corrective_action_required": sum(row[-1] for row in valid if row[10]),
        "corrective_action_done": sum(row[-1] for row in valid if row[10] and row[11]),
        "callbacks": sum(row[-1] for row in valid if row[6] is not None),
        "satisfied": sum(row[-1] for row in valid if _yes(row[6])),
    }
    figures["satisfaction_rate"] = _rate(figures["satisfied"], figures["callbacks"])
    figures["appraisal_by_department"] = _appraisal(valid, 3, "department")
    figures["appraisal_by_staff"] = _appraisal(valid, 7, "staff")
    figures["appraisal_of_desk_staff"] = _desk_appraisal(desk)
    return ReportSection(domain=DOMAIN, title=TITLES.get(org.language, TITLES["en"]), figures=figures)


def _staff_named(staff: list[tuple[str, str, str]], respondent: str) -> list[tuple[str | None, str]]:
    """(staff id, department) of each staff member `respondent` names by id or name; (None, "") for none."""
    found = [(sid, dept) for sid, name, dept in staff if sid != "" and (sid == respondent or (name != "" and name == respondent))]
    return found or [(None, "")]


def _weighted(valid: list[tuple[Any, ...]], column: int) -> list[tuple[str, int]]:
    """(value, complaint rows) in value order, a missing value first, as ``GROUP BY`` lists them."""
    counts: dict[Any, int] = {}
    for row in valid:
        counts[row[column]] = counts.get(row[column], 0) + row[-1]
    ordered = sorted(counts.items(), key=lambda item: (item[0] is not None, "" if item[0] is None else item[0]))
    return [(str(key), count) for key, count in ordered]


def _extensions(store: Any, staff_rows: list[tuple[str, str, str]], org: Org, period: Period) -> list[dict[str, Any]]:
    """Every extension of the valid complaints' clocks, listed once per staff row of its complaint,
    by the time it was approved (none first), then complaint and the order the clocks were set."""
    extended: list[tuple[Any, str, int, int, str, dict[str, Any], int]] = []
    for rowid, (complaint_id, name, entries, respondent) in enumerate(
        store.received_extensions(org.id, DOMAIN, period.start, period.end, columns=("respondent",),
                                  skip_statuses=("invalid",))
    ):
        rows = len(_staff_named(staff_rows, respondent))
        for position, entry in enumerate(entries or ()):
            at = entry.get("at") if isinstance(entry, dict) else None
            extended.append((at, complaint_id, rowid, position, name, entry, rows))
    extended.sort(key=lambda e: (e[0] is not None, e[0] if isinstance(e[0], str) else "", e[1], e[2], e[3]))
    extensions = []
    for _, complaint_id, _, _, name, ext, rows in extended:
        extensions.extend(
            [
                {
                    "id": complaint_id,
                    "deadline": name,
                    "previous": show(from_db(ext["previous"]), org.tz),
                    "until": show(from_db(ext["until"]), org.tz),
                    "approved_by": ext["approved_by"],
                    "role": ext["role"],
                    "at": show(from_db(ext["at"]), org.tz),
                    "note": ext.get("reason", ""),
                    **({"approved_after_it_ran_out": True} if _extended_late(ext) else {}),
                }
            ]
            * rows
        )
    return extensions


def _due_in_period(store: Any, org: Org, period: Period, now: datetime) -> list[tuple[str, str | None, int]]:
    """How many of the desk's clocks due in the period have each verdict, judged as the headline
    judges them (any status), from the store's hourly tallies of the clocks due."""
    counts: dict[tuple[str, str | None], int] = {}
    for name, _, _, verdict, count in store.clocks_due_tally(org.id, period.start, period.end, now, domain=DOMAIN):
        if name in DEADLINES:
            counts[(name, verdict)] = counts.get((name, verdict), 0) + count
    return [(name, verdict, count) for (name, verdict), count in counts.items()]


def verdict(state: str, due_at: datetime, met_at: datetime | None, now: datetime) -> str | None:
    """One clock as the report's headline judges it (`tousu.default_plugins.reporting.figures`); None: not counted.

    Met by its (possibly extended) due time: on time; met later, or unmet and past due at
    `now`: late; unmet and not yet due: open; cancelled (the complaint left first): not counted.
    """
    if met_at is not None:
        return "on_time" if met_at <= due_at else "late"
    if state == "cancelled":
        return None
    return "late" if due_at < now else "open"


def _extended_late(extension: Any) -> bool:
    """An extension approved after the clock had already run out."""
    if not isinstance(extension, dict):
        return False
    at, previous = extension.get("at"), extension.get("previous")
    return isinstance(at, str) and isinstance(previous, str) and at > previous


def _most_first(pairs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return sorted(pairs, key=lambda item: (-item[1], item[0]))


def _ordered(pairs: list[tuple[str, int]], order: tuple[str, ...]) -> dict[str, int]:
    """Every known id in the domain's order (zeros included, so months compare), then any others."""
    counts = dict(pairs)
    return {key: counts.pop(key, 0) for key in order} | counts


def _yes(value: Any) -> bool:
    """A JSON ``true`` read from the store: 1 on SQLite, ``"1"`` on PostgreSQL."""
    return value in (1, "1")


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _desk_appraisal(desk: list[tuple[str, list[str | None], int]]) -> list[dict[str, Any]]:
    """SOP 1.12: each public-affairs staff member's own clocks (forward, report, notify) due and
    missed, per owner of the valid complaints ((owner, each desk clock's verdict, complaints)
    groups), judged as of the report's instant (open and cancelled clocks are not counted)."""
    tallies: dict[str, list[int]] = {}
    for owner, verdicts, count in desk:
        for verdict in verdicts:
            if verdict not in ("on_time", "late"):
                continue
            tally = tallies.setdefault(owner or "-", [0, 0, 0])
            tally[0] += count
            tally[1 if verdict == "on_time" else 2] += count
    rows = sorted(tallies.items(), key=lambda item: (-item[1][2], item[0]))
    return [
        {"staff": who, "due": due, "on_time": on_time, "missed": missed, "on_time_rate": _rate(on_time, due)}
        for who, (due, on_time, missed) in rows
    ]


def _deadline_table(judged: list[tuple[str, str | None, int]], language: str) -> list[dict[str, Any]]:
    """On time vs late per deadline, in the order the SOP runs them, named in the org's language."""
    labels = LABELS.get(language, LABELS["en"])
    counts: dict[str, list[int]] = {}
    for name, verdict, count in judged:
        if verdict is None:
            continue
        tally = counts.setdefault(name, [0, 0, 0])
        tally[("on_time", "late", "open").index(verdict)] += count
    table = []
    for name in DEADLINES:
        on_time, late, still_open = counts.get(name, (0, 0, 0))
        table.append(
            {
                "deadline": name,
                "label": labels.get(name, name),
                "on_time": on_time,
                "late": late,
                "open": still_open,
                "on_time_rate": _rate(on_time, on_time + late),
            }
        )
    return table


def _appraisal(valid: list[tuple[Any, ...]], column: int, label: str) -> list[dict[str, Any]]:
    """Per department or staff member: received against them, handled on time, overdue, satisfaction.

    Counted per row of ``valid LEFT JOIN judged`` on the ``resolve`` clock: a complaint with a
    resolve clock and several staff rows is joined with as many verdict rows, as the figures
    always were.
    """
    tallies: dict[str, list[int]] = {}
    for row in valid:
        who = row[column]
        if who is None:
            continue
        answer, has_resolve, verdict, count = row[6], row[8], row[9], row[-1]
        joined = (row[13] if has_resolve else 1) * count
        tally = tallies.setdefault(who, [0, 0, 0, 0, 0])
        tally[0] += joined
        tally[1] += joined * (verdict == "on_time")
        tally[2] += joined * (verdict == "late")
        tally[3] += joined * (answer is not None)
        tally[4] += joined * _yes(answer)
    ordered = sorted(tallies.items(), key=lambda item: (-item[1][0], item[0]))
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
        for who, (received, on_time, late, callbacks, satisfied) in ordered
    ]
