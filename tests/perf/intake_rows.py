"""The intakes whose stored rows `tests/perf/test_intake_rows.py` pins (issue 20).

A fixed, seeded mix over the three domain plugins: classified and given tiers and categories,
facts with dates and decimals, urgent ones, recurring contacts (the city's repeat detection
adds links, flags and fields), a refused double and one let through with ``again``. `record`
returns what the register holds afterwards, in a form that compares across versions of the
write path: every event's payload as stored, the hash chain's head (which covers every
event's canonical bytes), and, on SQLite, every projection table's rows.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from tousu.errors import TousuError

ORG = "hotline"
STAFF = {"wang": "receptionist", "zhao": "department_head", "chen": "supervisor", "li": "manager"}
SETTINGS = {"city_enforcement": {"routes": {"noise": "noise_squadron", "*": "general_squadron"}}}
PLUGINS = ["retail", "property_mgmt", "city_enforcement"]
PHRASES = ("噪音扰民", "占道经营", "电梯故障", "漏水", "退款", "收费不明", "烧烤油烟", "违章搭建", "态度差", "质量问题")
#: The os user recorded with each event is part of its hash: pinned so the head is the same anywhere.
OS_USER = "intake-rows"


def intakes(count: int = 48, seed: int = 20) -> list[dict[str, Any]]:
    """`count` keyword sets for `App.intake`, the domain rotating, a minute and a half apart."""
    rng = random.Random(seed)
    calls: list[dict[str, Any]] = []
    for i in range(count):
        domain = PLUGINS[i % 3]
        call: dict[str, Any] = {
            "domain": domain,
            "summary": "，".join(rng.sample(PHRASES, rng.randint(1, 3))),
            "complainant": rng.choice(("张三", "李四", "王五", "")),
            "contact": f"1380000{rng.randrange(6):04d}" if rng.random() < 0.4 else f"139{rng.randrange(10**8):08d}",
            "urgent": rng.random() < 0.15,
            "actor": rng.choice(tuple(STAFF)),
            "minutes": 1.5 * i,
        }
        if domain == "retail":
            category = rng.choice(("general", "excessive_demand", "counterfeit", "property_damage", None))
            call.update(channel=rng.choice(("phone", "letter", "email")), category=category)
            if category == "excessive_demand":
                call["fields"] = {"cost": rng.choice(("200", "800")), "bought": date(2026, 9, rng.randint(1, 28))}
            elif category == "property_damage":
                call["fields"] = {"loss": Decimal("1200.50")}
            if rng.random() < 0.3:
                call["tier"] = rng.choice(("level1", "level2", "level3"))
        elif domain == "property_mgmt":
            call.update(
                channel=rng.choice(("phone", "visit", "message")),
                place=f"{rng.randint(1, 9)}号楼",
                respondent="工程部",
                request=rng.choice(("尽快处理", "")),
                fields={"cause": rng.choice(("facility", "service_fault"))},
            )
        else:
            call.update(
                channel=rng.choice(("phone", "web", "visit")),
                category=rng.choice(("noise", "street_occupation", "illegal_construction", "other")),
                place=f"中山路{rng.randint(1, 4)}号",
                fields={"district": rng.choice(("黄浦", "静安")), "kind": rng.choice(("complaint", "consultation"))},
            )
        calls.append(call)
    calls.append({**calls[-1], "minutes": calls[-1]["minutes"] + 0.25})  # a double: refused
    calls.append({**calls[-2], "minutes": calls[-2]["minutes"] + 0.5, "again": True})  # let through
    return calls


def record(desk: Any, monkeypatch: Any) -> dict[str, Any]:
    """Record `intakes` through `App.intake` on `desk`; what the register then holds."""
    import sys

    from tousu import timeutil
    from tousu.default_plugins.store import ledger

    monkeypatch.setattr(ledger, "os_user", lambda: OS_USER)
    # the instant each event is recorded at is part of its hash: pinned wherever it is read
    recorded = desk.clock.now + timedelta(days=1)
    real = timeutil.now
    for module in [m for m in sys.modules.values() if m is not None and m.__name__.startswith("tousu")]:
        for name, value in list(vars(module).items()):
            if value is real:
                monkeypatch.setattr(module, name, lambda: recorded)
    app = desk.app
    start = desk.clock.now
    refused: list[str] = []
    ids: list[str] = []
    for call in intakes():
        call = dict(call)
        at = start + timedelta(minutes=call.pop("minutes"))
        try:
            ids.append(app.intake(ORG, at=at, **call).id)
        except TousuError as exc:
            refused.append(type(exc).__name__)
    events = [
        [e.complaint_id, e.n, e.action, e.actor, e.role, e.at.isoformat(), json.dumps(e.data, ensure_ascii=False, sort_keys=True)]
        for cid in ids
        for e in app.history(cid)
    ]
    found: dict[str, Any] = {"ids": ids, "refused": refused, "events": events, "head": app.store.chain_head(ORG)}
    if desk.database is None:  # the projection rows as SQLite holds them
        found["tables"] = {
            table: [list(row) for row in rows] for table, rows in app.store.snapshot().items()
        }
    return found
