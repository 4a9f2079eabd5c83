"""Reading a file within limits. (Placeholder: in-process; the isolated reader replaces it.)"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

from extraction import sniff
from extraction.model import ReadDocument


class DocumentUnreadable(Exception):
    """The file could not be read within the limits; the message says why, for the provider."""


class DocumentRefused(Exception):
    """The file is of a kind we do not accept (encrypted, macro-enabled, …); the message says why."""


@dataclass(frozen=True)
class Limits:
    seconds: float = 10.0
    memory_bytes: int = 1024 * 1024 * 1024
    max_pages: int = 500


DEFAULT_LIMITS = Limits()


def read_safely(data: bytes, media_type: str, limits: Limits = DEFAULT_LIMITS) -> ReadDocument:
    """Read a PDF or DOCX into a ReadDocument, or raise DocumentUnreadable / DocumentRefused."""
    from extraction.docx_reader import read_docx
    from extraction.pdf_reader import read_pdf

    reader = read_docx if media_type == sniff.DOCX else read_pdf
    try:
        return reader(data)
    except (zipfile.BadZipFile, KeyError, ValueError, ParseError, EOFError) as error:
        raise DocumentUnreadable(str(error)[:200] or type(error).__name__) from error
