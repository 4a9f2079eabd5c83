"""Domain types shared by every package. Pure: no I/O, no clock, no environment."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1


class Model(BaseModel):
    """Base of every stored type: immutable, strict about unknown fields, JSON round-trip."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    schema_version: int = SCHEMA_VERSION

    def to_json(self) -> bytes:
        return self.model_dump_json(indent=2).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes | str) -> Any:
        return cls.model_validate_json(data)


class Outcome(StrEnum):
    """What a finding does to a lot: fail rejects, refer sends to a person, warn is only shown."""

    FAIL = "fail"
    REFER = "refer"
    WARN = "warn"


class LotOutcome(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    IN_REVIEW = "in-review"


class SubmissionState(StrEnum):
    RECEIVED = "received"
    PROCESSING = "processing"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    PARTIALLY_ACCEPTED = "partially-accepted"
    IN_REVIEW = "in-review"
    # set aside: it could not be decided (an unusable provider id, a file that breaks a step);
    # a review tells the team why, and `dps process` leaves it for them
    FAILED = "failed"

    @property
    def is_decided(self) -> bool:
        return self not in (SubmissionState.RECEIVED, SubmissionState.PROCESSING,
                            SubmissionState.FAILED)


class EntryStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REMOVED = "removed"


class StoredFile(Model):
    """One uploaded file, kept byte for byte under its sha256."""

    original_name: str
    sha256: str
    size: int
    media_type: str  # sniffed from the leading bytes, never from the name


class ClarificationAnswer(Model):
    """What a resubmission answers: the clarification requests of an earlier application."""

    submission_id: str  # the application the reviewers asked about
    lots: tuple[str, ...]
    reviews: tuple[str, ...]  # the reviews whose verdict asked for clarification


class Submission(Model):
    id: str
    provider: str
    files: tuple[StoredFile, ...]
    received_at: dt.datetime
    state: SubmissionState = SubmissionState.RECEIVED
    # a resubmission: the same application re-validated with the documents asked for, on the
    # lots in question only
    answers: ClarificationAnswer | None = None


#: Where on its page a value was read: (x0, top, x1, bottom) in PDF points from the page's
#: top-left corner, as pdfplumber gives them. None where the format has no pages (DOCX, XLSX).
Box = tuple[float, float, float, float]


def outer_box(x0: float, top: float, x1: float, bottom: float) -> Box:
    """The box to a hundredth of a point, rounded outwards so that it still holds what it bounds."""
    return (math.floor(x0 * 100) / 100, math.floor(top * 100) / 100,
            math.ceil(x1 * 100) / 100, math.ceil(bottom * 100) / 100)


def union_box(*boxes: Box | None) -> Box | None:
    """The smallest box holding every given box (a value read from several lines); None if none."""
    known = [box for box in boxes if box is not None]
    if not known:
        return None
    return (min(box[0] for box in known), min(box[1] for box in known),
            max(box[2] for box in known), max(box[3] for box in known))


class Finding(Model):
    """One rule's result that is not a pass: a stable code, its outcome, and where it came from."""

    code: str
    outcome: Outcome
    message: str
    document: str | None = None
    page: int | None = None
    box: Box | None = None  # the value's place on the page, for the page image beside a review
    field: str | None = None
    setting: str | None = None  # the URN of the setting a per-setting rule judged
    lot: str | None = None  # None: organisation-wide, so it applies to every lot applied for


class LotDecision(Model):
    lot: str
    outcome: LotOutcome
    findings: tuple[Finding, ...] = ()
    settings: tuple[str, ...] = ()  # the identifiers of the settings that serve this lot


class Decision(Model):
    """The decision on one submission under one policy version, as of one evaluation date."""

    submission_id: str
    provider: str
    policy_version: str
    evaluation_date: dt.date
    decided_at: dt.datetime
    lots: tuple[LotDecision, ...]
    organisation: dict[str, str] = Field(default_factory=dict)  # legal name etc. for notices
    judgements: dict[str, str] = Field(default_factory=dict)  # URN -> Ofsted judgement at decision
    evidence_expiry: dict[str, dt.date] = Field(default_factory=dict)  # "insurance:<type>" -> date
    # for comparison only (another policy version or evaluation date than the one in force
    # today): never routed, kept apart from the decisions that count
    what_if: bool = False

    def after_reviews(self, outcomes: dict[str, LotOutcome]) -> Decision:
        """The decision as it stands once reviewers have decided some of its referred lots."""
        lots = tuple(lot.model_copy(update={"outcome": outcomes.get(lot.lot, lot.outcome)})
                     for lot in self.lots)
        return self.model_copy(update={"lots": lots})

    @property
    def state(self) -> SubmissionState:
        outcomes = {lot.outcome for lot in self.lots}
        if outcomes == {LotOutcome.ACCEPTED}:
            return SubmissionState.ACCEPTED
        if LotOutcome.IN_REVIEW in outcomes:
            return SubmissionState.IN_REVIEW
        if LotOutcome.ACCEPTED in outcomes:
            return SubmissionState.PARTIALLY_ACCEPTED
        return SubmissionState.REJECTED


class RegisterEvent(Model):
    """One change to a register entry: what caused it, when, why, and the status before/after."""

    event_id: str  # deterministic from the cause, so a retried change is recognised
    at: dt.datetime
    actor: str  # who or what: a flow name, a reviewer
    kind: str  # admitted, suspended, reinstated, removed, settings-changed, ...
    reason: str
    status_before: EntryStatus | None
    status_after: EntryStatus
    settings: tuple[str, ...] = ()
    details: dict[str, str] = Field(default_factory=dict)


class RegisterEntry(Model):
    """A provider's place on one lot, with the append-only history that produced it."""

    provider: str
    lot: str
    status: EntryStatus
    settings: tuple[str, ...] = ()
    evidence_expiry: dict[str, dt.date] = Field(default_factory=dict)
    judgements_at_admission: dict[str, str] = Field(default_factory=dict)
    history: tuple[RegisterEvent, ...] = ()

    def has_event(self, event_id: str) -> bool:
        return any(event.event_id == event_id for event in self.history)

    def as_of(self, when: dt.datetime) -> RegisterEntry | None:
        """The entry as it stood at `when`, rebuilt from its history (None before admission)."""
        return self._rebuilt([event for event in self.history if event.at <= when])

    def before(self, is_caused: Callable[[RegisterEvent], bool]) -> RegisterEntry | None:
        """The entry as it stood before the first event that `is_caused` picks (None if that
        was its first event): how a re-run sees the register its killed run saw."""
        kept: list[RegisterEvent] = []
        for event in self.history:
            if is_caused(event):
                break
            kept.append(event)
        return self._rebuilt(kept)

    def _rebuilt(self, past: list[RegisterEvent]) -> RegisterEntry | None:
        if not past:
            return None
        last = past[-1]
        settings = next((e.settings for e in reversed(past) if e.settings), self.settings)
        return self.model_copy(
            update={"status": last.status_after, "settings": settings, "history": tuple(past)}
        )


class AuditEvent(Model):
    """Who or what did what, when and why, with the state before and after."""

    event_id: str
    at: dt.datetime
    actor: str
    action: str
    subject: str  # e.g. "submission:S-…", "register:P-…/3"
    reason: str = ""
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


class ReviewStatus(StrEnum):
    OPEN = "open"
    DECIDED = "decided"
    CLOSED = "closed"  # nothing left to decide: another review's verdict settled it


class ReviewVerdict(StrEnum):
    """What a reviewer decides on a referred lot."""

    ACCEPT = "accept"
    REJECT = "reject"
    CLARIFY = "clarify"  # ask the provider for specific documents


class ReviewSubject(StrEnum):
    APPLICATION = "application"
    REGISTER = "register"


class ReviewItem(Model):
    """An exception for the commissioning team: a lot that a rule referred, with its evidence."""

    id: str
    submission_id: str
    provider: str
    lot: str
    opened_at: dt.datetime
    findings: tuple[Finding, ...]
    settings: tuple[str, ...] = ()
    policy_version: str = ""
    status: ReviewStatus = ReviewStatus.OPEN
    verdict: ReviewVerdict | None = None
    reviewer: str = ""
    reason: str = ""
    decided_at: dt.datetime | None = None
    # "application": a referred lot of a submission; "register": a registered entry that a new
    # regulator snapshot put in question (submission_id then names the snapshot, not a submission)
    about: ReviewSubject = ReviewSubject.APPLICATION
    answered_by: str = ""  # the resubmission that answers a clarification request


class SnapshotRecord(Model):
    """A regulator snapshot as loaded: where from, when, its checksum and what validation found."""

    source: str  # "ofsted" or "gias"
    id: str
    loaded_at: dt.datetime
    original_name: str
    sha256: str
    rows: int
    quarantined: int
    summary: dict[str, int] = Field(default_factory=dict)
    # the date the data describe, from the file's own title ("as at 31 March 2024"); None when
    # the file gives none (a GIAS extract, an older record)
    data_date: dt.date | None = None

    @property
    def label(self) -> str:
        """The snapshot as messages and letters name it: its file, its data's date, its load."""
        as_at = f"as at {self.data_date.day} {self.data_date:%B %Y}, " if self.data_date else ""
        return f"{self.original_name} ({as_at}loaded {self.loaded_at.day} {self.loaded_at:%B %Y})"


class SnapshotRefresh(Model):
    """A refresh from one snapshot to the next, written before the new one becomes current: a
    run killed part way finds what it was comparing, and when it started, and finishes the job."""

    source: str
    to: str  # the new snapshot's id
    base: str | None  # the snapshot in force before it (None: the first one)
    started_at: dt.datetime
    finished_at: dt.datetime | None = None

    @property
    def id(self) -> str:
        """This refresh among all loads of the same snapshot (a snapshot may come back)."""
        return f"{self.to}-{self.started_at.astimezone(dt.UTC):%Y%m%d%H%M%S}"
