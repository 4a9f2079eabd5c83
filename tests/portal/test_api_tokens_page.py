"""The API tokens page in real Chromium, with the keyboard alone, each state checked by axe:
no token yet, a token just made (shown once), and a revoked one."""

from __future__ import annotations

import re
from typing import Any

from tests.portal.harness import PASSWORD, RunningPortal, check_page, tab_to

EMAIL = "tess@token-homes.example"


def _activate(page: Any, selector: str) -> None:
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_provider_makes_and_revokes_a_token_with_the_keyboard_alone(
    page: Any, portal: RunningPortal,
) -> None:
    portal.provider_user(EMAIL, "token-homes")
    page.goto("/sign-in?next=/account/api-tokens")
    tab_to(page, "#email")
    page.keyboard.type(EMAIL)
    tab_to(page, "#password")
    page.keyboard.type(PASSWORD)
    _activate(page, "main button[type=submit]")
    assert page.inner_text("h1") == "API tokens"
    assert "Your organisation has no API tokens" in page.inner_text("main")
    check_page(page, "api-tokens")

    _activate(page, "main form[action='/account/api-tokens'] button")
    assert "Enter a name for the token" in page.inner_text(".govuk-error-summary")
    check_page(page, "api-tokens-name-missing")

    tab_to(page, "#name")
    page.keyboard.type("Our case system")
    _activate(page, "main form[action='/account/api-tokens'] button")
    token = page.input_value("#new-token")
    assert re.fullmatch(r"dps_[0-9a-f]{16}_[\w-]{43}", token)
    assert "You will not be able to see it again" in page.inner_text("main")
    check_page(page, "api-token-made")
    answer = page.request.get(f"{portal.url}/api/submissions",
                              headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200 and answer.json() == []

    _activate(page, "main form[action$='/revoke'] button")
    assert "is revoked" in page.inner_text(".govuk-notification-banner")
    assert token not in page.content()
    check_page(page, "api-token-revoked")
    refused = page.request.get(f"{portal.url}/api/submissions",
                               headers={"Authorization": f"Bearer {token}"})
    assert refused.status == 401
