"""A clarification end to end, on the real pipeline: a pricing schedule whose total does not add
up is referred; the reviewer asks the provider; the provider sends a corrected schedule; the same
application, re-validated with it, is admitted on that lot; each step says what answered what."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import io
import json
from typing import Any

import pytest

from domain.models import EntryStatus, LotOutcome, ReviewVerdict
from fixtures import OFSTED_SNAPSHOT
from fixtures.applications import SAMPLE_APPLICATIONS
from fixtures.demo_documents import pricing_schedule
from fixtures.supporting.render import to_pdf
from flows import settings
from services.clarifications import ClarificationRefused, answer_clarification
from services.regulators import load_ofsted
from services.submissions import Upload, submit
from storage.notices import Notices
from storage.repositories import Repositories

AS_OF = dt.date(2024, 6, 3)
ACCEPTED = SAMPLE_APPLICATIONS[0]
SCHEDULE = "pricing-schedule.pdf"


def _mistotalled_schedule() -> bytes:
    """The sample's schedule with the first row's total £40 more than its parts."""
    fees = list(ACCEPTED.supporting.fees)
    fees[0] = (*fees[0][:5], "990.00")
    return to_pdf(pricing_schedule(dataclasses.replace(ACCEPTED.supporting, fees=tuple(fees))))


@pytest.fixture
def repos(flow_repos: Repositories) -> Repositories:
    load_ofsted(flow_repos, OFSTED_SNAPSHOT.read_bytes(), OFSTED_SNAPSHOT.name)
    return flow_repos


def test_the_answer_re_validates_the_same_application_and_admits_the_lot(
    repos: Repositories,
) -> None:
    from flows.intake import process_submission
    from services.letters import no_pdf
    from services.review import decide_review

    uploads = [Upload(p.name, _mistotalled_schedule() if p.name == SCHEDULE else p.read_bytes())
               for p in ACCEPTED.files()]
    application = submit(repos, uploads, ACCEPTED.provider)
    assert process_submission(application.id, AS_OF, route=True)["status"] == "in-review"
    (review,) = repos.reviews.all()
    assert {f.code for f in review.findings} == {"pricing-total-mismatch"}
    decide_review(repos, review.id, "3", ReviewVerdict.CLARIFY, "J Smith",
                  "Ask for a corrected schedule", settings.now(), make_pdf=no_pdf)
    (letter,) = Notices(repos.store).of(application.id)
    assert (letter.kind.value, letter.reasons) == ("clarification", ("pricing-total-mismatch",))

    corrected = (ACCEPTED.folder / SCHEDULE).read_bytes()
    answer = answer_clarification(repos, application.id, [Upload(SCHEDULE, corrected)])

    assert answer.answers is not None and answer.answers.lots == ("3",)
    assert answer.provider == ACCEPTED.provider
    # the application's files, the schedule replaced, each kept byte for byte
    names = sorted(f.original_name for f in answer.files)
    assert names == sorted(p.name for p in ACCEPTED.files())
    kept = {f.original_name: repos.submissions.original(answer.id, f.sha256)
            for f in answer.files}
    assert kept[SCHEDULE] == corrected
    assert repos.reviews.get(review.id).answered_by == answer.id  # type: ignore[union-attr]

    assert process_submission(answer.id, AS_OF, route=True)["status"] == "accepted"
    (decision,) = repos.decisions.of(answer.id)
    assert [(lot.lot, lot.outcome) for lot in decision.lots] == [("3", LotOutcome.ACCEPTED)]
    entry = repos.register.get(ACCEPTED.provider, "3")
    assert entry is not None and entry.status is EntryStatus.ACTIVE
    assert entry.history[-1].details["submission"] == answer.id
    assert [n.kind.value for n in Notices(repos.store).of(answer.id)] == ["acceptance"]
    assert any(e.action == "clarification-received" for e in repos.audit.events("review:"))

    # `dps status` of each names the other
    assert _status(application.id)["clarifications"] == [
        {"lot": "3", "review": review.id, "answered_by": answer.id,
         "text": f"answered by {answer.id}"}]
    (link,) = _status(answer.id)["clarifications"]
    assert (link["lot"], link["answers"]) == ("3", application.id)


def _status(submission_id: str) -> dict[str, Any]:
    from cli.commands import status

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status(argparse.Namespace(id=submission_id, json=True))
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def test_only_a_lot_a_reviewer_asked_about_can_be_answered(repos: Repositories) -> None:
    from flows.intake import process_submission

    application = submit(repos, [Upload(p.name, p.read_bytes()) for p in ACCEPTED.files()],
                         ACCEPTED.provider)
    process_submission(application.id, AS_OF, route=True)
    upload = [Upload(SCHEDULE, b"%PDF-1.4")]
    with pytest.raises(ClarificationRefused, match="has no clarification request"):
        answer_clarification(repos, application.id, upload)
    assert len(list(repos.submissions.all())) == 1  # nothing stored for a refused answer
