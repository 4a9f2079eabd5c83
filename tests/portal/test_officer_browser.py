"""The commissioning team's journey in real Chromium, with the keyboard alone, each page checked
by axe: an officer opens the oldest exception, sees the highlighted evidence and decides; the
register is filtered and exported."""

from __future__ import annotations

import datetime as dt
from typing import Any

from domain.models import EntryStatus, Finding, Outcome, RegisterEvent, ReviewStatus
from fixtures import OFSTED_SNAPSHOT
from services.regulators import load_ofsted
from tests.portal.harness import (
    SUBMIT,
    RunningPortal,
    check_page,
    follow_by_keyboard,
    sign_in_by_keyboard,
    tab_to,
)
from tests.portal.test_officer_pages import officer
from tests.services.test_officer_views import CERTIFICATE, URN_BOX, referred

RI = Finding(code="ofsted-rating-requires-improvement", outcome=Outcome.REFER, lot="4",
             message="The Ofsted certificate's setting SC454901 was judged Requires "
                     "improvement to be good", document=CERTIFICATE, page=1, box=URN_BOX,
             setting="SC454901")
F2 = Finding(code="employers-liability-cover", outcome=Outcome.REFER, lot="4",
             message="Employers' liability cover is £5 million: check it covers every setting",
             document="in-review-childrens-home.docx", field="F2")
#: long before anything else the session's portal holds, so this is the oldest in the queue
RECEIVED = dt.datetime(2019, 1, 7, 9, tzinfo=dt.UTC)


def test_an_officer_opens_the_oldest_exception_sees_the_evidence_and_decides_by_keyboard(
    page: Any, portal: RunningPortal,
) -> None:
    review_id = referred(portal.repositories, RECEIVED, provider="browser-keys-child-care",
                         findings=(RI, F2))
    officer(portal, "decider@midshire.example", "Midshire County Council", decides=True)
    sign_in_by_keyboard(page, "decider@midshire.example")
    check_page(page, "officer-home")

    follow_by_keyboard(page, 'a[href="/reviews"]')
    assert page.inner_text("h1") == "Review queue"
    first = page.locator("main table tbody tr").first
    assert review_id in first.inner_text() and "Overdue" in first.inner_text()
    check_page(page, "officer-review-queue")

    follow_by_keyboard(page, f'a[href="/reviews/{review_id}"]')
    image = page.locator("img.app-evidence__page")
    image.wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image
                           .element_handle(), timeout=30_000)
    assert image.get_attribute("alt").startswith(f"Page 1 of {CERTIFICATE}, with the value")
    assert page.inner_text("main mark") == "£5,000,000"  # the Word form's answer, marked
    check_page(page, "officer-exception")
    page.set_viewport_size({"width": 320, "height": 640})  # WCAG 1.4.10: 1280 px at 400%
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    check_page(page, "officer-exception-320px")
    page.set_viewport_size({"width": 1024, "height": 768})

    tab_to(page, SUBMIT, most=80)  # sent without a verdict or a reason
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "There is a problem" in page.inner_text(".govuk-error-summary")
    check_page(page, "officer-exception-errors")

    tab_to(page, "input[name=verdict]", most=80)
    page.keyboard.press("Space")  # the first choice: accept
    tab_to(page, "#reason")
    page.keyboard.type("The improvement plan answers each point of the inspection")
    tab_to(page, SUBMIT)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "is recorded" in page.inner_text(".govuk-notification-banner")
    check_page(page, "officer-exception-decided")
    review = portal.repositories.reviews.get(review_id)
    assert review is not None and review.status is ReviewStatus.DECIDED
    assert review.reviewer == "decider@midshire.example"

    follow_by_keyboard(page, 'a[href="/providers/browser-keys-child-care"]')
    assert "Lot 4: Active" in page.inner_text("main")
    check_page(page, "officer-provider-history")


def test_a_partner_officer_sees_an_exception_read_only(page: Any, portal: RunningPortal) -> None:
    review_id = referred(portal.repositories, RECEIVED + dt.timedelta(days=1),
                         provider="browser-partner-view")
    officer(portal, "reader@north-borough.example", "North Borough Council", decides=False)
    sign_in_by_keyboard(page, "reader@north-borough.example")
    page.goto(f"/reviews/{review_id}")
    assert page.locator("input[name=verdict]").count() == 0
    assert "does not decide reviews" in page.inner_text("main")
    check_page(page, "officer-exception-read-only")


def test_the_register_is_filtered_and_exported_with_the_keyboard(
    page: Any, portal: RunningPortal,
) -> None:
    repos = portal.repositories
    load_ofsted(repos, OFSTED_SNAPSHOT.read_bytes(), OFSTED_SNAPSHOT.name)
    for provider, lot, urn, status in (
            ("browser-children-first", "3", "SC034253", EntryStatus.ACTIVE),
            ("browser-suspended", "3", "SC034253", EntryStatus.SUSPENDED)):
        repos.register.apply(provider, lot, RegisterEvent(
            event_id=f"admitted-{provider}", at=RECEIVED, actor="test", kind="admitted",
            reason="all rules passed", status_before=None, status_after=status,
            settings=(urn,)))
    officer(portal, "register@midshire.example", "Midshire County Council", decides=False)
    sign_in_by_keyboard(page, "register@midshire.example")
    follow_by_keyboard(page, 'a[href="/register"]')
    assert "browser-suspended" in page.inner_text("main")
    check_page(page, "officer-register")

    tab_to(page, "#status")
    page.keyboard.type("Suspended")  # a focused select takes the option typed
    tab_to(page, "#authority")
    page.keyboard.type("Essex")
    tab_to(page, SUBMIT)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "status=suspended" in page.url and "authority=Essex" in page.url
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1 and "browser-suspended" in rows.first.inner_text()
    check_page(page, "officer-register-filtered")

    tab_to(page, 'a[href^="/register.csv"]')
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    path = download.value.path()
    with open(path, encoding="utf-8-sig") as csv:
        lines = csv.read().splitlines()
    assert [line.split(",")[:3] for line in lines[1:]] == [["browser-suspended", "3",
                                                            "suspended"]]
