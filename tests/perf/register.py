"""A mixed three-domain register file for the bulk tests, and how to import and compare it."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import tomli_w

from tousu.app import App
from tousu.default_plugins.bulk.importer import run_import
from tousu.default_plugins.bulk.records import read_jsonl

TZ = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 3, 2, 8, 0, tzinfo=TZ)
TABLES = (
    "events", "complaints", "personal", "deadlines", "steps", "links", "counters", "complaint_search", "audit",
)
PLACES = ("朝阳路1号", "海淀路2号", "东城路3号")


def record(rng: random.Random, i: int) -> dict[str, Any]:
    domain = ("retail", "property_mgmt", "city_enforcement")[i % 3]
    received = START + timedelta(minutes=7 * i)
    record: dict[str, Any] = {
        "domain": domain, "summary": f"第{i}件：噪音扰民", "complainant": "王五",
        "contact": f"1380000{rng.randrange(6):04d}",  # few contacts: repeats within and across batches
        "received_at": received.isoformat(), "actor": "wang",
    }
    if domain == "retail":
        record.update(channel="phone", category=rng.choice(("general", "counterfeit")))
    elif domain == "property_mgmt":
        record.update(channel="phone", place="3号楼1单元", respondent="工程部", request="尽快处理",
                      fields={"cause": "facility"})
    else:
        record.update(channel="phone", category=rng.choice(("noise", "other")), place=rng.choice(PLACES),
                      fields={"district": "朝阳", "kind": "consultation" if i % 17 == 0 else "complaint"})
    roll = rng.random()
    if roll < 0.15:
        record["actions"] = [
            {"action": "acknowledge", "at": (received + timedelta(minutes=5)).isoformat(), "actor": "wang"},
            {"action": "assign", "at": (received + timedelta(minutes=9)).isoformat(), "actor": "chen", "to": "zhao"},
        ]
    elif roll < 0.2:  # a sweep long after receipt breaches its clocks
        record["actions"] = [{"action": "sweep", "at": (received + timedelta(days=40)).isoformat()}]
    elif roll < 0.25:  # refused in the middle of its history: the whole record is left out
        record["actions"] = [
            {"action": "acknowledge", "at": (received + timedelta(minutes=5)).isoformat(), "actor": "wang"},
            {"action": "assign", "at": (received + timedelta(minutes=6)).isoformat(), "actor": "chen", "to": "nobody"},
        ]
    elif roll < 0.28:
        record["received_at"] = "not a time"
    elif roll < 0.3:
        record["domain"] = "unknown_domain"
    elif roll < 0.32:  # refused after a sweep (whose clock query wrote the held rows): the batch is redone
        record["actions"] = [
            {"action": "sweep", "at": (received + timedelta(days=40)).isoformat()},
            {"action": "assign", "at": (received + timedelta(days=41)).isoformat(), "actor": "chen", "to": "nobody"},
        ]
    return record


def deployment(folder: Path) -> App:
    folder.mkdir()
    config = {
        "database": "tousu.db", "synchronous": "OFF", "clock": "replay",
        "orgs": {"bench": {
            "name": "bench", "timezone": "Asia/Shanghai", "language": "zh",
            "plugins": ["retail", "property_mgmt", "city_enforcement"],
            "staff": {"wang": {"role": "receptionist"}, "zhao": {"role": "department_head"},
                      "chen": {"role": "supervisor"}, "li": {"role": "manager"}},
            "settings": {"city_enforcement": {"routes": {"noise": "noise_squadron", "*": "general_squadron"}}},
        }},
    }
    (folder / "tousu.toml").write_text(tomli_w.dumps(config), encoding="utf-8")
    return App.open(folder / "tousu.toml")


def tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT rowid, * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}
    finally:
        conn.close()


def write_source(tmp_path: Path) -> Path:
    """260 records (a malformed line among them): repeats, histories, sweeps, refusals."""
    rng = random.Random(20)
    path = tmp_path / "register.jsonl"
    lines = [json.dumps(record(rng, i), ensure_ascii=False) for i in range(260)]
    lines.insert(40, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def import_file(folder: Path, source: Path, *, bulk: bool, dry_run: bool = False) -> tuple[Any, App]:
    app = deployment(folder)
    with source.open("rb") as handle:
        result = run_import(app, app.org("bench"), read_jsonl(handle), batch=60, operator="wang", bulk=bulk,
                            dry_run=dry_run)
    return result, app
