"""The repositories the product needs, each a thin typed layer over the object-store port."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from domain.models import (
    AuditEvent,
    Decision,
    RegisterEntry,
    RegisterEvent,
    ReviewItem,
    SnapshotRecord,
    SnapshotRefresh,
    Submission,
    SubmissionState,
)
from storage import keys
from storage.accounts import Accounts
from storage.api_tokens import ApiTokens
from storage.documents import Documents
from storage.drafts import Drafts
from storage.errors import ObjectExists, ObjectNotFound
from storage.indexes import KeyIndex
from storage.objects import ObjectStore


class UnknownSubmission(ObjectNotFound):
    """No submission has that id."""


class Submissions:
    """Submissions and their original files; both write-once, only the state changes."""

    def __init__(self, store: ObjectStore) -> None:
        self._docs = Documents(store)
        self._store = store
        self._by_provider = KeyIndex(store, "provider-submissions",
                                     lambda: ((s.provider, s.id) for s in self.all()))

    def add(self, submission: Submission, contents: Mapping[str, bytes]) -> None:
        """Keep every original file byte for byte (by sha256), then the submission itself."""
        self._by_provider.add(submission.provider, submission.id)  # before: see storage/indexes
        for stored in submission.files:
            # content-addressed: an existing object already holds these same bytes
            with contextlib.suppress(ObjectExists):
                self._store.create(
                    keys.original_file(submission.id, stored.sha256), contents[stored.sha256]
                )
        if not self._docs.create(keys.submission(submission.id), submission):
            raise ObjectExists(f"submission {submission.id} already exists")

    def get(self, submission_id: str) -> Submission:
        try:
            return self._docs.read(keys.submission(submission_id), Submission)
        except (ObjectNotFound, ValueError) as error:
            raise UnknownSubmission(submission_id) from error

    def original(self, submission_id: str, sha256: str) -> bytes:
        return self._store.get(keys.original_file(submission_id, sha256)).data

    def of_provider(self, provider: str) -> list[Submission]:
        """A provider's submissions, oldest first, read through the index (no full scan)."""
        found = []
        for submission_id in self._by_provider.members(provider):
            with contextlib.suppress(UnknownSubmission):  # an entry a crash left ahead of it
                found.append(self.get(submission_id))
        return [s for s in found if s.provider == provider]

    def ids(self) -> list[str]:
        """Every submission's id, oldest first, from the keys alone (no document read)."""
        return [sid for key in self._store.list(keys.SUBMISSIONS_PREFIX)
                if (sid := keys.submission_id_of(key))]

    def all(self) -> Iterator[Submission]:
        for key in self._store.list(keys.SUBMISSIONS_PREFIX):
            submission_id = keys.submission_id_of(key)
            if submission_id:
                yield self.get(submission_id)

    def set_state(self, submission_id: str, state: SubmissionState) -> Submission:
        def change(current: Submission | None) -> Submission | None:
            if current is None:
                raise UnknownSubmission(submission_id)
            return None if current.state == state else current.model_copy(update={"state": state})

        updated = self._docs.update(keys.submission(submission_id), Submission, change)
        assert updated is not None
        return updated


class Decisions:
    """Decisions, write-once per submission and policy version."""

    def __init__(self, store: ObjectStore) -> None:
        self._docs = Documents(store)
        self._store = store

    def record(self, decision: Decision) -> bool:
        """Store the decision; False (and nothing written) if one exists for that version."""
        key = keys.decision(decision.submission_id, decision.policy_version)
        return self._docs.create(key, decision)

    def get(self, submission_id: str, policy_version: str) -> Decision | None:
        return self._docs.find(keys.decision(submission_id, policy_version), Decision)

    def of(self, submission_id: str) -> list[Decision]:
        """Every decision on a submission, oldest first."""
        found = list(self._docs.all(keys.decisions_of(submission_id), Decision))
        return sorted(found, key=lambda decision: decision.decided_at)

    def record_what_if(self, decision: Decision) -> bool:
        """Store a what-if decision (for comparison only); False if that one was made before."""
        key = keys.what_if_decision(decision.submission_id, decision.policy_version,
                                    decision.evaluation_date.isoformat())
        return self._docs.create(key, decision)

    def what_if(self, submission_id: str, policy_version: str, as_of: dt.date) -> Decision | None:
        key = keys.what_if_decision(submission_id, policy_version, as_of.isoformat())
        return self._docs.find(key, Decision)

    def what_ifs(self, submission_id: str) -> list[Decision]:
        """Every what-if decision on a submission, oldest first."""
        found = list(self._docs.all(keys.what_ifs_of(submission_id), Decision))
        return sorted(found, key=lambda decision: decision.decided_at)


