"""The portal's fixtures: one running portal and one Chromium per test session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from portal.throttle import LoginThrottle
from tests.portal.harness import RunningPortal, running_portal

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture(scope="session")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPortal]:
    with running_portal(tmp_path_factory.mktemp("portal-storage")) as running:
        yield running


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, portal: RunningPortal) -> Iterator[Any]:
    """A fresh browser context (no cookies) on the portal; the sign-in counts start afresh,
    so one test's failed sign-ins cannot lock another test out."""
    portal.app.state.throttle = LoginThrottle()
    context = browser.new_context(base_url=portal.url, viewport={"width": 1024, "height": 768})
    tab = context.new_page()
    refused: list[str] = []
    tab.on("console", lambda message: refused.append(message.text)
           if "Content Security Policy" in message.text else None)
    yield tab
    context.close()
    # the portal's own scripts and styles all run under its policy: nothing was refused
    assert refused == []
