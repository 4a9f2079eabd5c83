"""Failpoints: named places where a test can make this process die at once (SIGKILL), to prove
that a crash at any step of routing, followed by a re-run, writes everything exactly once.

Inert unless DPS_FAILPOINT names the point (the environment is read here, in the shell, never
in the core). Production never sets it.
"""

from __future__ import annotations

import os
import signal

ROUTING_STEPS = (
    "after-decision-stored",
    "after-decision-audited",
    "after-register-entry",
    "after-notice",
    "after-review-opened",
    "after-state-set",
)


def failpoint(name: str) -> None:
    """Die here, as a killed process would, when DPS_FAILPOINT is `name`."""
    if os.environ.get("DPS_FAILPOINT") == name:
        os.kill(os.getpid(), signal.SIGKILL)

#: the regulator refresh (`dps ofsted load`): after the new snapshot became current, after an
#: entry's suspension, after its letter, after each entry's change (before its review)
REFRESH_STEPS = (
    "refresh-after-snapshot-current",
    "refresh-after-register-event",
    "refresh-after-notice",
    "refresh-after-suspension",
)
#: the expiry check (`dps revalidate`): after a reminder's letter, before it is marked sent
EXPIRY_STEPS = ("expiry-after-notice",)
