"""The commissioning team's pages over HTTP: the queue, an exception with its evidence, verdicts,
the register and its exports, a provider's history, and who may see and use each."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from domain.models import EntryStatus, Finding, Outcome, RegisterEvent, ReviewStatus
from fixtures import OFSTED_SNAPSHOT
from portal import officer_pages
from portal.app import create_app
from services import accounts
from services.regulators import load_ofsted
from storage.memory import InMemoryObjectStore
from storage.repositories import Repositories
from tests.portal.harness import PASSWORD, RunningPortal, portal_settings
from tests.portal.routes import routes
from tests.services.test_officer_views import CERTIFICATE, SAMPLE, referred

LEAD = "lead.officer@midshire.example"
PARTNER = "partner.officer@north-borough.example"
PROVIDER = "ann@keys-child-care.example"
DOCX = "in-review-childrens-home.docx"


@dataclass
class Portal:
    app: RunningPortal
    repos: Repositories

    def client(self, email: str) -> TestClient:
        client = TestClient(self.app.app)
        answer = client.post("/sign-in", data={"csrf_token": token(client, "/sign-in"),
                                               "email": email, "password": PASSWORD},
                             follow_redirects=False)
        assert answer.status_code == 303, answer.text
        return client


def token(client: TestClient, path: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert found is not None
    return found.group(1)


def officer(running: RunningPortal, email: str, authority: str, decides: bool) -> None:
    invited = accounts.invite_officer(running.repositories, running.settings, email=email,
                                      authority=authority, decides_reviews=decides,
                                      invited_by="test", now=dt.datetime.now(dt.UTC))
    accounts.set_password(running.repositories, token=invited.link.rsplit("/", 1)[1],
                          password=PASSWORD, now=dt.datetime.now(dt.UTC))


@pytest.fixture
def portal(tmp_path: Path) -> Portal:
    repos = Repositories(InMemoryObjectStore())
    settings = portal_settings(tmp_path)
    running = RunningPortal("", settings, repos, create_app(settings, repos))
    officer(running, LEAD, "Midshire County Council", decides=True)
    officer(running, PARTNER, "North Borough Council", decides=False)
    running.provider_user(PROVIDER, "keys-child-care")
    return Portal(running, repos)


def _received(day: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, 9, tzinfo=dt.UTC)


def test_the_queue_shows_the_oldest_review_first_with_its_due_day_and_overdue_tag(
    portal: Portal,
) -> None:
    newer = referred(portal.repos, _received(20), provider="newer-provider")
    older = referred(portal.repos, _received(2), provider="older-provider")
    page = portal.client(LEAD).get("/reviews").text
    assert page.index(older) < page.index(newer)
    # received Monday 2 November 2026: 10 working days end on Monday 16 November
    assert "16 November 2026" in page and "Overdue" in page
    assert "2 open reviews" in page


def test_an_exception_shows_each_finding_beside_its_highlighted_page_and_the_file(
    portal: Portal,
) -> None:
    review_id = referred(portal.repos, _received(2))
    client = portal.client(LEAD)
    page = client.get(f"/reviews/{review_id}").text
    assert "judged Requires improvement" in page and f"Found in {CERTIFICATE}, page 1" in page
    image = re.search(r'<img class="app-evidence__page[^"]*" src="([^"]+)"\s+alt="([^"]+)"', page)
    assert image is not None
    assert image.group(2).startswith(f"Page 1 of {CERTIFICATE}, with the value")
    png = client.get(image.group(1))
    assert png.headers["content-type"] == "image/png" and png.content.startswith(b"\x89PNG")
    link = re.search(r'href="(/reviews/[^"]+/files/[0-9a-f]{64})"', page)
    assert link is not None
    original = client.get(link.group(1))
    assert original.content == (SAMPLE / CERTIFICATE).read_bytes()
    assert original.headers["content-disposition"] == f'attachment; filename="{CERTIFICATE}"'


def test_evidence_that_is_not_a_page_of_the_review_is_not_found(portal: Portal) -> None:
    review_id = referred(portal.repos, _received(2), findings=(Finding(
        code="no-such-question", outcome=Outcome.REFER, message="Z9 not answered",
        document="in-review-childrens-home.docx", field="Z9"),))
    other = referred(portal.repos, _received(3), provider="other")
    client = portal.client(LEAD)
    assert "has no pages to show" in client.get(f"/reviews/{review_id}").text
    assert client.get(f"/reviews/{review_id}/evidence/0").status_code == 404  # a DOCX
    assert client.get(f"/reviews/{review_id}/evidence/7").status_code == 404
    assert client.get("/reviews/no-such-review").status_code == 404
    other_review = portal.repos.reviews.get(other)
    assert other_review is not None
    sha = portal.repos.submissions.get(other_review.submission_id).files[0]
    # a file of another submission is not reachable through this review
    assert client.get(f"/reviews/{review_id}/files/{'0' * 64}").status_code == 404
    assert client.get(f"/reviews/{other}/files/{sha.sha256}").status_code == 200


def test_a_page_the_file_does_not_have_is_explained_instead_of_a_broken_image(
    portal: Portal,
) -> None:
    review_id = referred(portal.repos, _received(2), findings=(Finding(
        code="ofsted-rating-requires-improvement", outcome=Outcome.REFER, lot="4",
        message="Requires improvement", document=CERTIFICATE, page=5),))
    client = portal.client(LEAD)
    assert client.get(f"/reviews/{review_id}/evidence/0").status_code == 404
    page = client.get(f"/reviews/{review_id}").text
    assert f"Page 5 of {CERTIFICATE} cannot be shown: " in page
    assert "app-evidence__page" not in page


def test_a_word_value_is_shown_in_the_text_it_was_read_from_with_the_value_marked(
    portal: Portal,
) -> None:
    review_id = referred(portal.repos, _received(2), findings=(Finding(
        code="employers-liability-cover", outcome=Outcome.REFER, lot="4",
        message="Employers' liability cover is £5,000,000", document=DOCX, field="F2"),))
    page = portal.client(LEAD).get(f"/reviews/{review_id}").text
    assert f"What {DOCX} says in answer to question F2" in page
    assert "<mark>£5,000,000</mark>" in page


def _decide(client: TestClient, review_id: str, **form: str) -> httpx.Response:
    data = {"csrf_token": token(client, f"/reviews/{review_id}"), **form}
    return client.post(f"/reviews/{review_id}", data=data, follow_redirects=False)


def test_a_decision_needs_a_verdict_and_a_reason(portal: Portal) -> None:
    review_id = referred(portal.repos, _received(2))
    client = portal.client(LEAD)
    answer = _decide(client, review_id)
    assert answer.status_code == 400
    assert "There is a problem" in answer.text
    assert 'href="#verdict"' in answer.text and 'href="#reason"' in answer.text
    assert "Enter the reason for your decision" in answer.text
    answer = _decide(client, review_id, verdict="accept", reason="   ")
    assert answer.status_code == 400 and 'value="accept" checked' in answer.text
    review = portal.repos.reviews.get(review_id)
    assert review is not None and review.status is ReviewStatus.OPEN


def test_an_officer_who_decides_reviews_accepts_a_lot_with_a_reason(portal: Portal) -> None:
    review_id = referred(portal.repos, _received(2))
    client = portal.client(LEAD)
    answer = _decide(client, review_id, verdict="accept", reason="Improvement plan seen")
    assert (answer.status_code, answer.headers["location"]) == (303, f"/reviews/{review_id}")
    review = portal.repos.reviews.get(review_id)
    assert review is not None
    assert (review.status, review.reviewer, review.reason) == (
        ReviewStatus.DECIDED, LEAD, "Improvement plan seen")
    entry = portal.repos.register.get("keys-child-care", "4")
    assert entry is not None and entry.status is EntryStatus.ACTIVE
    page = client.get(f"/reviews/{review_id}").text
    assert "is recorded" in page and 'name="verdict"' not in page
    assert review_id not in client.get("/reviews").text


def test_a_review_decided_meanwhile_in_another_tab_is_not_decided_again(portal: Portal) -> None:
    review_id = referred(portal.repos, _received(2))
    client = portal.client(LEAD)
    form = {"csrf_token": token(client, f"/reviews/{review_id}"), "verdict": "reject",
            "reason": "Second thoughts"}
    assert _decide(client, review_id, verdict="accept", reason="Plan seen").status_code == 303
    answer = client.post(f"/reviews/{review_id}", data=form, follow_redirects=False)
    assert answer.status_code == 400
    assert f"was decided (accept) by {LEAD}" in answer.text and 'href="#decision"' in answer.text
    assert 'id="decision"' in answer.text and 'name="verdict"' not in answer.text
    review = portal.repos.reviews.get(review_id)
    assert review is not None and review.reason == "Plan seen"


def test_a_failed_rule_cannot_be_accepted_away_and_the_officer_is_told_why(
    portal: Portal,
) -> None:
    review_id = referred(portal.repos, _received(2), findings=(Finding(
        code="public-liability-too-low", outcome=Outcome.FAIL, lot="4",
        message="Public liability cover is £1 million; £5 million is required",
        document="insurance-certificate.pdf", page=1),))
    answer = _decide(portal.client(LEAD), review_id, verdict="accept", reason="Looks fine")
    assert answer.status_code == 400
    assert "a failed rule cannot be accepted away: public-liability-too-low" in answer.text
    assert "A lot that failed a rule cannot be accepted." in answer.text
    review = portal.repos.reviews.get(review_id)
    assert review is not None and review.status is ReviewStatus.OPEN


def test_a_partner_officer_without_the_role_sees_the_exception_but_cannot_decide(
    portal: Portal,
) -> None:
    review_id = referred(portal.repos, _received(2))
    client = portal.client(PARTNER)
    page = client.get(f"/reviews/{review_id}").text
    assert 'name="verdict"' not in page and "does not decide reviews" in page
    data = {"csrf_token": token(client, f"/reviews/{review_id}"), "verdict": "reject",
            "reason": "No"}
    assert client.post(f"/reviews/{review_id}", data=data).status_code == 403
    review = portal.repos.reviews.get(review_id)
    assert review is not None and review.status is ReviewStatus.OPEN


def test_a_provider_user_is_refused_every_commissioning_route(portal: Portal) -> None:
    review_id = referred(portal.repos, _received(2))  # the provider's own review, even
    sha = portal.repos.submissions.get(
        portal.repos.reviews.get(review_id).submission_id).files[0].sha256  # type: ignore[union-attr]
    client = portal.client(PROVIDER)
    headers = {"X-CSRF-Token": token(client, "/")}
    values = {"review_id": review_id, "index": "0", "sha256": sha,
              "provider_id": "keys-child-care"}
    officer_routes = [r for r in routes(portal.app.app)
                      if r.endpoint.__module__ == officer_pages.__name__]
    assert len(officer_routes) >= 8
    for route in officer_routes:
        answer = client.request(route.method, route.url(**values), headers=headers,
                                data={"verdict": "accept", "reason": "mine"})
        assert answer.status_code in (403, 404), route
    review = portal.repos.reviews.get(review_id)
    assert review is not None and review.status is ReviewStatus.OPEN


def _admit(repos: Repositories, provider: str, lot: str, urn: str,
           status: EntryStatus = EntryStatus.ACTIVE) -> None:
    repos.register.apply(provider, lot, RegisterEvent(
        event_id=f"admitted-{provider}-{lot}", at=_received(2), actor="test", kind="admitted",
        reason="all rules passed", status_before=None, status_after=status, settings=(urn,)))


@pytest.fixture
def register(portal: Portal) -> Portal:
    load_ofsted(portal.repos, OFSTED_SNAPSHOT.read_bytes(), OFSTED_SNAPSHOT.name)
    _admit(portal.repos, "children-first", "3", "SC034253")  # Essex, Outstanding
    _admit(portal.repos, "keys-child-care", "4", "SC454901")  # Nottinghamshire
    _admit(portal.repos, "suspended-one", "4", "SC454901", EntryStatus.SUSPENDED)
    return portal


def test_the_register_is_filtered_by_a_get_form(register: Portal) -> None:
    client = register.client(PARTNER)  # partner officers see the register
    page = client.get("/register").text
    assert all(p in page for p in ("children-first", "keys-child-care", "suspended-one"))
    page = client.get("/register", params={"lot": "4", "status": "active"}).text
    assert "keys-child-care" in page and "suspended-one" not in page
    assert "children-first" not in page
    assert '<option value="4" selected>' in page
    page = client.get("/register", params={"authority": "Essex"}).text
    assert "children-first" in page and "keys-child-care" not in page
    page = client.get("/register", params={"judgement": "Outstanding"}).text
    assert "children-first" in page and "keys-child-care" not in page
    assert "No entry matches" in client.get("/register", params={"lot": "1a"}).text


def test_the_register_exports_as_csv_and_xlsx_with_the_same_filters(register: Portal) -> None:
    client = register.client(LEAD)
    page = client.get("/register", params={"lot": "4"}).text
    assert 'href="/register.csv?lot=4"' in page and 'href="/register.xlsx?lot=4"' in page
    csv = client.get("/register.csv", params={"lot": "4"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.headers["content-disposition"].startswith('attachment; filename="dps-register-')
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("provider,lot,status")
    assert [line.split(",")[:3] for line in lines[1:]] == [
        ["keys-child-care", "4", "active"], ["suspended-one", "4", "suspended"]]
    xlsx = client.get("/register.xlsx", params={"authority": "Essex"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert [row[:2] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        ("children-first", "3")]


def test_a_providers_history_shows_submissions_decisions_reviews_and_register_events(
    portal: Portal,
) -> None:
    review_id = referred(portal.repos, _received(2))
    client = portal.client(LEAD)
    _decide(client, review_id, verdict="accept", reason="Improvement plan seen")
    page = client.get("/providers/keys-child-care").text
    submission = portal.repos.reviews.get(review_id).submission_id  # type: ignore[union-attr]
    assert submission in page and f'href="/reviews/{review_id}"' in page
    assert "Lot 4: in review" in page
    assert f"Accepted by {LEAD} on " in page and "because: Improvement plan seen" in page
    assert "Lot 4: Active" in page and f"admitted by {LEAD}, because" in page
    assert client.get("/providers/no-such-provider").status_code == 404


def test_a_verdict_on_the_page_emails_the_providers_users_once(tmp_path: Path) -> None:
    import bootstrap
    from portal.wiring import PortalWiring

    repos = Repositories(InMemoryObjectStore())
    settings = portal_settings(tmp_path)
    app = create_app(settings, repos, PortalWiring(notify=bootstrap.notifier(settings, repos)))
    running = RunningPortal("", settings, repos, app)
    officer(running, LEAD, "Midshire County Council", decides=True)
    running.provider_user(PROVIDER, "keys-child-care")
    review_id = referred(repos, _received(2))
    client = Portal(running, repos).client(LEAD)

    answer = _decide(client, review_id, verdict="reject", reason="No improvement plan")
    again = client.post(f"/reviews/{review_id}", follow_redirects=False, data={
        "csrf_token": token(client, f"/reviews/{review_id}"), "verdict": "reject",
        "reason": "No improvement plan"})

    assert (answer.status_code, again.status_code) == (303, 303)
    sent = [key for key in repos.store.list("outbox/") if key.endswith(".eml")]
    assert len(sent) == 1
    assert f"To: {PROVIDER}" in repos.store.get(sent[0]).data.decode()