class Register:
    """The register: one entry per provider and lot, changed only by events."""

    def __init__(self, store: ObjectStore) -> None:
        self._docs = Documents(store)

    def apply(self, provider: str, lot: str, event: RegisterEvent, **fields: Any) -> RegisterEntry:
        """Apply `event` exactly once (a repeated event_id changes nothing), updating `fields`."""

        def change(current: RegisterEntry | None) -> RegisterEntry | None:
            if current is not None and current.has_event(event.event_id):
                return None
            base = current or RegisterEntry(provider=provider, lot=lot, status=event.status_after)
            update = {"status": event.status_after, "history": (*base.history, event), **fields}
            if event.settings:
                update["settings"] = tuple(dict.fromkeys((*base.settings, *event.settings)))
            return base.model_copy(update=update)

        entry = self._docs.update(keys.register_entry(provider, lot), RegisterEntry, change)
        assert entry is not None
        return entry

    def get(self, provider: str, lot: str) -> RegisterEntry | None:
        return self._docs.find(keys.register_entry(provider, lot), RegisterEntry)

    def entries(self, as_of: dt.datetime | None = None) -> list[RegisterEntry]:
        """Every entry now, or as it stood at `as_of` (rebuilt from each entry's history)."""
        current = list(self._docs.all(keys.REGISTER_PREFIX, RegisterEntry))
        if as_of is None:
            return current
        return [past for entry in current if (past := entry.as_of(as_of)) is not None]


class ReviewQueue:
    """Exceptions waiting for the commissioning team."""

    def __init__(self, store: ObjectStore) -> None:
        self._docs = Documents(store)
        self._by_submission = KeyIndex(store, "submission-reviews",
                                       lambda: ((r.submission_id, r.id) for r in self.all()))

    def open(self, item: ReviewItem) -> bool:
        """Open a review once; False when it is already open."""
        self._by_submission.add(item.submission_id, item.id)  # before: see storage/indexes
        return self._docs.create(keys.review(item.id), item)

    def of_submission(self, submission_id: str) -> list[ReviewItem]:
        """A submission's reviews, oldest first, read through the index (no full scan)."""
        items = (self.get(review_id) for review_id in self._by_submission.members(submission_id))
        return sorted((i for i in items if i is not None), key=lambda r: r.opened_at)

    def get(self, review_id: str) -> ReviewItem | None:
        return self._docs.find(keys.review(review_id), ReviewItem)

    def all(self) -> list[ReviewItem]:
        return sorted(self._docs.all(keys.REVIEWS_PREFIX, ReviewItem), key=lambda r: r.opened_at)

    def update(
        self, review_id: str, change: Callable[[ReviewItem | None], ReviewItem | None]
    ) -> ReviewItem | None:
        """Change a review with optimistic concurrency (two reviewers cannot both win)."""
        return self._docs.update(keys.review(review_id), ReviewItem, change)


class AuditLog:
    """Append-only: each event is written once under its deterministic id."""

    def __init__(self, store: ObjectStore) -> None:
        self._docs = Documents(store)

    def has(self, event_id: str) -> bool:
        """Whether an event with this id was recorded."""
        return self._docs.store.exists(keys.audit_event(event_id))

    def event_ids(self, starting: str) -> set[str]:
        """The ids of the events whose id starts with `starting`, from the keys alone."""
        prefix = keys.AUDIT_PREFIX + starting
        return {key[len(keys.AUDIT_PREFIX):-len(".json")] for key in self._docs.store.list(prefix)
                if key.endswith(".json")}

    def record(self, event: AuditEvent) -> bool:
        return self._docs.create(keys.audit_event(event.event_id), event)

    def events(self, subject_prefix: str = "") -> list[AuditEvent]:
        found = self._docs.all(keys.AUDIT_PREFIX, AuditEvent)
        return sorted(
            (e for e in found if e.subject.startswith(subject_prefix)), key=lambda e: e.at
        )


#: a snapshot's id is the start of its sha256 (services.regulators.snapshot_id_of, the same rule)
SNAPSHOT_ID_LENGTH = 16


