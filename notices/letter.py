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
    lot_decision = _lot(decision, lot)
    listed = [f for f in lot_decision.findings if f.outcome in LISTED[kind]]
    listed.sort(key=lambda f: _ORDER[f.outcome])  # stable: the rules' order within an outcome
    provider_name = decision.organisation.get("legal_name", "").strip() or decision.provider
    values = {
        "council_name": council,
        "date": uk_date(at.astimezone(COUNCIL_TIMEZONE).date() if at.tzinfo else at.date()),
        "provider_name": provider_name,
        "provider_id": decision.provider,
        "submission_id": decision.submission_id,
        "lot": lot,
        "reference": f"{decision.submission_id}, lot {lot}",
        "policy_version": decision.policy_version,
        "evaluation_date": uk_date(decision.evaluation_date),
        "reason_count": str(len(listed)),
        "reasons_below": _counted(len(listed), "reason"),
        "points_below": _counted(len(listed), "point"),
    }
    return Letter(kind, values, tuple(reason_row(f) for f in listed))


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
