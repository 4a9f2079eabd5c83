"""Expiry reminders (selection-criteria.md, "After admission"): a reminder to the provider when a
certificate comes within each milestone of its expiry (policy: 28 days, 14 days, on the day),
never twice for the same certificate and milestone.

A run sends only the *current* milestone: the tightest one the certificate is now within. When a
run was missed (say the check first sees a certificate 10 days before expiry), the 28-day reminder
is not sent late: the provider gets the 14-day one, which says more. A milestone that had passed
before the certificate was recorded on the register is not sent at all. Pure: the dates are
parameters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

INSURANCE_EXPIRING_SOON = "insurance-expiring-soon"


def current_milestone(expiry: dt.date, as_of: dt.date, milestones: Iterable[int]) -> int | None:
    """The smallest milestone the certificate is within on `as_of` (days left <= milestone);
    None before the first milestone and once the certificate has expired."""
    days_left = (expiry - as_of).days
    within = [m for m in milestones if 0 <= days_left <= m]
    return min(within) if within else None


def due_reminder(
    expiry: dt.date, as_of: dt.date, milestones: Iterable[int], sent: Iterable[int],
    known_since: dt.date | None = None,
) -> int | None:
    """The milestone whose reminder is due on `as_of`, or None: the current milestone unless its
    reminder (or a later, tighter one for the same certificate) was already sent, or the
    milestone had passed before the certificate was recorded (`known_since`: the admission or
    renewal that recorded it, which told the provider its expiry; a certificate admitted 20
    days before it expires gets the 14-day reminder, not a late 28-day one)."""
    milestone = current_milestone(expiry, as_of, milestones)
    if milestone is None or any(m <= milestone for m in sent):
        return None
    if known_since is not None and expiry - dt.timedelta(days=milestone) < known_since:
        return None
    return milestone
