"""The indexes list pages read through: a provider's submissions and a submission's reviews, kept
on write, read without a full scan, backfilled once for data older than the index, and safe
against a crash between the entry and its document."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.models import Finding, Outcome, ReviewItem, StoredFile, Submission
from storage import keys
from storage.documents import Documents
from storage.memory import InMemoryObjectStore
from storage.objects import StoredObject
from storage.repositories import Repositories

AT = dt.datetime(2024, 6, 3, 9, tzinfo=dt.UTC)
FILE = StoredFile(original_name="form.pdf", sha256="a" * 64, size=3, media_type="application/pdf")


class CountingStore(InMemoryObjectStore):
    """The in-memory adapter, counting the documents read (a test double of the port)."""

    def __init__(self) -> None:
        super().__init__()
        self.read: list[str] = []

    def get(self, key: str) -> StoredObject:
        self.read.append(key)
        return super().get(key)


def _submission(number: int, provider: str) -> Submission:
    return Submission(id=f"S-20240603-0900{number:02d}-abcdef", provider=provider, files=(FILE,),
                      received_at=AT + dt.timedelta(minutes=number))


def _add(repos: Repositories, number: int, provider: str) -> Submission:
    submission = _submission(number, provider)
    repos.submissions.add(submission, {FILE.sha256: b"pdf"})
    return submission


def test_a_providers_submissions_are_read_without_reading_anyone_elses() -> None:
    store = CountingStore()
    repos = Repositories(store)
    mine = [_add(repos, n, "acme") for n in (1, 3)]
    others = [_add(repos, n, "other") for n in range(4, 40)]
    hostile = _add(repos, 2, "../../etc\x1b[2J")  # as an older version let ids through
    repos.submissions.of_provider("nobody")  # first use in this store: the one-off backfill

    store.read.clear()
    assert repos.submissions.of_provider("acme") == mine
    assert repos.submissions.of_provider("../../etc\x1b[2J") == [hostile]
    assert repos.submissions.of_provider("nobody") == []
    assert sorted(store.read) == sorted(keys.submission(s.id) for s in [*mine, hostile])
    assert len(repos.submissions.of_provider("other")) == len(others)


def test_data_stored_before_the_index_existed_is_indexed_once_on_first_use() -> None:
    store = InMemoryObjectStore()
    older = [_submission(n, "acme") for n in (1, 2)]
    for submission in older:  # as a version without the index kept them
        Documents(store).create(keys.submission(submission.id), submission)

    repos = Repositories(store)
    assert repos.submissions.of_provider("acme") == older
    newer = _add(Repositories(store), 3, "acme")
    assert Repositories(store).submissions.of_provider("acme") == [*older, newer]


def test_an_entry_a_crash_left_ahead_of_its_submission_is_skipped() -> None:
    store = InMemoryObjectStore()
    repos = Repositories(store)
    kept = _add(repos, 1, "acme")
    crashed = _submission(2, "acme")

    class Crash(Exception):
        pass

    def crash(*_args: object, **_kwargs: object) -> bool:
        raise Crash

    repos.submissions._docs.create = crash  # type: ignore[method-assign]  # dies after the entry
    with pytest.raises(Crash):
        repos.submissions.add(crashed, {FILE.sha256: b"pdf"})

    assert Repositories(store).submissions.of_provider("acme") == [kept]


def test_a_submissions_reviews_are_read_through_their_index_oldest_first() -> None:
    store = CountingStore()
    repos = Repositories(store)
    finding = Finding(code="fee-above-ceiling", outcome=Outcome.REFER, message="fee", lot="4")

    def review(number: int, submission_id: str) -> ReviewItem:
        return ReviewItem(id=f"{submission_id}-2024.1-{number}", submission_id=submission_id,
                          provider="acme", lot=str(number), findings=(finding,),
                          opened_at=AT - dt.timedelta(minutes=number))

    mine = [review(n, "S-1") for n in (3, 4)]
    for item in [*mine, *(review(n, f"S-{n}") for n in range(5, 30))]:
        repos.reviews.open(item)
    repos.reviews.of_submission("S-none")  # first use in this store: the one-off backfill

    store.read.clear()
    assert repos.reviews.of_submission("S-1") == [mine[1], mine[0]]  # opened earlier first
    assert sorted(store.read) == sorted(keys.review(r.id) for r in mine)
    assert repos.reviews.of_submission("S-none") == []


def test_pending_submissions_are_found_from_the_keys_reading_only_the_unrouted_ones() -> None:
    from domain.models import Decision
    from flows.intake import pending_submissions
    from services.routing import mark_routed

    store = CountingStore()
    repos = Repositories(store)
    submissions = [_add(repos, n, "acme") for n in range(1, 30)]
    for decided in submissions[:-2]:
        mark_routed(repos, Decision(submission_id=decided.id, provider="acme",
                                    policy_version="2024.1", evaluation_date=AT.date(),
                                    decided_at=AT, lots=()), AT)

    store.read.clear()
    assert pending_submissions(repos, "2024.1") == [s.id for s in submissions[-2:]]
    assert sorted(store.read) == sorted(keys.submission(s.id) for s in submissions[-2:])
    assert pending_submissions(repos, "2025.1") == [s.id for s in submissions]
