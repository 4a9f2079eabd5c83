"""Drafts and the notification log over every object-store adapter (memory, local, S3 on moto
in-process and over HTTP)."""

from __future__ import annotations

import datetime as dt
import hashlib
import random

import pytest

from domain.drafts import Draft, DraftFile
from domain.notifications import NotificationRecord, NotificationState
from storage.drafts import UnknownDraft
from storage.errors import TooLarge
from storage.notifications import NotificationLog
from storage.objects import ObjectStore
from storage.repositories import Repositories

T0 = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
MIB = 1024 * 1024


def test_a_draft_keeps_a_streamed_file_once_and_is_found_again(any_store: ObjectStore) -> None:
    repos = Repositories(any_store)
    assert repos.drafts.create(Draft(id="D-1", provider="acorn", created_at=T0))
    data = random.Random(3).randbytes(6 * MIB)  # more than one S3 part
    pieces = [data[i : i + MIB] for i in range(0, len(data), MIB)]
    kept = repos.drafts.keep_file("acorn", "D-1", iter(pieces), limit=len(data))
    again = repos.drafts.keep_file("acorn", "D-1", iter(pieces), limit=len(data))
    assert kept.key == again.key and kept.sha256 == hashlib.sha256(data).hexdigest()
    assert repos.drafts.file("acorn", "D-1", kept.sha256) == data
    file = DraftFile(name="a.pdf", sha256=kept.sha256, size=kept.size,
                     media_type="application/pdf", received_at=T0)
    repos.drafts.update("acorn", "D-1", lambda d: d.model_copy(update={"files": (file,)}))
    assert [d.files for d in repos.drafts.of("acorn")] == [(file,)]
    with pytest.raises(TooLarge):
        repos.drafts.keep_file("acorn", "D-1", iter(pieces), limit=len(data) - 1)
    assert [key for key in any_store.list() if "/files/" in key] == [kept.key]


def test_a_draft_is_found_only_under_its_own_provider(any_store: ObjectStore) -> None:
    repos = Repositories(any_store)
    repos.drafts.create(Draft(id="D-1", provider="acorn", created_at=T0))
    with pytest.raises(UnknownDraft):
        repos.drafts.get("birch", "D-1")
    assert repos.drafts.of("birch") == []


def test_a_notification_is_claimed_once(any_store: ObjectStore) -> None:
    log = NotificationLog(any_store)
    record = NotificationRecord(key="a" * 64, about="notices/x.docx", submission_id="S-1",
                                recipient="a@b.example", state=NotificationState.SENDING,
                                claim="first", claimed_at=T0)
    assert log.claim(record)
    assert not log.claim(record.model_copy(update={"claim": "second"}))
    assert log.get(record.key) == record
    assert log.all() == [record]
