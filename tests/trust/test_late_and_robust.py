"""Late entries are normal work; rules stay with the data; the machine's own failures are one line.

Late entries: the morning sweep at 07:00 recorded a breach of the reply clock (due 00:30);
the supervisor then records the reply he really made at 00:10. It is accepted, marked
"recorded late", the clock is met on time and the breach superseded (the sweep event stays
in the history). A receptionist's entry older than ``late_entry_window`` is refused, a
supervisor's accepted; the same for a sweep dated before recorded events.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from typing import Any

import pytest

from tests.trust.conftest import on_real_clock
from tousu.testing import org

T0 = "2026-10-01T09:00:00+08:00"


@pytest.fixture
def desk(make_desk: Any) -> Any:
    return make_desk(org("acme", ["retail"]), org("beta", ["property_mgmt"]))


def test_a_late_entry_is_accepted_marked_and_supersedes_the_sweeps_breach(desk: Any, figures: Any) -> None:
    cid = desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", "s", "--actor", "wang",
                    "--at", T0)["id"]
    sweep = desk.json("sweep", "--org", "acme", "--at", "2026-10-02T10:00:00+08:00")
    assert [b["deadline"] for b in sweep["breaches"]] == ["reply"]
    desk.json("act", cid, "reply", "--note", "called at 08:50", "--actor", "chen", "--at", "2026-10-02T08:50:00+08:00")
    shown = desk.json("show", cid, "--actor", "chen")
    reply = next(d for d in shown["deadlines"] if d["name"] == "reply")
    assert reply["state"] == "met" and reply["on_time"] is True
    assert [(e["action"], e["recorded_late"]) for e in shown["history"]] == [
        ("intake", False), ("sweep", False), ("reply", True)]
    assert shown["history"][2]["at"] == "2026-10-02T08:50:00+08:00"  # when it happened; recorded_at is when typed
    assert "recorded late" in desk.cli("show", cid, "--actor", "chen").stdout
    figures("late entry: a reply recorded after the sweep's breach is met on time, the breach superseded, marked late")


def test_an_old_late_entry_needs_a_supervisor(desk: Any) -> None:
    cid = desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", "s", "--actor", "wang",
                    "--at", T0)["id"]
    desk.json("act", cid, "note", "--note", "later", "--actor", "wang", "--at", "2026-10-20T09:00:00+08:00")
    error = desk.fails("act", cid, "reply", "--note", "已答复", "--actor", "wang", "--at", "2026-10-02T09:00:00+08:00", code=1)
    assert "late_entry_window" in error and "supervisor" in error
    desk.json("act", cid, "reply", "--note", "已答复", "--actor", "chen", "--at", "2026-10-02T09:00:00+08:00")
    # a sweep dated before recorded events: the same rule
    other = desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", "s", "--actor", "wang",
                      "--at", T0)["id"]
    desk.json("act", other, "note", "--note", "n", "--actor", "wang", "--at", "2026-10-30T09:00:00+08:00")
    assert "late_entry_window" in desk.fails("sweep", "--org", "acme", "--actor", "wang",
                                             "--at", "2026-10-03T09:00:00+08:00", code=1)
    assert desk.json("sweep", "--org", "acme", "--actor", "chen", "--at", "2026-10-03T09:00:00+08:00")["breaches"]


def test_a_complaint_whose_rules_are_no_longer_enabled_cannot_be_acted_on(desk: Any) -> None:
    import tomllib

    cid = desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", "s", "--actor", "wang",
                    "--at", T0)["id"]
    document = tomllib.loads(desk.config_path.read_text(encoding="utf-8"))
    document["orgs"]["acme"]["plugins"] = ["property_mgmt"]
    desk.write_config(document)
    error = desk.fails("act", cid, "reply", "--note", "已答复", "--actor", "wang", "--at", T0, code=1)
    assert error == "tousu: error: the retail rules are not enabled for org acme; enable the plugin or ask an operator"


def test_a_database_from_a_newer_tousu_is_refused(desk: Any) -> None:
    desk.json("due", "--org", "acme")
    desk.close()
    conn = desk.connect()
    conn.execute("INSERT INTO _migrations (name) VALUES ('core-9999-from-the-future')")
    conn.commit()
    conn.close()
    error = desk.fails("due", "--org", "acme", code=2)
    assert "newer tousu" in error and "core-9999-from-the-future" in error


def test_a_closed_pipe_ends_quietly(desk: Any) -> None:
    for _ in range(30):
        desk.complaint("acme", actor="wang", summary="x" * 200)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tousu.cli", "--config", str(desk.config_path), "list", "--org", "acme",
         "--actor", "wang", "--limit", "30"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stdout.readline()
    proc.stdout.close()  # `| head -1`
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and err == b""


@pytest.mark.parametrize("failure", ["attempt to write a readonly database", "database or disk is full"])
def test_a_read_only_or_full_disk_is_one_clear_line(desk: Any, monkeypatch: Any, failure: str) -> None:
    from tousu.default_plugins.store import Store

    def broken(self: Any, *args: Any, **kwargs: Any) -> int:
        raise sqlite3.OperationalError(failure)

    monkeypatch.setattr(Store, "append", broken)
    error = desk.fails("intake", "--org", "acme", "--channel", "phone", "--summary", "s", "--actor", "wang", code=2)
    assert "internal error" not in error and ("read-only" in error or "disk is full" in error)


def test_on_the_real_clock_a_late_entry_is_measured_from_now(desk: Any) -> None:
    from datetime import UTC, datetime, timedelta

    def ago(days: int) -> str:
        return (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")

    on_real_clock(desk)
    cid = desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", "s", "--actor", "wang",
                    "--at", ago(30))["id"]
    desk.json("act", cid, "note", "--actor", "wang", "--note", "n")  # now
    assert "late_entry_window" in desk.fails("act", cid, "reply", "--note", "已答复", "--actor", "wang", "--at", ago(20), code=1)
    desk.json("act", cid, "reply", "--note", "已答复", "--actor", "wang", "--at", ago(2))  # late, but within the window


def test_one_organizations_missing_plugin_never_stops_the_others(make_desk: Any) -> None:
    import tomllib

    desk = make_desk(org("acme", ["retail"]), org("beta", ["property_mgmt"]))
    desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", "s", "--actor", "wang", "--at", T0)
    document = tomllib.loads(desk.config_path.read_text(encoding="utf-8"))
    document["orgs"]["beta"]["plugins"] = ["property_mgmt_uninstalled"]  # its plugin was uninstalled
    desk.write_config(document)
    assert len(desk.json("due", "--at", "2026-10-05T09:00:00+08:00", "--within", "30d")) == 2  # acme's clocks
    desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", "s", "--actor", "wang", "--at", T0)
    error = desk.fails("intake", "--org", "beta", "--channel", "phone", "--summary", "s", "--actor", "wang",
                       "--at", T0, code=2)
    assert "property_mgmt_uninstalled" in error and "not installed" in error
