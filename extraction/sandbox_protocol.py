"""What the parent and a reading process say to each other over their socket.

Kept apart from the reading process's code so that the parent, which only sends jobs and waits,
never imports a parser.

    child → parent  READY                        once, when the readers are imported
    parent → child  Job                          one document
    child → parent  (PAGES, n)                   a PDF's page count, once known (more time)
    child → parent  (OCR_PAGE, n)                page n is being read by OCR (more time, a few)
    child → parent  (READ, ReadDocument)         or (REFUSED | UNREADABLE | OUT_OF_MEMORY, str)

or, to draw a page of a PDF for a reviewer (extraction.page_image), within the same limits:

    parent → child  PageJob                      one page, the boxes to draw on it
    child → parent  (RENDERED, PNG bytes)        or (NO_SUCH_PAGE | UNREADABLE | …, str)

Both sides work out the time limits from the job's Limits and the page count: the child stops
starting pages when its reading budget is spent (Limits.reading_seconds), the parent kills it
`Limits.seconds` later (Limits.allowed_seconds), so that only a page that hangs is killed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.models import Box
from extraction.limits import Limits

READY, PAGES, OCR_PAGE = "ready", "pages", "ocr-page"
READ, REFUSED, UNREADABLE, OUT_OF_MEMORY = "read", "refused", "unreadable", "out-of-memory"
RENDERED, NO_SUCH_PAGE = "rendered", "no-such-page"
Outcome = tuple[str, Any]


@dataclass(frozen=True)
class Job:
    """One document to read, and the limits the reading process applies to it."""

    data: bytes
    media_type: str
    limits: Limits


@dataclass(frozen=True)
class PageJob:
    """One page of a PDF to draw as a PNG, with the boxes to highlight on it (points)."""

    data: bytes
    page_number: int  # 1-based
    boxes: tuple[Box, ...]
    width_px: int
    limits: Limits
