"""The property desk's part of ``tousu demo``: the SOP's clocks, a breach, an escalation, an approval.

Every line is a real ``tousu`` command against the throwaway database, so a new user can copy it.
"""

from __future__ import annotations

from typing import Any

from tousu.demo import DEFAULT_STAFF, Demo
from tousu_property_mgmt.settings import RECOMMENDED_REQUIRED

STAFF = {**DEFAULT_STAFF, "sun": "patrol_team"}


def demo() -> Demo:
    return Demo(
        domain="property_mgmt", title="物业管理 · 住户投诉处理标准作业规程", run=run, staff=STAFF, order=20,
        settings={"required_fields": RECOMMENDED_REQUIRED},
    )


def _form(org: str, *extra: str) -> tuple[str, ...]:
    return ("intake", "--org", org, "--actor", "wang", *extra, "--json")


def run(s: Any) -> None:
    """Three residents' complaints through the SOP (s is a `tousu.demo.DemoScript`)."""
    org = s.org
    s.say("This company requires a complete form (住户投诉意见表): a form without place, request and contact is refused.")
    s.run(*_form(org, "--channel", "phone", "--summary", "电梯故障", "--respondent", "工程部", "--tier", "minor",
                 "--at", "2026-10-01T08:55:00+08:00"), expect=1)
    s.say("09:00 1 Oct: a resident phones — the lift in block 3 stops between floors. Facility limits: a minor complaint.")
    lift = s.run(
        *_form(org, "--channel", "phone", "--summary", "3栋电梯经常停在两层之间", "--place", "3栋电梯",
               "--respondent", "工程部", "--request", "尽快检修", "--complainant", "张先生",
               "--contact", "13812345678", "--field", "cause=facility", "--at", "2026-10-01T09:00:00+08:00"),
    )["id"]
    for args in (
        ("forward", "--to", "工程部", "--actor", "wang", "--at", "2026-10-01T09:05:00+08:00"),
        ("sign", "--actor", "zhao", "--at", "2026-10-01T09:08:00+08:00"),
        ("resolve", "--actor", "zhao", "--at", "2026-10-02T15:00:00+08:00"),
        ("notify", "--field", "method=phone", "--actor", "wang", "--at", "2026-10-02T16:00:00+08:00"),
    ):
        s.run("act", lift, *args)
    s.say("The desk cannot close before the patrol team has called back:")
    s.run("act", lift, "close", "--actor", "wang", "--at", "2026-10-02T16:10:00+08:00", expect=1)
    s.run("act", lift, "callback", "--field", "satisfied=true", "--actor", "sun", "--at", "2026-10-03T10:00:00+08:00")
    s.run("act", lift, "close", "--actor", "wang", "--at", "2026-10-03T10:05:00+08:00")

    s.say("10:30 1 Oct: a security guard was rude at the gate. The company's service at fault: important.")
    guard = s.run(
        *_form(org, "--channel", "visit", "--summary", "保安在南门态度恶劣", "--place", "南门岗亭",
               "--respondent", "保安部", "--request", "道歉并整改", "--complainant", "李女士",
               "--contact", "13900001111", "--field", "cause=service_fault", "--at", "2026-10-01T10:30:00+08:00"),
    )["id"]
    s.run("act", guard, "forward", "--to", "保安部", "--actor", "wang", "--at", "2026-10-01T10:35:00+08:00")
    s.run("act", guard, "sign", "--actor", "zhao", "--at", "2026-10-01T10:38:00+08:00")
    s.run("act", guard, "report", "--note", "经公共事务部主管转呈总经理", "--actor", "chen", "--at", "2026-10-01T17:00:00+08:00")
    s.say("Three days are not enough. The manager may approve more time only for a minor complaint:")
    extend = ("extend", "--field", "deadline=resolve", "--field", "until=2026-10-06T10:30:00+08:00",
              "--note", "需外请培训", "--at", "2026-10-03T09:00:00+08:00")
    s.run("act", guard, *extend, "--actor", "li", expect=1)
    s.run("act", guard, *extend, "--actor", "zhou")
    s.run("act", guard, "step", "--field", "name=corrective_action", "--note", "全员服务礼仪培训", "--actor", "zhao",
          "--at", "2026-10-05T15:00:00+08:00")
    s.run("act", guard, "resolve", "--actor", "zhao", "--at", "2026-10-05T16:00:00+08:00")
    s.run("act", guard, "notify", "--field", "method=visit", "--actor", "sun", "--at", "2026-10-05T18:00:00+08:00")
    s.run("act", guard, "callback", "--field", "satisfied=false", "--actor", "sun", "--at", "2026-10-07T10:00:00+08:00")

    s.say("11:00 1 Oct: water pouring through a ceiling — harm in progress, so an urgent clock of one hour.")
    leak = s.run(
        *_form(org, "--channel", "phone", "--summary", "楼上漏水淹到客厅", "--place", "5栋1202", "--respondent", "工程部",
               "--request", "立即关阀并维修", "--contact", "13700002222", "--tier", "minor", "--urgent",
               "--at", "2026-10-01T11:00:00+08:00"),
    )["id"]
    s.run("act", leak, "stop_harm", "--note", "关闭总阀", "--actor", "zhao", "--at", "2026-10-01T11:40:00+08:00")

    s.say("The daily list the next morning: what is overdue and what is due today.")
    s.run("due", "--org", org, "--at", "2026-10-02T09:00:00+08:00")
    s.say("The daily sweep records the breaches:")
    s.run("sweep", "--org", org, "--at", "2026-10-04T09:00:00+08:00")
    s.say("Still unresolved one month after receipt: sweep makes it major, with the major clocks from that moment.")
    s.run("sweep", "--org", org, "--at", "2026-11-01T11:00:01+08:00")
    s.run("show", leak, "--at", "2026-11-01T11:00:01+08:00", "--json")

    s.say("October's statistics and appraisal, due by 30 November (SOP 1.6); the daily list shows that duty too.")
    s.run("due", "--org", org, "--at", "2026-11-02T09:00:00+08:00")
    s.run("report", "--org", org, "--month", "2026-10", "--at", "2026-11-02T09:00:00+08:00")
