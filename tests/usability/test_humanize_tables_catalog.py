"""Readable times, money and tables, and the catalog's rule: every message in zh and en."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from tests.usability.catalog_check import incomplete
from tousu import messages
from tousu.default_plugins.doors import figures, humanize, tables
from tousu.timeutil import end_of_day, show

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_an_instant_reads_in_the_orgs_zone_to_the_minute_never_microseconds():
    value = datetime(2026, 11, 9, 9, 30, 12, 345678, tzinfo=ZoneInfo("UTC"))
    assert humanize.instant(value, SHANGHAI) == "2026-11-09 17:30"
    assert humanize.instant(value, SHANGHAI, seconds=True) == "2026-11-09 17:30:12"
    assert humanize.instant(value.replace(second=0), SHANGHAI, seconds=True) == "2026-11-09 17:30"
    assert humanize.instant(None, SHANGHAI) == "-"


def test_an_end_of_day_clock_reads_24_00_of_its_day():
    clock = end_of_day(datetime(2026, 11, 9, 10, tzinfo=SHANGHAI), SHANGHAI)
    assert humanize.instant(clock, SHANGHAI, "en") == "2026-11-09 24:00"
    assert humanize.instant(clock, SHANGHAI, "zh", same_day_as=date(2026, 11, 9)) == "当天 24:00"


def test_json_instants_hold_whole_seconds_and_never_run_late():
    clock = end_of_day(datetime(2026, 11, 9, 10, tzinfo=SHANGHAI), SHANGHAI)
    assert show(clock, SHANGHAI) == "2026-11-09T23:59:59+08:00"
    assert show(datetime(2026, 11, 9, 1, 2, 3, 999999, tzinfo=SHANGHAI), SHANGHAI) == "2026-11-09T01:02:03+08:00"


def test_a_period_reads_with_both_ends_inclusive():
    start = datetime(2026, 11, 1, tzinfo=SHANGHAI)
    end = datetime(2026, 12, 1, tzinfo=SHANGHAI)
    assert figures.period(start, end, SHANGHAI) == "2026-11-01 – 2026-11-30"
    assert figures.period(date(2026, 11, 1), date(2026, 12, 1)) == "2026-11-01 – 2026-11-30"


def test_durations_by_language():
    span = timedelta(days=1, hours=2, minutes=5)
    assert figures.duration(span, "zh") == "1天2小时"
    assert figures.duration(span, "en") == "1d 2h"
    assert figures.duration(timedelta(minutes=45), "zh") == "45分钟"
    assert figures.duration(timedelta(hours=3, minutes=20), "en") == "3h 20m"
    assert figures.duration(timedelta(seconds=-10), "en") == "10s"


def test_money_has_the_sign_and_thousands_separators_exact_to_the_fen():
    assert figures.money(Decimal("503282.335")) == "¥503,282.34"
    assert figures.money(Decimal("-12.5")) == "-¥12.50"
    assert figures.money("7", "XYZ") == "7.00 XYZ"


def test_table_aligns_chinese_by_display_width_and_fits_120_columns():
    lines = tables.table(
        ["编号", "状态", "内容"],
        [["C00000001", "已受理", "3栋电梯停在两层之间" * 20], ["C00000002", "closed", "short"]],
        fixed=(0,),
    )
    assert lines[0].startswith("编号")
    assert all(tables.width(line) <= 120 for line in lines)
    assert lines[1].endswith("…")
    # the third column starts at the same display column on every line
    starts = [tables.width(line[: line.index(marker)]) for line, marker in zip(lines, ["内容", "3栋", "short"], strict=True)]
    assert len(set(starts)) == 1


def test_cut_never_splits_a_wide_character_past_the_limit():
    assert tables.cut("电梯停在两层之间", 7) == "电梯停…"
    assert tables.width(tables.cut("电梯停在两层之间", 7)) <= 7
    assert tables.cut("short", 10) == "short"


def test_labelled_lines_align_values_whatever_the_language():
    lines = tables.labelled([("编号", "C1"), ("首问负责人", "wang"), ("id", "x")])
    assert {tables.width(line[: line.rindex(" ") + 1]) for line in lines} == {12}


def test_every_message_has_both_chinese_and_english():
    assert incomplete() == {}


def test_a_message_lacking_a_language_is_caught():
    messages.register({"test.half": {"zh": "只有中文"}})
    try:
        assert incomplete() == {"test.half": ["en"]}
    finally:
        del messages.CATALOG["test.half"]


def test_text_formats_in_the_asked_language():
    assert messages.text("zh", "list.cut", shown="100", total="13,204").startswith("显示 100 条，共 13,204 条")
    assert messages.text("en", "list.cut", shown="100", total="13,204") == "showing 100 of 13,204 (use --limit/--offset)"
