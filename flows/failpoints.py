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
