"""What a notice says, before any document is made: the values of its placeholders and the rows
of its reasons table, built from a decision. Pure: the date is a parameter, never the clock."""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from domain.models import Decision, Finding, LotDecision, Outcome
from domain.notices import NoticeKind
from domain.reasons import REASONS, remedy

#: the sender printed on every letter; pass another to `letter_for` to change it
COUNCIL_NAME = "The County Council — Children's placements DPS"
COUNCIL_TIMEZONE = ZoneInfo("Europe/London")

#: which findings of the lot each kind of letter lists (none: the letter has no reasons table)
LISTED: dict[NoticeKind, frozenset[Outcome]] = {
    NoticeKind.ACCEPTANCE: frozenset(),
    NoticeKind.REJECTION: frozenset({Outcome.FAIL, Outcome.REFER}),
    NoticeKind.CLARIFICATION: frozenset({Outcome.REFER}),
    NoticeKind.SUSPENSION: frozenset({Outcome.FAIL, Outcome.REFER}),
    NoticeKind.REINSTATEMENT: frozenset(),
    NoticeKind.EXPIRY_REMINDER: frozenset({Outcome.FAIL, Outcome.WARN}),
}

_STANDING = {Outcome.FAIL: "not met", Outcome.REFER: "for review", Outcome.WARN: "to note"}
_ORDER = {Outcome.FAIL: 0, Outcome.REFER: 1, Outcome.WARN: 2}


@dataclass(frozen=True)
class ReasonRow:
    """One row of the reasons table: Reason | What we found | Where | What would satisfy it."""

    code: str
    reason: str
    found: str
    where: str
    remedy: str


@dataclass(frozen=True)
class Letter:
    """Everything a template needs: `values` fill {{name}} placeholders, `reasons` {{reasons}}."""

    kind: NoticeKind
    values: dict[str, str]
    reasons: tuple[ReasonRow, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(row.code for row in self.reasons)


def uk_date(day: dt.date) -> str:
    """A date as UK letters write it: 3 June 2024."""
    return f"{day.day} {day:%B %Y}"


def letter_for(
    decision: Decision, lot: str, kind: NoticeKind | str, at: dt.datetime,
    council: str = COUNCIL_NAME,
) -> Letter:
    """The letter of `kind` about `lot` of `decision`, dated `at` (in the council's timezone)."""
    kind = NoticeKind(kind)
    listed = [f for f in _lot(decision, lot).findings if f.outcome in LISTED[kind]]
    listed.sort(key=lambda f: _ORDER[f.outcome])  # stable: the rules' order within an outcome
    return compose(
        kind, at, tuple(reason_row(f) for f in listed),
        provider_name=_name_of(decision), provider=decision.provider, lot=lot,
        submission_id=decision.submission_id, reference=f"{decision.submission_id}, lot {lot}",
        policy_version=decision.policy_version, evaluation_date=decision.evaluation_date,
        council=council,
    )


@dataclass(frozen=True)
class RegisterSubject:
    """Whom a letter about the register is to: the entry and the application that admitted it."""

    provider: str
    provider_name: str
    lot: str
    submission_id: str  # the admitting submission: the letter is kept with it
    policy_version: str


def register_letter_for(
    subject: RegisterSubject, kind: NoticeKind | str, rows: tuple[ReasonRow, ...],
    at: dt.datetime, council: str = COUNCIL_NAME,
) -> Letter:
    """A letter about a register entry (suspension, reinstatement, expiry reminder), dated `at`;
    `rows` are its reasons (the causing findings, see `reason_row`)."""
    day = _council_day(at)
    return compose(
        NoticeKind(kind), at, rows,
        provider_name=subject.provider_name, provider=subject.provider, lot=subject.lot,
        submission_id=subject.submission_id,
        reference=f"register entry {subject.provider}, lot {subject.lot}",
        policy_version=subject.policy_version, evaluation_date=day, council=council,
    )


def compose(
    kind: NoticeKind, at: dt.datetime, rows: tuple[ReasonRow, ...], *, provider_name: str,
    provider: str, lot: str, submission_id: str, reference: str, policy_version: str,
    evaluation_date: dt.date, council: str,
) -> Letter:
    """Every placeholder a council-edited template may use, for any kind of letter."""
    values = {
        "council_name": council,
        "date": uk_date(_council_day(at)),
        "provider_name": provider_name,
        "provider_id": provider,
        "submission_id": submission_id,
        "lot": lot,
        "reference": reference,
        "policy_version": policy_version,
        "evaluation_date": uk_date(evaluation_date),
        "reason_count": str(len(rows)),
        "reasons_below": _counted(len(rows), "reason"),
        "points_below": _counted(len(rows), "point"),
    }
    return Letter(kind, values, rows)


def _council_day(at: dt.datetime) -> dt.date:
    return at.astimezone(COUNCIL_TIMEZONE).date() if at.tzinfo else at.date()


def _name_of(decision: Decision) -> str:
    return decision.organisation.get("legal_name", "").strip() or decision.provider


def reason_row(found: Finding) -> ReasonRow:
    """A finding in the provider's words: what it is, what we found, where, and the remedy."""
    words = found.code.replace("-", " ")
    return ReasonRow(
        code=found.code,
        reason=f"{words[:1].upper()}{words[1:]} ({_STANDING[found.outcome]})",
        found=found.message,
        where=where(found),
        remedy=remedy_of(found),
    )


def where(found: Finding) -> str:
    """Where a finding came from: document, page and form field, as far as they are known."""
    parts = [found.document or ""]
    if found.page is not None:
        parts.append(f"page {found.page}")
    if found.field:
        parts.append(f"question {found.field}")
    if found.setting:
        parts.append(f"setting {found.setting}")
    return ", ".join(part for part in parts if part) or "the application as a whole"


def remedy_of(found: Finding) -> str:
    """`domain.reasons.remedy`, with the facts it needs (a minimum, a URN, a row) recovered from
    the finding's message, which was rendered from the same table: a letter never shows {braces}."""
    facts = _facts_from_message(found)
    if found.setting:
        facts.setdefault("urn", found.setting)
    for taken in ("found", "lot", "field"):  # remedy's own arguments, or unused by remedies
        facts.pop(taken, None)
    text = remedy(found, **facts)
    # a fact that is in neither the finding nor its message: say so in words, not in braces
    return re.sub(r"\{[^{}]*\}", "(see above)", text)


def _facts_from_message(found: Finding) -> dict[str, str]:
    reason = REASONS.get(found.code)
    if reason is None:
        return {}
    pattern, seen = "", set()
    for literal, name, _spec, _conversion in string.Formatter().parse(reason.template):
        pattern += re.escape(literal)
        if name is None:
            continue
        if name in seen:
            pattern += f"(?P={name})"
        else:
            seen.add(name)
            pattern += f"(?P<{name}>.+?)" if name.isidentifier() else "(?:.+?)"
    match = re.fullmatch(pattern, found.message, flags=re.DOTALL)
    return dict(match.groupdict()) if match else {}


def _counted(count: int, noun: str) -> str:
    return f"the {noun} below" if count == 1 else f"the {count} {noun}s below"


def _lot(decision: Decision, lot: str) -> LotDecision:
    for candidate in decision.lots:
        if candidate.lot == lot:
            return candidate
    raise ValueError(f"decision {decision.submission_id} has no lot {lot!r}")
