"""Reading a PDF into a ReadDocument. (Placeholder: lines of page text only.)"""

from __future__ import annotations

import io

import pdfplumber

from extraction.model import ReadDocument, TextBlock
from extraction.sniff import PDF


def read_pdf(data: bytes) -> ReadDocument:
    """Every line of text, page by page."""
    blocks: list[TextBlock] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = len(pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            for line in (page.extract_text() or "").splitlines():
                if line.strip():
                    blocks.append(TextBlock((line,), in_table=False, page=number))
            page.close()
    return ReadDocument(media_type=PDF, blocks=tuple(blocks), pages=pages)
