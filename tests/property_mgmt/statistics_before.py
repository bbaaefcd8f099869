"""The property section as it was computed before the grouped reads (issue 20, round 5): the reference.

Kept verbatim from ``tousu_property_mgmt.statistics`` as it stood before `received_tally`
replaced its per-complaint reads, so that tests/property_mgmt/test_statistics_random.py can
compare the new section with the old computation (and, through the old module's own
reference patches, with the full computation in Python) on random histories.

The monthly statistics and appraisal section (SOP 1.6, 1.11, 1.12).

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

TITLES = {"zh": "物业管理:投诉统计分析与绩效考评", "en": "Property management: complaint statistics and appraisal"}


def section(org: Org, store: Any, period: Period, now: datetime) -> ReportSection:
    """This month's figures for the property desk of `org`.

    Four reads, each once: the month's valid complaints (the ``valid`` rows below), then their
    clocks, their sweep events and their corrective steps looked up by id; every figure is
    counted from those in one pass. (Re-deriving ``valid`` in a dozen statements, and asking
    the events "was this clock breached?" once per clock, took ten times as long.)
    """
    staff_rows = [(s.id, s.name, s.department) for s in org.staff.values()]
    received_rows = store.received(
        org.id, DOMAIN, period.start, period.end,
        columns=(
            "id", "tier", "category", "channel", "department", "respondent", "status", "urgent", "closed_at", "owner",
        ),
        fields=("satisfied",),
    )
    received = len(received_rows)
    invalid = sum(row[6] == "invalid" for row in received_rows)
    # one row per valid complaint and matching staff member (a LEFT JOIN: a respondent naming
    # two staff members gives two rows, and every figure counts rows, as it always has)
    valid = [
        (cid, tier, category, channel, department or (s_department or None) or respondent or "-",
         status, urgent, satisfied, s_id, closed, owner)
        for cid, tier, category, channel, department, respondent, status, urgent, closed, owner, satisfied in received_rows
        if status != "invalid"
        for s_id, s_department in _staff_named(staff_rows, respondent)
    ]
    rows_of: dict[str, int] = {}
    for row in valid:
        rows_of[row[0]] = rows_of.get(row[0], 0) + 1
    ids = list(rows_of)
    _, escalated = _sweeps(store, ids)
    judged, extensions = _clocks(store, rows_of, org, period, now)
    corrective = [0, 0]
    for complaint_id, done in store.steps_of(ids, "corrective_action"):
        corrective[0] += rows_of[complaint_id]
        corrective[1] += rows_of[complaint_id] * (done == 1)
    callbacks = sum(row[7] is not None for row in valid)
    satisfied = sum(_yes(row[7]) for row in valid)
    figures: dict[str, Any] = {
        "received": received,
        "valid": received - invalid,
        "invalid": invalid,
        "by_tier": _ordered(_groups(row[1] for row in valid), TIERS),
        "by_category": _ordered(_groups(row[2] for row in valid), CATEGORIES),
        "by_channel": _ordered(_groups(row[3] for row in valid), CHANNELS),
        "by_department": dict(_most_first(_groups(row[4] for row in valid))),
        "by_status": dict(_groups(row[5] for row in valid)),
        "urgent": sum(row[6] == 1 for row in valid),
        "escalated_after_one_month": sum(row[0] in escalated for row in valid),
        "deadlines": _deadline_table(_due_in_period(store, org, period, now), org.language),
        "extensions": extensions,
        "corrective_action_required": corrective[0],
        "corrective_action_done": corrective[1],
        "callbacks": callbacks,
        "satisfied": satisfied,
        "satisfaction_rate": _rate(satisfied, callbacks),
    }
    resolve = {cid: verdict for cid, name, verdict in judged if name == "resolve"}
    figures["appraisal_by_department"] = _appraisal(valid, 4, resolve, rows_of, "department")
    figures["appraisal_by_staff"] = _appraisal(valid, 8, resolve, rows_of, "staff")
    figures["appraisal_of_desk_staff"] = _desk_appraisal(valid, judged)
    return ReportSection(domain=DOMAIN, title=TITLES.get(org.language, TITLES["en"]), figures=figures)


def _staff_named(staff: list[tuple[str, str, str]], respondent: str) -> list[tuple[str | None, str]]:
    """(staff id, department) of each staff member `respondent` names by id or name; (None, "") for none."""
    found = [(sid, dept) for sid, name, dept in staff if sid != "" and (sid == respondent or (name != "" and name == respondent))]
    return found or [(None, "")]


def _sweeps(store: Any, ids: list[str]) -> tuple[set[tuple[str, str]], set[str]]:
    """The clocks a sweep recorded as breached, and the complaints a sweep escalated."""
    breached: set[tuple[str, str]] = set()
    escalated: set[str] = set()
    for complaint_id, event in store.events_of(ids, "sweep"):
        ops = event.get("deadlines") if isinstance(event, dict) else None
        for op in (ops.values() if isinstance(ops, dict) else ops) or ():
            if isinstance(op, dict) and op.get("op") == "breach" and isinstance(op.get("name"), str):
                breached.add((complaint_id, op["name"]))
        changed = event.get("set") if isinstance(event, dict) else None
        if isinstance(changed, dict) and changed.get("tier") is not None:
            escalated.add(complaint_id)
    return breached, escalated


def _clocks(
    store: Any,
    rows_of: dict[str, int],
    org: Org,
    period: Period,
    now: datetime,
) -> tuple[list[tuple[str, str, str | None]], list[dict[str, Any]]]:
    """Each deadline's verdict (one entry per valid row, as `judged` joins them) and the extensions.

    The clocks of the month's complaints come judged by the store (`clocks_judged`, the same
    rule as `verdict`), with their extensions only where they have any; the invalid
    complaints' clocks are left out here.
    """
    judged: list[tuple[str, str, str | None]] = []
    extended: list[tuple[Any, str, int, int, str, dict[str, Any]]] = []
    for rowid, (complaint_id, name, kind, result, entries) in enumerate(
        store.clocks_judged(org.id, DOMAIN, period.start, period.end, now)
    ):
        rows = rows_of.get(complaint_id)
        if rows is None:  # an invalid complaint
            continue
        for position, entry in enumerate(entries or ()):
            at = entry.get("at") if isinstance(entry, dict) else None
            extended.append((at, complaint_id, rowid, position, name, entry))
        if kind != "deadline":
            continue
        judged.extend([(complaint_id, name, result)] * rows)
    # ORDER BY the extension's time (none first), then the complaint, as the table always listed them
    extended.sort(key=lambda e: (e[0] is not None, e[0] if isinstance(e[0], str) else "", e[1], e[2], e[3]))
    extensions = []
    for _, complaint_id, _, _, name, ext in extended:
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
            * rows_of[complaint_id]
        )
    return judged, extensions


def _due_in_period(store: Any, org: Org, period: Period, now: datetime) -> list[tuple[str, str | None, int]]:
    """How many of the desk's clocks due in the period have each verdict, judged as the headline
    judges them (any status), counted by the store in one pass over the period's clocks."""
    return store.clock_verdict_counts(org.id, DEADLINES, period.start, period.end, now, domain=DOMAIN)


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


