"""Notices to providers: the kinds of letter and the record kept of each one issued."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from domain.cause_ids import cause_id
from domain.models import Model


class NoticeKind(StrEnum):
    """The letters the council sends a provider (selection-criteria.md, "Outcomes" and after)."""

    ACCEPTANCE = "acceptance"
    REJECTION = "rejection"
    CLARIFICATION = "clarification"
    SUSPENSION = "suspension"
    REINSTATEMENT = "reinstatement"
    EXPIRY_REMINDER = "expiry-reminder"


class NoticeRecord(Model):
    """One notice issued: what it is, to whom, why, and where its DOCX (and PDF) are kept."""

    id: str  # derived from the cause (notice_id), so a re-run finds it instead of writing twice
    kind: NoticeKind
    submission_id: str
    policy_version: str
    provider: str
    lot: str
    created_at: dt.datetime
    docx_key: str
    pdf_key: str | None = None
    reasons: tuple[str, ...] = ()  # the reason codes the letter lists, in its order
    cause: str = ""  # for a letter about the register: the event that caused it


def notice_id(submission_id: str, policy_version: str, lot: str, kind: NoticeKind | str) -> str:
    """The id of the notice of `kind` on one lot of a decision: the same cause, the same id."""
    return f"{NoticeKind(kind).value}-{submission_id}-{policy_version}-{lot}"


def register_notice_id(kind: NoticeKind | str, cause: str) -> str:
    """The id of a letter about the register (suspension, reinstatement, expiry reminder): one
    per kind and causing event, e.g. one reminder per certificate and milestone."""
    return cause_id(NoticeKind(kind).value, cause)
