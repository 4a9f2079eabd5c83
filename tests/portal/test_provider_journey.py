"""The provider's journey in real Chromium with the keyboard alone, every page checked by axe:
sign in, download the form, start, upload three files (one by one with a progress bar), see each
file's kind, send, the receipt, the status page once decided, the letter. And the same upload
without JavaScript."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from domain.models import (
    Decision,
    EntryStatus,
    Finding,
    LotDecision,
    LotOutcome,
    Outcome,
    RegisterEvent,
    ReviewVerdict,
)
from services.letters import no_pdf
from services.review import decide_review
from services.routing import route_decision
from services.submissions import Upload, submit
from tests.portal.harness import (
    PASSWORD,
    SUBMIT,
    RunningPortal,
    check_page,
    follow_by_keyboard,
    sign_in_by_keyboard,
    tab_to,
)
from tests.portal.test_provider_pages import reject_for_low_cover

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "samples" / "in-review-childrens-home"
FILES = [SAMPLE / "in-review-childrens-home.docx", SAMPLE / "insurance-certificate.pdf",
         SAMPLE / "accounts.pdf"]


def test_a_provider_applies_and_follows_the_outcome_with_the_keyboard_alone(
    page: Any, portal: RunningPortal,
) -> None:
    email = portal.provider_user("journey@keys-homes.example", "keys-homes")
    sign_in_by_keyboard(page, email)
    check_page(page, "provider-journey-home")

    follow_by_keyboard(page, "a[href='/application-form']")
    check_page(page, "provider-journey-form")
    tab_to(page, "a[href='/application-form/docx']")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "dps-application-form.docx"
    follow_by_keyboard(page, "a.govuk-back-link")

    follow_by_keyboard(page, "a[href='/applications']")
    check_page(page, "provider-journey-applications")
    tab_to(page, "main button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.inner_text("h1") == "Your application"
    check_page(page, "provider-journey-draft-empty")

    # the file chooser is the system's own dialog: the chosen files are given to the input
    tab_to(page, "#files")
    page.set_input_files("#files", [str(path) for path in FILES])
    tab_to(page, "form[data-upload-form] button")
    page.keyboard.press("Enter")
    page.wait_for_selector("progress")  # the script sends them one by one, each with its bar
    page.wait_for_selector("[data-files-table]")  # then shows the draft page with every file
    table = page.inner_text("[data-files-table]")
    assert table.count("Can be used") == 3, table
    for path in FILES:
        assert path.name in table
    assert "Application form" in table and "Insurance" in table and "Accounts" in table
    check_page(page, "provider-journey-draft-three-files")

    tab_to(page, "form[action$='/submit'] button", most=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Application sent" in page.inner_text("main")
    submission_id = page.inner_text("[data-submission-id]")
    assert page.inner_text("[data-due]")
    check_page(page, "provider-journey-receipt")

    reject_for_low_cover(portal.repositories, submission_id, "keys-homes")
    follow_by_keyboard(page, f"a[href='/submissions/{submission_id}']")
    main = page.inner_text("main")
    assert "Lot 1.1a: Not accepted" in main
    assert "insurance-certificate.pdf, page 1" in main and "the minimum is £5,000,000" in main
    check_page(page, "provider-journey-status")
    tab_to(page, "a[href$='/docx']", most=80)
    with page.expect_download() as letter:
        page.keyboard.press("Enter")
    assert letter.value.suggested_filename.endswith(".docx")
    assert Path(letter.value.path()).read_bytes()[:2] == b"PK"


def test_files_upload_together_without_javascript(browser: Any, portal: RunningPortal) -> None:
    email = portal.provider_user("nojs@keys-homes.example", "keys-homes-nojs")
    context = browser.new_context(base_url=portal.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/sign-in")
        page.fill("#email", email)
        page.fill("#password", PASSWORD)
        with page.expect_navigation():
            page.click(SUBMIT)
        page.goto("/applications")
        with page.expect_navigation():
            page.click("main button[type=submit]")
        page.set_input_files("#files", [str(path) for path in FILES])
        with page.expect_navigation():
            page.click("form[data-upload-form] button")
        assert page.inner_text("[data-files-table]").count("Can be used") == 3
        with page.expect_navigation():
            page.click("button:has-text('Remove accounts.pdf')")
        assert "accounts.pdf is removed" in page.inner_text(".govuk-notification-banner")
        assert page.inner_text("[data-files-table]").count("Can be used") == 2
        # no check_page here: axe's run never settles in a page without JavaScript (the same
        # page is checked with it in the journey above)
    finally:
        context.close()


def test_the_register_page_passes_axe(page: Any, portal: RunningPortal) -> None:
    soon = dt.date.today() + dt.timedelta(days=20)
    portal.repositories.register.apply(
        "keys-homes-register", "1.1a",
        RegisterEvent(event_id="admitted-test", at=dt.datetime.now(dt.UTC), actor="test",
                      kind="admitted", reason="accepted", status_before=None,
                      status_after=EntryStatus.ACTIVE, settings=("SC454901",)),
        evidence_expiry={"insurance:public-liability": soon})
    user = portal.provider_user("register@keys-homes.example", "keys-homes-register")
    sign_in_by_keyboard(page, user)
    follow_by_keyboard(page, "a[href='/register-entries']")
    assert page.inner_text("h1") == "Your places on the register"
    assert "Public liability insurance expires on" in page.inner_text("main")
    check_page(page, "provider-register")


def test_a_clarification_is_answered_in_the_browser(page: Any, portal: RunningPortal) -> None:
    email = portal.provider_user("clarify@keys-homes.example", "keys-homes-clarify")
    application = submit(portal.repositories, [Upload(p.name, p.read_bytes()) for p in FILES],
                         "keys-homes-clarify")
    at = dt.datetime.now(dt.UTC)
    referred = Finding(code="fee-above-ceiling", outcome=Outcome.REFER, lot="1.1a",
                       message="Pricing schedule row 2 (Standard): the total fee £5,000 is "
                               "above lot 1.1a's ceiling of £4,500 per week.",
                       document="pricing-schedule.pdf", page=2)
    decision = Decision(
        submission_id=application.id, provider="keys-homes-clarify", policy_version="2024.1",
        evaluation_date=at.date(), decided_at=at,
        lots=(LotDecision(lot="1.1a", outcome=LotOutcome.IN_REVIEW, findings=(referred,)),))
    portal.repositories.decisions.record(decision)
    route_decision(portal.repositories, decision, at, make_pdf=no_pdf)
    (review,) = portal.repositories.reviews.of_submission(application.id)
    decide_review(portal.repositories, review.id, "1.1a", ReviewVerdict.CLARIFY, "J Smith",
                  "Send a pricing schedule that explains the fee above the ceiling", at,
                  make_pdf=no_pdf)

    sign_in_by_keyboard(page, email)
    page.goto(f"/submissions/{application.id}")
    assert "We have asked you for more information" in page.inner_text("main")
    check_page(page, "provider-clarification-request")
    tab_to(page, "#answer-files", most=80)
    page.set_input_files("#answer-files", str(SAMPLE / "pricing-schedule.pdf"))
    tab_to(page, "form[action$='/clarification'] button", most=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Application sent" in page.inner_text("main")
    check_page(page, "provider-clarification-answered")


def test_the_provider_pages_reflow_on_a_narrow_screen(
    page: Any, portal: RunningPortal,
) -> None:
    email = portal.provider_user("narrow@keys-homes.example", "keys-homes-narrow")
    sign_in_by_keyboard(page, email)
    page.set_viewport_size({"width": 320, "height": 640})  # WCAG 1.4.10: 1280 px at 400%
    page.goto("/applications")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.set_input_files("#files", [str(path) for path in FILES])
    page.click("form[data-upload-form] button")
    page.wait_for_selector("[data-files-table]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    check_page(page, "provider-draft-narrow")
    for path in ("/", "/applications", "/application-form", "/register-entries"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    page.goto("/applications")
    with page.expect_navigation():
        page.click("a[href^='/drafts/']")
    with page.expect_navigation():
        page.click("form[action$='/submit'] button")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "receipt"
    submission_id = page.inner_text("[data-submission-id]")
    reject_for_low_cover(portal.repositories, submission_id, "keys-homes-narrow")
    page.goto(f"/submissions/{submission_id}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "status"
    check_page(page, "provider-status-narrow")
