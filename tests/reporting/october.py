"""October 2026 at the city hotline, hand-counted: the fixture every report test counts against.

| id | received (Shanghai)  | channel | category     | what happens                                             |
|----|----------------------|---------|--------------|----------------------------------------------------------|
| E  | 30 Sep 23:00         | letter  | noise        | replied 1 Oct 08:00, resolved 2 Oct 10:00 (September's)  |
| A  | 1 Oct 09:00          | phone   | noise        | replied 12:00, resolved 2 Oct 15:00, satisfied           |
| B  | 5 Oct 10:00          | visit   | street       | escalated by hand, resolve extended, replied late,       |
|    |                      |         |              | resolved 10 Oct, unsatisfied, closed, reopened 12 Oct    |
| C  | 20 Oct 09:00         | phone   | noise        | nothing done; the sweep of 24 Oct breaches both clocks   |
|    |                      |         |              | and raises it to high                                    |
| D  | 25 Oct 09:00         | phone   | consultation | replied at 10:00, marked invalid at 11:00                |
| F  | 10 Oct (org `town`)  | phone   | noise        | another organization: never in city's figures           |
"""

from __future__ import annotations

from typing import Any

AT = "2026-11-02T00:00:00+08:00"  # the report is run on 2 November


def intake(desk: Any, org: str, channel: str, category: str, at: str, **extra: str) -> str:
    args = ["intake", "--org", org, "--channel", channel, "--category", category, "--summary", extra.pop("summary", "噪音扰民"),
            "--at", at]
    for key, value in extra.items():
        args += [f"--{key}", value]
    return desk.json(*args)["id"]


def act(desk: Any, cid: str, action: str, at: str, *args: str) -> None:
    if action == "reply" and "--note" not in args:  # a reply says something (issue 18)
        args = (*args, "--note", "已答复")
    result = desk.cli("act", cid, action, "--at", at, *args)
    assert result.code == 0, f"{action} {cid}: {result.stderr}"


def build_october(desk: Any) -> dict[str, str]:
    ids = {}
    ids["E"] = intake(desk, "city", "letter", "noise", "2026-09-30T23:00:00+08:00", place="5号楼")
    act(desk, ids["E"], "reply", "2026-10-01T08:00:00+08:00")
    act(desk, ids["E"], "resolve", "2026-10-02T10:00:00+08:00")
    ids["A"] = intake(desk, "city", "phone", "noise", "2026-10-01T09:00:00+08:00", place="3号楼",
                      complainant="张三", contact="13812345678 朝阳区建国路88号")
    act(desk, ids["A"], "reply", "2026-10-01T12:00:00+08:00", "--note", "已联系 13812345678")
    act(desk, ids["A"], "resolve", "2026-10-02T15:00:00+08:00")
    act(desk, ids["A"], "callback", "2026-10-03T10:00:00+08:00", "--field", "satisfied=true")
    ids["B"] = intake(desk, "city", "visit", "street", "2026-10-05T10:00:00+08:00", place="3号楼",
                      complainant="李四", contact="13900001111", summary="占道经营")
    act(desk, ids["B"], "escalate", "2026-10-06T09:00:00+08:00", "--field", "tier=high", "--note", "媒体关注",
        "--actor", "chen")
    act(desk, ids["B"], "extend", "2026-10-06T10:30:00+08:00", "--field", "deadline=resolve",
        "--field", "until=2026-10-12T10:00:00+08:00", "--actor", "li", "--note", "需要联合执法")
    act(desk, ids["B"], "reply", "2026-10-07T10:00:00+08:00")
    act(desk, ids["B"], "resolve", "2026-10-10T10:00:00+08:00")
    act(desk, ids["B"], "callback", "2026-10-11T10:00:00+08:00", "--field", "satisfied=false")
    act(desk, ids["B"], "close", "2026-10-11T12:00:00+08:00")
    act(desk, ids["B"], "reopen", "2026-10-12T09:00:00+08:00", "--note", "摊贩又回来了")
    ids["C"] = intake(desk, "city", "phone", "noise", "2026-10-20T09:00:00+08:00")
    assert desk.cli("sweep", "--org", "city", "--at", "2026-10-24T10:00:00+08:00").code == 0
    ids["D"] = intake(desk, "city", "phone", "consultation", "2026-10-25T09:00:00+08:00", summary="咨询办证")
    act(desk, ids["D"], "reply", "2026-10-25T10:00:00+08:00")
    act(desk, ids["D"], "invalid", "2026-10-25T11:00:00+08:00")
    ids["F"] = intake(desk, "town", "phone", "noise", "2026-10-10T09:00:00+08:00")
    return ids
