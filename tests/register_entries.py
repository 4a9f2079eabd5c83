"""Register entries made directly, for tests about what happens after admission (admission
itself is tested through the pipeline elsewhere)."""

from __future__ import annotations

import datetime as dt

from domain.models import EntryStatus, RegisterEntry, RegisterEvent
from storage.repositories import Repositories

ADMITTED_AT = dt.datetime(2024, 6, 3, 9, tzinfo=dt.UTC)


def admit(
    repos: Repositories, provider: str, lot: str, settings: tuple[str, ...] = (),
    evidence_expiry: dict[str, dt.date] | None = None, *, submission: str = "S-1",
    policy_version: str = "2024.1", at: dt.datetime = ADMITTED_AT,
) -> RegisterEntry:
    """An active entry admitted on `submission` (its letters are kept with that submission),
    on `at`'s date, with the certificates `evidence_expiry` lists."""
    event = RegisterEvent(
        event_id=f"admitted-{submission}-{policy_version}-{lot}", at=at, actor="test",
        kind="admitted", reason=f"accepted on submission {submission}", status_before=None,
        status_after=EntryStatus.ACTIVE, settings=settings,
        details={"submission": submission, "policy_version": policy_version,
                 "evaluation_date": at.date().isoformat(),
                 "evidence": ",".join(sorted(evidence_expiry or {}))},
    )
    fields = {"evidence_expiry": evidence_expiry} if evidence_expiry else {}
    return repos.register.apply(provider, lot, event, **fields)
