"""A complaint filed on the public form in real Chromium: its code shown, the answer seen later.

The complainant's whole round trip, through `tousu serve` as a real process: the form without
login (JavaScript off, as the pages need none), the 303 to the status page with the receipt
code, a staff member's reply at the desk, and the status page showing it.
"""

from __future__ import annotations

import re
from typing import Any

from tests.browser import a11y
from tests.browser.conftest import shot
from tests.server.harness import Served, server_config
from tousu.default_plugins.outbox.receipts import CODE_PATTERN
from tousu.testing import org


def test_a_public_complaint_filed_in_a_browser_shows_its_code_and_then_the_answer(nojs_browser: Any, make_desk: Any):
    shop = org("shop", ["retail"], language="zh", name="惠民家电")
    shop["shop"]["public"] = {"enabled": True, "min_fill_seconds": 1}
    desk = make_desk(shop)
    server_config(desk)
    server = Served.start(desk)
    try:
        page = nojs_browser.new_page()
        page.goto(f"http://127.0.0.1:{server.port}/public/shop/new")
        assert page.locator("html").get_attribute("lang") == "zh-CN"
        assert page.locator("input[name=website]").is_visible() is False  # the honeypot is for robots only
        page.fill("textarea[name=summary]", "新买的冰箱不制冷")
        page.fill("input[name=place]", "三号店")
        page.fill("input[name=complainant]", "张女士")
        page.fill("input[name=contact]", "13812345678")
        assert a11y.problems(page) == []
        page.wait_for_timeout(1100)  # a person takes a moment (min_fill_seconds = 1)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r".*/public/status/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$"))
        code = page.locator("#receipt-code").inner_text()
        assert CODE_PATTERN.fullmatch(code) and page.url.endswith(code)
        assert page.locator("#state").get_attribute("data-state") == "received"
        shot(page, "public-status-received")

        (row,) = desk.json("list", "--org", "shop")
        result = desk.cli("act", row["id"], "reply", "--note", "师傅周一上门检修。", "--actor", "wang")
        assert result.code == 0, result.stderr
        page.reload()
        assert "师傅周一上门检修。" in page.locator("#answers").inner_text()
        assert a11y.problems(page) == []
        shot(page, "public-status-answered")
    finally:
        server.kill()
