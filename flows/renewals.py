"""A registered provider's renewed insurance certificates: kept byte for byte first (by
`keep_renewals`, before the flow runs: its parameters are keys, never file contents), read, and
each valid cover recorded on the provider's entries; an entry suspended only for the expiry of
the certificate it replaces is reinstated, with a letter (flows.expiries.record_new_certificate).
Safe to repeat: the same certificate again records nothing new."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from prefect import flow
from pydantic import BaseModel

from domain.models import EntryStatus
from extraction.documents import extract_document
from flows import settings
from flows.expiries import record_new_certificate
from services.letters import register_subject
from storage.repositories import Repositories
from validators.evidence_expiry import item_words
from validators.policy import policy_in_force
from validators.renewals import renewed_covers


class KeptFile(BaseModel):
    """A file kept in storage before the flow that reads it runs."""

    name: str  # as the provider gave it, for display only
    key: str  # where its bytes are kept


def keep_renewals(repos: Repositories, provider: str,
                  files: Sequence[tuple[str, bytes]]) -> list[KeptFile]:
    """Keep each renewed certificate byte for byte (the same bytes again are the same file);
    the references to give `record_renewed_certificates`. Every caller keeps here."""
    return [KeptFile(name=name, key=repos.renewals.keep(provider, data)) for name, data in files]


@dataclass(frozen=True)
class RenewalLine:
    """What one cover of one file did to one entry (or why it did nothing)."""

    file: str
    item: str
    lot: str | None
    outcome: str  # "recorded", "reinstated", "not newer", or the problem in words


@dataclass
class RenewalResult:
    provider: str
    lines: list[RenewalLine] = field(default_factory=list)


@flow(name="record-renewed-certificates", log_prints=False)
def record_renewed_certificates(
    provider: str, files: list[KeptFile], lots: list[str] | None = None,
    at: dt.datetime | None = None,
) -> RenewalResult:
    """Read and record each renewed certificate `keep_renewals` kept for the provider's entries
    (all, or `lots`); raises LookupError when the provider has no such entry."""
    repos = settings.repositories()
    at = at or settings.now()
    entries = [e for e in repos.register.entries() if e.provider == provider
               and e.status is not EntryStatus.REMOVED and (not lots or e.lot in lots)]
    if not entries:
        raise LookupError(f"no register entry for provider {provider!r}"
                          + (f" on lot {', '.join(lots)}" if lots else ""))
    today = at.astimezone(settings.COUNCIL_TIMEZONE).date()
    policy = policy_in_force(today)
    result = RenewalResult(provider)
    # the names the provider was admitted under (legal name, as its letters use it)
    names = tuple(dict.fromkeys(n for n in (register_subject(repos, e).provider_name
                                            for e in entries) if n != provider))
    for kept in files:
        name, data = kept.name, repos.renewals.original_of(provider, kept.key)
        covers = renewed_covers(extract_document(name, data).covers, policy, today, names)
        if not covers:
            result.lines.append(RenewalLine(name, "", None, "no insurance cover could be read"))
        for cover in covers:
            if cover.problem is not None or cover.expiry is None:
                result.lines.append(RenewalLine(name, cover.item, None, cover.problem or ""))
                continue
            for entry in entries:
                if cover.item not in entry.evidence_expiry:
                    continue  # a cover the entry was not admitted with: nothing to renew
                recorded = entry.evidence_expiry[cover.item]
                change = record_new_certificate(repos, provider, entry.lot, cover.item,
                                                cover.expiry, at)
                outcome = ("reinstated" if change is not None
                           else "not newer" if cover.expiry <= recorded else "recorded")
                result.lines.append(RenewalLine(name, cover.item, entry.lot, outcome))
    return result


def describe(line: RenewalLine) -> str:
    """One line of `dps register renew`'s report."""
    what = item_words(line.item) if line.item else "certificate"
    if line.lot is None:
        return f"{line.file}: {what}: not recorded: {line.outcome}"
    return f"{line.file}: {what} cover, lot {line.lot}: {line.outcome}"
