"""The HTTP API over HTTP (Starlette's test client): API tokens made, used and revoked; a
provider's applications, their status per lot and their letters; an application and a
clarification answer sent as streamed multipart; the review queue and a verdict for officers.

`world` builds two providers (A and B), an officer, and A's data: a submission of real files,
decided, with a letter and a clarification request, a token and a draft. The cross-account
tests (test_cross_account.py) use it too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from domain.models import (
    Decision,
    Finding,
    LotDecision,
    LotOutcome,
    Outcome,
    ReviewStatus,
    ReviewVerdict,
    SubmissionState,
)
from portal.app import create_app
from services import accounts, api_tokens, uploads
from services.letters import no_pdf
from services.review import decide_review
from services.routing import route_decision
from services.settings import Settings
from services.submissions import Upload, submit
from storage.local import LocalObjectStore
from storage.notices import Notices
from storage.repositories import Repositories
from tests.portal.harness import PASSWORD, RunningPortal, portal_settings

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "samples" / "in-review-childrens-home"
A_EMAIL, A_PROVIDER = "ann@acme-fostering.example", "acme-fostering"
B_EMAIL, B_PROVIDER = "bob@bright-homes.example", "bright-homes"
OFFICER = "olu@midshire.example"
ASKED = "Send your current public liability insurance certificate"
FOUND = ("The form declares £5,000,000 for public liability; the certificates show "
         "£2,000,000")


@dataclass
class World:
    app: FastAPI
    repos: Repositories
    settings: Settings
    storage: Path
    submission_id: str
    file_sha256: str
    review_id: str
    letter_id: str
    draft_id: str
    a_token: api_tokens.IssuedToken
    b_token: api_tokens.IssuedToken


def world(tmp_path: Path) -> World:
    storage = tmp_path / "storage"
    repos = Repositories(LocalObjectStore(storage))
    settings = portal_settings(storage)
    app = create_app(settings, repos)
    running = RunningPortal("", settings, repos, app)
    running.provider_user(A_EMAIL, A_PROVIDER)
    running.provider_user(B_EMAIL, B_PROVIDER)
    now = dt.datetime.now(dt.UTC)
    link = accounts.invite_officer(repos, settings, email=OFFICER,
                                   authority=settings.council_name, decides_reviews=True,
                                   invited_by="test", now=now).link
    accounts.set_password(repos, token=link.rsplit("/", 1)[1], password=PASSWORD, now=now)
    insurance = (SAMPLE / "insurance-certificate.pdf").read_bytes()
    submission = submit(repos, [Upload("insurance-certificate.pdf", insurance),
                                Upload("accounts.pdf", (SAMPLE / "accounts.pdf").read_bytes())],
                        A_PROVIDER)
    review_id, letter_id = _decided_with_clarification(repos, submission.id, now)
    draft = uploads.start_draft(repos, A_PROVIDER, now=now)
    kept = uploads.receive_file(repos, A_PROVIDER, draft.id, "insurance-certificate.pdf",
                                [insurance], now=now)
    tokens = [api_tokens.create_token(repos, _account(repos, email), "our case system", now)
              for email in (A_EMAIL, B_EMAIL)]
    return World(app, repos, settings, storage, submission.id, kept.sha256, review_id,
                 letter_id, draft.id, *tokens)


def _decided_with_clarification(repos: Repositories, submission_id: str,
                                now: dt.datetime) -> tuple[str, str]:
    """Lot 1 accepted (a letter), lot 4 referred and a clarification asked on it."""
    referred = Finding(code="insurance-declaration-mismatch", outcome=Outcome.REFER,
                       message=FOUND,
                       document="insurance-certificate.pdf", page=1, lot="4")
    decision = Decision(submission_id=submission_id, provider=A_PROVIDER, policy_version="2025.1",
                        evaluation_date=now.date(), decided_at=now,
                        lots=(LotDecision(lot="1", outcome=LotOutcome.ACCEPTED),
                              LotDecision(lot="4", outcome=LotOutcome.IN_REVIEW,
                                          findings=(referred,))))
    repos.decisions.record(decision)
    route_decision(repos, decision, now, make_pdf=no_pdf)
    repos.submissions.set_state(submission_id, SubmissionState.PARTIALLY_ACCEPTED)
    (review,) = repos.reviews.of_submission(submission_id)
    decide_review(repos, review.id, "4", ReviewVerdict.CLARIFY, OFFICER, ASKED, now,
                  make_pdf=no_pdf)
    letter = Notices(repos.store).of(submission_id)[0]
    return review.id, letter.id


def _account(repos: Repositories, email: str) -> accounts.Account:
    account = repos.accounts.get(email)
    assert account is not None
    return account


def csrf(client: TestClient, path: str = "/") -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert found is not None
    return found.group(1)


def signed_in(app: FastAPI, email: str) -> TestClient:
    """A client with a session of `email`; its requests carry the session's CSRF token."""
    client = TestClient(app)
    answer = client.post("/sign-in", data={"csrf_token": csrf(client, "/sign-in"),
                                           "email": email, "password": PASSWORD},
                         follow_redirects=False)
    assert answer.status_code == 303
    client.headers["X-CSRF-Token"] = csrf(client)
    return client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def w(tmp_path: Path) -> World:
    return world(tmp_path)


