"""extract_document: one uploaded file in, one ExtractedDocument out; a bad file is a result."""

from __future__ import annotations

import hashlib
import zipfile
from xml.etree.ElementTree import ParseError

from docx.opc.exceptions import PackageNotFoundError

from domain.evidence import ExtractedDocument
from domain.reasons import finding
from extraction import sniff
from extraction.application import find_answers, find_settings, looks_like_application
from extraction.docx_reader import read_docx

APPLICATION_FORM = "application-form"

# the errors a damaged document raises inside the parsers; anything else is a bug and propagates
_DAMAGED = (zipfile.BadZipFile, KeyError, ValueError, ParseError, PackageNotFoundError, EOFError)


def extract_document(name: str, data: bytes) -> ExtractedDocument:
    """Recognise the file and read its answers; problems become findings, never exceptions."""
    sniffed = sniff.sniff(data)
    base = ExtractedDocument(
        file=name, sha256=hashlib.sha256(data).hexdigest(), media_type=sniffed.media_type
    )
    if sniffed.problem:
        return base.model_copy(update={"findings": (
            finding("unsupported-file-type", document=name, problem=sniffed.problem),)})
    if sniffed.media_type != sniff.DOCX:
        # PDF reading arrives with the extraction issue; until then a PDF is kept, not read
        return base.model_copy(update={"findings": (
            finding("unrecognised-document", document=name),)})
    try:
        blocks = read_docx(data)
    except _DAMAGED as error:
        return base.model_copy(update={"findings": (
            finding("unreadable-document", document=name, problem=_describe(error)),)})
    if not looks_like_application(blocks):
        return base.model_copy(update={"findings": (
            finding("unrecognised-document", document=name),)})
    return base.model_copy(update={
        "kinds": (APPLICATION_FORM,),
        "fields": find_answers(blocks, name),
        "settings": find_settings(blocks, name),
    })


def _describe(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:200]
