"""extract_document: one uploaded file in, one ExtractedDocument out; a bad file is a result.

sniff (what is it?) → read_safely (within limits) → classify (which kinds?) → find the answers
of the form and the fields of each supporting kind.
"""

from __future__ import annotations

import hashlib

from domain.evidence import ExtractedDocument
from domain.models import Finding
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
