"""What the portal needs besides settings and repositories, passed in by whoever builds it
(`dps portal` from bootstrap.py; the tests their own): how letters get their PDF, and how a new
submission is announced to Prefect. Defaults do neither, as a test wants."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from domain.models import Submission
from services.letters import Notify, PdfMaker, no_pdf


def _not_announced(_submission: Submission) -> object:
    return None


@dataclass(frozen=True)
class PortalWiring:
    make_pdf: PdfMaker = no_pdf
    announce: Callable[[Submission], object] = field(default=_not_announced)
    #: tells the provider's users of a letter issued (bootstrap.notifier); None: not told
    notify: Notify | None = None
