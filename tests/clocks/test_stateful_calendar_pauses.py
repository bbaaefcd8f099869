"""A stateful test mixing calendars and pauses (issue 17): due, sweep, show and rebuild agree.

Random sequences on two desks at once — a 12345 hotline counting working days on the Chinese
statutory calendar with desk hours and a lunch break, and a property desk on calendar time —
of intakes, pauses, resumes, replies, resolutions, sweeps and the clock moving forward by
minutes to days (across National Day 2026 and its make-up working days). After every step:

- a paused clock is never breached by a sweep and never listed as overdue;
- every open clock that is not paused and whose due time has passed is listed as overdue, and
  the daily list's due time is the complaint's own;
- a clock's due time never moves earlier by a pause and resume;
- the projections rebuilt from the events equal the live ones.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from tests.clocks.test_deadlines_on_calendar import hotline
from tests.property_mgmt.conftest import STAFF as ESTATE_STAFF
from tousu.testing import org

START = datetime.fromisoformat("2026-09-28T08:00:00+08:00")
PAUSERS = {"hotline": "liu", "estate": "zhao"}
RECEPTION = {"hotline": "wang", "estate": "wang"}


class CalendarsAndPauses(RuleBasedStateMachine):
    desk: Any = None

    def __init__(self) -> None:
        super().__init__()
        self.now = START
        self.cases: dict[str, str] = {}  # complaint id → org
        self.due_before_pause: dict[tuple[str, str], str] = {}
        self.desk.reset()

    def at(self) -> str:
        return self.now.isoformat()

    @rule(where=st.sampled_from(["hotline", "estate"]), tier=st.sampled_from(["minor", "important"]))
    def intake(self, where: str, tier: str) -> None:
        args = ["--tier", tier] if where == "estate" else []
        doc = self.desk.json("intake", "--org", where, "--actor", RECEPTION[where], "--channel", "phone",
                             "--summary", f"噪声扰民 {len(self.cases)}", "--again", "--at", self.at(), *args)
        self.cases[doc["id"]] = where

    @rule(minutes=st.sampled_from([5, 45, 180, 600, 1440, 2880, 4320]))
    def advance(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)

    @precondition(lambda self: self.cases)
    @rule(data=st.data())
    def pause(self, data: st.DataObject) -> None:
        cid = data.draw(st.sampled_from(sorted(self.cases)))
        before = self.desk.json("show", cid, "--at", self.at())
        result = self.desk.cli("act", cid, "pause", "--note", "等待投诉人补充材料", "--actor", PAUSERS[self.cases[cid]],
                               "--at", self.at())
        assert result.code in (0, 1), result.stderr  # refused: nothing pausable, already paused, closed
        if result.code == 0:
            for d in before["deadlines"]:
                self.due_before_pause[(cid, d["name"])] = d["due_at"]

    @precondition(lambda self: self.cases)
    @rule(data=st.data())
    def resume(self, data: st.DataObject) -> None:
        cid = data.draw(st.sampled_from(sorted(self.cases)))
        result = self.desk.cli("act", cid, "resume", "--actor", PAUSERS[self.cases[cid]], "--at", self.at())
        assert result.code in (0, 1), result.stderr
        if result.code == 0:
            after = {d["name"]: d["due_at"] for d in self.desk.json("show", cid, "--at", self.at())["deadlines"]}
            for (case, name), due in list(self.due_before_pause.items()):
                if case == cid and name in after:
                    assert datetime.fromisoformat(after[name]) >= datetime.fromisoformat(due), (cid, name)
                    del self.due_before_pause[(case, name)]

    @precondition(lambda self: self.cases)
    @rule(data=st.data(), action=st.sampled_from(["reply", "resolve"]))
    def handle(self, data: st.DataObject, action: str) -> None:
        cid = data.draw(st.sampled_from(sorted(self.cases)))
        actor = PAUSERS[self.cases[cid]]
        result = self.desk.cli("act", cid, action, "--note", "已处理", "--actor", actor, "--at", self.at())
        assert result.code in (0, 1), result.stderr

    @rule(where=st.sampled_from(["hotline", "estate"]))
    def sweep(self, where: str) -> None:
        swept = self.desk.json("sweep", "--org", where, "--at", self.at())
        for breach in swept["breaches"]:
            shown = self.desk.json("show", breach["id"], "--at", self.at())
            clock = next(d for d in shown["deadlines"] if d["name"] == breach["deadline"])
            assert not clock["paused"], f"a paused clock was breached: {breach}"

    @invariant()
    def the_daily_list_agrees_with_each_complaint(self) -> None:
        if not self.cases:
            return
        for where in ("hotline", "estate"):
            listed = self.desk.json("due", "--org", where, "--within", "60d", "--at", self.at())
            for item in listed:
                if item.get("id") in (None, "-"):
                    continue
                shown = self.desk.json("show", item["id"], "--at", self.at())
                clock = next(d for d in shown["deadlines"] if d["name"] == item["deadline"])
                assert item["due_at"] == clock["due_at"]
                if item.get("paused"):
                    assert not item["overdue"] and clock["paused"]
                elif clock["state"] in ("pending", "breached") and clock["met_at"] is None:
                    assert item["overdue"] == (datetime.fromisoformat(clock["due_at"]) < self.now), item

    def teardown(self) -> None:
        store = self.desk.app.store
        live = store.snapshot()
        assert self.desk.cli("rebuild").code == 0
        assert store.snapshot() == live


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_calendars_and_pauses_agree_through_random_days(make_desk: Any) -> None:
    table = hotline(preset="12345")
    table.update(org("estate", ["property_mgmt"], staff=ESTATE_STAFF, language="zh"))

    class Fresh:
        """One desk per example: a new folder's database each time."""

        def __init__(self) -> None:
            self.current: Any = None

        def reset(self) -> None:
            self.current = make_desk(table)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.current, name)

    CalendarsAndPauses.desk = Fresh()
    runner = CalendarsAndPauses.TestCase
    runner.settings = settings(
        max_examples=6, stateful_step_count=12, deadline=None, suppress_health_check=list(HealthCheck)
    )
    runner().runTest()
