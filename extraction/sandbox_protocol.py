"""What the parent and a reading process say to each other over their socket.

Kept apart from the reading process's code so that the parent, which only sends jobs and waits,
never imports a parser.

    child → parent  READY                        once, when the readers are imported
    parent → child  Job                          one document
    child → parent  (PAGES, n)                   a PDF's page count, once known (more time)
    child → parent  (READ, ReadDocument)         or (REFUSED | UNREADABLE | OUT_OF_MEMORY, str)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

READY, PAGES = "ready", "pages"
READ, REFUSED, UNREADABLE, OUT_OF_MEMORY = "read", "refused", "unreadable", "out-of-memory"
Outcome = tuple[str, Any]


@dataclass(frozen=True)
class Job:
    """One document to read, and its limits as the reading process applies them."""

    data: bytes
    media_type: str
    memory_bytes: int
    max_pages: int
    seconds: float  # of CPU, before the backstop stops the process (see sandbox_child.run)
