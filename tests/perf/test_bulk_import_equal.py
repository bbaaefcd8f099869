"""Import held back per table (`Store.bulk`) writes exactly what importing record by record writes.

The same file, with all three domains, repeats of earlier records of the same file and of
earlier batches, recorded histories (a sweep among them), and records refused at intake or
in the middle of their history, is imported both ways into two fresh databases: every table
(events with their seq and hash, the projection, personal data, the counter, the search index)
is identical, `tousu verify` finds both chains intact and `rebuild` reproduces the projection.
"""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import tomli_w

import tousu.app
from tousu.app import App
from tousu.bulk import importer
from tousu.bulk.importer import run_import
from tousu.bulk.records import read_jsonl

TZ = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 3, 2, 8, 0, tzinfo=TZ)
TABLES = (
    "events", "complaints", "personal", "deadlines", "steps", "links", "counters", "complaint_search", "audit",
)
PLACES = ("朝阳路1号", "海淀路2号", "东城路3号")


def _record(rng: random.Random, i: int) -> dict[str, Any]:
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


def _deployment(folder: Path) -> App:
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


def _tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT rowid, * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}
    finally:
        conn.close()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    rng = random.Random(20)
    path = tmp_path / "register.jsonl"
    lines = [json.dumps(_record(rng, i), ensure_ascii=False) for i in range(260)]
    lines.insert(40, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import(folder: Path, source: Path, *, bulk: bool, dry_run: bool = False) -> tuple[Any, App]:
    app = _deployment(folder)
    with source.open("rb") as handle:
        result = run_import(app, app.org("bench"), read_jsonl(handle), batch=60, operator="wang", bulk=bulk,
                            dry_run=dry_run)
    return result, app


def test_a_file_imported_in_bulk_gives_the_very_database_record_by_record_import_gives(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded = datetime(2026, 6, 1, tzinfo=UTC)
    monkeypatch.setattr(tousu.app, "clock_now", lambda: recorded)  # recorded_at is part of each hash
    one, one_app = _import(tmp_path / "one", source, bulk=False)
    careful: list[bool] = []
    run_batch = importer._run_batch

    def spied(*args: Any, optimistic: bool, **kwargs: Any) -> Any:
        careful.append(optimistic)
        return run_batch(*args, optimistic=optimistic, **kwargs)

    monkeypatch.setattr(importer, "_run_batch", spied)
    held, held_app = _import(tmp_path / "held", source, bulk=True)

    assert (held.imported, held.rejected, held.errors) == (one.imported, one.rejected, one.errors)
    assert held.imported > 180 and held.rejected > 15
    assert sum("'nobody'" in error["reason"] for error in held.errors) > 5
    assert (held.first_id, held.last_id) == (one.first_id, one.last_id)
    ours, theirs = _tables(held_app.store.path), _tables(one_app.store.path)
    for table in TABLES:
        assert ours[table] == theirs[table], table
    # what this file exercises: repeats linked within a batch and across batches, sweeps recorded
    links = [row for row in ours["links"]]
    assert len(links) > 20 and any(row[1] > "C00000061" for row in links)
    assert any(row[9] == "sweep" for row in ours["events"])
    assert False in careful  # a record refused after its rows were written: that batch was redone
    for app in (one_app, held_app):
        assert all(result.broken is None for result in app.store.verify())
        before = app.store.snapshot()
        app.rebuild()
        assert app.store.snapshot() == before
        app.close()


def test_a_dry_run_in_bulk_counts_the_same_and_writes_nothing(tmp_path: Path, source: Path) -> None:
    wet, wet_app = _import(tmp_path / "wet", source, bulk=False, dry_run=True)
    dry, dry_app = _import(tmp_path / "dry", source, bulk=True, dry_run=True)
    assert (dry.imported, dry.rejected, dry.errors) == (wet.imported, wet.rejected, wet.errors)
    assert _tables(dry_app.store.path)["events"] == []
    wet_app.close()
    dry_app.close()