class Snapshots:
    """Regulator snapshots: the original bytes, their record, and which one is current."""

    def __init__(self, store: ObjectStore) -> None:
        self._docs = Documents(store)
        self._store = store

    def add(self, record: SnapshotRecord, original: bytes) -> bool:
        """Keep a snapshot and make it current; False if this exact snapshot was kept before."""
        # the bytes first, the record last: a record always has its original; the id is derived
        # from the checksum, so an existing original holds the same bytes
        with contextlib.suppress(ObjectExists):
            self._store.create(keys.snapshot_original(record.source, record.id), original)
        created = self._docs.create(keys.snapshot_record(record.source, record.id), record)
        pointer = json.dumps({"id": record.id}).encode()
        self._store.put(keys.current_snapshot(record.source), pointer)
        return created

    def current(self, source: str) -> SnapshotRecord | None:
        """The snapshot in force for `source`, None before the first load."""
        try:
            pointer = json.loads(self._store.get(keys.current_snapshot(source)).data)
        except ObjectNotFound:
            return None
        return self._docs.read(keys.snapshot_record(source, pointer["id"]), SnapshotRecord)

    def original(self, record: SnapshotRecord) -> bytes:
        return self._store.get(keys.snapshot_original(record.source, record.id)).data

    def keep_original(self, source: str, data: bytes) -> str:
        """Keep a regulator file byte for byte before it is read (write-once, by checksum);
        its snapshot id, the reference a refresh is given instead of the bytes. A file that
        proves unusable stays kept without a record: nothing treats it as a snapshot."""
        snapshot_id = hashlib.sha256(data).hexdigest()[:SNAPSHOT_ID_LENGTH]
        with contextlib.suppress(ObjectExists):  # the same bytes, kept before
            self._store.create(keys.snapshot_original(source, snapshot_id), data)
        return snapshot_id

    def kept_original(self, source: str, snapshot_id: str) -> bytes:
        """The bytes kept under `snapshot_id`, recorded as a snapshot or not (ObjectNotFound)."""
        return self._store.get(keys.snapshot_original(source, snapshot_id)).data

    def record(self, source: str, snapshot_id: str) -> SnapshotRecord | None:
        """A snapshot kept before, by id (None if there is none)."""
        return self._docs.find(keys.snapshot_record(source, snapshot_id), SnapshotRecord)

    def begin_refresh(self, refresh: SnapshotRefresh) -> None:
        """Note what a refresh compares before its snapshot becomes current (replacing a
        finished refresh to the same snapshot: loading it again is a new refresh)."""
        self._docs_put(keys.snapshot_refresh(refresh.source, refresh.to), refresh)

    def refresh(self, source: str, snapshot_id: str) -> SnapshotRefresh | None:
        """The latest refresh to the snapshot, finished or not."""
        return self._docs.find(keys.snapshot_refresh(source, snapshot_id), SnapshotRefresh)

    def finish_refresh(self, refresh: SnapshotRefresh, at: dt.datetime) -> None:
        self._docs_put(keys.snapshot_refresh(refresh.source, refresh.to),
                       refresh.model_copy(update={"finished_at": at}))

    def _docs_put(self, key: str, document: SnapshotRefresh) -> None:
        self._store.put(key, document.to_json())


class Renewals:
    """Renewed certificates registered providers send: each kept byte for byte, once."""

    def __init__(self, store: ObjectStore) -> None:
        self._store = store

    def keep(self, provider: str, data: bytes) -> str:
        """Keep the bytes (the same bytes again are the same file); their key."""
        key = keys.renewal_original(provider, hashlib.sha256(data).hexdigest())
        with contextlib.suppress(ObjectExists):
            self._store.create(key, data)
        return key

    def original(self, key: str) -> bytes:
        return self._store.get(key).data

    def original_of(self, provider: str, key: str) -> bytes:
        """A kept certificate of `provider`, by the key `keep` gave; ValueError for a key that
        is not one of the provider's renewals (a run's parameters can be edited in Prefect's UI)."""
        if not key.startswith(keys.renewals_of(provider)):
            raise ValueError(f"{key!r} is not a renewal kept for provider {provider!r}")
        return self._store.get(key).data


class Repositories:
    """Every repository over one object store: what the flows are wired with."""

    def __init__(self, store: ObjectStore) -> None:
        self.store = store
        self.submissions = Submissions(store)
        self.decisions = Decisions(store)
        self.register = Register(store)
        self.reviews = ReviewQueue(store)
        self.audit = AuditLog(store)
        self.snapshots = Snapshots(store)
        self.renewals = Renewals(store)
        self.drafts = Drafts(store)
        self.accounts = Accounts(store)
        self.api_tokens = ApiTokens(store)
