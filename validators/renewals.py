"""A renewed insurance certificate sent by a registered provider: which covers it renews and
until when, and whether each can be recorded (selection-criteria.md, "After admission": an entry
suspended for an expired certificate is reinstated when a valid one is uploaded). Pure: the
certificate's covers as read, the policy and the date in; one verdict per cover out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from domain.evidence import InsuranceCover
from validators.case import day, long_date, money
from validators.evidence_expiry import insurance_item, is_expired, item_words
from validators.names import matches_any
from validators.policy import Policy


@dataclass(frozen=True)
class RenewedCover:
    """One cover of a renewed certificate: the evidence item it renews and until when, or why
    it cannot count (then `problem` says so in a provider's words)."""

    item: str
    expiry: dt.date | None
    document: str
    page: int | None
    problem: str | None = None


def renewed_covers(
    covers: Iterable[InsuranceCover], policy: Policy, as_of: dt.date,
    provider_names: Sequence[str] = (),
) -> list[RenewedCover]:
    """Each cover's verdict: it counts when its expiry is readable and not past, its limit meets
    the policy's minimum for the cover, and it insures the provider (one of `provider_names`,
    when known): a renewal is held to the admission's standard."""
    found = []
    for cover in covers:
        insured = (cover.insured or "").strip()
        item = insurance_item(cover.type)
        words = item_words(item)
        expiry = day(cover.expiry)
        problem = None
        minimum = policy.insurance_minimums.get(cover.type)
        limit = money(cover.limit)
        if expiry is None:
            problem = f"the {words} cover's expiry date could not be read"
        elif is_expired(expiry, as_of):
            problem = f"the {words} cover expired on {long_date(expiry)}"
        elif minimum is not None and (limit is None or limit < minimum):
            shown = f"£{limit:,.0f}" if limit is not None else "not readable"
            problem = f"the {words} cover is {shown}; the minimum is £{minimum:,.0f}"
        elif insured and provider_names and not matches_any(insured, provider_names):
            problem = f"the certificate insures '{insured}', not '{provider_names[0]}'"
        found.append(RenewedCover(item, expiry, cover.document, cover.page, problem))
    return found
