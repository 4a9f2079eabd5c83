"""What the service refuses at the door, and which policy decides, for the CLI and the portal.

A provider id that cannot be used, a day that cannot be decided (before the oldest policy, before
a submission arrived), when a submission sent by post or email was received, and which policy
version decides on a day: rules of the service, so every way in refuses the same things in the
same words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from domain.models import Submission
from validators.evidence_expiry import item_words
from validators.policy import Policy, PolicyInvalid, bundled_policy, bundled_versions
from validators.policy import policy_in_force as policy_on
from validators.provider_ids import provider_id_problem
from validators.rule_table import policy_table, rule_table

__all__ = ["DateRefused", "Policy", "PolicyInvalid", "check_decidable_day", "cover_words",
           "described", "policy_named", "policy_on", "provider_id_problem", "received_at",
           "refuse_before_receipt"]


class DateRefused(ValueError):
    """A day the service cannot decide on or record; the message says why in one line."""


def policy_named(version: str | None = None) -> Policy:
    """The bundled policy of that version (the newest when None); PolicyInvalid if none."""
    return bundled_policy(version)


def described(policy: Policy) -> str:
    """The thresholds in force and every rule with its reason codes, as tables."""
    return f"Policy {policy.version}\n\n{policy_table(policy)}\n\nRules\n\n{rule_table()}"


def cover_words(item: str) -> str:
    """An evidence item in a provider's words: "insurance:public-liability" -> "public
    liability"."""
    return item_words(item)


def check_decidable_day(day: dt.date, named: str = "--as-of") -> None:
    """A day before every policy has no rules to decide by (`named`: how the caller calls it)."""
    oldest = bundled_policy(bundled_versions()[0])
    if day < oldest.effective_from:
        raise DateRefused(f"{named} {day} is before the oldest policy ({oldest.version}, in "
                          f"effect from {oldest.effective_from}): nothing to decide by")


def received_at(day: dt.date, today: dt.date, zone: ZoneInfo,
                named: str = "--received") -> dt.datetime:
    """When a submission sent by post or email and entered later was received: the start of
    `day` in the council's timezone; never in the future, never before the oldest policy."""
    if day > today:
        raise DateRefused(f"{named} {day} is in the future: give the day the council received "
                          "the submission")
    check_decidable_day(day, named)
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone)


def refuse_before_receipt(pending: Iterable[Submission], as_of: dt.date, zone: ZoneInfo,
                          named: str = "--as-of") -> None:
    """A submission cannot be decided as of a day before it arrived: its documents would be
    judged on dates they were not yet sent by."""
    late = [(received, submission.id) for submission in pending
            if (received := submission.received_at.astimezone(zone).date()) > as_of]
    if late:
        received, latest = max(late)
        raise DateRefused(f"{named} {as_of} is before {len(late)} submission(s) were received "
                          f"(the latest, {latest}, on {received}): decide them as of that day "
                          "or later")
