"""A zh desk and an en desk through a whole day: every line in one language, no microseconds.

The day: two intakes, the lifecycle of one complaint from acknowledgement to closing (a
forward, a required step, a callback), a refusal, the register, a search, the daily list
(plain and by owner), the evening sweep and both complaints shown in full. In the zh desk no
line holds a Latin letter except ids and what a user typed; in the en desk no line holds a
Chinese character except what a user typed. No output, text or JSON, shows microseconds.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import attrs
import pytest

from tousu import Classification, DeadlineSpec, DomainSpec, Effects, hookimpl, messages
from tousu.testing import org, registered

STAFF = {"wang": "receptionist", "zhao": "department_head", "chen": "supervisor", "li": "manager"}
RULE = "a phone call about safety is high (rule D1)"
messages.register({f"rule:{RULE}": {"zh": "来电反映安全问题，定为重大（安全规则第1条）", "en": RULE}})


@attrs.frozen
class DaySettings:
    resolve_within: timedelta = timedelta(days=2)


class DayDesk:
    """A small domain labelled in both languages, as a real plugin should be."""

    @hookimpl
    def register_domains(self, register: Any) -> None:
        register(DomainSpec(
            name="day", plugin="daydesk", channels=("phone", "visit"), categories=("general", "safety"),
            tiers=("low", "high"), default_tier="low", default_category="general",
            deadlines=("forward", "resolve"), steps=("inspect_site",), settings_class=DaySettings,
            labels={
                "zh": {"phone": "来电", "visit": "来访", "general": "一般问题", "safety": "安全问题", "low": "一般",
                       "high": "重大", "forward": "转交签收", "resolve": "处理完毕", "inspect_site": "现场查看"},
                "en": {"inspect_site": "site inspection", "forward": "forwarded and signed for"},
            },
        ))

    @hookimpl
    def complaint_classify(self, complaint: Any, org: Any, facts: dict[str, Any]) -> Classification | None:
        if complaint.category == "safety":
            return Classification("high", "safety", RULE)
        return None

    @hookimpl
    def complaint_deadlines(self, complaint: Any, org: Any, settings: DaySettings, now: Any) -> list[DeadlineSpec]:
        start = complaint.received_at
        return [DeadlineSpec("forward", start + timedelta(minutes=10), met_by=("sign",)),
                DeadlineSpec("resolve", start + settings.resolve_within, met_by=("resolve",))]

    @hookimpl
    def complaint_after_action(self, complaint: Any, org: Any, actor: Any, action: Any, facts: Any, store: Any, now: Any) -> Effects | None:
        if action.name == "intake" and complaint.category == "safety":
            return Effects(steps=("inspect_site",))
        return None


TYPED = {
    "zh": {"summary": "3栋电梯停在两层之间", "other": "楼道灯不亮", "department": "工程部", "note": "已修复", "q": "电梯停"},
    "en": {"summary": "lift stuck between floors in block 3", "other": "hall light out", "department": "engineering",
           "note": "fixed", "q": "stuck"},
}


def day(desk: Any, lang: str) -> tuple[list[str], list[str]]:
    """Every line the desk printed during the day: text (stdout and stderr), then JSON."""
    typed = TYPED[lang]
    at = "2026-10-01T{}:00+08:00".format
    outputs = [
        desk.cli("intake", "--org", "desk", "--channel", "phone", "--category", "safety", "--summary", typed["summary"],
                 "--complainant", "Zhang" if lang == "en" else "张先生", "--contact", "13812345678",
                 "--actor", "wang", "--at", at("09:00")),
        desk.cli("intake", "--org", "desk", "--channel", "visit", "--summary", typed["other"], "--actor", "wang",
                 "--at", at("09:20"), "--json"),
        desk.cli("act", "c1", "acknowledge", "--actor", "wang", "--at", at("09:02")),
        desk.cli("act", "C1", "forward", "--to", typed["department"], "--actor", "wang", "--at", at("09:05")),
        desk.cli("act", "C1", "sign", "--actor", "zhao", "--at", at("09:08")),
        desk.cli("act", "C2", "close", "--actor", "wang", "--at", at("09:30")),  # refused: not resolved
        desk.cli("list", "--org", "desk", "--actor", "li"),
        desk.cli("list", "--org", "desk", "--q", typed["q"], "--actor", "li"),
        desk.cli("due", "--org", "desk", "--at", at("12:00")),
        desk.cli("due", "--org", "desk", "--by", "owner", "--at", at("12:00"), "--within", "3d"),
        desk.cli("act", "C1", "step", "--field", "name=inspect_site", "--actor", "zhao", "--at", at("14:00")),
        desk.cli("act", "C1", "resolve", "--note", typed["note"], "--actor", "zhao", "--at", at("16:00")),
        desk.cli("act", "C1", "callback", "--field", "satisfied=true", "--actor", "chen", "--at", at("17:00")),
        desk.cli("act", "C1", "close", "--actor", "wang", "--at", at("17:30")),
        desk.cli("sweep", "--org", "desk", "--at", at("23:00")),
        desk.cli("show", "C1", "--at", at("23:00"), "--actor", "li"),
        desk.cli("show", "C2", "--at", at("23:00"), "--actor", "li"),
        desk.cli("show", "C2", "--at", at("23:00"), "--actor", "li", "--json"),
        desk.cli("due", "--org", "desk", "--at", at("23:00"), "--json"),
    ]
    assert [o.code for o in outputs].count(1) == 1  # the one refusal
    json_outputs = [outputs[1], outputs[-2], outputs[-1]]
    text = [line for o in outputs if o not in json_outputs for line in (o.stdout + o.stderr).splitlines() if line.strip()]
    return text, [line for o in json_outputs for line in o.stdout.splitlines()]


@pytest.fixture
def desks(make_desk: Any) -> Any:
    with registered(DayDesk(), "daydesk"):
        yield {lang: make_desk(org("desk", ["daydesk"], language=lang, staff=STAFF)) for lang in ("zh", "en")}


MICROSECONDS = re.compile(r"\d{2}:\d{2}:\d{2}\.\d")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _without(line: str, allowed: list[str]) -> str:
    line = re.sub(r"C\d{8}", "", line)
    for word in sorted(allowed, key=len, reverse=True):
        line = line.replace(word, "")
    return line


def test_a_zh_desk_prints_no_english_and_an_en_desk_no_chinese(desks: Any) -> None:
    zh_text, zh_json = day(desks["zh"], "zh")
    ids = [*STAFF, "system", "desk", "tousu", "13812345678", "138****5678"]
    mixed = [line for line in zh_text if re.search(r"[A-Za-z]", _without(line, ids))]
    assert mixed == [], "\n".join(mixed)
    en_text, en_json = day(desks["en"], "en")
    mixed = [line for line in en_text if CJK.search(line)]
    assert mixed == [], "\n".join(mixed)
    late = [line for line in zh_text + zh_json + en_text + en_json if MICROSECONDS.search(line)]
    assert late == [], late
    assert any("处理记录" in line for line in zh_text) and any("history" in line for line in en_text)
