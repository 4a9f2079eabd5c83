"""A provider's unfinished application: the files kept so far, each checked as it arrived."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from domain.models import Model


class DraftState(StrEnum):
    OPEN = "open"  # files may still be added or removed
    SUBMITTING = "submitting"  # claimed by one submit: a second submit is refused, not repeated
    SUBMITTED = "submitted"


class DraftFile(Model):
    """One file as received: its name for display only, its bytes kept under their sha256, and
    what the check found (the kinds recognised, or why it cannot be used)."""

    name: str
    sha256: str
    size: int
    media_type: str  # from the bytes, never from the name or the declared type
    kinds: tuple[str, ...] = ()
    problem: str | None = None  # why it cannot be used; None when it can
    notes: tuple[str, ...] = ()  # warnings that do not stop it (a scan, an unknown kind)
    received_at: dt.datetime

    @property
    def usable(self) -> bool:
        return self.problem is None


class Draft(Model):
    id: str
    provider: str
    created_at: dt.datetime
    state: DraftState = DraftState.OPEN
    files: tuple[DraftFile, ...] = ()
    submission_id: str | None = None  # once submitted

    def usable_files(self) -> tuple[DraftFile, ...]:
        return tuple(file for file in self.files if file.usable)
