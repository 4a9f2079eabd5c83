"""The provider's pages: apply, upload, submit, follow each lot, letters, clarifications and
register entries (issue 11, "Provider pages")."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
