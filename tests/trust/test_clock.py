"""No future: a recording command cannot write an instant the real clock has not reached.

Attacks tried through the CLI on a desk running on the real clock (``clock = "real"``):
``sweep --at 8999-12-30`` (which used to breach every clock and block every later action),
intake and actions dated tomorrow, a purge dated next year, and issuing next month's report
today. Evaluating commands (``show``, ``due``, ``report``) still look at any instant, and a
rehearsal (``clock = "replay"``, the test kit and ``tousu demo``) still records anywhere.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.trust.conftest import on_real_clock
from tousu.testing import org


def iso(delta: timedelta) -> str:
    return (datetime.now(UTC) + delta).isoformat(timespec="seconds")


@pytest.fixture
def desk(make_desk: Any) -> Any:
    return on_real_clock(make_desk(org("acme", ["retail"])))


def test_recording_commands_refuse_the_future_and_evaluating_ones_look_anywhere(desk: Any, figures: Any) -> None:
    now = iso(timedelta(0))
    cid = desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", "s", "--actor", "wang", "--at", now)["id"]
    attacks = [
        ("sweep", "--org", "acme", "--at", "8999-12-30"),
        ("sweep", "--at", iso(timedelta(days=1))),
        ("intake", "--org", "acme", "--channel", "phone", "--summary", "s", "--actor", "wang", "--at", iso(timedelta(hours=1))),
        ("act", cid, "reply", "--note", "n", "--actor", "wang", "--at", iso(timedelta(days=30))),
        ("purge", "--org", "acme", "--before", "2020-01-01", "--actor", "li", "--at", iso(timedelta(days=400))),
        ("report", "--org", "acme", "--month", "2026-10", "--freeze", "--actor", "li", "--at", "8999-01-01"),
    ]
    for attack in attacks:
        error = desk.fails(*attack, code=2)
        assert "in the future" in error and 'clock = "replay"' in error, error
    # the register is still usable: the 8999 sweep left nothing that blocks today's work
    desk.json("act", cid, "reply", "--note", "answered", "--actor", "wang", "--at", iso(timedelta(0)))
    # a clock a little fast on another machine is tolerated (clock_skew, default 5m)
    desk.json("act", cid, "note", "--note", "n", "--actor", "wang", "--at", iso(timedelta(minutes=2)))
    # evaluating commands read the register as of any instant
    assert desk.json("show", cid, "--actor", "wang", "--at", "2099-01-01")["id"] == cid
    desk.json("due", "--org", "acme", "--at", "2099-01-01")
    assert desk.cli("report", "--org", "acme", "--month", "2026-10", "--at", "2099-01-01", "--actor", "li").code == 0
    figures(f"no future: {len(attacks)} future-dated recording commands refused with exit 2, database unchanged")


def test_clock_skew_is_a_setting(desk: Any) -> None:
    on_real_clock(desk, clock_skew="2h")
    desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", "s", "--actor", "wang", "--at", iso(timedelta(hours=1)))
    desk.fails("intake", "--org", "acme", "--channel", "phone", "--summary", "s", "--actor", "wang",
               "--at", iso(timedelta(hours=3)), code=2)
    on_real_clock(desk, clock_skew="soon")
    assert "clock_skew" in desk.fails("due", "--org", "acme", code=2)


def test_a_rehearsal_records_anywhere(desk: Any) -> None:
    on_real_clock(desk, clock="replay")
    desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", "s", "--actor", "wang", "--at", "2099-05-01T09:00")
    assert desk.json("sweep", "--org", "acme", "--at", "2099-06-01")["breaches"]


def test_next_months_report_cannot_be_issued_today(desk: Any, figures: Any) -> None:
    this_month = datetime.now(UTC).strftime("%Y-%m")
    error = desk.fails("report", "--org", "acme", "--month", this_month, "--freeze", "--actor", "li", code=1)
    assert "not over" in error
    # the past month can be issued, by a manager only; the refusal names who may
    desk.json("intake", "--org", "acme", "--channel", "phone", "--summary", "s", "--actor", "wang", "--at", "2026-10-02T09:00")
    error = desk.fails("report", "--org", "acme", "--month", "2026-10", "--freeze", "--actor", "wang", code=1)
    assert "manager, general_manager" in error
    assert desk.cli("report", "--org", "acme", "--month", "2026-10", "--freeze", "--actor", "li").code == 0
    # a rehearsal may freeze a month it has replayed to its end
    on_real_clock(desk, clock="replay")
    assert desk.cli("report", "--org", "acme", "--month", "2099-01", "--freeze", "--actor", "li", "--at", "2099-02-02").code == 0
    figures("freeze: the current month (not over at the real clock) and a receptionist's freeze refused with exit 1")
