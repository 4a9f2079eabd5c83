"""A pool of reading processes: each a fresh interpreter running extraction.sandbox_child,
reused for many documents, killed when a document overruns its time, retired when it crashes,
runs out of memory or has read its quota. See extraction.sandbox for why it is built this way.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from multiprocessing.connection import Connection

from domain.child_env import child_env
from extraction.errors import DocumentRefused, DocumentUnreadable, NoSuchPage
from extraction.limits import Limits, memory_in_words
from extraction.model import ReadDocument
from extraction.sandbox_protocol import (
    NO_SUCH_PAGE,
    OCR_PAGE,
    OUT_OF_MEMORY,
    PAGES,
    READ,
    READY,
    REFUSED,
    RENDERED,
    Job,
    PageJob,
)

MAX_DOCUMENTS_PER_PROCESS = 200
_START_SECONDS = 60.0  # a cold start on a busy machine; far above the usual 0.35 s
_CHILD_MAIN = "from extraction.sandbox_child import main; main()"
#: extraction.ocr.ENGINE_VARIABLE, named here so the parent need not import the OCR libraries
_OCR_ENGINE_VARIABLE = "DPS_TESSERACT"


class _TimedOut(Exception):
    """The reading process was still reading at the time limit (it has been killed)."""

    def __init__(self, allowed: float) -> None:
        super().__init__(allowed)
        self.allowed = allowed


class _Crashed(Exception):
    """The reading process ended without an answer."""


class _Unavailable(Exception):
    """The reading process had ended before it was given the document (nothing was read)."""


class ReaderUnavailable(RuntimeError):
    """No reading process could be started: an infrastructure failure, not the document's."""


