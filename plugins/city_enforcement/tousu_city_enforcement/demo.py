"""The complaint center's part of ``tousu demo``: a fortnight at the center, as typed commands.

A noise complaint routed to its squadron and handed to a named person who follows it through;
the same bar reported again (a repeat petition, linked); a phone consultation answered and
closed; a visit outside the bureau's remit transferred out at intake; a close refused until
the complainant has an answer; a street-occupation complaint left to drag on, which ``sweep``
raises and ``due`` puts first; and the month's report.
"""

from __future__ import annotations

from typing import Any

from tousu.demo import Demo

STAFF = {
    "wang": "receptionist",
    "liu": "squadron_leader",
    "sun": "squadron_leader",
    "chen": "supervisor",
    "li": "manager",
}
SETTINGS = {
    "routes": {"noise": "一中队", "street_occupation": "二中队", "*": "综合执法中队"},
    "district_routes": {"西城区": {"street_occupation": "西城中队"}},
}


def demo() -> Demo:
    return Demo(
        domain="city_enforcement",
        title="城管执法局投诉中心 · 件件有答复，事事有回音",
        run=run,
        staff=STAFF,
        settings=SETTINGS,
        order=30,
    )


def _at(day: int, time: str) -> str:
    return f"2026-10-{day:02d}T{time}:00+08:00"


def run(script: Any) -> None:
    s = script  # a tousu.demo.DemoScript
    org = s.org
    s.say("09:00, 1 October (a holiday: the center is open). A caller reports a KTV's noise; wang answers and owns it.")
    noise = s.run(
        "intake", "--org", org, "--channel", "phone", "--category", "noise",
        "--summary", "幸福路12号KTV深夜噪声扰民", "--place", "幸福路12号", "--field", "district=东城区",
        "--complainant", "刘女士", "--contact", "13900001111", "--actor", "wang",
        "--at", _at(1, "09:00"), "--json",
    )["id"]
    s.say("The form goes to the squadron the route names; its leader liu follows it to the end (一抓到底).")
    s.run("act", noise, "acknowledge", "--actor", "wang", "--at", _at(1, "09:10"))
    s.run("act", noise, "forward", "--to", "一中队", "--actor", "wang", "--at", _at(1, "09:15"))
    s.run("act", noise, "assign", "--to", "liu", "--actor", "wang", "--at", _at(1, "09:20"))

    s.say("10:00. A trader occupies the pavement in 西城区; the case is routed to 西城中队 — and then nothing happens.")
    stall = s.run(
        "intake", "--org", org, "--channel", "visit", "--category", "street_occupation",
        "--summary", "人民路菜市场门口占道经营", "--place", "人民路菜市场", "--field", "district=西城区",
        "--complainant", "赵先生", "--contact", "13700002222", "--actor", "wang",
        "--at", _at(1, "10:00"), "--json",
    )["id"]
    s.run("act", stall, "forward", "--to", "西城中队", "--actor", "wang", "--at", _at(1, "10:10"))

    s.say("A caller asks a question: a consultation, answered on the phone — the answer closes it.")
    ask = s.run(
        "intake", "--org", org, "--channel", "phone", "--category", "shop_signs", "--field", "kind=consultation",
        "--summary", "更换门头牌匾需要办理什么手续", "--contact", "13600003333", "--actor", "wang",
        "--at", _at(2, "10:00"), "--json",
    )["id"]
    s.run("act", ask, "reply", "--note", "到区城管局审批窗口申请设置审批", "--actor", "wang", "--at", _at(2, "10:05"))

    s.say("The same KTV again, from another neighbour on the web: linked to the open case as a repeat petition.")
    again = s.run(
        "intake", "--org", org, "--channel", "web", "--category", "noise",
        "--summary", "幸福路12号KTV又在深夜唱歌", "--place", "幸福路12号", "--contact", "13500004444",
        "--actor", "chen", "--at", _at(2, "23:30"), "--json",
    )["id"]
    s.run("show", again, "--at", _at(2, "23:31"))

    s.say("A visitor complains about a property company's fees: not the bureau's remit, transferred out at intake.")
    s.run(
        "intake", "--org", org, "--channel", "visit", "--category", "other",
        "--summary", "小区物业乱收费", "--field", "transfer_to=区住房和城乡建设局",
        "--contact", "13800005555", "--actor", "wang", "--at", _at(3, "14:00"),
    )

    s.say("liu reports the KTV handled. Closing it before the caller has an answer is refused (件件有答复).")
    s.run("act", noise, "resolve", "--note", "责令整改，加装隔音设施", "--actor", "liu", "--at", _at(5, "16:00"))
    s.run("act", noise, "close", "--actor", "wang", "--at", _at(5, "16:10"), expect=1)
    s.run("act", noise, "reply", "--note", "已责令KTV整改并加装隔音设施", "--actor", "wang", "--at", _at(5, "16:30"))
    s.run("act", noise, "callback", "--field", "satisfied=true", "--actor", "chen", "--at", _at(7, "10:00"))
    s.run("act", noise, "close", "--actor", "wang", "--at", _at(7, "10:05"))

    s.say("17 October: the street-occupation case is past its 15-day limit. sweep raises it: it drags on (久拖不决).")
    s.run("sweep", "--org", org, "--at", _at(17, "09:00"))
    s.say("The daily list puts the dragging case on top.")
    s.run("due", "--org", org, "--at", _at(17, "09:00"))
    s.run("show", stall, "--at", _at(17, "09:00"))

    s.say("Month end: the center's figures for the leadership (每月一汇总), consultations kept out of the shares.")
    s.run("report", "--org", org, "--month", "2026-10")
