"""Fixtures of the flow tests: flows run in this process on storage of their own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from domain.notices import NoticeRecord
from fixtures.applications import SAMPLE_APPLICATIONS
from flows import settings
from services.submissions import Upload, submit
from storage.notices import Notices
from storage.repositories import Repositories


@pytest.fixture
def flow_repos(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prefect_harness: None
) -> Repositories:
    """The repositories the flows will use (DPS_STORAGE in this test's folder), with the
    session's temporary Prefect API running."""
    monkeypatch.setenv("DPS_STORAGE", str(tmp_path / "data"))
    return settings.repositories()


def admit_first_sample(repos: Repositories, as_of: dt.date) -> str:
    """Submit the accepted sample and decide it for real on `as_of` (its own date, so
    route=True); returns the submission id."""
    from flows.intake import process_submission

    sample = SAMPLE_APPLICATIONS[0]
    uploads = [Upload(path.name, path.read_bytes()) for path in sample.files()]
    submission_id = submit(repos, uploads, sample.provider).id
    assert process_submission(submission_id, as_of, route=True)["status"] == "accepted"
    return submission_id


def notices_of_the_submission(repos: Repositories, kind: str) -> list[NoticeRecord]:
    """The letters of one kind kept with the store's only submission."""
    (submission,) = repos.submissions.all()
    return [n for n in Notices(repos.store).of(submission.id) if n.kind == kind]
