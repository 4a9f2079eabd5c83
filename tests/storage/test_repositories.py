"""The repositories over every object-store adapter: one contract, four backends."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from domain.models import (
    AuditEvent,
    Decision,
    EntryStatus,
    LotDecision,
    LotOutcome,
    RegisterEvent,
    StoredFile,
    Submission,
    SubmissionState,
)
from storage.errors import ObjectExists
from storage.objects import ObjectStore
from storage.repositories import Repositories, UnknownSubmission

T0 = dt.datetime(2024, 6, 3, 9, 0, tzinfo=dt.UTC)


def _submission(submission_id: str = "S-1") -> tuple[Submission, dict[str, bytes]]:
    data = bytes(range(256)) * 3
    import hashlib

    sha = hashlib.sha256(data).hexdigest()
    stored = StoredFile(
        original_name="form.docx", sha256=sha, size=len(data), media_type="application/pdf"
    )
    return Submission(id=submission_id, provider="p1", files=(stored,), received_at=T0), {sha: data}


def _decision(version: str = "2024.1") -> Decision:
    return Decision(
        submission_id="S-1",
        provider="p1",
        policy_version=version,
        evaluation_date=T0.date(),
        decided_at=T0,
        lots=(LotDecision(lot="3", outcome=LotOutcome.ACCEPTED),),
    )


def _event(event_id: str, at: dt.datetime, status: EntryStatus, settings=()) -> RegisterEvent:  # type: ignore[no-untyped-def]
    return RegisterEvent(
        event_id=event_id,
        at=at,
        actor="test",
        kind=status.value,
        reason="r",
        status_before=None,
        status_after=status,
        settings=tuple(settings),
    )


@pytest.fixture
def repos(any_store: ObjectStore) -> Repositories:
    return Repositories(any_store)


def test_submission_keeps_original_bytes_and_refuses_a_second_write(repos: Repositories) -> None:
    submission, contents = _submission()
    repos.submissions.add(submission, contents)
    ((sha, data),) = contents.items()
    assert repos.submissions.original("S-1", sha) == data
    with pytest.raises(ObjectExists):
        repos.submissions.add(submission, contents)
    assert [s.id for s in repos.submissions.all()] == ["S-1"]


def test_unknown_submission_is_reported_as_such(repos: Repositories) -> None:
    with pytest.raises(UnknownSubmission):
        repos.submissions.get("S-nope")


def test_submission_state_changes_and_persists(repos: Repositories) -> None:
    submission, contents = _submission()
    repos.submissions.add(submission, contents)
    repos.submissions.set_state("S-1", SubmissionState.ACCEPTED)
    assert repos.submissions.get("S-1").state is SubmissionState.ACCEPTED


def test_decision_is_written_once_per_policy_version(repos: Repositories) -> None:
    assert repos.decisions.record(_decision()) is True
    assert repos.decisions.record(_decision()) is False
    assert repos.decisions.record(_decision("2024.2")) is True
    assert [d.policy_version for d in repos.decisions.of("S-1")] == ["2024.1", "2024.2"]


def test_register_event_applied_twice_changes_nothing(repos: Repositories) -> None:
    event = _event("admitted-S-1", T0, EntryStatus.ACTIVE, ["SC034253"])
    first = repos.register.apply("p1", "3", event)
    again = repos.register.apply("p1", "3", event)
    assert first == again
    assert len(again.history) == 1 and again.settings == ("SC034253",)


def test_register_on_a_past_date_is_rebuilt_from_history(repos: Repositories) -> None:
    repos.register.apply("p1", "4", _event("a", T0, EntryStatus.ACTIVE, ["SC1"]))
    later = T0 + dt.timedelta(days=30)
    repos.register.apply("p1", "4", _event("s", later, EntryStatus.SUSPENDED))
    assert repos.register.entries(as_of=T0 - dt.timedelta(days=1)) == []
    assert repos.register.entries(as_of=T0 + dt.timedelta(days=1))[0].status is EntryStatus.ACTIVE
    assert repos.register.entries()[0].status is EntryStatus.SUSPENDED


def test_eight_concurrent_writers_on_one_register_entry_lose_no_update(
    repos: Repositories,
) -> None:
    def writer(number: int) -> None:
        for step in range(3):
            event = _event(f"w{number}-{step}", T0, EntryStatus.ACTIVE, [f"SC{number}{step:05d}"])
            repos.register.apply("p1", "4", event)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    entry = repos.register.get("p1", "4")
    assert entry is not None
    assert len(entry.history) == 24
    assert len(entry.settings) == 24


def test_audit_events_are_append_only_and_recorded_once(repos: Repositories) -> None:
    event = AuditEvent(
        event_id="e1", at=T0, actor="test", action="decided", subject="submission:S-1"
    )
    assert repos.audit.record(event) is True
    assert repos.audit.record(event) is False
    assert [e.event_id for e in repos.audit.events("submission:")] == ["e1"]
