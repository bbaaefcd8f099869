"""What the benchmark feeds tousu: a deployment with all three domains, records, and histories.

Everything is deterministic (a seeded `random.Random`), so two runs build the same data and
the baseline writes exactly the rows tousu wrote.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import tomli_w

ORG = "bench"
TZ = ZoneInfo("Asia/Shanghai")
DOMAINS = ("retail", "property_mgmt", "city_enforcement")
STAFF = {"wang": "receptionist", "zhao": "department_head", "chen": "supervisor", "li": "manager", "zhou": "general_manager"}
#: Receipt of the first imported record; later ones follow a few seconds apart.
IMPORT_START = datetime(2026, 3, 1, 8, 0, tzinfo=TZ)

PHRASES = ("夜间施工噪音扰民", "商品质量问题", "电梯长期故障", "占道经营", "退款迟迟未到账", "楼上漏水", "广告牌松动",
           "烧烤油烟", "物业服务态度差", "假冒商品", "违章搭建", "停车位被占")
NAMES = ("王五", "李四", "张三", "赵六", "陈七", "刘八", "周九", "吴十")
DISTRICTS = ("朝阳", "海淀", "东城", "西城")


def write_config(folder: Path, synchronous: str, orgs: tuple[str, ...] = (ORG,), database: str = "tousu.db") -> Path:
    """A ``tousu.toml`` with organizations that enable all three domain plugins (`database`: the
    folder's SQLite file, or a PostgreSQL URL)."""
    path = folder / "tousu.toml"
    document = {
        "database": database,
        "synchronous": synchronous,
        "orgs": {
            org_id: {
                "name": org_id,
                "timezone": "Asia/Shanghai",
                "language": "zh",
                "plugins": list(DOMAINS),
                "staff": {sid: {"role": role} for sid, role in STAFF.items()},
                "settings": {"city_enforcement": {"routes": {"noise": "noise_squadron", "*": "general_squadron"}}},
            }
            for org_id in orgs
        },
    }
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    return path


def intake_kwargs(rng: random.Random, i: int) -> dict[str, Any]:
    """One intake for `App.intake` (also the core of an import record): the domain rotates."""
    domain = DOMAINS[i % 3]
    summary = "，".join(rng.sample(PHRASES, rng.randint(2, 4)))
    person = rng.choice(NAMES)
    # a few contacts recur, so city_enforcement's repeat detection finds earlier cases
    contact = f"138{rng.randrange(10_000_000) if rng.random() > 0.05 else rng.randrange(50):08d}"
    record: dict[str, Any] = {"domain": domain, "summary": summary, "complainant": person, "contact": contact}
    if domain == "retail":
        category = rng.choice(("general", "general", "general", "excessive_demand", "counterfeit", "property_damage"))
        record.update(channel=rng.choice(("phone", "letter", "email", "message", "on_site")), category=category)
        if category == "excessive_demand":
            record["fields"] = {"cost": str(rng.choice((200, 800)))}
        elif category == "property_damage":
            record["fields"] = {"loss": "1200.00"}
    elif domain == "property_mgmt":
        record.update(
            channel=rng.choice(("phone", "visit", "message")),
            place=f"{rng.randint(1, 30)}号楼{rng.randint(1, 4)}单元",
            respondent="工程部",
            request="尽快处理",
            fields={"cause": rng.choice(("facility", "facility", "service_fault"))},
        )
    else:
        record.update(
            channel=rng.choice(("phone", "web", "visit")),
            category=rng.choice(("noise", "street_occupation", "illegal_construction", "outdoor_barbecue", "other")),
            place=f"{rng.choice(DISTRICTS)}路{rng.randint(1, 200)}号",
            fields={"district": rng.choice(DISTRICTS), "kind": "consultation" if rng.random() < 0.1 else "complaint"},
        )
    record["urgent"] = rng.random() < 0.03
    record["actor"] = "wang"
    return record


def intake_calls(count: int, seed: int = 11) -> list[dict[str, Any]]:
    """The intakes an intake figure times: `count` calls five seconds apart from
    `IMPORT_START`, the same on every run and on either store."""
    rng = random.Random(seed)
    calls = []
    for i in range(count):
        kwargs = intake_kwargs(rng, i)
        kwargs["at"] = IMPORT_START + timedelta(seconds=5 * i)
        calls.append(kwargs)
    return calls


def import_records(n: int, seed: int = 7, with_actions: float = 0.1) -> Iterator[dict[str, Any]]:
    """`n` mixed import records in receipt order; a share carry a short recorded history."""
    rng = random.Random(seed)
    for i in range(n):
        record = intake_kwargs(rng, i)
        received = IMPORT_START + timedelta(seconds=3 * i)
        record["received_at"] = received.isoformat()
        if rng.random() < with_actions:
            record["actions"] = [
                {"action": "acknowledge", "at": (received + timedelta(minutes=5)).isoformat(), "actor": "wang"},
                {"action": "assign", "at": (received + timedelta(minutes=9)).isoformat(), "actor": "chen", "to": "zhao",
                 "fields": {"customer_told": "true"}},
            ]
        yield record


def write_import_file(path: Path, n: int, seed: int = 7) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for record in import_records(n, seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


# -- histories of the template complaints the bulk tables are cloned from ------------------
#
# Each story is a list of (minutes after receipt, action, actor, to, fields). "open" stories
# meet the short clocks (acknowledge, forward) so what is left pending runs for days; "done"
# stories go all the way to close with a callback, as a finished month's complaints do.

Step = tuple[int, str, str, str | None, dict[str, Any]]

OPEN_STORIES: dict[str, list[Step]] = {
    "retail": [(10, "reply", "wang", None, {})],
    "property_mgmt": [(5, "forward", "wang", "工程部", {}), (10, "sign", "zhao", None, {})],
    "city_enforcement": [(5, "acknowledge", "wang", None, {}), (20, "reply", "wang", None, {})],
}


def done_story(domain: str, satisfied: bool) -> list[Step]:
    verdict = {"satisfied": "true" if satisfied else "false"}
    if domain == "retail":
        return [(60, "reply", "wang", None, {}), (1440, "resolve", "zhao", None, {}),
                (2880, "callback", "chen", None, verdict), (2900, "close", "chen", None, {})]
    if domain == "property_mgmt":
        return [(5, "forward", "wang", "工程部", {}), (10, "sign", "zhao", None, {}),
                (1440, "resolve", "zhao", None, {}), (1500, "notify", "wang", None, {"method": "phone"}),
                (2880, "callback", "chen", None, verdict), (2900, "close", "chen", None, {})]
    return [(5, "acknowledge", "wang", None, {}), (120, "reply", "wang", None, {}),
            (1440, "resolve", "zhao", None, {}), (2880, "callback", "chen", None, verdict),
            (2900, "close", "chen", None, {})]
