"""What the commissioning team's pages read: the queue and its clock, an exception's evidence,
the register's filters and a provider's history, over real sample files."""

from __future__ import annotations

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

import pytest

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
from fixtures import OFSTED_SNAPSHOT
from fixtures.applications import SAMPLES
from services import officer_views as views
from services.evidence_pages import EvidencePageError
from services.letters import no_pdf
from services.regulators import load_ofsted
from services.review import decide_review
from services.routing import route_decision
from services.submissions import Upload, submit
from storage.memory import InMemoryObjectStore
from storage.repositories import Repositories

LONDON = ZoneInfo("Europe/London")
SAMPLE = SAMPLES / "in-review-childrens-home"
CERTIFICATE = "ofsted-certificate-SC454901.pdf"
#: where the reader finds "Unique reference number: SC454901" on the certificate's page
URN_BOX = (48.51, 194.58, 214.71, 204.59)


def referred(repos: Repositories, received: dt.datetime, provider: str = "keys-child-care",
             findings: tuple[Finding, ...] | None = None) -> str:
    """A real submission of the in-review sample whose lot 4 a rule referred; the review's id."""
    uploads = [Upload(p.name, p.read_bytes()) for p in sorted(SAMPLE.iterdir())]
    submission = submit(repos, uploads, provider=provider, received_at=received)
    findings = findings or (Finding(
        code="ofsted-rating-requires-improvement", outcome=Outcome.REFER, lot="4",
        message="The Ofsted certificate's setting SC454901 was judged Requires improvement",
        document=CERTIFICATE, page=1, box=URN_BOX, setting="SC454901"),)
    decision = Decision(submission_id=submission.id, provider=provider, policy_version="2024.1",
                        evaluation_date=received.date(), decided_at=received,
                        lots=(LotDecision(lot="4", outcome=LotOutcome.IN_REVIEW,
                                          findings=findings, settings=("SC454901",)),))
    repos.decisions.record(decision)
    route_decision(repos, decision, received, make_pdf=no_pdf)
    (review,) = repos.reviews.of_submission(submission.id)
    return review.id


def _repos() -> Repositories:
    return Repositories(InMemoryObjectStore())


def test_the_clock_ends_ten_working_days_after_receipt_skipping_weekends_and_bank_holidays(
) -> None:
    # received Thursday 19 December 2024: Christmas, Boxing Day and New Year's Day don't count
    received = dt.datetime(2024, 12, 19, 15, tzinfo=dt.UTC)
    clock = views.assessment_clock(received, LONDON, dt.date(2025, 1, 7))
    assert (clock.received, clock.due, clock.overdue) == (
        dt.date(2024, 12, 19), dt.date(2025, 1, 7), False)
    assert views.assessment_clock(received, LONDON, dt.date(2025, 1, 8)).overdue


def test_the_day_of_receipt_is_the_councils_day_not_utcs() -> None:
    late_evening = dt.datetime(2024, 6, 30, 23, 30, tzinfo=dt.UTC)  # 1 July in London
    assert views.assessment_clock(late_evening, LONDON, dt.date(2024, 7, 1)).received == \
        dt.date(2024, 7, 1)


def test_the_queue_lists_open_reviews_the_longest_waiting_first() -> None:
    repos = _repos()
    newer = referred(repos, dt.datetime(2024, 6, 10, 9, tzinfo=dt.UTC), provider="newer")
    older = referred(repos, dt.datetime(2024, 6, 3, 9, tzinfo=dt.UTC), provider="older")
    decided = referred(repos, dt.datetime(2024, 5, 1, 9, tzinfo=dt.UTC), provider="decided")
    decide_review(repos, decided, "4", ReviewVerdict.REJECT, "J Smith", "Not enough",
                  dt.datetime(2024, 5, 2, tzinfo=dt.UTC), make_pdf=no_pdf)
    queue = views.review_queue(repos, LONDON, dt.date(2024, 6, 18))
    assert [item.review.id for item in queue] == [older, newer]
    assert [(i.clock.due, i.clock.overdue) for i in queue] == [
        (dt.date(2024, 6, 17), True), (dt.date(2024, 6, 24), False)]


