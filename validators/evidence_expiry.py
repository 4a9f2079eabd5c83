"""Evidence that expires after admission: which items a provider's certificates cover until when,
and whether an entry's suspension was for one item's expiry alone. Pure: dates are parameters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from domain.evidence import InsuranceCover
from domain.models import EntryStatus, Finding, RegisterEntry
from domain.reasons import finding
from validators.case import day, long_date
from validators.reminders import INSURANCE_EXPIRING_SOON
from validators.rules.documents import COVERS

INSURANCE_EXPIRED = "insurance-expired"
SUSPENDED, REINSTATED = "suspended", "reinstated"
EVIDENCE_RENEWED = "evidence-renewed"
RENEWED = (REINSTATED, EVIDENCE_RENEWED)  # the events that record a new certificate


def insurance_item(cover_type: str) -> str:
    """The evidence item a cover is kept under on the register: "insurance:<cover type>"."""
    return f"insurance:{cover_type}"


def item_words(item: str) -> str:
    """An evidence item in a provider's words: "insurance:public-liability" -> "public
    liability"."""
    kind, _, cover_type = item.partition(":")
    return COVERS.get(cover_type, cover_type.replace("-", " ")) if kind == "insurance" else item


def expired_finding(item: str, expiry: dt.date, as_of: dt.date, lot: str) -> Finding:
    """Why an entry is suspended for an expired certificate, as a notice lists it."""
    return finding(INSURANCE_EXPIRED, cover=item_words(item), expiry=long_date(expiry),
                   as_of=long_date(as_of), lot=lot)


def reminder_finding(
    item: str, expiry: dt.date, as_of: dt.date, milestone: int, lot: str
) -> Finding:
    """What an expiry reminder says: the cover, its expiry, and how soon (the milestone)."""
    found = finding(INSURANCE_EXPIRING_SOON, cover=item_words(item), expiry=long_date(expiry),
                    days=milestone, as_of=long_date(as_of), lot=lot)
    if milestone == 0:  # "within 0 days" is no way to say it
        message = f"The {item_words(item)} cover expires today, {long_date(expiry)}."
        found = found.model_copy(update={"message": message})
    return found


def renewal_remedy(expiry: dt.date) -> str:
    """What satisfies a reminder: the renewed certificate, before the cover runs out."""
    return (f"Upload the renewed certificate by {long_date(expiry)}; from the day after, your "
            "place on the lot is suspended until a valid certificate is uploaded.")


def evidence_expiry_of(covers: Iterable[InsuranceCover]) -> dict[str, dt.date]:
    """Each cover type's expiry; where several certificates show one type, the latest counts,
    and a cover whose expiry could not be read is left out (the admission rules judged it)."""
    expiry: dict[str, dt.date] = {}
    for cover in covers:
        until = day(cover.expiry)
        if until is None or not cover.type:
            continue
        item = insurance_item(cover.type)
        expiry[item] = max(until, expiry.get(item, until))
    return expiry


def is_expired(expiry: dt.date, as_of: dt.date) -> bool:
    """A certificate is valid on its expiry day and expired from the day after."""
    return as_of > expiry


def open_suspensions(entry: RegisterEntry) -> list[dict[str, str]]:
    """The causes (details) of the suspensions since the entry was last active."""
    causes: list[dict[str, str]] = []
    for event in entry.history:
        if event.status_after is EntryStatus.ACTIVE:
            causes = []
        elif event.kind == SUSPENDED:
            causes.append(event.details)
    return causes


def is_reinstated_by_certificates(
    entry: RegisterEntry, evidence_expiry: dict[str, dt.date], as_of: dt.date
) -> bool:
    """Whether a suspended entry may be reinstated: every open cause of its suspension is an
    expired certificate that now has a later one, valid on `as_of`. A suspension for any other
    cause (an Inadequate Ofsted rating, say) is never lifted by a new certificate."""
    causes = open_suspensions(entry)
    return entry.status is EntryStatus.SUSPENDED and bool(causes) and all(
        _is_replaced(cause, evidence_expiry, as_of) for cause in causes
    )


def _is_replaced(
    cause: dict[str, str], evidence_expiry: dict[str, dt.date], as_of: dt.date
) -> bool:
    if cause.get("code") != INSURANCE_EXPIRED:
        return False
    current, expired = evidence_expiry.get(cause.get("item", "")), day(cause.get("expiry"))
    return (
        current is not None and expired is not None and current > expired
        and not is_expired(current, as_of)
    )


def is_suspended_for_expiry(entry: RegisterEntry, item: str, expiry: dt.date) -> bool:
    """Whether the entry is already suspended for this item's certificate of this expiry."""
    return entry.status is EntryStatus.SUSPENDED and any(
        c.get("code") == INSURANCE_EXPIRED
        and c.get("item") == item
        and c.get("expiry") == expiry.isoformat()
        for c in open_suspensions(entry)
    )


def recorded_on(entry: RegisterEntry, item: str) -> dt.date | None:
    """The day the entry's current certificate for `item` was recorded: the evaluation date of
    the admission that recorded it, or the day a renewal was recorded; None when unknown."""
    for event in reversed(entry.history):
        if event.kind in RENEWED and event.details.get("item") == item:
            return event.at.date()
        if event.kind == "admitted" and item in event.details.get("evidence", "").split(","):
            return day(event.details.get("evaluation_date"))
    return None
