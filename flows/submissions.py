"""Receiving a submission: every file is kept byte for byte before anything else happens."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from domain.models import ClarificationAnswer, StoredFile, Submission
from extraction.sniff import sniff_media_type
from flows import settings
from flows.events import announce_submission
from storage.repositories import Repositories

UNASSIGNED = "unassigned"


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def new_submission_id() -> str:
    """Time-ordered and unique: S-20261125-201530-1a2b3c."""
    stamp = settings.now().strftime("%Y%m%d-%H%M%S")
    return f"S-{stamp}-{uuid.uuid4().hex[:6]}"


def submit(
    repos: Repositories, uploads: Sequence[Upload], provider: str | None = None,
    answers: ClarificationAnswer | None = None,
) -> Submission:
    """Store the originals and the submission, then announce it (a Prefect event, best effort:
    the intake-on-arrival deployment decides it at once; otherwise the next run picks it up)."""
    files = tuple(
        StoredFile(
            original_name=upload.name,
            sha256=hashlib.sha256(upload.data).hexdigest(),
            size=len(upload.data),
            media_type=sniff_media_type(upload.data),
        )
        for upload in uploads
    )
    submission = Submission(
        id=new_submission_id(),
        provider=provider or UNASSIGNED,
        files=files,
        received_at=settings.now(),
        answers=answers,
    )
    repos.submissions.add(
        submission, {f.sha256: u.data for f, u in zip(files, uploads, strict=True)}
    )
    announce_submission(submission)  # only after the submission is stored
    return submission
