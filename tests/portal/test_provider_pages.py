"""The provider's pages over HTTP (Starlette's test client): the form, a draft, uploads, the
receipt, the status page, letters, clarifications and register entries; every id of one provider
is not found (404) for another, and every page sends an anonymous caller to sign in."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from domain.models import (
    Decision,
    EntryStatus,
    Finding,
    LotDecision,
    LotOutcome,
    Outcome,
    RegisterEvent,
    ReviewVerdict,
    SubmissionState,
)
from portal.app import create_app
from services.letters import no_pdf
from services.review import decide_review
from services.routing import route_decision
from storage.memory import InMemoryObjectStore
from storage.notices import Notices
from storage.repositories import Repositories
from tests.portal.harness import PASSWORD, RunningPortal, portal_settings

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "samples" / "in-review-childrens-home"
FORMS = ROOT / "fixtures" / "templates"
ANN, BOB = "ann@acme-fostering.example", "bob@other-homes.example"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Portal:
    def __init__(self, tmp_path: Path) -> None:
        self.repos = Repositories(InMemoryObjectStore())
        settings = portal_settings(tmp_path)
        self.app = create_app(settings, self.repos)
        running = RunningPortal("", settings, self.repos, self.app)
        running.provider_user(ANN, "acme-fostering")
        running.provider_user(BOB, "other-homes")

    def client(self, email: str | None = None) -> TestClient:
        client = TestClient(self.app)
        if email:
            answer = client.post("/sign-in", data={"csrf_token": token(client, "/sign-in"),
                                                   "email": email, "password": PASSWORD})
            assert answer.status_code == 200
        return client


def token(client: TestClient, path: str = "/") -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert found is not None
    return found.group(1)


@pytest.fixture
def portal(tmp_path: Path) -> Portal:
    return Portal(tmp_path)


@pytest.fixture
def ann(portal: Portal) -> TestClient:
    return portal.client(ANN)


def start(client: TestClient) -> str:
    answer = client.post("/drafts", data={"csrf_token": token(client)}, follow_redirects=False)
    assert answer.status_code == 303
    return answer.headers["location"].rsplit("/", 1)[1]


def upload(client: TestClient, draft_id: str, *paths: Path, accept: str = "text/html"):  # type: ignore[no-untyped-def]
    files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]
    # the token first: the CSRF check reads no further than the first part
    return client.post(f"/drafts/{draft_id}/files", data={"csrf_token": token(client)},
                       files=files, headers={"accept": accept}, follow_redirects=False)


def sent(client: TestClient) -> str:
    draft_id = start(client)
    upload(client, draft_id, SAMPLE / "in-review-childrens-home.docx")
    answer = client.post(f"/drafts/{draft_id}/submit", data={"csrf_token": token(client)},
                         follow_redirects=False)
    assert answer.status_code == 303
    return answer.headers["location"].split("/")[2]


def test_the_application_form_downloads_as_word_and_as_a_fillable_pdf(ann: TestClient) -> None:
    assert "Download the application form" in ann.get("/application-form").text
    for edition, kind in (("docx", DOCX), ("pdf", "application/pdf")):
        answer = ann.get(f"/application-form/{edition}")
        assert answer.status_code == 200
        assert answer.headers["content-type"] == kind
        assert answer.headers["content-disposition"] == (
            f'attachment; filename="dps-application-form.{edition}"')
        assert answer.content == (FORMS / f"dps-application-form.{edition}").read_bytes()
    assert ann.get("/application-form/exe").status_code == 404


def test_a_started_application_is_saved_and_listed_to_come_back_to(ann: TestClient) -> None:
    draft_id = start(ann)
    assert "Your application is started" in ann.get(f"/drafts/{draft_id}").text
    listed = ann.get("/applications").text
    assert f'href="/drafts/{draft_id}"' in listed
    assert 'href="/applications"' in ann.get("/").text


def test_several_files_uploaded_at_once_each_show_their_kind_or_why_not(
    ann: TestClient,
) -> None:
    draft_id = start(ann)
    answer = upload(ann, draft_id, SAMPLE / "in-review-childrens-home.docx",
                    SAMPLE / "insurance-certificate.pdf", SAMPLE / "accounts.pdf")
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/drafts/{draft_id}#draft-files"
    page = ann.get(f"/drafts/{draft_id}").text
    assert page.count("Can be used") == 3
    assert "Application form" in page and "Insurance" in page
    # a program named as a PDF is refused by its content, with the reason in words
    fake = ann.post(f"/drafts/{draft_id}/files", data={"csrf_token": token(ann)},
                    files=[("files", ("policy.pdf", b"MZ\x90\x00" + bytes(2000),
                                      "application/pdf"))])
    assert "Cannot be used" in fake.text and "policy.pdf" in fake.text
    assert "neither a PDF nor a Word" in fake.text


def test_a_script_gets_each_files_result_as_json(ann: TestClient) -> None:
    draft_id = start(ann)
    answer = upload(ann, draft_id, SAMPLE / "accounts.pdf", accept="application/json")
    (result,) = answer.json()["files"]
    assert result["name"] == "accounts.pdf" and result["usable"] is True and result["kinds"]


def test_a_form_with_no_file_says_to_choose_one(ann: TestClient) -> None:
    draft_id = start(ann)
    answer = ann.post(f"/drafts/{draft_id}/files", data={"csrf_token": token(ann)},
                      files=[("files", ("", b"", "application/octet-stream"))])
    assert "Select one or more files to upload" in answer.text  # the draft page it returns to


def test_a_file_is_removed_from_the_application(portal: Portal, ann: TestClient) -> None:
    draft_id = start(ann)
    upload(ann, draft_id, SAMPLE / "accounts.pdf")
    (kept,) = portal.repos.drafts.get("acme-fostering", draft_id).files
    answer = ann.post(f"/drafts/{draft_id}/files/{kept.sha256}/remove",
                      data={"csrf_token": token(ann)})
    assert "accounts.pdf is removed" in answer.text
    assert portal.repos.drafts.get("acme-fostering", draft_id).files == ()


def test_sending_an_empty_application_says_what_to_do(ann: TestClient) -> None:
    draft_id = start(ann)
    answer = ann.post(f"/drafts/{draft_id}/submit", data={"csrf_token": token(ann)})
    assert "Add at least one file that can be used" in answer.text


def test_the_receipt_gives_the_reference_and_the_day_the_ten_working_days_end(
    portal: Portal, ann: TestClient,
) -> None:
    submission_id = sent(ann)
    page = ann.get(f"/submissions/{submission_id}/receipt").text
    assert submission_id in page and "Application sent" in page
    received = portal.repos.submissions.get(submission_id).received_at
    from services.provider_views import assessment_due

    due = assessment_due(received, portal.app.state.settings.zone)
    assert f"{due:%-d %B %Y}" in page


def test_an_application_sent_twice_is_one_application_and_its_draft_shows_the_receipt(
    portal: Portal, ann: TestClient,
) -> None:
    draft_id = start(ann)
    upload(ann, draft_id, SAMPLE / "in-review-childrens-home.docx")
    first, again = (ann.post(f"/drafts/{draft_id}/submit", data={"csrf_token": token(ann)},
                             follow_redirects=False) for _ in range(2))
    assert first.headers["location"] == again.headers["location"]
    assert len(portal.repos.submissions.of_provider("acme-fostering")) == 1
    reopened = ann.get(f"/drafts/{draft_id}", follow_redirects=False)
    assert reopened.headers["location"] == first.headers["location"]
    assert f'href="/drafts/{draft_id}"' not in ann.get("/applications").text


def reject_for_low_cover(repos: Repositories, submission_id: str, provider: str) -> None:
    """The decision the intake flow would route: lot 1.1a rejected for public liability cover
    below the minimum, read on page 1 of the insurance certificate."""
    at = dt.datetime.now(dt.UTC)
    low = Finding(code="public-liability-below-minimum", outcome=Outcome.FAIL, lot="1.1a",
                  message="Public liability cover is £1,000,000; the minimum is £5,000,000.",
                  document="insurance-certificate.pdf", page=1)
    decision = Decision(
        submission_id=submission_id, provider=provider, policy_version="2024.1",
        evaluation_date=at.date(), decided_at=at,
        lots=(LotDecision(lot="1.1a", outcome=LotOutcome.REJECTED, findings=(low,)),))
    repos.decisions.record(decision)
    route_decision(repos, decision, at, make_pdf=no_pdf)
    repos.submissions.set_state(submission_id, SubmissionState.REJECTED)


def test_the_status_page_gives_each_lot_every_reason_with_document_and_page_and_the_letter(
    portal: Portal, ann: TestClient,
) -> None:
    submission_id = sent(ann)
    assert "We have not finished checking" in ann.get(f"/submissions/{submission_id}").text
    reject_for_low_cover(portal.repos, submission_id, "acme-fostering")
    page = ann.get(f"/submissions/{submission_id}").text
    assert "Lot 1.1a: Not accepted" in page
    assert "the minimum is £5,000,000" in page
    assert "insurance-certificate.pdf, page 1" in page
    (record,) = Notices(portal.repos.store).of(submission_id)
    link = f"/submissions/{submission_id}/letters/{record.id}/docx"
    assert link in page
    letter = ann.get(link)
    assert (letter.status_code, letter.headers["content-type"]) == (200, DOCX)
    assert letter.headers["content-disposition"].startswith("attachment; filename=")
    assert letter.content[:2] == b"PK"
    assert ann.get(link.replace("/docx", "/pdf")).status_code == 404  # no PDF was made


def test_register_entries_and_certificates_nearing_expiry_are_shown(
    portal: Portal, ann: TestClient,
) -> None:
    soon = dt.date.today() + dt.timedelta(days=20)
    later = dt.date.today() + dt.timedelta(days=300)
    portal.repos.register.apply(
        "acme-fostering", "1.1a", RegisterEvent(event_id="admit-1", at=dt.datetime.now(dt.UTC),
                                                actor="test", kind="admitted", reason="accepted",
                                                status_before=None,
                                                status_after=EntryStatus.ACTIVE),
        evidence_expiry={"insurance:public-liability": soon,
                         "insurance:employers-liability": later})
    page = ann.get("/register-entries").text
    assert "Lots you are on" in page and "1.1a" in page
    assert f"Public liability insurance expires on {soon:%-d %B %Y}" in page
    assert "Employers liability insurance expires" not in page


def test_another_providers_ids_are_not_found(portal: Portal, ann: TestClient) -> None:
    draft_id = start(ann)
    upload(ann, draft_id, SAMPLE / "accounts.pdf")
    (kept,) = portal.repos.drafts.get("acme-fostering", draft_id).files
    submission_id = sent(ann)
    reject_for_low_cover(portal.repos, submission_id, "acme-fostering")
    (record,) = Notices(portal.repos.store).of(submission_id)
    bob = portal.client(BOB)
    csrf = {"csrf_token": token(bob)}
    for path in (f"/drafts/{draft_id}", f"/submissions/{submission_id}",
                 f"/submissions/{submission_id}/receipt",
                 f"/submissions/{submission_id}/letters/{record.id}/docx"):
        assert bob.get(path).status_code == 404, path
    for path in (f"/drafts/{draft_id}/files/{kept.sha256}/remove", f"/drafts/{draft_id}/submit"):
        assert bob.post(path, data=csrf).status_code == 404, path
    for path in (f"/drafts/{draft_id}/files", f"/submissions/{submission_id}/clarification"):
        answer = bob.post(path, data=csrf, files=[("files", ("a.pdf", b"%PDF-1.4", "x/y"))])
        assert answer.status_code == 404, path
    assert submission_id not in bob.get("/applications").text
    assert portal.repos.drafts.get("acme-fostering", draft_id).files == (kept,)


def test_every_provider_page_sends_an_anonymous_caller_to_sign_in(portal: Portal) -> None:
    anonymous = portal.client()
    for path in ("/application-form", "/application-form/pdf",
                 "/applications", "/drafts/D-1", "/submissions/S-1",
                 "/submissions/S-1/receipt", "/submissions/S-1/letters/n/docx",
                 "/register-entries"):
        answer = anonymous.get(path, follow_redirects=False)
        assert (answer.status_code, answer.headers["location"].split("?")[0]) == (
            303, "/sign-in"), path


def test_an_officer_cannot_use_the_provider_pages(portal: Portal) -> None:
    from services import accounts

    settings = portal.app.state.settings
    invited = accounts.invite_officer(portal.repos, settings, email="officer@midshire.example",
                                      authority=settings.authorities[0], decides_reviews=True,
                                      invited_by="test", now=dt.datetime.now(dt.UTC))
    accounts.set_password(portal.repos, token=invited.link.rsplit("/", 1)[1], password=PASSWORD,
                          now=dt.datetime.now(dt.UTC))
    officer = portal.client("officer@midshire.example")
    assert officer.get("/applications").status_code == 403


def _asked_to_clarify(portal: Portal, submission_id: str) -> None:
    at = dt.datetime.now(dt.UTC)
    late = Finding(code="fee-above-ceiling", outcome=Outcome.REFER, lot="1.1a",
                   message="Pricing schedule row 2 (Standard): the total fee £5,000 is above "
                           "lot 1.1a's ceiling of £4,500 per week.",
                   document="pricing-schedule.pdf", page=2)
    decision = Decision(
        submission_id=submission_id, provider="acme-fostering", policy_version="2024.1",
        evaluation_date=at.date(), decided_at=at,
        lots=(LotDecision(lot="1.1a", outcome=LotOutcome.IN_REVIEW, findings=(late,)),))
    portal.repos.decisions.record(decision)
    route_decision(portal.repos, decision, at, make_pdf=no_pdf)
    portal.repos.submissions.set_state(submission_id, SubmissionState.IN_REVIEW)
    (review,) = portal.repos.reviews.of_submission(submission_id)
    decide_review(portal.repos, review.id, "1.1a", ReviewVerdict.CLARIFY, "J Smith",
                  "Send a pricing schedule that explains the fee above the ceiling", at,
                  make_pdf=no_pdf)


def test_a_clarification_request_is_answered_by_uploading_what_was_asked_for(
    portal: Portal, ann: TestClient,
) -> None:
    submission_id = sent(ann)
    _asked_to_clarify(portal, submission_id)
    page = ann.get(f"/submissions/{submission_id}").text
    assert "Lot 1.1a: Being reviewed" in page
    assert "pricing-schedule.pdf, page 2" in page
    assert "Send a pricing schedule that explains the fee above the ceiling" in page
    answer = ann.post(f"/submissions/{submission_id}/clarification",
                      data={"csrf_token": token(ann)},
                      files=[("files", ("pricing-schedule.pdf",
                                        (SAMPLE / "pricing-schedule.pdf").read_bytes(),
                                        "application/pdf"))])
    assert "Application sent" in answer.text
    (answered,) = [s for s in portal.repos.submissions.of_provider("acme-fostering")
                   if s.answers is not None]
    assert answered.answers is not None and answered.answers.submission_id == submission_id
    assert "pricing-schedule.pdf" in {f.original_name for f in answered.files}
    # answered: the request is not asked again
    assert "We have asked you for more information" not in ann.get(
        f"/submissions/{submission_id}").text


def test_an_answer_without_a_file_or_without_a_request_says_why(
    portal: Portal, ann: TestClient,
) -> None:
    submission_id = sent(ann)
    refused = ann.post(f"/submissions/{submission_id}/clarification",
                       data={"csrf_token": token(ann)},
                       files=[("files", ("a.pdf", b"%PDF-1.4", "application/pdf"))])
    assert "We have not asked a question to answer here" in refused.text
    _asked_to_clarify(portal, submission_id)
    empty = ann.post(f"/submissions/{submission_id}/clarification",
                     data={"csrf_token": token(ann)},
                     files=[("files", ("", b"", "application/octet-stream"))])
    assert "Select the files we asked for" in empty.text


def test_files_past_the_most_a_form_may_send_are_not_kept_and_the_page_says_so(
    portal: Portal, ann: TestClient,
) -> None:
    from portal.provider_pages import MAX_FILES

    draft_id = start(ann)
    files = [("files", (f"note-{n}.pdf", b"%PDF-1.4 " + str(n).encode(), "application/pdf"))
             for n in range(MAX_FILES + 2)]
    answer = ann.post(f"/drafts/{draft_id}/files", data={"csrf_token": token(ann)},
                      files=files, headers={"accept": "application/json"})
    results = answer.json()["files"]
    assert [r["name"] for r in results if not r["kept"]] == [
        f"note-{MAX_FILES}.pdf", f"note-{MAX_FILES + 1}.pdf"]
    assert results[-1]["problem"] == (
        f"note-{MAX_FILES + 1}.pdf was not uploaded: send up to {MAX_FILES} files at a time")
    assert len(portal.repos.drafts.get("acme-fostering", draft_id).files) == MAX_FILES


def test_the_home_page_continues_a_saved_application_and_links_each_sent_one(
    ann: TestClient,
) -> None:
    saved = start(ann)
    submission_id = sent(ann)

    home = ann.get("/").text

    assert f'href="/drafts/{saved}"' in home
    assert f'href="/submissions/{submission_id}">{submission_id}</a>' in home
