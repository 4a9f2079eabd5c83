"""Reading a file within limits of time and memory, in a child process, so that a hostile or
broken file costs at most that child, never the service that received it.

Process strategy (measured by benchmarks/extraction_speed.py): a pool of reading processes, each
reused for many documents, so a document costs a pipe round trip rather than a process start.
Each is a fresh interpreter (`python -c …sandbox_child.main()`) started with subprocess, not a
multiprocessing fork: forking a parent that runs threads (Prefect, a web server) can copy a held
lock, and multiprocessing's spawn and forkserver re-import the caller's __main__ script in every
child. Starting one costs about 0.35 s (importing the readers), paid once per process.

Each document runs under its own address-space limit (RLIMIT_AS, set in the child before it
reads). The child keeps a reading budget that grows with a PDF's pages (and its scanned pages):
once it is spent it starts no further page and returns what it read, with the pages it left, so
a long, honest document is read as far as the budget goes and never failed for its length. The
parent kills the child only when it overruns the budget by Limits.seconds (a page that hangs);
the page count itself is capped before any page is read (Limits.max_pages). A process is retired
after a timeout, a crash, running out of memory (its heap may be left fragmented) or
MAX_DOCUMENTS_PER_PROCESS documents (to bound any slow leak in a parser).

    sandbox           read_safely: the API, and the process-wide pool
    reader_pool       the parent's side: starting, feeding, timing and retiring processes
    sandbox_protocol  the messages between them (the parent imports no parser)
    sandbox_child     the reading process's side: limits, the readers, outcomes as data
    limits            Limits and their defaults
"""

from __future__ import annotations

import atexit
import os
import threading

from domain.models import Box
from extraction.errors import DocumentRefused, DocumentUnreadable
from extraction.limits import DEFAULT_LIMITS, Limits
from extraction.model import ReadDocument
from extraction.reader_pool import ReaderPool, ReaderUnavailable
from extraction.sandbox_protocol import PageJob
from extraction.sniff import DOCX, NOT_ACCEPTED, PDF, XLSX, zip_bounds_problem

__all__ = ["DEFAULT_LIMITS", "DocumentRefused", "DocumentUnreadable", "Limits", "ReaderPool",
           "ReaderUnavailable", "default_pool", "draw_safely", "read_safely"]


def read_safely(data: bytes, media_type: str, limits: Limits = DEFAULT_LIMITS) -> ReadDocument:
    """Read a PDF, DOCX or XLSX into a ReadDocument, or raise DocumentUnreadable /
    DocumentRefused."""
    if media_type not in (PDF, DOCX, XLSX):
        raise DocumentRefused(NOT_ACCEPTED)
    if media_type in (DOCX, XLSX):
        # the central directory only: nothing inflated yet
        problem = zip_bounds_problem(data, media_type)
        if problem:
            raise DocumentUnreadable(problem)
    return default_pool().read(data, media_type, limits)


def draw_safely(data: bytes, page_number: int, boxes: tuple[Box, ...], width_px: int,
                limits: Limits = DEFAULT_LIMITS) -> bytes:
    """A PDF's page as a PNG with boxes drawn on it (extraction.page_image), drawn by a reading
    process within the limits; raises NoSuchPage or DocumentUnreadable."""
    return default_pool().draw(PageJob(data, page_number, boxes, width_px, limits))


_pool: ReaderPool | None = None
_pool_lock = threading.Lock()


def default_pool() -> ReaderPool:
    """The process-wide pool that read_safely uses, started on first use."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ReaderPool()
        return _pool


@atexit.register
def _stop_readers() -> None:
    if _pool is not None:
        _pool.close()


def _forget_pool_after_fork() -> None:
    """A forked copy of this process must not share the parent's readers or their pipes."""
    global _pool, _pool_lock
    _pool, _pool_lock = None, threading.Lock()


os.register_at_fork(after_in_child=_forget_pool_after_fork)
