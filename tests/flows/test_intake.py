"""The intake flow end to end: real DOCX bytes in, a stored decision and register out."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.models import EntryStatus, SubmissionState
from fixtures import OFSTED_SNAPSHOT
from fixtures.applications import SAMPLE_APPLICATIONS
from services.regulators import load_ofsted
from services.submissions import Upload, submit
from storage.repositories import Repositories

AS_OF = dt.date(2024, 6, 3)


@pytest.fixture
def repos(flow_repos: Repositories) -> Repositories:
    load_ofsted(flow_repos, OFSTED_SNAPSHOT.read_bytes(), OFSTED_SNAPSHOT.name)
    return flow_repos


def _submit(repos: Repositories, file_name: str, provider: str | None = None) -> str:
    sample = next(s for s in SAMPLE_APPLICATIONS if s.file_name == file_name)
    uploads = [Upload(path.name, path.read_bytes()) for path in sample.files()]
    return submit(repos, uploads, provider).id


@pytest.mark.parametrize("sample", SAMPLE_APPLICATIONS, ids=lambda s: s.file_name)
def test_each_sample_gets_its_expected_decision_and_reasons(repos: Repositories, sample) -> None:  # type: ignore[no-untyped-def]
    from flows.intake import process_submission

    submission_id = _submit(repos, sample.file_name, sample.provider)
    result = process_submission(submission_id, AS_OF, route=True)
    assert result["status"] == sample.expected_status
    (decision,) = repos.decisions.of(submission_id)
    assert {f.code for lot in decision.lots for f in lot.findings} == sample.expected_codes
    assert repos.submissions.get(submission_id).state.value == sample.expected_status


def test_running_the_flow_again_changes_nothing_and_says_so(repos: Repositories) -> None:
    from flows.intake import process_submission

    submission_id = _submit(repos, "accepted-fostering-agency.docx", "cff")
    first = process_submission(submission_id, AS_OF, route=True)
    again = process_submission(submission_id, AS_OF, route=True)
    assert first["already_decided"] is False and again["already_decided"] is True
    assert len(repos.decisions.of(submission_id)) == 1
    (entry,) = repos.register.entries()
    assert (entry.provider, entry.lot, entry.status) == ("cff", "3", EntryStatus.ACTIVE)
    assert len(entry.history) == 1
    assert entry.judgements_at_admission == {"SC034253": "Outstanding"}
    assert len([e for e in repos.audit.events() if e.action == "register-admitted"]) == 1


def test_the_in_review_lot_opens_one_review(repos: Repositories) -> None:
    from flows.intake import process_submission

    submission_id = _submit(repos, "in-review-childrens-home.docx")
    process_submission(submission_id, AS_OF, route=True)
    process_submission(submission_id, AS_OF, route=True)
    (review,) = repos.reviews.all()
    assert review.lot == "4" and review.provider == "ch-07123456"
    assert [f.code for f in review.findings] == ["ofsted-rating-requires-improvement"]


def test_process_pending_decides_every_undecided_submission_once(repos: Repositories) -> None:
    from flows.intake import process_pending

    ids = [_submit(repos, s.file_name, s.provider) for s in SAMPLE_APPLICATIONS]
    results = process_pending(AS_OF, route=True)
    assert sorted(r["submission_id"] for r in results) == sorted(ids)
    assert process_pending(AS_OF, route=True) == []
    assert all(repos.submissions.get(i).state is not SubmissionState.RECEIVED for i in ids)


def test_a_decision_under_a_policy_not_in_force_is_a_what_if_that_routes_nothing(
    repos: Repositories,
) -> None:
    from flows.intake import process_submission
    from storage.notices import Notices

    submission_id = _submit(repos, "accepted-fostering-agency.docx", "cff")
    first = process_submission(submission_id, AS_OF, route=True)  # 2024.1 in force on 3 June
    what_if = process_submission(submission_id, AS_OF, "2025.1")
    again = process_submission(submission_id, AS_OF, "2025.1")
    assert (first["what_if"], what_if["what_if"], what_if["status"]) == (False, True, "accepted")
    assert again["already_decided"] is True
    assert [d.policy_version for d in repos.decisions.of(submission_id)] == ["2024.1"]
    (kept,) = repos.decisions.what_ifs(submission_id)
    assert (kept.policy_version, kept.evaluation_date, kept.what_if) == ("2025.1", AS_OF, True)
    (entry,) = repos.register.entries()
    assert len(entry.history) == 1  # no second admission
    assert len(Notices(repos.store).of(submission_id)) == 1  # no second acceptance letter
    assert repos.submissions.get(submission_id).state is SubmissionState.ACCEPTED


def test_one_submission_routed_under_two_policy_versions_gets_two_decisions_each_naming_its_version(
    repos: Repositories,
) -> None:
    from flows.intake import process_submission

    submission_id = _submit(repos, "accepted-fostering-agency.docx", "cff")
    first = process_submission(submission_id, AS_OF, route=True)  # 2024.1 in force on 3 June
    second = process_submission(submission_id, AS_OF, "2025.1", route=True)  # deliberately
    assert (first["policy_version"], second["policy_version"]) == ("2024.1", "2025.1")
    assert [d.policy_version for d in repos.decisions.of(submission_id)] == ["2024.1", "2025.1"]
    (entry,) = repos.register.entries()
    assert len(entry.history) == 2  # one admission event per decision, one entry


def test_a_date_other_than_today_is_a_what_if_unless_routed() -> None:
    from flows.intake import is_real_decision
    from validators.policy import bundled_policy

    today = dt.date(2026, 12, 3)
    assert is_real_decision(bundled_policy("2025.1"), today, today)
    assert not is_real_decision(bundled_policy("2024.1"), today, today)  # not in force
    assert not is_real_decision(bundled_policy("2025.1"), dt.date(2030, 1, 1), today)
    assert not is_real_decision(bundled_policy("2024.1"), AS_OF, today)


def test_a_run_that_died_after_storing_the_decision_is_finished_by_the_next_run(
    repos: Repositories,
) -> None:
    from flows.intake import evaluate, extract_file, pending_submissions, process_pending
    from validators.policy import bundled_policy

    submission_id = _submit(repos, "accepted-fostering-agency.docx", "cff")
    submission = repos.submissions.get(submission_id)
    documents = [extract_file.fn(submission_id, stored) for stored in submission.files]
    decision = evaluate.fn(submission_id, documents, AS_OF, bundled_policy("2024.1"))
    assert repos.decisions.record(decision)  # ... and the process is killed here
    assert pending_submissions(repos, "2024.1") == [submission_id]
    process_pending(AS_OF, route=True)
    assert pending_submissions(repos, "2024.1") == []
    assert repos.submissions.get(submission_id).state is SubmissionState.ACCEPTED
    assert len(repos.decisions.of(submission_id)) == 1
    entry, = repos.register.entries()
    assert len(entry.history) == 1


def test_a_rejection_is_a_completed_run_with_its_reasons_as_artifacts(repos: Repositories) -> None:
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.intake import process_submission

    submission_id = _submit(repos, "rejected-fostering-agency-low-public-liability.docx")
    state = process_submission(submission_id, AS_OF, route=True, return_state=True)
    assert state.is_completed() and state.result()["status"] == "rejected"

    async def read(key: str):  # type: ignore[no-untyped-def]
        async with get_client() as client:
            found = await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])))
        return found

    page, = asyncio.run(read(f"rejection-{submission_id.lower()}-3"))
    assert "public-liability-below-minimum" in page.data
    assert "insurance-certificate.pdf" in page.data
    table, = asyncio.run(read(f"decision-{submission_id.lower()}"))
    assert "rejected" in str(table.data)


def test_a_submission_that_breaks_a_step_is_set_aside_once_and_the_next_is_still_decided(
    repos: Repositories,
) -> None:
    from flows.intake import pending_submissions, process_pending
    from services.set_aside import set_aside_reason
    from storage import keys

    broken = _submit(repos, "accepted-fostering-agency.docx", "cff")
    good = _submit(repos, "rejected-fostering-agency-low-public-liability.docx")
    kept = repos.submissions.get(broken).files[0]
    # a file lost from the store (a restore that missed it), under the local adapter's root
    repos.store.root.joinpath(*keys.original_file(broken, kept.sha256).split("/")).unlink()

    results = process_pending(AS_OF, route=True)

    assert {r["submission_id"]: r["status"] for r in results} == {
        broken: "failed", good: "rejected"}
    assert repos.submissions.get(broken).state is SubmissionState.FAILED
    assert repos.submissions.get(good).state is SubmissionState.REJECTED
    assert "ObjectNotFound" in (set_aside_reason(repos, broken) or "")
    (review,) = repos.reviews.all()
    assert (review.submission_id, review.lot, review.findings[0].outcome.value) == (
        broken, "all", "fail")  # a reviewer cannot accept it onto the register
    assert pending_submissions(repos, "2024.1") == []  # it waits for the team, not a re-run
    assert repos.decisions.of(broken) == [] and repos.register.entries() == []
