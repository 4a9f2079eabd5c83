"""What the commissioning team's pages show, read from storage: the review queue with each
item's assessment clock, an exception's findings beside their evidence, the register filtered,
and a provider's history. Read-only: verdicts go through services/review.decide_review."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from domain.models import (
    Box,
    Decision,
    Finding,
    Outcome,
    RegisterEntry,
    ReviewItem,
    ReviewStatus,
    StoredFile,
    Submission,
)
from extraction.errors import DocumentProblem
from services.evidence_pages import EvidencePageError, Excerpt, evidence_excerpt, page_image
from services.reading import read_file
from services.regulators import current_ofsted
from storage.repositories import Repositories, UnknownSubmission
from validators.pricing_schema import LOT_NAMES
from validators.working_days import add_working_days

#: a request to join is assessed within 10 working days of its receipt (spec/README.md)
ASSESSMENT_WORKING_DAYS = 10
LOTS = tuple(sorted(set(LOT_NAMES.values())))
PDF = "application/pdf"


@dataclass(frozen=True)
class Clock:
    """The assessment clock: received, the last day of the 10 working days, and whether today
    is past it."""

    received: dt.date
    due: dt.date
    overdue: bool


def assessment_clock(received_at: dt.datetime, zone: ZoneInfo, today: dt.date) -> Clock:
    """The day of receipt does not count; the due day itself is still in time."""
    received = received_at.astimezone(zone).date()
    due = add_working_days(received, ASSESSMENT_WORKING_DAYS)
    return Clock(received, due, today > due)


def _submission(repos: Repositories, submission_id: str) -> Submission | None:
    try:
        return repos.submissions.get(submission_id)
    except UnknownSubmission:
        return None  # a register review names a snapshot refresh, not a submission


@dataclass(frozen=True)
class QueueItem:
    review: ReviewItem
    submission: Submission | None
    clock: Clock


def review_queue(repos: Repositories, zone: ZoneInfo, today: dt.date) -> list[QueueItem]:
    """The open reviews, the longest waiting first: by the receipt of their submission (a
    register review by the day it was opened), then by when each was opened."""
    items = []
    for review in repos.reviews.all():
        if review.status is not ReviewStatus.OPEN:
            continue
        submission = _submission(repos, review.submission_id)
        since = submission.received_at if submission else review.opened_at
        items.append(QueueItem(review, submission, assessment_clock(since, zone, today)))
    return sorted(items, key=lambda i: (i.clock.received, i.review.opened_at, i.review.id))


@dataclass(frozen=True)
class Evidence:
    """A finding and the file it names (None where it names none, or one not in the
    submission); `index` is its place in the review's findings, which the image's address
    uses so that no file, page or box is taken from the address itself."""

    index: int
    finding: Finding
    file: StoredFile | None

    @property
    def has_page_image(self) -> bool:
        return self.file is not None and self.file.media_type == PDF and bool(self.finding.page)


@dataclass(frozen=True)
class ExceptionView:
    review: ReviewItem
    submission: Submission | None
    clock: Clock
    evidence: tuple[Evidence, ...]
    failed: tuple[str, ...] = field(default=())  # the failed rules: accepting is refused


def exception_view(repos: Repositories, review_id: str, zone: ZoneInfo,
                   today: dt.date) -> ExceptionView | None:
    review = repos.reviews.get(review_id)
    if review is None:
        return None
    submission = _submission(repos, review.submission_id)
    files = {f.original_name: f for f in submission.files} if submission else {}
    evidence = tuple(Evidence(i, f, files.get(f.document or ""))
                     for i, f in enumerate(review.findings))
    since = submission.received_at if submission else review.opened_at
    failed = tuple(sorted({f.code for f in review.findings if f.outcome is Outcome.FAIL}))
    return ExceptionView(review, submission, assessment_clock(since, zone, today), evidence,
                         failed)


class PageImages:
    """Page images by (file sha256, page, box), the most recently used kept up to `most`: the
    same page is drawn once however often the exception is opened. A page that could not be
    drawn is remembered too, so a hostile file costs one reading process, not one a view."""

    def __init__(self, most: int = 64) -> None:
        self._most = most
        self._kept: OrderedDict[tuple[str, int, Box | None], bytes | str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, repos: Repositories, submission_id: str, file: StoredFile, page: int,
            box: Box | None) -> bytes:
        """The PNG; EvidencePageError where the page cannot be drawn."""
        key = (file.sha256, page, box)
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
        if isinstance(kept, str):
            raise EvidencePageError(kept)
        if kept is not None:
            return kept
        try:
            drawn: bytes | str = page_image(
                repos.submissions.original(submission_id, file.sha256), page, [box])
        except EvidencePageError as problem:
            drawn = str(problem)
        with self._lock:
            self._kept[key] = drawn
            while len(self._kept) > self._most:
                self._kept.popitem(last=False)
        if isinstance(drawn, str):
            raise EvidencePageError(drawn)
        return drawn

    def problem(self, file: StoredFile, page: int, box: Box | None) -> str | None:
        """Why this page could not be drawn, where an earlier attempt found it cannot be."""
        with self._lock:
            kept = self._kept.get((file.sha256, page, box))
        return kept if isinstance(kept, str) else None


class Excerpts:
    """A Word or Excel value's paragraph or cell with the value marked, read again from the file
    (a finding keeps the question, not the text); each file read once, the most recent `most`
    kept."""

    def __init__(self, most: int = 32) -> None:
        self._most = most
        self._read: OrderedDict[str, dict[str, tuple[str, str | None]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, repos: Repositories, submission_id: str, file: StoredFile,
            field_id: str) -> Excerpt | None:
        """None where the file no longer reads or has no such field: the officer still has
        the file to download."""
        with self._lock:
            fields = self._read.get(file.sha256)
        if fields is None:
            fields = self._fields(repos, submission_id, file)
            with self._lock:
                self._read[file.sha256] = fields
                while len(self._read) > self._most:
                    self._read.popitem(last=False)
        found = fields.get(field_id)
        return evidence_excerpt(*found) if found else None

    @staticmethod
    def _fields(repos: Repositories, submission_id: str,
                file: StoredFile) -> dict[str, tuple[str, str | None]]:
        try:
            document = read_file(file.original_name,
                                 repos.submissions.original(submission_id, file.sha256))
        except DocumentProblem:
            return {}
        return {name: (answer.source_text, answer.value)
                for name, answer in document.fields.items()}


def highlight_words(finding: Finding) -> str:
    """What the image's alt text says is highlighted."""
    where = f"Page {finding.page} of {finding.document}"
    if finding.box is None:
        return f"{where}. The place of the value on the page was not recorded."
    return f"{where}, with the value this finding is about highlighted: {finding.message}"


