"""The account journey in real Chromium, with the keyboard alone, each page checked by axe."""

from __future__ import annotations

import datetime as dt
from typing import Any

from services import accounts
from tests.portal.harness import PASSWORD, RunningPortal, check_page, tab_to

#: the form's own button, not the password fields' Show buttons nor the header's Sign out
SUBMIT = "main button[type=submit]"


def _sign_in_with_keyboard(page: Any, email: str, password: str) -> None:
    tab_to(page, "#email")
    page.keyboard.type(email)
    tab_to(page, "#password")
    page.keyboard.type(password)
    tab_to(page, SUBMIT)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_an_invited_provider_sets_a_password_and_signs_in_and_out_with_the_keyboard_alone(
    page: Any, portal: RunningPortal,
) -> None:
    link = portal.invite_provider("Ann.Jones@Acme-Fostering.example", "acme-fostering")

    page.goto(link)
    check_page(page, "set-password")
    tab_to(page, "#password")
    page.keyboard.type(PASSWORD)
    tab_to(page, "#confirm")
    page.keyboard.type(PASSWORD)
    tab_to(page, SUBMIT)
    page.keyboard.press("Enter")
    page.wait_for_url("**/sign-in")
    assert "Your password is set" in page.inner_text(".govuk-notification-banner")
    check_page(page, "sign-in-after-setting-password")

    _sign_in_with_keyboard(page, "ann.jones@acme-fostering.example", PASSWORD)
    assert page.inner_text("h1") == "Your applications"
    assert "Signed in as ann.jones@acme-fostering.example" in page.inner_text("header")
    check_page(page, "provider-home")
    (cookie,) = page.context.cookies()
    assert (cookie["name"], cookie["httpOnly"], cookie["sameSite"]) == ("dps_session", True, "Lax")

    tab_to(page, "button.app-sign-out__button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sign-in")
    assert "You have signed out" in page.inner_text(".govuk-notification-banner")
    check_page(page, "signed-out")
    page.goto("/")
    assert page.url.endswith("/sign-in?next=/")


def test_the_invitation_link_works_once(page: Any, portal: RunningPortal) -> None:
    link = portal.invite_provider("once@acme-fostering.example", "acme-fostering")
    page.goto(link)
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.click(SUBMIT)
    page.goto(link)
    assert page.inner_text("h1") == "This link cannot be used"
    assert "already been used" in page.inner_text("main")
    check_page(page, "invitation-used")


def test_a_wrong_password_shows_the_error_summary_which_takes_the_focus(
    page: Any, portal: RunningPortal,
) -> None:
    email = portal.provider_user("wrong@acme-fostering.example", "acme-fostering")
    page.goto("/sign-in")
    _sign_in_with_keyboard(page, email, "not the password at all")
    summary = page.locator(".govuk-error-summary")
    assert "The email address or password is not right" in summary.inner_text()
    assert page.title().startswith("Error: Sign in")
    # govuk-frontend's script moved the focus there: it ran under the CSP (its file, and the
    # inline script by nonce)
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    check_page(page, "sign-in-wrong-password")


def test_a_short_password_is_refused_with_the_reason(page: Any, portal: RunningPortal) -> None:
    page.goto(portal.invite_provider("short@acme-fostering.example", "acme-fostering"))
    page.fill("#password", "too short")
    page.fill("#confirm", "too short")
    page.click(SUBMIT)
    assert "Password must be 12 characters or more" in page.inner_text(".govuk-error-summary")
    check_page(page, "set-password-too-short")


def test_the_error_pages_and_the_accessibility_statement_pass_axe(
    page: Any, portal: RunningPortal,
) -> None:
    page.goto("/no-such-page")
    assert page.inner_text("h1") == "Page not found"
    check_page(page, "not-found")
    page.goto("/accessibility")
    check_page(page, "accessibility-statement")


def test_an_officers_home_page_links_to_the_queue_and_the_register(
    page: Any, portal: RunningPortal,
) -> None:
    link = accounts.invite_officer(
        portal.repositories, portal.settings, email="raj@north.example",
        authority="North Borough Council", decides_reviews=False, invited_by="test",
        now=dt.datetime.now(dt.UTC)).link
    accounts.set_password(portal.repositories, token=link.rsplit("/", 1)[1], password=PASSWORD,
                          now=dt.datetime.now(dt.UTC))
    page.goto("/sign-in")
    _sign_in_with_keyboard(page, "raj@north.example", PASSWORD)
    assert page.inner_text("h1") == "Commissioning"
    assert "an officer of North Borough Council" in page.inner_text("main")
    check_page(page, "officer-home")


def test_a_form_sent_after_its_session_ended_is_refused_with_a_way_on(
    page: Any, portal: RunningPortal,
) -> None:
    page.goto("/sign-in")
    page.context.clear_cookies()  # the session (and its CSRF token) is gone, the form stays
    page.fill("#email", "anyone@acme-fostering.example")
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click(SUBMIT)
    assert page.inner_text("h1") == "Your form could not be sent"
    check_page(page, "form-refused")


def test_signing_in_and_out_works_without_javascript(browser: Any, portal: RunningPortal) -> None:
    email = portal.provider_user("nojs@acme-fostering.example", "acme-fostering")
    context = browser.new_context(base_url=portal.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/")
        page.fill("#email", email)
        page.fill("#password", PASSWORD)
        with page.expect_navigation():
            page.click(SUBMIT)
        assert page.inner_text("h1") == "Your applications"
        with page.expect_navigation():
            page.click("button.app-sign-out__button")
        assert "You have signed out" in page.inner_text("main")
    finally:
        context.close()


def test_the_sign_in_page_reflows_on_a_narrow_screen(page: Any) -> None:
    page.set_viewport_size({"width": 320, "height": 640})  # WCAG 1.4.10: 1280 px at 400%
    page.goto("/sign-in")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    check_page(page, "sign-in-narrow")
