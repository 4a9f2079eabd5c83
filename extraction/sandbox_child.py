"""What runs inside a reading process: one document at a time, under an address-space limit.

The outcome goes back to the parent as plain data (a ReadDocument, or a kind and a message), so
no parser's exception object, which may hold the whole file or not pickle at all, crosses the pipe.
Started by reader_pool._Worker as a fresh interpreter; it imports the readers once, then serves
documents until the parent closes the socket. A CPU-time limit a little above the time limit
also stops it if the parent dies mid-read and is no longer there to kill it.

It keeps the document's reading budget itself (extraction.limits.ReadingBudget): a long PDF is
read as far as the budget goes and comes back with the pages it did not read, rather than being
killed for its length.
"""

from __future__ import annotations

import logging
import resource
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from multiprocessing.connection import Connection

from lxml import etree

from extraction import ocr
from extraction.docx_guard import check_docx_parts, check_xlsx_parts
from extraction.docx_reader import read_docx
from extraction.errors import DocumentRefused, DocumentUnreadable, NoSuchPage
from extraction.limits import ReadingBudget
from extraction.model import ReadDocument
from extraction.page_image import draw_page
from extraction.pdf_reader import read_pdf
from extraction.sandbox_protocol import (
    NO_SUCH_PAGE,
    OCR_PAGE,
    OUT_OF_MEMORY,
    PAGES,
    READ,
    READY,
    REFUSED,
    RENDERED,
    UNREADABLE,
    Job,
    Outcome,
    PageJob,
)
from extraction.sniff import DOCX, NOT_ACCEPTED, PDF, XLSX
from extraction.xlsx_reader import read_xlsx

_CPU_GRACE_SECONDS = 5


def main() -> None:
    """Entry point of a reading process: argv[1] is the socket's file descriptor."""
    conn = Connection(int(sys.argv[1]))
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # damaged files warn page after page
    conn.send(READY)
    serve(conn)


def serve(conn: Connection) -> None:
    """Read jobs from the parent until it hangs up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        outcome = draw(job) if isinstance(job, PageJob) else run(
            job, lambda pages: conn.send((PAGES, pages)), lambda page: conn.send((OCR_PAGE, page)))
        try:
            conn.send(outcome)
        except OSError:
            return


def run(job: Job, on_page_count: Callable[[int], None] | None = None,
        on_ocr_page: Callable[[int], None] | None = None) -> Outcome:
    """Read one document under the job's limits; every failure becomes an outcome.

    A long document is read as far as its reading budget goes (the budget starts now, a
    little after the parent's clock, so it always runs out before the parent's kill).
    """
    limits = job.limits
    budget = ReadingBudget(limits)
    ocr.on_page = partial(_more_time_for_ocr, budget, on_ocr_page)
    try:
        with _within(limits.memory_bytes, limits.allowed_seconds(limits.max_pages)):
            return READ, read_document(job.data, job.media_type, limits.max_pages,
                                       on_page_count, budget)
    except DocumentRefused as refused:
        return REFUSED, str(refused)
    except DocumentUnreadable as unreadable:
        return UNREADABLE, str(unreadable)
    except MemoryError:
        return OUT_OF_MEMORY, ""
    except RecursionError:
        return UNREADABLE, f"the {_kind(job)} is nested too deeply to read"
    except Exception as error:  # any parser failure on a damaged file is the file's problem
        if _caused_by(error, MemoryError):  # pdfplumber wraps what pdfminer raised
            return OUT_OF_MEMORY, ""
        return UNREADABLE, f"the {_kind(job)} is damaged: {_short(error)}"
    finally:
        ocr.on_page = None


def draw(job: PageJob) -> Outcome:
    """Draw one page with its highlights under the job's limits (the parent kills a page that
    hangs at `limits.seconds`); every failure becomes an outcome."""
    try:
        with _within(job.limits.memory_bytes, job.limits.seconds):
            return RENDERED, draw_page(job.data, job.page_number, job.boxes, job.width_px)
    except NoSuchPage as missing:
        return NO_SUCH_PAGE, str(missing)
    except DocumentRefused as refused:
        return REFUSED, str(refused)
    except MemoryError:
        return OUT_OF_MEMORY, ""
    except Exception as error:  # pdfium's error on a damaged file is the file's problem
        return UNREADABLE, f"the PDF is damaged: {_short(error)}"


@contextmanager
def _within(memory_bytes: int, seconds: float) -> Iterator[None]:
    """An address-space limit, and a CPU-time limit a little over `seconds` more than this
    process has used (it also stops the process if the parent dies and cannot kill it); the
    limits as they were afterwards, for the next document."""
    saved = {limit: resource.getrlimit(limit) for limit in (resource.RLIMIT_AS,
                                                            resource.RLIMIT_CPU)}
    used = resource.getrusage(resource.RUSAGE_SELF)
    _lower(resource.RLIMIT_AS, memory_bytes)
    _lower(resource.RLIMIT_CPU, int(used.ru_utime + used.ru_stime + seconds) + _CPU_GRACE_SECONDS)
    try:
        yield
    finally:
        for limit, (soft, hard) in saved.items():
            resource.setrlimit(limit, (soft, hard))


def _more_time_for_ocr(budget: ReadingBudget, tell: Callable[[int], None] | None,
                       page: int) -> None:
    """A page is being read by OCR: more reading time here, and the parent told to wait longer."""
    if budget.add_ocr_page() and tell:
        tell(page)


def _lower(limit: int, value: int) -> None:
    """Set the soft limit, never above the hard one (which only root could raise)."""
    _, hard = resource.getrlimit(limit)
    resource.setrlimit(limit, (value if hard == resource.RLIM_INFINITY else min(value, hard), hard))


def read_document(data: bytes, media_type: str, max_pages: int,
                  on_page_count: Callable[[int], None] | None = None,
                  budget: ReadingBudget | None = None) -> ReadDocument:
    """The reader for the sniffed type; a DOCX's or XLSX's parts are checked as they inflate
    first."""
    if media_type == PDF:
        return read_pdf(data, max_pages=max_pages, on_page_count=on_page_count, budget=budget)
    if media_type == DOCX:
        check_docx_parts(data)
        return read_docx(data)
    if media_type == XLSX:
        check_xlsx_parts(data)
        return read_xlsx(data)
    raise DocumentRefused(NOT_ACCEPTED)


def _kind(job: Job) -> str:
    return {PDF: "PDF", XLSX: "Excel workbook"}.get(job.media_type, "Word document")


def _caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    """Whether `kind` is the error, or what it wraps, or what it was raised while handling."""
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and len(seen) < 8:
        if isinstance(current, kind):
            return True
        seen.append(current)
        wrapped = current.args[0] if current.args else None
        current = (wrapped if isinstance(wrapped, BaseException)
                   else current.__cause__ or current.__context__)
    return False


def _short(error: BaseException) -> str:
    """The first clause of the error, briefly: pdfminer messages can quote the whole stream, and
    lxml's end with advice for programmers ("use XML_PARSE_HUGE option, line 2, column 9")."""
    wrapped = len(error.args) == 1 and isinstance(error.args[0], Exception)  # PdfminerException
    cause = error.args[0] if wrapped else error
    try:
        lines = str(cause).strip().splitlines()
    except Exception:  # a message that cannot even be rendered
        lines = []
    text = lines[0] if lines else ""
    if isinstance(cause, etree.XMLSyntaxError):
        text = text.split(", ")[0]
    text = text or type(cause).__name__
    return text if len(text) <= 120 else text[:117] + "…"
