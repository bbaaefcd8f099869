"""No English left on a zh desk: what the plugins' rules write reads in Chinese (issue 18).

The retail, property and city rules write their reasons, bases, warnings and refusals in
English and tousu stores them as written (the JSON keeps them); a zh desk reads them through
the entries the plugins register (`tousu.messages.said`). The demo's three organizations are
zh desks: every line they print is checked, except ids, staff ids, typed text and commands.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.usability.catalog_check import incomplete
from tousu.messages.said import localize, register_said

#: What a zh line may hold in Latin letters: ids, staff ids, what the demo typed, commands
#: and options a user types, settings paths, file names and digests.
ALLOWED = [
    r"C\d{8}", r"`[^`]*`", r"tousu act .*$", r"tousu: ", r"--[a-z_]+(?: [a-z_]+=\S*|=\S*)?", r"\$TOUSU_ACTOR",
    r"(?:orgs|routes|district_routes)\.[\w.\-*]+", r"[0-9a-f]{12,}…?", r"[\w-]+\.txt", r"text/plain",
    r"SHA-256", r"(?<![A-Za-z])(?:wang|chen|zhao|zhou|li|liu|sun|system)(?![A-Za-z])", r"KTV", r"WH-50",
]
ALLOWED_RE = re.compile("|".join(ALLOWED))
#: The demo's own narration and banners (English prose about the demo, not a desk's output).
NARRATION = re.compile(r"^(\$ |# |=+$|tousu demo: |Done\. )|\(organization [\w-]+\)$")


def english_left(line: str) -> str | None:
    rest = ALLOWED_RE.sub(" ", line)
    found = re.search(r"[A-Za-z]{2,}", rest)
    return found.group() if found else None


#: The demo organizations of the built-in plugins: zh desks (another installed plugin's may not be).
ZH_DEMOS = ("retail-demo", "property-mgmt-demo", "city-enforcement-demo")


def zh_sections(out: str) -> list[str]:
    """The lines of the demo's zh organizations (each section starts with its banner)."""
    lines, keep = [], False
    for line in out.splitlines():
        banner = re.search(r"\(organization ([\w-]+)\)$", line)
        if banner:
            keep = banner.group(1) in ZH_DEMOS
        if keep:
            lines.append(line)
    return lines


def test_every_line_the_demo_desks_print_is_chinese(make_desk: Any) -> None:
    result = make_desk().cli("demo")
    assert result.code == 0, result.stderr
    leaks = [
        (word, line)
        for line in zh_sections(result.stdout)
        if not NARRATION.search(line.lstrip(" ")) and (word := english_left(line))
    ]
    assert not leaks, "\n".join(
        f"{word!r} in: {line}\n  (register the text in the plugin's messages.py: tousu.messages.said)"
        for word, line in leaks[:20]
    )


def test_a_plugin_refusal_reads_chinese_on_a_zh_desk_and_the_record_keeps_english(make_desk: Any) -> None:
    from tousu.testing import org

    d = make_desk(org("estate", plugins=["property_mgmt"], language="zh", staff={"wang": "receptionist"}))
    made = d.cli("intake", "--org", "estate", "--channel", "phone", "--summary", "电梯停了", "--tier", "minor",
                 "--place", "3栋", "--request", "修好", "--contact", "13800000000", "--actor", "wang",
                 "--at", "2026-10-01T09:00+08:00", "--json")
    assert made.code == 0, made.stderr
    doc = json.loads(made.stdout)
    assert doc["classification_reason"] == "judged minor by the receptionist at intake"  # the record: as written
    shown = d.cli("show", doc["id"], "--actor", "wang", "--at", "2026-10-01T10:00+08:00")
    assert "受理时由接待员判定为轻微投诉" in shown.stdout and "judged" not in shown.stdout
    refused = d.cli("act", doc["id"], "extend", "--field", "deadline=resolve", "--field", "until=2026-10-09T09:00+08:00",
                    "--actor", "wang", "--at", "2026-10-01T10:00+08:00")
    assert refused.code == 1
    assert "超时限处理须经" in refused.stderr and "needs the approval" not in refused.stderr, refused.stderr
    core = d.cli("act", doc["id"], "step", "--field", "name=nothing", "--actor", "wang", "--at", "2026-10-01T10:00+08:00")
    assert core.code == 1 and "没有必要步骤" in core.stderr, core.stderr


def test_a_pattern_reads_its_fields_labels_and_nested_texts() -> None:
    register_said({
        "test.said.outer": {"en": "{who} may not {action}: {why!t}", "zh": "{who}不能{action!l}：{why!t}"},
        "test.said.inner": {"en": "the {thing} is closed", "zh": "{thing}已关闭"},
    })
    assert localize("zh", "wang may not close: the door is closed") == "wang不能结案：door已关闭"
    assert localize("en", "wang may not close: the door is closed") == "wang may not close: the door is closed"
    # parts of a "; "-joined text are read one by one; what nobody registered stays as written
    assert localize("zh", "the lid is closed; something else") == "lid已关闭；something else"
    assert localize("zh", "due 2026-10-16T10:00:00+08:00") == "due 2026-10-16 10:00"
    assert not incomplete()


def test_a_pattern_registered_after_a_text_was_read_is_read_too_and_the_most_literal_wins() -> None:
    """The patterns are compiled when a text is first read (the core's words,
    `tousu.default_plugins.words.patterns`): one registered later joins them, in its place."""
    assert localize("zh", "the probe 7 is late by far") == "the probe 7 is late by far"
    register_said({"test.said.late": {"en": "the probe {n} is late{rest}", "zh": "探针 {n} 晚了{rest}"}})
    assert localize("zh", "the probe 7 is late by far") == "探针 7 晚了 by far"
    register_said({"test.said.far": {"en": "the probe {n} is late by far", "zh": "探针 {n} 晚了很久"}})
    assert localize("zh", "the probe 7 is late by far") == "探针 7 晚了很久"
    assert localize("zh", "the probe 8 is late") == "探针 8 晚了"
    with pytest.raises(ValueError, match="must be a name"):  # refused when registered, not when read
        register_said({"test.said.bad": {"en": "the probe {0} is {a.b}", "zh": "探针"}})


def test_an_error_reads_in_the_addressed_organizations_language_and_tells_nothing_of_another(make_desk: Any) -> None:
    from tousu.testing import org

    desk = make_desk(org("estate", ["property_mgmt"], language="zh"), org("shop", ["retail"], language="en",
                                                                           staff={"amy": "receptionist"}))
    desk.json("intake", "--org", "estate", "--channel", "phone", "--summary", "电梯停了", "--tier", "minor",
              "--place", "3栋", "--request", "修好", "--contact", "13800000000", "--actor", "wang",
              "--at", "2026-10-01T09:00+08:00")
    zh = desk.fails("act", "C1", "step", "--field", "name=nothing", "--actor", "wang", "--at", "2026-10-01T10:00+08:00",
                    code=1)
    assert "没有必要步骤" in zh  # the zh organization's complaint: Chinese, in a mixed deployment
    # another organization's complaint answers exactly like a missing one, in the same words
    theirs = desk.fails("act", "C1", "note", "--note", "x", "--actor", "amy", "--at", "2026-10-01T10:00+08:00", code=2)
    missing = desk.fails("act", "C9", "note", "--note", "x", "--actor", "amy", "--at", "2026-10-01T10:00+08:00", code=2)
    assert theirs.replace("C00000001", "X") == missing.replace("C00000009", "X")