def test_a_token_is_shown_once_kept_as_its_sha256_and_lists_the_providers_applications(
    w: World,
) -> None:
    client = signed_in(w.app, A_EMAIL)
    page = client.post("/account/api-tokens", data={"name": "  nightly   sync "})
    assert page.status_code == 200 and "You will not be able to see it again" in page.text
    token = re.search(r'value="(dps_[0-9a-f]{16}_[\w-]{43})"', page.text)
    assert token is not None
    assert token.group(1) not in client.get("/account/api-tokens").text  # shown once only
    stored = b"".join(path.read_bytes() for path in w.storage.rglob("*") if path.is_file())
    assert token.group(1).encode() not in stored
    assert api_tokens.digest(token.group(1)).encode() in stored
    listed = TestClient(w.app).get("/api/submissions", headers=bearer(token.group(1)))
    assert [s["id"] for s in listed.json()] == [w.submission_id]
    audit = [e for e in w.repos.audit.events("provider:") if e.actor == f"account:{A_EMAIL}"]
    assert [e.action for e in audit][-1] == "api-token-created"


def test_a_revoked_token_and_a_wrong_one_are_refused_and_the_revocation_is_audited(
    w: World,
) -> None:
    anyone = TestClient(w.app)
    assert anyone.get("/api/submissions", headers=bearer(w.a_token.token)).status_code == 200
    client = signed_in(w.app, A_EMAIL)
    answer = client.post(f"/account/api-tokens/{w.a_token.record.id}/revoke",
                         follow_redirects=False)
    assert answer.status_code == 303
    assert "is revoked" in client.get("/account/api-tokens").text
    for header in (bearer(w.a_token.token), bearer(w.a_token.token[:-1] + "A"),
                   bearer("dps_0000000000000000_" + "x" * 43), {"Authorization": "Basic eA=="}):
        refused = anyone.get("/api/submissions", headers=header)
        assert (refused.status_code, refused.json()) == (401, {"detail": "Not signed in"})
    actions = [e.action for e in w.repos.audit.events(f"provider:{A_PROVIDER}")]
    assert actions == ["api-token-created", "api-token-revoked"]


def test_a_token_stops_working_when_its_maker_no_longer_belongs_to_the_provider(
    w: World,
) -> None:
    w.repos.accounts.update(A_EMAIL, lambda a: a.model_copy(update={"provider_id": "elsewhere"})
                            if a else None)
    assert TestClient(w.app).get("/api/submissions",
                                 headers=bearer(w.a_token.token)).status_code == 401


def test_with_a_token_the_session_cookie_is_not_used(w: World) -> None:
    client = signed_in(w.app, A_EMAIL)
    assert client.get("/api/submissions").status_code == 200
    assert client.get("/api/submissions", headers=bearer("not-a-token")).status_code == 401
    mine = client.get("/api/submissions", headers=bearer(w.b_token.token)).json()
    assert mine == []  # B's token: B's applications, whoever's cookie came along


