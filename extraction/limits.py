"""How much a document may take to read: time, memory and pages.

Two kinds of limit, for two purposes:

- **Hostile files** are stopped by hard limits: the memory limit, a page count over `max_pages`
  (refused before any page is read), and the parent's kill at `allowed_seconds` for a page or a
  parse that never ends.
- **Long, readable documents** are never failed for their length: the reading process keeps a
  reading budget (`reading_seconds`, `reading_pages`) and, once it is spent, starts no further
  page. What it read comes back with the pages it did not read, which the file is warned about
  (`document-partly-read`). The budget runs out `seconds` before the parent's kill, so only a
  page that hangs, never a long document, meets the kill.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

_GIB, _MIB = 1024**3, 1024**2


@dataclass(frozen=True)
class Limits:
    """How much time and memory one document may take to read, and how many pages it may have."""

    #: Time to open a document and count its pages; also the grace a page still being read gets
    #: once the reading budget is spent, before the parent kills the reading process.
    seconds: float = 10.0
    memory_bytes: int = _GIB  # the reading process's whole address space, readers included
    #: A document claiming more pages than this is refused unread: a page count is a cheap
    #: lie for a hostile file to tell, and no provider's document is this long.
    max_pages: int = 500
    #: The reading budget grows with the pages, once the reader has counted them: a 150-page
    #: set of accounts has 47.5 s, which reads it whole at the 3 to 10 pages/s of real dense
    #: documents (benchmarks/long_documents.py). One that reads slower is read as far as the
    #: budget goes, never failed for it.
    seconds_per_page: float = 0.25
    #: At most this many pages are read (the rest are reported as not read); None: all of them.
    reading_pages: int | None = None
    #: A page read by OCR (a scan) takes 1 to 4 s, not a tenth of one: each of the first
    #: `max_ocr_pages` adds this to the reading budget and to the time limit, so a scanned
    #: document of a few dozen pages is read whole and a longer one as far as that goes
    #: (extraction/ocr.py, benchmarks/ocr_speed.py). The parent counts them too, so a reading
    #: process cannot buy itself more.
    seconds_per_ocr_page: float = 5.0
    max_ocr_pages: int = 30

    def reading_seconds(self, pages: int) -> float:
        """The reading budget of a document of `pages` pages: no page is started after it."""
        return self.seconds + pages * self.seconds_per_page

    def allowed_seconds(self, pages: int) -> float:
        """The hard time limit for a document of `pages` pages: the budget, and a page's grace."""
        return self.reading_seconds(pages) + self.seconds


DEFAULT_LIMITS = Limits()


class ReadingBudget:
    """A reader's budget for one document, kept by the reading process itself: whether to start
    another page. The first page is always read (if it hangs, the parent's kill stops it)."""

    def __init__(self, limits: Limits, started: float | None = None) -> None:
        self._limits = limits
        self._started = time.monotonic() if started is None else started
        self._deadline = self._started + limits.reading_seconds(limits.max_pages)
        self._ocr_pages = 0

    def count(self, pages: int) -> None:
        """The document has `pages` pages: its reading budget is now known."""
        self._deadline = (self._started + self._limits.reading_seconds(pages)
                          + self._ocr_pages * self._limits.seconds_per_ocr_page)

    def add_ocr_page(self) -> bool:
        """A page is being read by OCR: more time, for the first `max_ocr_pages` of them.
        Whether time was added (the parent, told of the page, adds the same)."""
        if self._ocr_pages >= self._limits.max_ocr_pages:
            return False
        self._ocr_pages += 1
        self._deadline += self._limits.seconds_per_ocr_page
        return True

    def allows(self, pages_read: int) -> bool:
        """Whether a page may be started when `pages_read` pages have been read."""
        if pages_read == 0:
            return True
        cap = self._limits.reading_pages
        return (cap is None or pages_read < cap) and time.monotonic() < self._deadline


def memory_in_words(limits: Limits) -> str:
    """The memory limit as a provider would read it: "1 GiB", "512 MiB"."""
    memory = limits.memory_bytes
    if memory % _GIB == 0:
        return f"{memory // _GIB} GiB"
    if memory % _MIB == 0:
        return f"{memory // _MIB} MiB"
    return f"{memory:,} bytes"
