"""The regulator refresh end to end: a provider admitted through the real pipeline, then new
Ofsted snapshots (the real 2024 file with one judgement edited) re-judge its register entry."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import docx
import pytest

from domain.models import EntryStatus, ReviewStatus, ReviewVerdict
from domain.notices import NoticeRecord
from fixtures import OFSTED_SNAPSHOT
from fixtures.applications import SAMPLE_APPLICATIONS
from fixtures.ofsted_edits import with_judgement
from flows import settings
from services.letters import no_pdf
from services.regulators import load_ofsted
from services.review import ReviewRefused
from services.submissions import Upload, submit
from storage.notices import Notices
from storage.repositories import Repositories

AS_OF = dt.date(2024, 6, 3)
URN = "SC034253"  # Children First Fostering Agency: Outstanding in the 2024 snapshot
ORIGINAL = OFSTED_SNAPSHOT.read_bytes()


def _refresh(data: bytes, original_name: str, **options: object):  # type: ignore[no-untyped-def]
    """Keep the file, then refresh from its snapshot id, as every caller does (the flow's
    parameters are references, never the file)."""
    from flows.regulator_refresh import keep_regulator_file, refresh_regulator_data

    source = str(options.get("source", "ofsted"))
    snapshot_id = keep_regulator_file(settings.repositories(), data, source)
    return refresh_regulator_data(snapshot_id, original_name, **options)


def _with_judgement(judgement: str) -> bytes:
    """The real snapshot's bytes with only URN's overall judgement changed."""
    edited = with_judgement(URN, judgement, ORIGINAL)
    assert len(edited) - len(ORIGINAL) == len(judgement) - len("Outstanding")
    return edited


@pytest.fixture
def repos(flow_repos: Repositories) -> Iterator[Repositories]:
    from flows.intake import process_submission

    repos = flow_repos
    load_ofsted(repos, ORIGINAL, OFSTED_SNAPSHOT.name)
    sample = SAMPLE_APPLICATIONS[0]
    uploads = [Upload(path.name, path.read_bytes()) for path in sample.files()]
    submission_id = submit(repos, uploads, sample.provider).id
    assert process_submission(submission_id, AS_OF, route=True)["status"] == "accepted"
    yield repos


def test_an_inadequate_judgement_suspends_the_entry_and_opens_a_review(
    repos: Repositories,
) -> None:
    (admitted,) = repos.register.entries()
    assert admitted.lot == "3" and URN in admitted.settings

    summary = _refresh(_with_judgement("Inadequate"), "inadequate.csv")

    assert (summary.changed_rows, summary.suspended, summary.reviews_opened) == (1, 1, 1)
    assert summary.reinstatement_reviews == 0
    entry = repos.register.get(admitted.provider, "3")
    assert entry is not None and entry.status is EntryStatus.SUSPENDED
    suspension = entry.history[-1]
    assert suspension.kind == "suspended" and suspension.actor == "flow:refresh-regulator-data"
    assert suspension.status_before is EntryStatus.ACTIVE
    assert URN in suspension.reason and "Inadequate" in suspension.reason
    assert "21 February 2022" in suspension.reason
    (review,) = [r for r in repos.reviews.all() if r.id.startswith("refresh-")]
    assert (review.provider, review.lot, review.status.value) == (admitted.provider, "3", "open")
    assert [f.code for f in review.findings] == ["ofsted-rating-inadequate"]
    assert URN in review.findings[0].message
    assert any(e.action == "register-suspended" for e in repos.audit.events("register:"))


def test_running_the_refresh_again_changes_nothing(repos: Repositories) -> None:
    inadequate = _with_judgement("Inadequate")
    _refresh(inadequate, "inadequate.csv")
    entry = repos.register.entries()[0]
    reviews, audit = repos.reviews.all(), repos.audit.events()

    again = _refresh(inadequate, "inadequate.csv")

    assert not again.snapshot_created
    assert (again.changed_rows, again.suspended, again.reviews_opened) == (0, 0, 0)
    assert repos.register.entries()[0] == entry
    assert repos.reviews.all() == reviews and repos.audit.events() == audit


def test_a_good_reinspection_of_a_suspended_setting_opens_a_reinstatement_review(
    repos: Repositories,
) -> None:
    _refresh(_with_judgement("Inadequate"), "inadequate.csv")
    summary = _refresh(_with_judgement("Good"), "good-again.csv")

    assert (summary.changed_rows, summary.suspended) == (1, 0)
    assert (summary.reviews_opened, summary.reinstatement_reviews) == (1, 1)
    entry = repos.register.entries()[0]
    assert entry.status is EntryStatus.SUSPENDED  # until a reviewer reinstates it
    latest = max(repos.reviews.all(), key=lambda r: r.opened_at)
    assert [f.code for f in latest.findings] == ["ofsted-rating-improved"]
    assert "'Good'" in latest.findings[0].message


def test_a_refresh_that_leaves_registered_settings_as_they_were_changes_nothing(
    repos: Repositories,
) -> None:
    summary = _refresh(ORIGINAL, OFSTED_SNAPSHOT.name)

    assert (summary.changed_rows, summary.suspended, summary.reviews_opened) == (0, 0, 0)
    assert repos.register.entries()[0].status is EntryStatus.ACTIVE


def _letter_text(repos: Repositories, record: NoticeRecord) -> str:
    document = docx.Document(io.BytesIO(Notices(repos.store).docx(record)))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _notices(repos: Repositories, kind: str) -> list[NoticeRecord]:
    (submission,) = repos.submissions.all()
    return [n for n in Notices(repos.store).of(submission.id) if n.kind == kind]


def test_a_suspension_is_told_to_the_provider_once_with_the_reason_and_the_setting(
    repos: Repositories,
) -> None:
    inadequate = _with_judgement("Inadequate")
    _refresh(inadequate, "inadequate.csv")
    _refresh(inadequate, "inadequate.csv")

    (notice,) = _notices(repos, "suspension")  # kept with the admitting submission
    assert notice.reasons == ("ofsted-rating-inadequate",) and notice.lot == "3"
    entry = repos.register.entries()[0]
    assert notice.cause == entry.history[-1].event_id  # the suspension it tells of
    text = _letter_text(repos, notice)
    assert "We have suspended the place of Children First Fostering Agency Limited" in text
    assert f"setting {URN}" in text and "Inadequate" in text and "21 February 2022" in text
    assert "register entry children-first-fostering, lot 3" in text
    assert "Send us Ofsted's report of the setting's re-inspection" in text  # not "re-apply"
    assert "re-apply" not in text


def test_a_reviewer_reinstates_an_improved_setting_and_the_provider_is_told(
    repos: Repositories,
) -> None:
    from services.review import decide_review

    _refresh(_with_judgement("Inadequate"), "inadequate.csv")
    _refresh(_with_judgement("Good"), "good-again.csv")
    reinstating = max(repos.reviews.all(), key=lambda r: r.opened_at)
    at = settings.now()

    decide_review(repos, reinstating.id, "3", ReviewVerdict.ACCEPT, "J Smith",
                  "Re-inspected Good; monitoring visit positive", at, make_pdf=no_pdf)
    decide_review(repos, reinstating.id, "3", ReviewVerdict.ACCEPT, "J Smith",
                  "Re-inspected Good; monitoring visit positive", at,
                      make_pdf=no_pdf)  # a retry: nothing new

    entry = repos.register.entries()[0]
    assert entry.status is EntryStatus.ACTIVE
    assert [e.kind for e in entry.history] == ["admitted", "suspended", "reinstated"]
    assert entry.history[-1].actor == "reviewer:J Smith"
    (letter,) = _notices(repos, "reinstatement")
    assert "We have reinstated the place of" in _letter_text(repos, letter)
    # the reinstatement settles the suspension's review: closed, nothing left to decide there
    # (rejecting it now would suspend a setting Ofsted has judged Good since)
    suspension_review = min(repos.reviews.all(), key=lambda r: r.opened_at)
    assert suspension_review.status is ReviewStatus.CLOSED
    assert suspension_review.reason == f"superseded: review {reinstating.id} reinstated the entry"
    with pytest.raises(ReviewRefused, match="was closed on"):
        decide_review(repos, suspension_review.id, "3", ReviewVerdict.REJECT, "J Smith",
                      "no", at, make_pdf=no_pdf)
    assert repos.register.entries()[0].status is EntryStatus.ACTIVE


def test_an_inadequate_judgement_cannot_be_accepted_away(repos: Repositories) -> None:
    from services.review import decide_review

    _refresh(_with_judgement("Inadequate"), "inadequate.csv")
    (review,) = repos.reviews.all()
    with pytest.raises(ReviewRefused, match="ofsted-rating-inadequate"):
        decide_review(repos, review.id, "3", ReviewVerdict.ACCEPT, "J Smith", "no",
                      settings.now(), make_pdf=no_pdf)


def test_rejecting_a_grade_3_review_suspends_the_entry_with_a_letter(
    repos: Repositories,
) -> None:
    from services.review import decide_review

    summary = _refresh(_with_judgement("Requires improvement to be good"),
                                     "ri.csv")
    assert (summary.suspended, summary.reviews_opened) == (0, 1)
    (review,) = repos.reviews.all()
    assert repos.register.entries()[0].status is EntryStatus.ACTIVE

    decide_review(repos, review.id, "3", ReviewVerdict.REJECT, "J Smith",
                  "No credible improvement plan", settings.now(), make_pdf=no_pdf)

    entry = repos.register.entries()[0]
    assert entry.status is EntryStatus.SUSPENDED
    assert entry.history[-1].reason == "No credible improvement plan"
    (letter,) = _notices(repos, "suspension")
    assert letter.reasons == ("ofsted-rating-requires-improvement",)


def test_a_snapshot_that_comes_back_is_judged_again(repos: Repositories) -> None:
    _refresh(_with_judgement("Inadequate"), "inadequate.csv")
    _refresh(ORIGINAL, OFSTED_SNAPSHOT.name)  # suspended: Outstanding -> review
    again = _refresh(_with_judgement("Inadequate"), "inadequate-again.csv")
    # the entry is still suspended: an Inadequate row does not suspend it twice, and the
    # refresh compared with the snapshot in force (the original), not with itself
    assert again.changed_rows == 1 and again.suspended == 0


def test_a_refresh_of_a_file_never_kept_changes_nothing(repos: Repositories) -> None:
    from flows.regulator_refresh import refresh_regulator_data

    before = repos.snapshots.current("ofsted")
    with pytest.raises(LookupError, match="no ofsted file is kept as '0123456789abcdef'"):
        refresh_regulator_data("0123456789abcdef", "missing.csv")
    assert repos.snapshots.current("ofsted") == before
