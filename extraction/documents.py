"""extract_document: one uploaded file in, one ExtractedDocument out; a bad file is a result.

sniff (what is it?) → read_safely (within limits) → classify (which kinds?) → find the answers
of the form and the fields of each supporting kind.
"""

from __future__ import annotations

import hashlib
from statistics import mean

from domain.evidence import ExtractedDocument
from domain.models import Box, Finding, union_box
from domain.reasons import finding
from extraction import sniff
from extraction.application import find_answers, find_bid_answers, find_settings
from extraction.classify import APPLICATION_FORM, classify
from extraction.model import ReadDocument
from extraction.sandbox import (
    DEFAULT_LIMITS,
    DocumentRefused,
    DocumentUnreadable,
    Limits,
    read_safely,
)
from extraction.supporting import find_supporting

BID = "bid"
#: How a Debian or Ubuntu server gets the OCR engine that extraction.ocr runs
OCR_INSTALL = "apt-get install tesseract-ocr tesseract-ocr-eng"


def extract_document(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> ExtractedDocument:
    """Recognise the file and read what it says; problems become findings, never exceptions."""
    sniffed = sniff.sniff(data)
    base = ExtractedDocument(
        file=name, sha256=hashlib.sha256(data).hexdigest(), media_type=sniffed.media_type
    )
    if sniffed.problem:
        return _with(base, finding("unsupported-file-type", document=name, problem=sniffed.problem))
    try:
        read = read_safely(data, sniffed.media_type, limits)
    except DocumentRefused as refused:
        return _with(base, finding("unsupported-file-type", document=name, problem=str(refused)))
    except DocumentUnreadable as unreadable:
        return _with(base, finding("unreadable-document", document=name, problem=str(unreadable)))
    kinds = classify(read)
    supporting = find_supporting(read, kinds, name)
    fields = dict(supporting.fields)
    settings = ()
    if APPLICATION_FORM in kinds:
        fields.update(find_answers(read, name))
        settings = find_settings(read, name)
    if BID in kinds:
        fields.update(find_bid_answers(read, name))
    findings = [finding("active-content", document=name, what=flag) for flag in read.flags]
    findings += scan_findings(read, name)
    findings += partly_read_findings(read, name)
    if not kinds:
        findings.append(finding("unrecognised-document", document=name))
    return base.model_copy(
        update={
            "kinds": kinds,
            "pages": read.pages,
            "fields": fields,
            "settings": settings,
            "covers": supporting.covers,
            "tables": supporting.tables,
            "findings": tuple(findings),
        }
    )


def scan_findings(read: ReadDocument, name: str) -> list[Finding]:
    """A warning for pages read by OCR (a reviewer checks their values), and for scanned pages
    left unread because no OCR engine is installed (saying how to install one)."""
    found = []
    if read.ocr_pages:
        confidence = mean(block.confidence or 0.0 for block in read.blocks
                          if block.confidence is not None and block.cells)
        how = (f"{'was' if len(read.ocr_pages) == 1 else 'were'} read by OCR with a mean "
               f"confidence of {confidence:.0%}; a reviewer should check the values read from "
               f"{'it' if len(read.ocr_pages) == 1 else 'them'}")
        found.append(finding("scanned-document", document=name, page=read.ocr_pages[0],
                             box=_page_box(read, read.ocr_pages[0]),
                             pages=_pages(read.ocr_pages), how=how))
    if read.unread_scans:
        how = ("could not be read: no OCR engine is installed on this server (install one with "
               f"`{OCR_INSTALL}`)")
        found.append(finding("scanned-document", document=name, page=read.unread_scans[0],
                             box=_page_box(read, read.unread_scans[0]),
                             pages=_pages(read.unread_scans), how=how))
    return found


def _page_box(read: ReadDocument, page: int) -> Box | None:
    """What was read on the page (an unread scan's block covers the page)."""
    return union_box(*(block.box for block in read.blocks if block.page == page))


def _pages(pages: tuple[int, ...]) -> str:
    return f"page {pages[0]}" if len(pages) == 1 else f"pages {', '.join(map(str, pages))}"


def partly_read_findings(read: ReadDocument, name: str) -> list[Finding]:
    """A warning naming the pages a long document's reading budget did not reach: what was
    read is used, and the provider learns what was not (documents.md, "Long documents")."""
    if not read.unread_pages or not read.pages:
        return []
    first, last = read.unread_pages
    unread = f"page {last} was" if first == last else f"pages {first}–{last} were"
    done = "page 1 says" if first == 2 else f"pages 1–{first - 1} say"
    return [finding("document-partly-read", document=name, page=first, pages=read.pages,
                    unread=unread, read=done)]


def _with(base: ExtractedDocument, found: Finding) -> ExtractedDocument:
    return base.model_copy(update={"findings": (found,)})
