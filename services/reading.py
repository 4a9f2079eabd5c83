"""Reading a provider's file as the pipeline does, for `dps extract` and the portal's check of
each upload: the sandboxed reader, classification and every field reader (extraction/)."""

from __future__ import annotations

from domain.evidence import ExtractedDocument
from extraction.documents import extract_document


def read_file(name: str, data: bytes) -> ExtractedDocument:
    """What the pipeline reads in one file: its kinds and every field, with page and text."""
    return extract_document(name, data)
