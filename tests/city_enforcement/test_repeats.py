"""Repeat petitions (反复上访): the same matter again — the same contact and category, or the same place
and category — within the window. (Round 2: the same contact alone no longer makes a repeat.)"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.city_enforcement.helpers import act, center, intake


def finish(desk: Any, cid: str, clock: Any) -> None:
    """Resolve, answer and close a complaint, an hour apart."""
    act(desk, cid, "resolve", clock.advance(hours=1))
    act(desk, cid, "reply", clock.advance(hours=1))
    act(desk, cid, "close", clock.advance(hours=1))


def test_the_same_caller_about_the_same_matter_while_the_case_is_open_is_linked_and_flagged(
    desk: Any, clock: Any
) -> None:
    first = intake(desk, clock, "--channel", "phone", "--category", "noise", "--contact", "13900001111")["id"]
    again = intake(
        desk, clock.advance(days=3), "--channel", "web", "--category", "noise", "--contact", "13900001111",
        actor="chen",
    )
    assert again["links"] == [{"kind": "repeat_of", "id": first}]
    assert again["flags"] == ["repeat"]
    assert again["fields"]["repeat_basis"] == {first: "contact"}
    # the new case's owner sees the earlier case
    shown = desk.cli("show", again["id"])
    assert shown.code == 0 and first in shown.stdout


def test_the_same_place_and_category_from_someone_else_is_a_repeat(desk: Any, clock: Any) -> None:
    first = intake(desk, clock, "--channel", "phone", "--category", "noise", "--place", "幸福路12号", "--contact", "a")
    again = intake(
        desk, clock.advance(days=1), "--channel", "phone", "--category", "noise", "--place", "幸福路12号",
        "--contact", "b",
    )
    assert again["links"] == [{"kind": "repeat_of", "id": first["id"]}]
    assert again["fields"]["repeat_basis"] == {first["id"]: "place+category"}


def test_a_different_matter_from_the_same_caller_is_a_new_case(desk: Any, clock: Any) -> None:
    """A garbage smell reported by the caller of an illegal-construction case is not a repeat of it."""
    intake(desk, clock, "--channel", "phone", "--category", "illegal_construction", "--contact", "13900001112")
    smell = intake(desk, clock.advance(days=2), "--channel", "phone", "--category", "other", "--contact", "13900001112",
                   "--summary", "垃圾站臭味")
    assert smell["links"] == [] and smell["flags"] == []


def test_the_same_place_with_another_category_is_not_a_repeat(desk: Any, clock: Any) -> None:
    intake(desk, clock, "--channel", "phone", "--category", "noise", "--place", "幸福路12号", "--contact", "a")
    other = intake(
        desk, clock.advance(days=1), "--channel", "phone", "--category", "shop_signs", "--place", "幸福路12号",
        "--contact", "b",
    )
    assert other["links"] == [] and other["flags"] == []


def test_a_case_closed_29_days_earlier_is_repeated_but_not_one_closed_31_days_earlier(desk: Any, clock: Any) -> None:
    recent = intake(desk, clock, "--channel", "phone", "--contact", "13900002222")["id"]
    finish(desk, recent, clock)
    older = intake(desk, clock, "--channel", "phone", "--category", "noise", "--place", "人民路8号")["id"]
    finish(desk, older, clock)
    closed = clock.now
    inside = intake(desk, clock.set(closed + timedelta(days=29)), "--channel", "phone", "--contact", "13900002222")
    assert inside["links"] == [{"kind": "repeat_of", "id": recent}]
    outside = intake(
        desk, clock.set(closed + timedelta(days=31)), "--channel", "phone", "--category", "noise", "--place", "人民路8号"
    )
    assert outside["links"] == [] and outside["flags"] == []


def test_an_open_case_from_months_ago_is_still_repeated(desk: Any, clock: Any) -> None:
    stale = intake(desk, clock, "--channel", "phone", "--contact", "13900003333")["id"]
    again = intake(desk, clock.advance(days=90), "--channel", "letter", "--contact", "13900003333")
    assert again["links"] == [{"kind": "repeat_of", "id": stale}]


def test_the_window_is_a_setting(make_desk: Any, clock: Any) -> None:
    desk = make_desk(center(repeat_window="7d"))
    old = intake(desk, clock, "--channel", "phone", "--contact", "13900004444")["id"]
    finish(desk, old, clock)
    later = intake(desk, clock.advance(days=8), "--channel", "phone", "--contact", "13900004444")
    assert later["links"] == []


def test_a_caller_repeating_two_cases_is_linked_to_the_latest_for_each_reason(desk: Any, clock: Any) -> None:
    first = intake(desk, clock, "--channel", "phone", "--contact", "c1", "--category", "noise", "--place", "P")
    by_contact = intake(desk, clock.advance(days=1), "--channel", "phone", "--contact", "c1", "--category", "other")
    by_place = intake(desk, clock.advance(days=1), "--channel", "phone", "--contact", "c2", "--category", "noise",
                      "--place", "P")
    third = intake(desk, clock.advance(days=1), "--channel", "phone", "--contact", "c1", "--category", "other",
                   "--place", "P")
    fourth = intake(desk, clock.advance(days=1), "--channel", "phone", "--contact", "c1", "--category", "noise",
                    "--place", "P")
    assert by_contact["links"] == [] and by_place["links"] == [{"kind": "repeat_of", "id": first["id"]}]
    assert third["fields"]["repeat_basis"] == {by_contact["id"]: "contact"}
    assert fourth["fields"]["repeat_basis"] == {first["id"]: "contact", by_place["id"]: "place+category"}
    assert third["flags"] == ["repeat"]


def test_consultations_neither_repeat_nor_are_repeated(desk: Any, clock: Any) -> None:
    asked = intake(desk, clock, "--channel", "phone", "--contact", "13900005555", "--field", "kind=consultation")
    complaint = intake(desk, clock.advance(days=1), "--channel", "phone", "--contact", "13900005555")
    assert complaint["links"] == []
    again = intake(
        desk, clock.advance(days=1), "--channel", "phone", "--contact", "13900005555", "--field", "kind=consultation"
    )
    assert again["links"] == [] and asked["links"] == []


def test_another_organizations_case_is_never_linked(make_desk: Any, clock: Any) -> None:
    desk = make_desk(center("bureau"), center("county"))
    intake(desk, clock, "--channel", "phone", "--contact", "13900006666", org_id="county")
    mine = intake(desk, clock.advance(days=1), "--channel", "phone", "--contact", "13900006666")
    assert mine["links"] == []
