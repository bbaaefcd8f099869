"""The desk's pages as values and HTML, without a server: what each staff member is shown.

The routes only parse and render; these check what the views decide to show from the App:
the daily list's order and scopes, masking by the same rule as ``tousu show``, the actions
offered by role and status, the intake form from the domain's registration, search, and
another organization's complaint answering like a missing one.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tousu.default_plugins.web import views
from tousu.default_plugins.web.strings import STRINGS
from tousu.default_plugins.web.templating import render
from tousu.errors import NotFound
from tousu.testing import org

STAFF = {"wang": "receptionist", "zhao": "department_head", "chen": "supervisor", "li": "manager", "zhou": "general_manager"}


@pytest.fixture
def desk(make_desk: Any) -> Any:
    estate = org("estate", ["property_mgmt"], staff=STAFF, language="zh")
    estate["estate"]["staff"]["zhao"]["department"] = "工程部"
    return make_desk(estate, org("other", ["property_mgmt"], staff={"liu": "receptionist"}))


def viewer(desk: Any, staff: str, org_id: str = "estate") -> views.Viewer:
    o = desk.app.org(org_id)
    return views.Viewer(o, o.staff[staff])


def page(template: str, v: views.Viewer, **context: Any) -> str:
    return render(template, language=v.language, tz=v.org.tz, viewer=v, csrf="t", flash="", error="", **context)


def test_every_desk_word_exists_in_both_languages() -> None:
    assert set(STRINGS["zh"]) == set(STRINGS["en"])


def test_the_daily_list_puts_overdue_first_then_due_soon_then_later_today(desk: Any) -> None:
    start = desk.clock.now
    late = desk.complaint("estate", actor="wang", summary="电梯困人", respondent="工程部", at=start).id
    desk.app.act(late, "forward", to="工程部", actor="wang", at=start + timedelta(minutes=1))
    soon = desk.complaint("estate", actor="wang", summary="楼道灯不亮", at=start + timedelta(minutes=50)).id
    v = viewer(desk, "wang")
    shown = views.desk_view(desk.app, v, "mine", start + timedelta(minutes=55))
    groups = dict(shown["groups"])
    assert [r["id"] for r in groups["overdue"]] == [late]
    assert groups["overdue"][0]["span"].startswith("超时")
    assert [r["id"] for r in groups["warnings"]] == [soon]
    assert shown["totals"] == {"overdue": 1, "warnings": 1, "due_today": 0}  # the resolve clocks fall days later
    html = page("desk.html", v, **shown)
    assert html.index("已超时") < html.index("即将到期") < html.index("今日到期")


def test_mine_my_department_and_all(desk: Any) -> None:
    cid = desk.complaint("estate", actor="wang", summary="电梯困人").id
    desk.app.act(cid, "forward", to="工程部", actor="wang")
    zhao = viewer(desk, "zhao")
    assert views.scopes_for(zhao) == ("mine", "department", "all")
    assert views.scopes_for(viewer(desk, "wang")) == ("mine", "all")
    at = desk.clock.now + timedelta(hours=1)
    assert views.desk_view(desk.app, zhao, "mine", at)["counts"] == {"mine": 0, "department": 1, "all": 1}
    department = views.desk_view(desk.app, zhao, "department", at)
    assert {r["id"] for _, rows in department["groups"] for r in rows} == {cid}
    assert views.desk_view(desk.app, zhao, "nonsense", at)["scope"] == "mine"


def test_personal_data_is_masked_for_staff_who_may_not_see_it(desk: Any) -> None:
    cid = desk.complaint("estate", actor="wang", summary="住户13812345678来电", complainant="张三丰", contact="13812345678").id
    mine = views.complaint_view(desk.app, viewer(desk, "wang"), cid, desk.clock.now)
    assert mine["c"].contact == "13812345678" and not mine["masked"]
    theirs = views.complaint_view(desk.app, viewer(desk, "zhao"), cid, desk.clock.now)
    assert theirs["masked"] and "13812345678" not in theirs["c"].contact and theirs["c"].complainant != "张三丰"
    html = page("complaint.html", viewer(desk, "zhao"), **theirs)
    assert "13812345678" not in html and "个人信息已遮蔽" in html


def test_another_organizations_complaint_is_not_found_like_a_missing_one(desk: Any) -> None:
    cid = desk.complaint("estate", actor="wang").id
    with pytest.raises(NotFound) as foreign:
        views.complaint_view(desk.app, viewer(desk, "liu", "other"), cid, desk.clock.now)
    with pytest.raises(NotFound) as missing:
        views.complaint_view(desk.app, viewer(desk, "liu", "other"), "C99999999", desk.clock.now)
    assert str(foreign.value).replace(cid, "X") == str(missing.value).replace("C99999999", "X")


def test_the_buttons_are_what_the_role_may_do_now(desk: Any) -> None:
    cid = desk.complaint("estate", actor="wang").id
    offered = {a["name"] for a in views.complaint_view(desk.app, viewer(desk, "wang"), cid, desk.clock.now)["actions"]}
    assert {"forward", "note"} <= offered
    assert "extend" not in offered and "approve" not in offered  # going over time: the manager's call (SOP 1.10.1)
    assert "sign" not in offered and "close" not in offered  # not at status received
    # the department signs for the form and handles it (tousu.permissions): not the receptionist
    assert not offered & {"start", "resolve", "invalid"}
    head = {a["name"] for a in views.complaint_view(desk.app, viewer(desk, "zhao"), cid, desk.clock.now)["actions"]}
    assert {"start", "resolve"} <= head and "invalid" not in head
    manager = {a["name"] for a in views.complaint_view(desk.app, viewer(desk, "li"), cid, desk.clock.now)["actions"]}
    assert {"extend", "approve", "resolve", "invalid"} <= manager


def test_the_intake_form_comes_from_the_domain_and_keeps_what_was_typed(desk: Any) -> None:
    v = viewer(desk, "wang")
    form = views.intake_form(desk.app, v, None, {"summary": "漏水", "place": "3栋"})
    channels = next(s for s in form["selects"] if s["name"] == "channel")
    assert ("phone", "来电") in channels["options"] or channels["options"]
    html = page("new.html", v, form=form)
    assert 'value="3栋"' in html and ">漏水</textarea>" in html
    for name in ("channel", "summary", "place", "contact"):
        assert f'for="f-{name}"' in html


def test_search_finds_by_id_phone_name_place_and_text_in_the_viewers_organization_only(desk: Any) -> None:
    cid = desk.complaint("estate", actor="wang", summary="车库漏水", complainant="李四", contact="13912345678", place="B2车库").id
    desk.complaint("other", actor="liu", summary="车库漏水")
    v = viewer(desk, "wang")
    for query in (cid, cid.lower(), "13912345678", "李四", "B2", "漏水"):
        assert [r["id"] for r in views.search_view(desk.app, v, query)] == [cid], query
    assert views.search_view(desk.app, v, "100%_") == []


def test_the_retail_calculator_shows_each_item_with_its_basis_and_records_nothing(make_desk: Any) -> None:
    shop = make_desk(org("shop", ["retail"], language="zh"))
    cid = shop.complaint("shop", actor="wang", category="counterfeit").id
    v = viewer(shop, "wang", "shop")
    before = len(shop.app.history(cid))
    asked = views.complaint_view(shop.app, v, cid, shop.clock.now)["compensation"]
    assert asked["result"] is None and "price" in asked["error"]  # what to give, from the domain itself
    shown = views.complaint_view(shop.app, v, cid, shop.clock.now, calc="price=1299")["compensation"]
    items = shown["result"]["items"]
    assert [str(i["amount"]) for i in items] == ["2598.00"] and "1,299.00 × 2" in items[0]["basis"]
    assert str(shown["result"]["total"]) == "2598.00" and shown["result"]["needs_approval"]
    html = page("complaint.html", v, **views.complaint_view(shop.app, v, cid, shop.clock.now, calc="price=1299"))
    assert 'id="comp-total">2598.00 CNY' in html and "超出权限" in html
    assert len(shop.app.history(cid)) == before
    plain = make_desk(org("estate", ["property_mgmt"]))
    pid = plain.complaint("estate", actor="wang").id
    assert views.complaint_view(plain.app, viewer(plain, "wang"), pid, plain.clock.now)["compensation"] is None


def test_a_double_submitted_intake_is_refused_until_the_receptionist_says_again(desk: Any) -> None:
    v = viewer(desk, "wang")
    form = {"channel": "phone", "summary": "电梯停了", "contact": "13812345678"}
    first = views.intake_from_form(desk.app, v, form)
    from tousu.errors import Refused

    with pytest.raises(Refused):
        views.intake_from_form(desk.app, v, form)
    kept = views.intake_form(desk.app, v, None, form)
    shown = render("new.html", language="zh", tz=v.org.tz, viewer=v, csrf="t", flash="", error="重复", form=kept)
    assert 'id="f-again"' in shown and 'id="f-again"' not in page("new.html", v, form=kept)
    second = views.intake_from_form(desk.app, v, {**form, "again": "1"})
    assert second.id != first.id
