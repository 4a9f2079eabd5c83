"""How much a document may take to read: time, memory and pages."""

from __future__ import annotations

from dataclasses import dataclass

_GIB, _MIB = 1024**3, 1024**2


@dataclass(frozen=True)
class Limits:
    """How much time and memory one document may take to read, and how many pages it may have."""

    seconds: float = 10.0
    memory_bytes: int = _GIB  # the reading process's whole address space, readers included
    max_pages: int = 500
    #: More time for each page of a PDF, granted once the reader has counted them: at about
    #: 10 pages/s, a 150-page set of accounts needs 15 s and must not be turned away for its
    #: length. (500 pages: 135 s at most.)
    seconds_per_page: float = 0.25

    def allowed_seconds(self, pages: int) -> float:
        """The time limit for a document of `pages` pages."""
        return self.seconds + pages * self.seconds_per_page


DEFAULT_LIMITS = Limits()


def memory_in_words(limits: Limits) -> str:
    """The memory limit as a provider would read it: "1 GiB", "512 MiB"."""
    memory = limits.memory_bytes
    if memory % _GIB == 0:
        return f"{memory // _GIB} GiB"
    if memory % _MIB == 0:
        return f"{memory // _MIB} MiB"
    return f"{memory:,} bytes"