def _groups(keys: Any) -> list[tuple[str, int]]:
    """(key, count) in key order, a missing key first, as ``GROUP BY`` lists them."""
    counts: dict[Any, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (item[0] is not None, "" if item[0] is None else item[0]))
    return [(str(key), count) for key, count in ordered]


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


def _desk_appraisal(valid: list[tuple[Any, ...]], judged: list[tuple[str, str, str | None]]) -> list[dict[str, Any]]:
    """SOP 1.12: each public-affairs staff member's own clocks (forward, report, notify) due and missed."""
    owner_of = {row[0]: row[10] for row in valid}
    tallies: dict[str, list[int]] = {}
    seen: set[tuple[str, str]] = set()
    for complaint_id, name, result in judged:
        if name not in DESK_CLOCKS or result not in ("on_time", "late") or (complaint_id, name) in seen:
            continue
        seen.add((complaint_id, name))  # judged repeats a clock per joined staff row
        tally = tallies.setdefault(owner_of.get(complaint_id) or "-", [0, 0, 0])
        tally[0] += 1
        tally[1 if result == "on_time" else 2] += 1
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


def _appraisal(
    valid: list[tuple[Any, ...]], column: int, resolve: dict[str, str | None], rows_of: dict[str, int], label: str
) -> list[dict[str, Any]]:
    """Per department or staff member: received against them, handled on time, overdue, satisfaction.

    Counted per row of ``valid LEFT JOIN judged`` on the ``resolve`` clock (a complaint with
    several valid rows is joined with as many verdict rows), as the figures always were.
    """
    tallies: dict[str, list[int]] = {}
    for row in valid:
        who = row[column]
        if who is None:
            continue
        complaint_id, answer = row[0], row[7]
        joined = rows_of[complaint_id] if complaint_id in resolve else 1
        verdict = resolve.get(complaint_id)
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
