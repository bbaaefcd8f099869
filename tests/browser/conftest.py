"""Real headless Chromium for the desk's tests: Debian's ``/usr/bin/chromium`` driven by Playwright.

No browser is ever downloaded: Playwright launches the distribution's Chromium through
``executable_path`` with the flags CI needs as root on a fresh machine. Without that binary
the browser tests are skipped — loudly, with a banner at the end of the run — except under
``CI``, where a missing Chromium fails them (``.ci/run`` installs it). Every page a test
visits can be saved with `shot` under ``tests/artifacts/`` for a person to look at.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("TOUSU_CHROMIUM", "/usr/bin/chromium"))
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
DESK_SCREEN = {"width": 1366, "height": 768}
PHONE_SCREEN = {"width": 390, "height": 844}
_SKIPPED: list[str] = []


def _why_no_browser() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (install it: apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """One Chromium for the browser tests (a context per test keeps tests apart); closed when
    they are done, so Playwright's event loop is gone before any other test runs."""
    why = _why_no_browser()
    if why is not None:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {why}")
        _SKIPPED.append(why)
        pytest.skip(f"BROWSER TESTS SKIPPED: {why}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def _context(browser: Any, *, javascript: bool, screen: dict[str, int]) -> Iterator[Any]:
    context = browser.new_context(viewport=screen, java_script_enabled=javascript, accept_downloads=True)
    context.set_default_timeout(15_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def desk_browser(browser: Any) -> Iterator[Any]:
    """A fresh browser profile at a 1366×768 desk screen, JavaScript on."""
    yield from _context(browser, javascript=True, screen=DESK_SCREEN)


@pytest.fixture
def nojs_browser(browser: Any) -> Iterator[Any]:
    """A fresh browser profile with JavaScript disabled: every flow must still work."""
    yield from _context(browser, javascript=False, screen=DESK_SCREEN)


@pytest.fixture
def phone_browser(browser: Any) -> Iterator[Any]:
    """A phone-sized screen (390×844)."""
    yield from _context(browser, javascript=True, screen=PHONE_SCREEN)


def shot(page: Any, name: str) -> Path:
    """Save a full-page screenshot as ``tests/artifacts/NAME.png`` and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / (re.sub(r"[^A-Za-z0-9_.-]+", "-", name) + ".png")
    page.screenshot(path=str(path), full_page=True)
    return path


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _SKIPPED:
        terminalreporter.write_sep("!", "BROWSER TESTS WERE SKIPPED", red=True, bold=True)
        terminalreporter.write_line(f"  {_SKIPPED[0]}", red=True)
        terminalreporter.write_line("  CI installs Chromium and runs them; install it to run them here.", red=True)
