"""A letter issued tells the provider's users by email, once: deciding a submission, and an
officer's verdict through the API, each write one .eml per user of the provider to the outbox
(the default notification port), none to another provider's users, and none again when the
same decision or verdict is made again."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import bootstrap
from domain.models import Decision, Finding, LotDecision, LotOutcome, Outcome
from portal.app import create_app
from portal.wiring import PortalWiring
from services.letters import no_pdf
from services.routing import route_decision
from services.submissions import Upload, submit
from storage.local import LocalObjectStore
from storage.repositories import Repositories
from tests.portal.harness import RunningPortal, portal_settings
from tests.portal.test_api import (
    A_EMAIL,
    A_PROVIDER,
    B_EMAIL,
    B_PROVIDER,
    OFFICER,
    SAMPLE,
    signed_in,
    world,
)

A_COLLEAGUE = "cat@acme-fostering.example"  # invited, no password yet: told all the same


def _outbox(storage: Path) -> dict[str, Message]:
    """Each message in the outbox, by its file's name."""
    return {path.name: message_from_bytes(path.read_bytes())
            for path in (storage / "outbox").glob("*.eml")}


def _decision(submission_id: str, lots: tuple[LotDecision, ...]) -> Decision:
    now = dt.datetime.now(dt.UTC)
    return Decision(submission_id=submission_id, provider=A_PROVIDER, policy_version="2025.1",
                    evaluation_date=now.date(), decided_at=now, lots=lots)


def test_deciding_a_sample_emails_each_user_of_its_provider_once(tmp_path: Path) -> None:
    storage = tmp_path / "storage"
    repos = Repositories(LocalObjectStore(storage))
    settings = portal_settings(storage)
    running = RunningPortal("", settings, repos, create_app(settings, repos))
    running.provider_user(A_EMAIL, A_PROVIDER)
    running.invite_provider(A_COLLEAGUE, A_PROVIDER)
    running.provider_user(B_EMAIL, B_PROVIDER)
    submission = submit(repos, [Upload(p.name, p.read_bytes())
                                for p in sorted(SAMPLE.glob("*.pdf"))], A_PROVIDER)
    decision = _decision(submission.id, (LotDecision(lot="1", outcome=LotOutcome.ACCEPTED),))
    notify = bootstrap.notifier(settings, repos)
    route_decision(repos, decision, decision.decided_at, make_pdf=no_pdf, notify=notify)
    sent = list(_outbox(storage).values())
    assert sorted(message["To"] for message in sent) == [A_EMAIL, A_COLLEAGUE]
    assert all(submission.id in message["Subject"] for message in sent)
    assert all(settings.portal_url in message.get_payload() for message in sent)  # type: ignore[operator]
    route_decision(repos, decision, decision.decided_at, make_pdf=no_pdf, notify=notify)
    assert len(_outbox(storage)) == 2  # decided again: the letter exists, nobody told twice


def test_an_officers_verdict_through_the_api_emails_the_providers_users_once(
    tmp_path: Path,
) -> None:
    w = world(tmp_path)
    app = create_app(w.settings, w.repos, PortalWiring(
        notify=bootstrap.notifier(w.settings, w.repos)))
    told_before = set(_outbox(w.storage))  # world's letters were issued without notifying
    submission = submit(w.repos, [Upload("accounts.pdf", (SAMPLE / "accounts.pdf").read_bytes())],
                        A_PROVIDER)
    referred = Finding(code="ofsted-rating-requires-improvement", outcome=Outcome.REFER,
                       message="grade 3", lot="2")
    decision = _decision(submission.id, (LotDecision(lot="2", outcome=LotOutcome.IN_REVIEW,
                                                     findings=(referred,)),))
    w.repos.decisions.record(decision)
    route_decision(w.repos, decision, decision.decided_at, make_pdf=no_pdf)
    (review,) = w.repos.reviews.of_submission(submission.id)
    officer = signed_in(app, OFFICER)
    verdict = {"verdict": "reject", "reason": "No improvement plan was sent"}
    answer = officer.post(f"/api/reviews/{review.id}/verdict", json=verdict)
    assert answer.status_code == 200, answer.text
    sent = {name: m for name, m in _outbox(w.storage).items() if name not in told_before}
    assert [message["To"] for message in sent.values()] == [A_EMAIL]
    assert officer.post(f"/api/reviews/{review.id}/verdict", json=verdict).status_code == 200
    assert set(_outbox(w.storage)) == told_before | set(sent)
