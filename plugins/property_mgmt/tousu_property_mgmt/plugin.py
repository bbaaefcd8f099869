"""Hook implementations of the property-management domain."""

from __future__ import annotations

from collections.abc import Callable

from tousu import DomainSpec, hookimpl

TIERS = ("minor", "important", "major")
CHANNELS = ("phone", "visit", "letter", "email", "message", "on_site")

LABELS = {
    "zh": {
        "minor": "轻微投诉", "important": "重要投诉", "major": "重大投诉",
        "phone": "来电", "visit": "来访", "letter": "来信", "email": "电子邮件", "message": "留言",
        "on_site": "现场接待", "general": "一般投诉",
    },
    "en": {"minor": "minor", "important": "important", "major": "major", "on_site": "on site"},
}


@hookimpl
def register_domains(register: Callable[[DomainSpec], None]) -> None:
    register(
        DomainSpec(
            name="property_mgmt",
            plugin="property_mgmt",
            title="物业管理投诉处理 / property management",
            channels=CHANNELS,
            categories=("general",),
            tiers=TIERS,
            default_tier="minor",
            default_category="general",
            labels=LABELS,
        )
    )


@hookimpl
def register_demos(register: Callable[[object], None]) -> None:
    from tousu.demo import Demo

    register(Demo(domain="property_mgmt", title="物业管理 · 住户投诉处理标准作业规程", run=_demo, order=20))


def _demo(script: object) -> None:
    s = script  # a tousu.demo.DemoScript
    org = s.org  # type: ignore[attr-defined]
    s.say("A resident phones at 09:00: the lift in block 3 stops between floors.")  # type: ignore[attr-defined]
    doc = s.run(  # type: ignore[attr-defined]
        "intake", "--org", org, "--channel", "phone", "--summary", "3栋电梯经常停在两层之间",
        "--complainant", "张先生", "--contact", "13812345678", "--respondent", "工程部",
        "--actor", "wang", "--at", "2026-10-01T09:00:00+08:00", "--json",
    )
    cid = doc["id"]
    for args in (
        ("forward", "--to", "工程部", "--actor", "wang", "--at", "2026-10-01T09:05:00+08:00"),
        ("sign", "--actor", "zhao", "--at", "2026-10-01T09:08:00+08:00"),
        ("resolve", "--actor", "zhao", "--at", "2026-10-02T15:00:00+08:00"),
        ("notify", "--actor", "wang", "--at", "2026-10-02T16:00:00+08:00"),
        ("callback", "--field", "satisfied=true", "--actor", "chen", "--at", "2026-10-03T10:00:00+08:00"),
        ("close", "--actor", "wang", "--at", "2026-10-03T10:05:00+08:00"),
    ):
        s.run("act", cid, *args)  # type: ignore[attr-defined]
    s.say("Its whole history, as the quality department archives it:")  # type: ignore[attr-defined]
    s.run("show", cid, "--at", "2026-10-03T12:00:00+08:00")  # type: ignore[attr-defined]
