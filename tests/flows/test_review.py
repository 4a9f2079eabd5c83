"""The commissioning team's review of a referred lot: recorded, routed, refer rules only."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.models import (
    Decision,
    EntryStatus,
    Finding,
    LotDecision,
    LotOutcome,
    Outcome,
    ReviewStatus,
    ReviewVerdict,
)
from services.letters import no_pdf
from services.review import ReviewRefused, decide_review, decision_after_reviews
from services.routing import route_decision
from storage.memory import InMemoryObjectStore
from storage.repositories import Repositories

AT = dt.datetime(2024, 6, 5, 10, tzinfo=dt.UTC)
RI = Finding(code="ofsted-rating-requires-improvement", outcome=Outcome.REFER, message="grade 3",
             lot="4", setting="SC454901")


def _referred(findings: tuple[Finding, ...] = (RI,)) -> tuple[Repositories, Decision, str]:
    repos = Repositories(InMemoryObjectStore())
    decision = Decision(
        submission_id="S-1", provider="keys", policy_version="2024.1",
        evaluation_date=AT.date(), decided_at=AT,
        lots=(LotDecision(lot="4", outcome=LotOutcome.IN_REVIEW, findings=findings,
                          settings=("SC454901",)),))
    route_decision(repos, decision, AT, make_pdf=no_pdf)
    review, = repos.reviews.all()
    return repos, decision, review.id


def test_accepting_a_referred_lot_admits_it_and_records_who_when_and_why() -> None:
    repos, decision, review_id = _referred()
    later = AT + dt.timedelta(days=2)  # a review may take days
    item = decide_review(repos, review_id, "4", ReviewVerdict.ACCEPT, "J Smith",
                         "Improvement plan seen", later, make_pdf=no_pdf)
    assert (item.status, item.reviewer, item.reason) == (
        ReviewStatus.DECIDED, "J Smith", "Improvement plan seen")
    entry = repos.register.get("keys", "4")
    assert entry is not None and entry.status is EntryStatus.ACTIVE
    assert entry.settings == ("SC454901",) and entry.history[-1].actor == "reviewer:J Smith"
    assert decision_after_reviews(repos, decision).lots[0].outcome is LotOutcome.ACCEPTED
    assert [e.action for e in repos.audit.events("review:")][-1] == "review-accept"


def test_a_reviewed_admission_records_the_certificates_as_an_automatic_one_does() -> None:
    repos = Repositories(InMemoryObjectStore())
    expiry = {"insurance:public-liability": dt.date(2025, 3, 31)}
    decision = Decision(
        submission_id="S-2", provider="keys", policy_version="2024.1",
        evaluation_date=AT.date(), decided_at=AT, evidence_expiry=expiry,
        judgements={"SC454901": "Requires improvement to be good"},
        lots=(LotDecision(lot="4", outcome=LotOutcome.IN_REVIEW, findings=(RI,),
                          settings=("SC454901",)),))
    repos.decisions.record(decision)  # as the intake flow does, before routing
    route_decision(repos, decision, AT, make_pdf=no_pdf)
    (review,) = repos.reviews.all()
    decide_review(repos, review.id, "4", ReviewVerdict.ACCEPT, "J Smith", "Plan seen", AT,
                  make_pdf=no_pdf)
    entry = repos.register.get("keys", "4")
    assert entry is not None and entry.evidence_expiry == expiry
    assert entry.judgements_at_admission == {"SC454901": "Requires improvement to be good"}
    assert entry.history[-1].details["evaluation_date"] == "2024-06-05"


def test_the_same_verdict_twice_changes_nothing_and_a_different_one_is_refused() -> None:
    repos, _, review_id = _referred()
    decide_review(repos, review_id, "4", ReviewVerdict.ACCEPT, "J Smith", "ok", AT, make_pdf=no_pdf)
    decide_review(repos, review_id, "4", ReviewVerdict.ACCEPT, "J Smith", "ok", AT, make_pdf=no_pdf)
    entry = repos.register.get("keys", "4")
    assert entry is not None and len(entry.history) == 1
    with pytest.raises(ReviewRefused, match="was decided"):
        decide_review(repos, review_id, "4", ReviewVerdict.REJECT, "A Other", "no", AT,
                      make_pdf=no_pdf)


def test_a_failed_rule_cannot_be_accepted_away() -> None:
    failed = Finding(code="ofsted-rating-inadequate", outcome=Outcome.FAIL, message="4", lot="4")
    repos, _, review_id = _referred((RI, failed))
    with pytest.raises(ReviewRefused, match="ofsted-rating-inadequate"):
        decide_review(repos, review_id, "4", ReviewVerdict.ACCEPT, "J Smith", "ok", AT,
                      make_pdf=no_pdf)
    assert repos.register.get("keys", "4") is None


def test_rejecting_or_asking_for_clarification_admits_nothing() -> None:
    repos, decision, review_id = _referred()
    decide_review(repos, review_id, "4", ReviewVerdict.CLARIFY, "J Smith", "send the plan", AT,
                  make_pdf=no_pdf)
    assert repos.register.get("keys", "4") is None
    assert decision_after_reviews(repos, decision).lots[0].outcome is LotOutcome.IN_REVIEW


@pytest.mark.parametrize(("lot", "reviewer", "reason", "message"), [
    ("3", "J Smith", "ok", "is for lot 4"), ("4", "", "ok", "reviewer's name"),
    ("4", "J Smith", " ", "reason"),
])
def test_a_decision_needs_the_right_lot_a_name_and_a_reason(
    lot: str, reviewer: str, reason: str, message: str
) -> None:
    repos, _, review_id = _referred()
    with pytest.raises(ReviewRefused, match=message):
        decide_review(repos, review_id, lot, ReviewVerdict.ACCEPT, reviewer, reason, AT,
                      make_pdf=no_pdf)


def test_deciding_a_set_aside_submission_sends_no_letter_about_a_lot_it_never_had() -> None:
    from services.set_aside import WHOLE_APPLICATION, set_aside, set_aside_review_id
    from services.submissions import Upload, submit
    from storage.notices import Notices

    repos = Repositories(InMemoryObjectStore())
    submitted = submit(repos, [Upload("plan.pdf", b"%PDF-1.4 plan")], "keys", received_at=AT)
    # decided, then a later step broke and the submission was set aside for the team
    repos.decisions.record(Decision(
        submission_id=submitted.id, provider="keys", policy_version="2024.1",
        evaluation_date=AT.date(), decided_at=AT,
        lots=(LotDecision(lot="4", outcome=LotOutcome.ACCEPTED, findings=()),)))
    set_aside(repos, submitted.id, "2024.1", "the letter could not be written", AT)

    review_id = set_aside_review_id(submitted.id, "2024.1")
    decide_review(repos, review_id, WHOLE_APPLICATION, ReviewVerdict.REJECT, "J Smith",
                  "asked the provider to submit again", AT, make_pdf=no_pdf)

    assert Notices(repos.store).of(submitted.id) == []
    assert repos.register.entries() == []
    with pytest.raises(ReviewRefused, match="submission-set-aside"):
        decide_review(repos, review_id, WHOLE_APPLICATION, ReviewVerdict.ACCEPT, "J Smith",
                      "looks fine", AT, make_pdf=no_pdf)
