"""The HTTP API under /api/: the same actions as the pages, as JSON, authenticated by session or
by a per-provider API token (issue 11, "HTTP API")."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
