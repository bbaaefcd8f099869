"""A day at the desk in real headless Chromium against a real ``tousu serve`` process.

The receptionist signs in, files a property complaint that came in by phone three hours ago
(so its 10-minute forwarding clock is long gone), forwards it and sees it overdue on the
daily list, with no approve button anywhere; the department head signs for it and resolves
it, and it leaves the overdue list. Evidence goes up and comes back down as a download.
The month's report renders its charts. Every flow runs twice: with JavaScript and without.
Each page is screenshotted under ``tests/artifacts/`` and checked by the accessibility pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.browser import a11y
from tests.browser.conftest import shot
from tousu.testing import Clock, Desk, default_start, org

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 6000  # 1.5 MB: more than a form may send
STAFF = {"wang": "receptionist", "zhao": "department_head", "li": "manager"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[Any]:
    """Sunny Gardens (zh) and another company (en) on one server; every password is PASSWORD."""
    from tests.server.harness import Served, server_config, set_password

    folder = tmp_path_factory.mktemp("desk")
    estate = org("estate", ["property_mgmt"], staff=STAFF, language="zh", name="阳光花园物业")
    estate["estate"]["staff"]["zhao"]["department"] = "工程部"
    desk = Desk(folder, {**estate, **org("other", ["property_mgmt"], staff={"liu": "receptionist"})}, "NORMAL",
                Clock(default_start()))
    server_config(desk)
    for org_id, staff in (("estate", STAFF), ("other", {"liu": ""})):
        for staff_id in staff:
            set_password(desk, org_id, staff_id)
    served = Served.start(desk)
    served.base = f"http://127.0.0.1:{served.port}"
    yield served
    served.stop()
    desk.close()


def sign_in(page: Any, site: Any, org_id: str, staff: str) -> None:
    from tests.server.harness import PASSWORD

    page.goto(site.base + "/")
    assert page.url.endswith("/login")
    page.fill("#org", org_id)
    page.fill("#staff", staff)
    page.fill("#password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/desk"))


def sign_out(page: Any) -> None:
    page.click("form.who button[type=submit]")
    page.wait_for_url(re.compile(r"/login"))


def checked(page: Any, name: str) -> None:
    """The page passes the accessibility pass; keep its screenshot."""
    assert a11y.problems(page) == [], name
    shot(page, name)


def shanghai(delta: timedelta) -> str:
    from tousu.timeutil import zone

    return (datetime.now(zone("Asia/Shanghai")) + delta).strftime("%Y-%m-%dT%H:%M")


def file_complaint(page: Any, site: Any, summary: str) -> str:
    page.goto(site.base + "/complaints/new")
    page.select_option("#f-channel", "phone")
    page.fill("#f-complainant", "张先生")
    page.fill("#f-contact", "13812345678")
    page.fill("#f-respondent", "工程部")
    page.fill("#f-place", "3栋电梯")
    page.fill("#f-request", "尽快修复")
    page.fill("#f-received_at", shanghai(-timedelta(hours=3)))
    page.fill("#f-summary", summary)
    page.click("form[action='/complaints/new'] button[type=submit]")
    page.wait_for_url(re.compile(r"/complaints/C\d+"))
    assert "已登记投诉" in page.locator(".flash").inner_text()
    return page.url.split("/complaints/")[1].split("?")[0]


def act(page: Any, action: str) -> None:
    page.click(f"form[data-action={action}] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".error").count() == 0, page.locator(".error").inner_text()


def overdue_ids(page: Any, site: Any, scope: str) -> list[str]:
    page.goto(f"{site.base}/desk?scope={scope}")
    return page.locator("#overdue tr[data-id]").evaluate_all("rows => rows.map(r => r.dataset.id)")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_filed_forwarded_signed_resolved_and_off_the_overdue_list(
    site: Any, browser: Any, javascript: bool
) -> None:
    tag = "js" if javascript else "nojs"
    context = browser.new_context(viewport={"width": 1366, "height": 768}, java_script_enabled=javascript)
    try:
        page = context.new_page()
        page.goto(site.base + "/login")
        checked(page, f"login-{tag}")
        sign_in(page, site, "estate", "wang")
        checked(page, f"desk-{tag}")
        page.goto(site.base + "/complaints/new")
        checked(page, f"new-{tag}")
        cid = file_complaint(page, site, f"3栋电梯停在两层之间 ({tag})")
        assert page.locator("#tier").inner_text() == "轻微投诉"
        act(page, "forward")
        assert "转交" in page.locator(".flash").inner_text()
        assert page.locator("form[data-action=approve]").count() == 0  # a receptionist approves nothing
        assert page.locator("form[data-action=extend]").count() == 0
        assert page.locator("form[data-action=sign]").count() == 0  # the department signs, not the receptionist
        checked(page, f"complaint-forwarded-{tag}")
        assert cid in overdue_ids(page, site, "mine")
        row = page.locator(f"#overdue tr[data-id={cid}] td.span").inner_text()
        assert row.startswith("超时")
        checked(page, f"desk-overdue-{tag}")
        sign_out(page)

        sign_in(page, site, "estate", "zhao")
        assert cid in overdue_ids(page, site, "department")
        page.goto(f"{site.base}/complaints/{cid}")
        assert "13812345678" not in page.content()  # the head is neither owner nor assignee: masked
        act(page, "sign")
        act(page, "resolve")
        assert page.locator("h1 .status").inner_text() == "已处理"
        assert "处理完毕" in page.locator("#history").inner_text()
        checked(page, f"complaint-resolved-{tag}")
        assert cid not in overdue_ids(page, site, "all")
        sign_out(page)
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_evidence_goes_up_and_comes_back_as_a_download(site: Any, browser: Any, javascript: bool) -> None:
    tag = "js" if javascript else "nojs"
    context = browser.new_context(viewport={"width": 1366, "height": 768}, java_script_enabled=javascript,
                                  accept_downloads=True)
    try:
        page = context.new_page()
        sign_in(page, site, "estate", "wang")
        cid = file_complaint(page, site, f"车库漏水 ({tag})")
        assert page.url.startswith(f"{site.base}/complaints/{cid}")
        page.set_input_files("#upload-file", files=[{"name": "漏水现场.jpg", "mimeType": "image/jpeg", "buffer": JPEG}])
        page.fill("#upload-note", "B2车库顶板渗水")
        page.click("form[action$='/files'] button[type=submit]")
        page.wait_for_url(re.compile(r"done=attach"))
        assert page.locator("#attachments tbody tr").count() == 1
        checked(page, f"complaint-attachment-{tag}")
        with page.expect_download() as caught:
            page.click("#attachments a")
        download = caught.value
        assert download.suggested_filename == "漏水现场.jpg"
        with open(download.path(), "rb") as handle:
            assert handle.read() == JPEG
        href = page.locator("#attachments a").get_attribute("href")
        reply = context.request.get(site.base + href)
        assert reply.status == 200
        assert reply.headers["content-disposition"].startswith("attachment;")
        assert reply.headers["x-content-type-options"] == "nosniff"
    finally:
        context.close()


def test_another_organization_sees_the_same_not_found_as_for_a_missing_id(site: Any, desk_browser: Any) -> None:
    page = desk_browser.new_page()
    sign_in(page, site, "estate", "wang")
    cid = file_complaint(page, site, "楼道灯不亮")
    sign_out(page)
    sign_in(page, site, "other", "liu")
    foreign = page.goto(f"{site.base}/complaints/{cid}")
    foreign_text = page.locator("main").inner_text()
    missing = page.goto(f"{site.base}/complaints/C99999999")
    assert foreign.status == missing.status == 404
    assert foreign_text == page.locator("main").inner_text()
    assert page.locator("html").get_attribute("lang") == "en"
    reply = desk_browser.request.get(f"{site.base}/complaints/{cid}/files/{'0' * 64}")
    assert reply.status == 404


def test_a_post_without_the_forms_token_or_from_another_site_is_refused(site: Any, desk_browser: Any) -> None:
    page = desk_browser.new_page()
    sign_in(page, site, "estate", "wang")
    cid = file_complaint(page, site, "噪音扰民")
    forged = desk_browser.request.post(f"{site.base}/complaints/{cid}/act", form={"action": "invalid"})
    assert forged.status == 403
    token = page.locator("form[data-action=note] input[name=csrf]").get_attribute("value")
    cross = desk_browser.request.post(
        f"{site.base}/complaints/{cid}/act", form={"action": "note", "note": "x", "csrf": token},
        headers={"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"},
    )
    assert cross.status == 403
    page.goto(f"{site.base}/complaints/{cid}")
    assert page.locator("h1 .status").inner_text() == "已受理"


def test_after_logout_the_old_session_cookie_opens_nothing(site: Any, browser: Any) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_in(page, site, "estate", "wang")
        cookie = next(c for c in context.cookies() if c["name"] == "tousu_session")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
        sign_out(page)
        context.add_cookies([cookie])
        page.goto(site.base + "/desk")
        assert page.url.endswith("/login?expired=1")
    finally:
        context.close()


def test_a_refused_intake_keeps_what_was_typed(site: Any, nojs_browser: Any) -> None:
    page = nojs_browser.new_page()
    sign_in(page, site, "estate", "wang")
    page.goto(site.base + "/complaints/new")
    page.select_option("#f-channel", "phone")
    page.fill("#f-place", "5栋楼顶")
    page.fill("#f-summary", "   ")  # only spaces: the browser sends it, the desk refuses it
    page.click("form[action='/complaints/new'] button[type=submit]")
    assert page.locator(".error").count() == 1
    assert page.locator("#f-place").input_value() == "5栋楼顶"
    checked(page, "new-refused")


def test_search_and_the_report_with_its_charts_and_neighbours(site: Any, desk_browser: Any, phone_browser: Any) -> None:
    page = desk_browser.new_page()
    sign_in(page, site, "estate", "wang")
    cid = file_complaint(page, site, "垃圾清运不及时")
    page.goto(site.base + "/search?q=13812345678")
    assert cid in page.locator("table").inner_text()
    checked(page, "search")
    month = datetime.now().strftime("%Y-%m")
    page.goto(f"{site.base}/reports?month={month}")
    assert page.locator("svg").count() >= 2
    box = page.locator("svg.trend").bounding_box()
    assert box is not None and box["width"] > 100
    prev_href = page.locator("a[rel=prev]").get_attribute("href")
    assert re.fullmatch(r"/reports\?month=\d{4}-\d{2}", prev_href)
    checked(page, "report")
    page.click("a[rel=prev]")
    assert page.locator("h1").count() == 1
    phone = phone_browser.new_page()
    sign_in(phone, site, "estate", "wang")
    shot(phone, "desk-phone")
    phone.goto(f"{site.base}/complaints/{cid}")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the complaint page is {width}px wide on a 390px phone"
    shot(phone, "complaint-phone")


def test_a_session_expires_on_the_server_even_if_its_cookie_is_kept(tmp_path: Any, browser: Any) -> None:
    from tests.server.harness import Served, server_config, set_password

    desk = Desk(tmp_path, org("estate", ["property_mgmt"], staff={"wang": "receptionist"}, language="zh"), "NORMAL",
                Clock(default_start()))
    server_config(desk, token_lifetime="3s")
    set_password(desk, "estate", "wang")
    served = Served.start(desk)
    served.base = f"http://127.0.0.1:{served.port}"
    context = browser.new_context()
    try:
        page = context.new_page()
        sign_in(page, served, "estate", "wang")
        cookie = {k: v for k, v in next(c for c in context.cookies() if c["name"] == "tousu_session").items()
                  if k != "expires"}
        page.wait_for_timeout(3500)
        context.add_cookies([cookie])  # a copied cookie outlives its max-age: the server still says no
        page.goto(served.base + "/desk")
        assert page.url.endswith("/login?expired=1")
        assert "登录已过期" in page.locator(".flash").inner_text()
    finally:
        context.close()
        served.stop()
        desk.close()