def test_the_status_gives_each_lot_with_its_reasons_document_page_and_what_was_asked(
    w: World,
) -> None:
    answer = TestClient(w.app).get(f"/api/submissions/{w.submission_id}",
                                   headers=bearer(w.a_token.token))
    status = answer.json()
    assert status["state"] == "partially-accepted"
    assert [f["name"] for f in status["files"]] == ["insurance-certificate.pdf", "accounts.pdf"]
    lots = {lot["lot"]: lot for lot in status["lots"]}
    assert lots["1"] == {"lot": "1", "outcome": "accepted", "reasons": [],
                         "clarification_asked": None}
    assert lots["4"]["outcome"] == "in-review" and lots["4"]["clarification_asked"] == ASKED
    (reason,) = lots["4"]["reasons"]
    assert reason == {"code": "insurance-declaration-mismatch", "outcome": "refer",
                      "message": FOUND,
                      "document": "insurance-certificate.pdf", "page": 1}


def test_letters_are_listed_and_downloaded_as_docx(w: World) -> None:
    client = TestClient(w.app, headers=bearer(w.a_token.token))
    letters = client.get(f"/api/submissions/{w.submission_id}/letters").json()
    assert {(letter["kind"], letter["lot"]) for letter in letters} == {
        ("acceptance", "1"), ("clarification", "4")}
    first = next(letter for letter in letters if letter["id"] == w.letter_id)
    assert set(first["downloads"]) == {"docx"}  # no PDF was made (no_pdf)
    download = client.get(first["downloads"]["docx"])
    assert download.status_code == 200
    assert download.content[:2] == b"PK"  # a DOCX is a zip
    assert download.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert client.get(first["downloads"]["docx"].replace("/docx", "/pdf")).status_code == 404
    assert client.get(f"/api/submissions/{w.submission_id}/letters/..%2Fx/docx").status_code \
        == 404


def test_an_application_sent_by_the_api_is_streamed_checked_and_kept_once(w: World) -> None:
    client = TestClient(w.app, headers=bearer(w.b_token.token))
    files = [("files", (p.name, p.read_bytes(), "application/octet-stream"))
             for p in (SAMPLE / "insurance-certificate.pdf", SAMPLE / "accounts.pdf")]
    answer = client.post("/api/submissions", files=files)
    assert answer.status_code == 201, answer.text
    sent = answer.json()
    assert [f["name"] for f in sent["files"]] == ["insurance-certificate.pdf", "accounts.pdf"]
    assert all(f["problem"] is None for f in sent["files"])
    kept = w.repos.submissions.get(sent["id"])
    assert kept.provider == B_PROVIDER
    assert kept.files[0].sha256 == w.file_sha256  # byte for byte
    assert [s["id"] for s in client.get("/api/submissions").json()] == [sent["id"]]


def test_an_application_with_a_file_that_cannot_be_used_is_not_sent(w: World) -> None:
    client = TestClient(w.app, headers=bearer(w.b_token.token))
    files = [("files", ("insurance.pdf", (SAMPLE / "insurance-certificate.pdf").read_bytes(),
                        "application/pdf")),
             ("files", ("policy.pdf", b"MZ\x90\x00" + b"\x00" * 4000, "application/pdf"))]
    answer = client.post("/api/submissions", files=files)
    assert answer.status_code == 422
    problems = {f["name"]: f["problem"] for f in answer.json()["detail"]["files"]}
    assert problems["insurance.pdf"] is None and problems["policy.pdf"]
    assert w.repos.submissions.of_provider(B_PROVIDER) == []
    draft = w.repos.drafts.get(B_PROVIDER, answer.json()["detail"]["draft"])
    assert [f.name for f in draft.files] == ["insurance.pdf", "policy.pdf"]  # to finish on a page


def test_a_clarification_is_answered_with_the_documents_asked_for(w: World) -> None:
    client = TestClient(w.app, headers=bearer(w.a_token.token))
    new = (SAMPLE / "insurance-certificate.pdf").read_bytes()
    answer = client.post(f"/api/submissions/{w.submission_id}/clarifications",
                         data={"lots": "4"},
                         files=[("files", ("insurance-certificate.pdf", new, "application/pdf"))])
    assert answer.status_code == 201, answer.text
    resubmission = w.repos.submissions.get(answer.json()["id"])
    assert resubmission.answers is not None and resubmission.answers.lots == ("4",)
    review = w.repos.reviews.get(w.review_id)
    assert review is not None and review.answered_by == resubmission.id
    again = client.post(f"/api/submissions/{w.submission_id}/clarifications",
                        data={"lots": "1"},
                        files=[("files", ("accounts.pdf", new, "application/pdf"))])
    assert again.status_code == 409 and "no clarification was asked on lot 1" in again.text


