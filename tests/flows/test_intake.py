"""The intake flow end to end: real DOCX bytes in, a stored decision and register out."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.models import EntryStatus, SubmissionState
from fixtures import OFSTED_SNAPSHOT
from fixtures.applications import SAMPLE_APPLICATIONS
from flows.regulators import load_ofsted
from flows.submissions import Upload, submit
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
    result = process_submission(submission_id, AS_OF)
    assert result["status"] == sample.expected_status
    (decision,) = repos.decisions.of(submission_id)
    assert {f.code for lot in decision.lots for f in lot.findings} == sample.expected_codes
    assert repos.submissions.get(submission_id).state.value == sample.expected_status


def test_running_the_flow_again_changes_nothing_and_says_so(repos: Repositories) -> None:
    from flows.intake import process_submission

    submission_id = _submit(repos, "accepted-fostering-agency.docx", "cff")
    first = process_submission(submission_id, AS_OF)
    again = process_submission(submission_id, AS_OF)
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
    process_submission(submission_id, AS_OF)
    process_submission(submission_id, AS_OF)
    (review,) = repos.reviews.all()
    assert review.lot == "4" and review.provider == "ch-07123456"
    assert [f.code for f in review.findings] == ["ofsted-rating-requires-improvement"]


def test_process_pending_decides_every_undecided_submission_once(repos: Repositories) -> None:
    from flows.intake import process_pending

    ids = [_submit(repos, s.file_name, s.provider) for s in SAMPLE_APPLICATIONS]
    results = process_pending(AS_OF)
    assert sorted(r["submission_id"] for r in results) == sorted(ids)
    assert process_pending(AS_OF) == []
    assert all(repos.submissions.get(i).state is not SubmissionState.RECEIVED for i in ids)


def test_one_submission_under_two_policy_versions_gets_two_decisions_each_naming_its_version(
    repos: Repositories,
) -> None:
    from flows.intake import process_submission

    submission_id = _submit(repos, "accepted-fostering-agency.docx", "cff")
    first = process_submission(submission_id, AS_OF)  # 2024.1 is in force on 3 June 2024
    second = process_submission(submission_id, AS_OF, "2025.1")
    assert (first["policy_version"], second["policy_version"]) == ("2024.1", "2025.1")
    assert [d.policy_version for d in repos.decisions.of(submission_id)] == ["2024.1", "2025.1"]
    (entry,) = repos.register.entries()
    assert len(entry.history) == 2  # one admission event per decision, one entry


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
    process_pending(AS_OF)
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
    state = process_submission(submission_id, AS_OF, return_state=True)
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
