"""``tousu demo --serve``: the demo's database on loopback, a password per demo staff member.

Run as a newcomer would: the real command in its own process; the test reads the URL and a
receptionist's password from what it prints, signs in with Chromium, opens the complaint
the demo told the story of, and stops the server with Ctrl-C, after which the throwaway
folder is gone.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.browser.conftest import shot


def test_the_demo_serves_its_desk_with_a_password_for_each_staff_member(browser: Any, tmp_path: Path) -> None:
    log = tmp_path / "demo.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "tousu.cli", "demo", "--serve"], stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        text = ""
        while "password" not in text or not re.search(r"open at (http://127\.0\.0\.1:\d+)/login", text):
            assert proc.poll() is None, f"demo --serve exited {proc.returncode}:\n{text[-3000:]}"
            assert time.monotonic() < deadline, f"no URL printed:\n{text[-3000:]}"
            time.sleep(0.3)
            text = log.read_text(encoding="utf-8", errors="replace")
        time.sleep(1.0)  # the staff lines follow the URL line
        text = log.read_text(encoding="utf-8", errors="replace")
        base = re.search(r"open at (http://127\.0\.0\.1:\d+)/login", text).group(1)
        folder = re.search(r"a throwaway deployment in (\S+) with", text).group(1)
        org = re.search(r"organization (property-mgmt-demo) ", text).group(1)
        password = re.search(r"organization property-mgmt-demo .*?staff wang\s+role \S+\s+password (\S+)", text, re.S).group(1)
        page = browser.new_page()
        for _ in range(100):  # the server may still be starting
            try:
                page.goto(base + "/login")
                break
            except Exception:
                time.sleep(0.2)
        page.fill("#org", org)
        page.fill("#staff", "wang")
        page.fill("#password", password)
        page.click("main form button[type=submit]")
        page.wait_for_url(re.compile(r"/desk"))
        page.goto(base + "/desk?scope=all")
        first = page.locator("table a").first
        assert first.count() == 1, "the demo's complaints are on the list"
        first.click()
        page.wait_for_url(re.compile(r"/complaints/C\d+"))
        assert page.locator("#history tbody tr").count() >= 2
        shot(page, "demo-complaint")
        page.close()
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, log.read_text(encoding="utf-8", errors="replace")[-2000:]
    assert not Path(folder).exists(), "the throwaway demo folder is removed when the server stops"