def test_an_exception_lists_every_finding_with_its_file_and_only_a_pdf_page_has_an_image() -> None:
    repos = _repos()
    review_id = referred(repos, dt.datetime(2024, 6, 3, 9, tzinfo=dt.UTC), findings=(
        Finding(code="ofsted-rating-requires-improvement", outcome=Outcome.REFER, lot="4",
                message="Requires improvement", document=CERTIFICATE, page=1, box=URN_BOX),
        Finding(code="exclusion-declared", outcome=Outcome.FAIL, message="C3 answered yes",
                document="in-review-childrens-home.docx", field="C3"),
        Finding(code="company-number", outcome=Outcome.WARN, message="checked by hand"),
        Finding(code="missing-file", outcome=Outcome.REFER, message="not sent",
                document="not-sent.pdf", page=2),
    ))
    view = views.exception_view(repos, review_id, LONDON, dt.date(2024, 6, 4))
    assert view is not None
    assert [(e.index, e.file.original_name if e.file else None, e.has_page_image)
            for e in view.evidence] == [(0, CERTIFICATE, True),
                                        (1, "in-review-childrens-home.docx", False),
                                        (2, None, False), (3, None, False)]
    assert view.failed == ("exclusion-declared",)
    assert views.exception_view(repos, "no-such-review", LONDON, dt.date(2024, 6, 4)) is None


def test_page_images_are_drawn_once_per_file_page_and_box_and_the_oldest_is_let_go() -> None:
    repos = _repos()
    review_id = referred(repos, dt.datetime(2024, 6, 3, 9, tzinfo=dt.UTC))
    view = views.exception_view(repos, review_id, LONDON, dt.date(2024, 6, 4))
    assert view is not None and view.submission is not None
    file = view.evidence[0].file
    assert file is not None
    images = views.PageImages(most=1)
    first = images.get(repos, view.submission.id, file, 1, URN_BOX)
    assert first.startswith(b"\x89PNG") and images.get(
        repos, view.submission.id, file, 1, URN_BOX) is first
    plain = images.get(repos, view.submission.id, file, 1, None)
    assert plain != first  # the highlight is drawn
    assert images.get(repos, view.submission.id, file, 1, URN_BOX) is not first  # let go


def test_a_page_that_cannot_be_drawn_is_remembered_with_the_reason() -> None:
    repos = _repos()
    review_id = referred(repos, dt.datetime(2024, 6, 3, 9, tzinfo=dt.UTC))
    view = views.exception_view(repos, review_id, LONDON, dt.date(2024, 6, 4))
    assert view is not None and view.submission is not None
    file = view.evidence[0].file
    assert file is not None
    images = views.PageImages()
    assert images.problem(file, 5, URN_BOX) is None  # not tried yet
    with pytest.raises(EvidencePageError, match="page 5"):
        images.get(repos, view.submission.id, file, 5, URN_BOX)
    assert "page 5" in (images.problem(file, 5, URN_BOX) or "")
    with pytest.raises(EvidencePageError, match="page 5"):  # from memory
        images.get(repos, view.submission.id, file, 5, URN_BOX)
    assert images.problem(file, 1, URN_BOX) is None


def test_the_alt_text_says_what_is_highlighted_and_where() -> None:
    finding = Finding(code="x", outcome=Outcome.REFER, message="The limit is £1 million",
                      document="insurance-certificate.pdf", page=1, box=URN_BOX)
    assert views.highlight_words(finding) == (
        "Page 1 of insurance-certificate.pdf, with the value this finding is about "
        "highlighted: The limit is £1 million")
    unboxed = finding.model_copy(update={"box": None})
    assert "was not recorded" in views.highlight_words(unboxed)


