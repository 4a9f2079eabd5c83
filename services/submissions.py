"""Receiving a submission: every file is kept byte for byte before anything else happens."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from domain.models import ClarificationAnswer, StoredFile, Submission
from extraction.sniff import sniff_media_type
from services import clock
from storage.repositories import Repositories
from validators.policy import bundled_policy
from validators.provider_ids import provider_id_problem

UNASSIGNED = "unassigned"
_UNDECODED = re.compile("[\ud800-\udfff]")  # lone surrogates: bytes Python could not decode


class SubmissionRefused(ValueError):
    """A submission that cannot be taken in (an unusable provider id, a file over the limit);
    nothing was stored, and the message says why in one line."""


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def new_submission_id() -> str:
    """Time-ordered and unique: S-20261125-201530-1a2b3c."""
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    return f"S-{stamp}-{uuid.uuid4().hex[:6]}"


def submit(
    repos: Repositories, uploads: Sequence[Upload], provider: str | None = None,
    answers: ClarificationAnswer | None = None, received_at: dt.datetime | None = None,
    announce: Callable[[Submission], object] | None = None,
) -> Submission:
    """Store the originals and the submission, then `announce` it (bootstrap.announce: a
    Prefect event, best effort, on which the intake-on-arrival deployment decides it at once;
    without it the next `dps process` picks it up).
    Refuses (SubmissionRefused) an unusable provider id or a file over the policy's limit.
    `received_at` (default now) is when the council received it: earlier for a submission sent
    by post or email and entered afterwards, since the assessment clock runs from receipt."""
    _refuse_unusable(uploads, provider)
    files = tuple(
        StoredFile(
            original_name=kept_name(upload.name),
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
        received_at=received_at or clock.now(),
        answers=answers,
    )
    repos.submissions.add(
        submission, {f.sha256: u.data for f, u in zip(files, uploads, strict=True)}
    )
    if announce is not None:
        announce(submission)  # only after the submission is stored
    return submission


def _refuse_unusable(uploads: Sequence[Upload], provider: str | None) -> None:
    if provider is not None and (problem := provider_id_problem(provider)):
        raise SubmissionRefused(f"provider id {provider!r} is refused: {problem}")
    limit = bundled_policy().max_file_bytes
    for upload in uploads:
        if len(upload.data) > limit:
            raise SubmissionRefused(f"{kept_name(upload.name)!r} is {len(upload.data):,} bytes; "
                                    f"the limit is {limit:,} bytes")


def kept_name(name: str) -> str:
    """A file's name as given, for display only (never a key or a path: originals are kept by
    checksum): bytes the system could not decode become U+FFFD so that it can be stored."""
    return _UNDECODED.sub("\ufffd", name)
