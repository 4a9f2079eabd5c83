"""A notification to one person about one thing (a letter issued), recorded so it goes once."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from domain.models import Model


class NotificationState(StrEnum):
    SENDING = "sending"  # claimed before sending: after a crash here it is never sent again
    SENT = "sent"
    FAILED = "failed"  # the sender refused it or could not be reached: a retry may send it


class NotificationRecord(Model):
    key: str  # sha256 of what it is about and who it is to: the same pair is one notification
    about: str  # the letter's key
    submission_id: str
    recipient: str
    state: NotificationState
    claim: str  # a token of the attempt that holds it: only that attempt may mark it sent
    claimed_at: dt.datetime
    sent_at: dt.datetime | None = None
    problem: str | None = None  # why the last attempt failed
    attempts: int = 1
