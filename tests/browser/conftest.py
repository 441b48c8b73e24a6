"""Playwright driving Debian's Chromium against the live test server, with axe for WCAG checks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("LOKAALWERK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    """Browser tests need Chromium: skip them without it, unless CI requires them."""
    if CHROMIUM.exists() or os.environ.get("LOKAALWERK_REQUIRE_BROWSER"):
        return
    skip = pytest.mark.skip(
        reason=f"browser tests need Chromium at {CHROMIUM} (apt install chromium)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is required but missing at {CHROMIUM}")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        locale="nl-BE", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe():
    """Run axe on a page and return the serious and critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    checker = Axe()

    def serious_violations(page):
        results = checker.run(page)
        return [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return serious_violations


@pytest.fixture
def sign_in(live_server):
    def _sign_in(page, username, password="correct horse battery staple"):  # noqa: S107
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Aanmelden").click()
        page.wait_for_load_state("networkidle")

    return _sign_in