class _Worker:
    """One reading process and the socket to it."""

    def __init__(self) -> None:
        parent_end, child_end = socket.socketpair()
        with child_end:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _CHILD_MAIN, str(child_end.fileno())],
                pass_fds=(child_end.fileno(),), stdin=subprocess.DEVNULL, env=_child_env(),
            )
        self._conn = Connection(parent_end.detach())
        self._ready = False
        self.documents = 0

    def run(self, job: Job | PageJob, limits: Limits) -> tuple[str, object]:
        self.documents += 1
        try:
            if not self._ready:  # the first job waits for the imports, outside its time limit
                self._ready = self._conn.poll(_START_SECONDS) and self._conn.recv() == READY
            if not self._ready:
                raise _Unavailable
            self._conn.send(job)
        except (EOFError, OSError) as error:
            raise _Unavailable from error
        try:
            return self._await_outcome(limits)
        except (EOFError, OSError) as error:
            raise _Crashed from error

    def _await_outcome(self, limits: Limits) -> tuple[str, object]:
        """The child's answer, waiting no longer than the limits allow (more once it has said
        how many pages it is reading, and for each page it reads by OCR). The child stops
        starting pages `limits.seconds` before this, so what is killed here is a page or a parse
        that does not end, not a long document."""
        start, allowed, pages, scanned = time.monotonic(), limits.seconds, None, 0
        while True:
            remaining = start + allowed - time.monotonic()
            if remaining <= 0 or not self._conn.poll(remaining):
                raise _TimedOut(allowed)
            kind, value = self._conn.recv()
            if kind == OCR_PAGE:  # counted here as well: the child cannot buy itself more
                scanned = min(scanned + 1, limits.max_ocr_pages)
            elif kind == PAGES:
                pages = int(value)
            else:
                return kind, value
            allowed = (limits.seconds if pages is None else limits.allowed_seconds(pages)) \
                + scanned * limits.seconds_per_ocr_page

    def peak_memory_bytes(self) -> int:
        """The process's high-water resident memory (VmHWM), 0 where /proc cannot say."""
        try:
            with open(f"/proc/{self.process.pid}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            pass
        return 0

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        # A process stuck in the kernel may outlive the wait; the OS reaps it when it exits.
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        self._conn.close()


class ReaderPool:
    """Reusable reading processes; each reads one document at a time. Safe to share between
    threads: a thread takes an idle process (or starts one) for the length of one read."""

    def __init__(self, max_idle: int | None = None,
                 max_documents: int = MAX_DOCUMENTS_PER_PROCESS) -> None:
        self._max_idle = max_idle or os.cpu_count() or 2
        self._max_documents = max_documents
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._peak = 0

    def read(self, data: bytes, media_type: str, limits: Limits) -> ReadDocument:
        """Read one document in a reading process, within the limits."""
        return _result(*self._run(Job(data, media_type, limits), limits), limits)

    def draw(self, job: PageJob) -> bytes:
        """Draw a page of a PDF as a PNG in a reading process, within the job's limits."""
        kind, value = self._run(job, job.limits)
        if kind == RENDERED and isinstance(value, bytes):
            return value
        if kind == NO_SUCH_PAGE:
            raise NoSuchPage(str(value))
        _result(kind, value, job.limits)  # raises what went wrong
        raise DocumentUnreadable(f"the page could not be drawn ({kind})")

    def _run(self, job: Job | PageJob, limits: Limits) -> tuple[str, object]:
        """A job's outcome from a reading process, one more process tried if none would start."""
        for attempt in (1, 2):
            worker = self._take()
            try:
                kind, value = worker.run(job, limits)
            except _Unavailable:
                self._retire(worker)
                if attempt == 2:
                    raise ReaderUnavailable("no reading process could be started") from None
                continue
            except _TimedOut as timed_out:
                self._retire(worker)
                raise DocumentUnreadable(
                    f"the document took longer than {timed_out.allowed:g} s to read") from None
            except _Crashed:
                self._retire(worker)
                raise DocumentUnreadable(
                    "reading it stopped unexpectedly; the file may be damaged or need more than "
                    f"{memory_in_words(limits)} of memory") from None
            except BaseException:  # interrupted mid-read: the process's state is unknown
                self._retire(worker)
                raise
            self._give_back(worker, healthy=kind != OUT_OF_MEMORY)
            return kind, value
        raise AssertionError("unreachable")

    def peak_memory_bytes(self) -> int:
        """The largest resident memory any of the pool's reading processes has reached."""
        with self._lock:
            live = [worker.peak_memory_bytes() for worker in self._idle]
        return max([self._peak, *live])

    def idle_process_ids(self) -> list[int]:
        """The process ids of the reading processes waiting for work (for monitoring)."""
        with self._lock:
            return [worker.process.pid for worker in self._idle]

    def close(self) -> None:
        """Stop every idle reading process (busy ones stop when their read ends)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            self._retire(worker)

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.process.poll() is None:
                    return worker
        try:
            return _Worker()
        except OSError as error:  # no more processes or file descriptors on this machine
            raise ReaderUnavailable("no reading process could be started") from error

    def _give_back(self, worker: _Worker, healthy: bool) -> None:
        with self._lock:
            keep = (healthy and worker.documents < self._max_documents
                    and len(self._idle) < self._max_idle)
            if keep:
                self._idle.append(worker)
        if not keep:
            self._retire(worker)

    def _retire(self, worker: _Worker) -> None:
        peak = worker.peak_memory_bytes()
        with self._lock:
            self._peak = max(self._peak, peak)
        worker.stop()


def _result(kind: str, value: object, limits: Limits) -> ReadDocument:
    """The child's outcome as a ReadDocument, or as the exception that says what went wrong."""
    if kind == READ and isinstance(value, ReadDocument):
        return value
    if kind == REFUSED:
        raise DocumentRefused(str(value))
    if kind == OUT_OF_MEMORY:
        raise DocumentUnreadable(
            f"the document needed more than {memory_in_words(limits)} of memory to read")
    raise DocumentUnreadable(str(value))


def _child_env() -> dict[str, str]:
    """What the reading process needs and nothing more (domain/child_env.py: never the
    parent's credentials): the import path, so it imports the same code, and the OCR engine
    (extraction.ocr.ENGINE_VARIABLE, a program's name) when one is configured."""
    named = {
        "PYTHONPATH": os.pathsep.join(os.path.abspath(path or os.curdir) for path in sys.path),
    }
    if os.environ.get(_OCR_ENGINE_VARIABLE):
        named[_OCR_ENGINE_VARIABLE] = os.environ[_OCR_ENGINE_VARIABLE]
    return child_env(os.environ, home=tempfile.gettempdir(), **named)