def test_an_officer_sees_the_queue_and_decides_with_a_reason_by_session_only(w: World) -> None:
    submission = submit(w.repos, [Upload("a.pdf", (SAMPLE / "accounts.pdf").read_bytes())],
                        A_PROVIDER)
    now = dt.datetime.now(dt.UTC)
    route_decision(w.repos, Decision(
        submission_id=submission.id, provider=A_PROVIDER, policy_version="2025.1",
        evaluation_date=now.date(), decided_at=now, lots=(LotDecision(
            lot="2", outcome=LotOutcome.IN_REVIEW, findings=(Finding(
                code="ofsted-rating-requires-improvement", outcome=Outcome.REFER,
                message="grade 3", lot="2"),)),)), now, make_pdf=no_pdf)
    officer = signed_in(w.app, OFFICER)
    queue = officer.get("/api/reviews").json()
    assert [r["submission_id"] for r in queue] == [submission.id]
    path = f"/api/reviews/{queue[0]['id']}/verdict"
    assert officer.post(path, json={"verdict": "accept", "reason": " "}).status_code == 422
    assert officer.post(path, json={"verdict": "accept"}).status_code == 422
    decided = officer.post(path, json={"verdict": "accept", "reason": "Improvement plan seen"})
    assert decided.status_code == 200, decided.text
    assert decided.json()["reviewer"] == OFFICER and decided.json()["verdict"] == "accept"
    item = w.repos.reviews.get(queue[0]["id"])
    assert item is not None and item.status is ReviewStatus.DECIDED
    assert officer.post(path, json={"verdict": "reject", "reason": "no"}).status_code == 409
    for client in (TestClient(w.app, headers=bearer(w.a_token.token)), signed_in(w.app, A_EMAIL)):
        assert client.get("/api/reviews").status_code == 403


def test_a_session_call_to_the_api_that_changes_something_needs_the_csrf_token(
    w: World,
) -> None:
    client = signed_in(w.app, A_EMAIL)
    del client.headers["X-CSRF-Token"]
    files = [("files", ("a.pdf", (SAMPLE / "accounts.pdf").read_bytes(), "application/pdf"))]
    assert client.post("/api/submissions", files=files).status_code == 403
    assert client.post("/account/api-tokens", data={"name": "x"}).status_code == 403
    assert len(w.repos.submissions.of_provider(A_PROVIDER)) == 1
    assert len(w.repos.api_tokens.of_provider(A_PROVIDER)) == 1


def test_the_openapi_schema_documents_the_api(w: World) -> None:
    schema = signed_in(w.app, A_EMAIL).get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/submissions", "/api/submissions/{submission_id}",
                 "/api/submissions/{submission_id}/letters",
                 "/api/submissions/{submission_id}/clarifications", "/api/reviews",
                 "/api/reviews/{review_id}/verdict"):
        assert path in paths, path
    assert "SubmissionDetail" in schema["components"]["schemas"]
    upload = paths["/api/submissions"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert upload["schema"]["properties"]["files"]["items"]["format"] == "binary"
    assert "/account/api-tokens" not in paths


def test_officers_have_no_tokens_and_a_partner_officer_without_the_role_cannot_decide(
    w: World,
) -> None:
    officer = signed_in(w.app, OFFICER)
    assert officer.get("/account/api-tokens").status_code == 403
    with pytest.raises(api_tokens.TokenRefused):
        api_tokens.create_token(w.repos, _account(w.repos, OFFICER), "x", dt.datetime.now(dt.UTC))
    now = dt.datetime.now(dt.UTC)
    partner = "pat@north-borough.example"
    link = accounts.invite_officer(w.repos, w.settings, email=partner,
                                   authority="North Borough Council", decides_reviews=False,
                                   invited_by="test", now=now).link
    accounts.set_password(w.repos, token=link.rsplit("/", 1)[1], password=PASSWORD, now=now)
    client = signed_in(w.app, partner)
    assert client.get("/api/reviews").status_code == 200  # partners see the queue
    refused = client.post(f"/api/reviews/{w.review_id}/verdict",
                          json={"verdict": "accept", "reason": "x"})
    assert refused.status_code == 403