def _admit(repos: Repositories, provider: str, lot: str, urn: str,
           status: EntryStatus = EntryStatus.ACTIVE) -> None:
    repos.register.apply(provider, lot, RegisterEvent(
        event_id=f"admitted-{provider}-{lot}", at=dt.datetime(2024, 6, 1, tzinfo=dt.UTC),
        actor="test", kind="admitted", reason="all rules passed", status_before=None,
        status_after=status, settings=(urn,)),
        judgements_at_admission={urn: "Good"})


def test_the_register_is_filtered_by_lot_status_local_authority_and_ofsted_judgement() -> None:
    repos = _repos()
    load_ofsted(repos, OFSTED_SNAPSHOT.read_bytes(), OFSTED_SNAPSHOT.name)
    _admit(repos, "children-first", "3", "SC034253")  # Essex, Outstanding
    _admit(repos, "keys-child-care", "4", "SC454901")  # Nottinghamshire, Requires improvement
    _admit(repos, "suspended-one", "4", "SC454901", EntryStatus.SUSPENDED)

    def providers(**chosen: str) -> list[str]:
        return [r.entry.provider for r in views.register_rows(repos, views.RegisterFilter(
            **chosen))]

    assert providers() == ["children-first", "keys-child-care", "suspended-one"]
    assert providers(lot="4") == ["keys-child-care", "suspended-one"]
    assert providers(lot="4", status="active") == ["keys-child-care"]
    assert providers(authority="Essex") == ["children-first"]
    assert providers(judgement="Requires improvement to be good") == [
        "keys-child-care", "suspended-one"]
    assert providers(authority="Essex", judgement="Requires improvement to be good") == []
    choices = views.filter_choices(views.register_rows(repos, views.RegisterFilter()))
    assert choices["authority"] == ("Essex", "Nottinghamshire")
    assert "4" in choices["lot"] and "1a" in choices["lot"]


def test_without_an_ofsted_snapshot_the_judgement_is_the_one_recorded_at_admission() -> None:
    repos = _repos()
    _admit(repos, "keys-child-care", "4", "SC454901")
    (row,) = views.register_rows(repos, views.RegisterFilter(judgement="Good"))
    assert (row.authorities, row.judgements) == ((), ("Good",))


def test_a_providers_history_holds_their_submissions_decisions_reviews_and_entries() -> None:
    repos = _repos()
    review_id = referred(repos, dt.datetime(2024, 6, 3, 9, tzinfo=dt.UTC))
    referred(repos, dt.datetime(2024, 6, 4, 9, tzinfo=dt.UTC), provider="someone-else")
    decide_review(repos, review_id, "4", ReviewVerdict.ACCEPT, "J Smith", "Plan seen",
                  dt.datetime(2024, 6, 5, tzinfo=dt.UTC), make_pdf=no_pdf)
    history = views.provider_history(repos, "keys-child-care")
    assert [d.provider for d in history.decisions] == ["keys-child-care"]
    assert [r.id for r in history.reviews] == [review_id]
    assert [(e.lot, e.status) for e in history.register] == [("4", EntryStatus.ACTIVE)]
    assert len(history.submissions) == 1


def test_a_word_answer_is_read_again_once_and_its_value_marked_in_its_text() -> None:
    repos = _repos()
    review_id = referred(repos, dt.datetime(2024, 6, 3, 9, tzinfo=dt.UTC))
    review = repos.reviews.get(review_id)
    assert review is not None
    (form,) = [f for f in repos.submissions.get(review.submission_id).files
               if f.original_name == "in-review-childrens-home.docx"]
    excerpts = views.Excerpts()
    excerpt = excerpts.get(repos, review.submission_id, form, "F2")
    assert excerpt is not None and excerpt.html() == "<mark>£5,000,000</mark>"
    assert excerpts.get(repos, review.submission_id, form, "Z9") is None
    certificate = form.model_copy(update={"original_name": "not-a-word-file.docx",
                                          "sha256": hashlib.sha256(b"x").hexdigest()})
    repos.submissions.add(repos.submissions.get(review.submission_id).model_copy(update={
        "id": "S-broken", "files": (certificate,)}), {certificate.sha256: b"x"})
    assert excerpts.get(repos, "S-broken", certificate, "F2") is None