@dataclass(frozen=True)
class RegisterFilter:
    lot: str = ""
    status: str = ""
    authority: str = ""
    judgement: str = ""


@dataclass(frozen=True)
class RegisterRow:
    entry: RegisterEntry
    authorities: tuple[str, ...]  # the local authorities its settings are in (Ofsted)
    judgements: tuple[str, ...]  # its settings' Ofsted judgements now (else at admission)


def register_rows(repos: Repositories, chosen: RegisterFilter) -> list[RegisterRow]:
    """The register, one row per provider and lot, with what the filter chose."""
    facts = _setting_facts(repos)
    rows = []
    for entry in sorted(repos.register.entries(), key=lambda e: (e.provider, e.lot)):
        known = [facts[urn] for urn in entry.settings if urn in facts]
        authorities = tuple(sorted({a for a, _ in known if a}))
        judgements = tuple(sorted({j for _, j in known if j})) or tuple(
            sorted(set(entry.judgements_at_admission.values())))
        rows.append(RegisterRow(entry, authorities, judgements))
    return [r for r in rows if _matches(r, chosen)]


def _matches(row: RegisterRow, chosen: RegisterFilter) -> bool:
    return ((not chosen.lot or row.entry.lot == chosen.lot)
            and (not chosen.status or row.entry.status.value == chosen.status)
            and (not chosen.authority or chosen.authority in row.authorities)
            and (not chosen.judgement or chosen.judgement in row.judgements))


def _setting_facts(repos: Repositories) -> dict[str, tuple[str, str]]:
    """URN -> (local authority, overall judgement) in the Ofsted snapshot in force."""
    table, _label = current_ofsted(repos)
    if table is None:
        return {}
    return {str(urn): (str(authority or ""), str(judgement or "")) for urn, authority, judgement
            in zip(table.index, table["local_authority"], table["overall_judgement_text"],
                   strict=True)}


def filter_choices(rows: Iterable[RegisterRow]) -> dict[str, tuple[str, ...]]:
    """The values each filter offers: every lot, and the authorities and judgements found."""
    listed = list(rows)
    return {"lot": LOTS,
            "authority": tuple(sorted({a for r in listed for a in r.authorities})),
            "judgement": tuple(sorted({j for r in listed for j in r.judgements}))}


@dataclass(frozen=True)
class ProviderHistory:
    provider: str
    submissions: tuple[Submission, ...]
    decisions: tuple[Decision, ...]
    reviews: tuple[ReviewItem, ...]
    register: tuple[RegisterEntry, ...]


def provider_history(repos: Repositories, provider: str) -> ProviderHistory:
    """A provider's submissions (newest first), their decisions and reviews, and their
    register entries with each entry's events."""
    submissions = sorted(repos.submissions.of_provider(provider), key=lambda s: s.received_at,
                         reverse=True)
    decisions = [d for s in submissions for d in repos.decisions.of(s.id)]
    reviews = [r for s in submissions for r in repos.reviews.of_submission(s.id)]
    entries = [e for e in repos.register.entries() if e.provider == provider]
    return ProviderHistory(provider, tuple(submissions), tuple(decisions), tuple(reviews),
                           tuple(sorted(entries, key=lambda e: e.lot)))
