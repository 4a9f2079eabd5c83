"""Uploads: a provider's files received one at a time as streams into a draft, each checked at
once, and the draft submitted when they are ready.

A file is streamed to storage as it arrives (ObjectStore.create_from: memory stays at about a
chunk, and the size limit cuts it off while streaming, keeping nothing). Only then is it read back
once, to be checked by what `dps extract` calls (services/reading.py; its kind by content,
or why it cannot be used: not an accepted type whatever its name, unreadable, encrypted…).
The name a provider gives is display text only: keys are the draft's id and the bytes' sha256.

Submitting hands the draft's usable files to the same `submit` that `dps submit` calls, passed in
by the entry point (services may not import flows; the lead engineer's services/submissions.py
will take its place).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from domain.drafts import Draft, DraftFile, DraftState
from domain.models import Outcome, Submission
from services.reading import read_file
from services.submissions import kept_name
from storage.errors import TooLarge
from storage.repositories import Repositories
from validators.policy import bundled_policy
from validators.provider_ids import provider_id_problem

#: a displayed name is cut to this length (a 500-character name would break every page's layout)
MAX_NAME_CHARACTERS = 120
# control characters, and the bidirectional overrides that make 'cod.exe' read as 'exe.doc'
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


_SENT = "this application has been sent: start a new one to add files"
#: files checked at once in one process: each is held whole while it is read, so this (not the
#: number of uploads in flight, which only hold a chunk each) bounds the memory of the checks
_CHECKS = threading.BoundedSemaphore(max(2, os.cpu_count() or 2))


class UploadRefused(ValueError):
    """A file or a submit that cannot be taken; the message says why in plain words."""


@dataclass(frozen=True)
class KeptUpload:
    """A draft's file handed to `submit`, shaped as services.submissions.Upload."""

    name: str
    data: bytes


#: services.submissions.submit (what `dps submit` calls), given by the entry point
Submit = Callable[[Repositories, Sequence[KeptUpload], str], Submission]


def display_name(name: str) -> str:
    """A file's name as given, for display only: undecodable bytes become U+FFFD
    (services.submissions.kept_name), control and direction characters go, and it is cut to
    MAX_NAME_CHARACTERS. Never a path or a key."""
    shown = _UNPRINTABLE.sub("", kept_name(name)).strip() or "unnamed file"
    if len(shown) > MAX_NAME_CHARACTERS:
        return shown[: MAX_NAME_CHARACTERS - 1] + "…"
    return shown


def max_file_bytes() -> int:
    """The largest file the policy accepts (the limit `dps submit` applies too)."""
    return bundled_policy().max_file_bytes


def start_draft(repos: Repositories, provider: str, *, now: dt.datetime) -> Draft:
    """A new, empty draft for the provider (UploadRefused for an unusable provider id)."""
    if problem := provider_id_problem(provider):
        raise UploadRefused(f"provider id {provider!r} is refused: {problem}")
    draft = Draft(id=f"D-{now:%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}", provider=provider,
                  created_at=now)
    repos.drafts.create(draft)
    return draft


def receive_file(
    repos: Repositories, provider: str, draft_id: str, name: str, chunks: Iterable[bytes], *,
    now: dt.datetime, limit: int | None = None,
) -> DraftFile:
    """Stream one file into the provider's draft, check it, and add it to the draft (usable or
    with the reason it is not). UploadRefused, nothing kept, when it passes the size limit or
    the draft is no longer open; the same bytes twice are one file."""
    _open_draft(repos, provider, draft_id)
    limit = limit if limit is not None else max_file_bytes()
    shown = display_name(name)
    try:
        kept = repos.drafts.keep_file(provider, draft_id, chunks, limit=limit)
    except TooLarge as error:
        raise UploadRefused(f"{shown} is larger than the {_size(limit)} limit") from error
    with _CHECKS:  # a kept file is read whole to be checked: so many at once, no more
        document = read_file(shown, repos.drafts.file(provider, draft_id, kept.sha256))
    problems = [f.message for f in document.findings if f.outcome is Outcome.FAIL]
    checked = DraftFile(
        name=shown, sha256=kept.sha256, size=kept.size, media_type=document.media_type,
        kinds=document.kinds, problem=" ".join(problems) or None,
        notes=tuple(f.message for f in document.findings if f.outcome is not Outcome.FAIL),
        received_at=now,
    )

    def add(draft: Draft) -> Draft | None:
        if draft.state is not DraftState.OPEN:  # sent while this file was arriving
            raise UploadRefused(_SENT)
        if any(file.sha256 == checked.sha256 for file in draft.files):
            return None  # this very file is in the draft already
        return draft.model_copy(update={"files": (*draft.files, checked)})

    repos.drafts.update(provider, draft_id, add)
    return checked


def remove_file(repos: Repositories, provider: str, draft_id: str, sha256: str) -> Draft:
    """Take a file out of an open draft (its bytes stay kept: storage is write-once)."""
    _open_draft(repos, provider, draft_id)
    return repos.drafts.update(provider, draft_id, lambda draft: draft.model_copy(
        update={"files": tuple(f for f in draft.files if f.sha256 != sha256)}))


def submit_draft(
    repos: Repositories, provider: str, draft_id: str, submit: Submit,
) -> str:
    """Turn the draft's usable files into a submission, once: its id. A draft submitted before
    gives the same id again; one being submitted, or without a usable file, is refused."""
    claimed = repos.drafts.update(provider, draft_id, _claim)
    if claimed.state is DraftState.SUBMITTED and claimed.submission_id:
        return claimed.submission_id
    try:
        # Each file is read once, here: submit needs the bytes to store them as originals.
        uploads = [KeptUpload(file.name, repos.drafts.file(provider, draft_id, file.sha256))
                   for file in claimed.usable_files()]
        submission = submit(repos, uploads, provider)
    except BaseException:
        repos.drafts.update(provider, draft_id, _reopen)  # nothing was submitted: try again
        raise
    repos.drafts.update(provider, draft_id, lambda draft: draft.model_copy(
        update={"state": DraftState.SUBMITTED, "submission_id": submission.id}))
    return submission.id


def _claim(draft: Draft) -> Draft | None:
    if draft.state is DraftState.SUBMITTED:
        return None
    if draft.state is DraftState.SUBMITTING:
        raise UploadRefused("this application is being sent already")
    if not draft.usable_files():
        raise UploadRefused("add at least one file that can be used before you send it")
    return draft.model_copy(update={"state": DraftState.SUBMITTING})


def _reopen(draft: Draft) -> Draft | None:
    if draft.state is not DraftState.SUBMITTING:
        return None
    return draft.model_copy(update={"state": DraftState.OPEN})


def _open_draft(repos: Repositories, provider: str, draft_id: str) -> Draft:
    draft = repos.drafts.get(provider, draft_id)  # UnknownDraft: not this provider's
    if draft.state is not DraftState.OPEN:
        raise UploadRefused(_SENT)
    return draft


def _size(count: int) -> str:
    """A byte count in the words a provider reads ('20 MB')."""
    return f"{count / 1_000_000:,.0f} MB" if count >= 1_000_000 else f"{count:,} bytes"
