"""The commissioning team's pages: the review queue, an exception beside its evidence, verdicts,
the register and a provider's history (issue 11, "Commissioning pages")."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
