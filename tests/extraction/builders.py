"""Read documents built in a line, for tests of classification and of the field readers: what a
PDF reader gives for lines of text, and what a Word reader gives for table rows."""

from __future__ import annotations

from domain.evidence import Answer
from extraction.model import FormField, ReadDocument, TextBlock

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def lines(*texts: str, fields: tuple[FormField, ...] = ()) -> ReadDocument:
    """Lines of text on page 1 of a PDF."""
    return ReadDocument("application/pdf", tuple(TextBlock((t,), False, page=1) for t in texts),
                        fields=fields)


def word_table(*rows: tuple[str, ...]) -> ReadDocument:
    """Rows of a table in a Word document (no pages)."""
    return ReadDocument(DOCX, tuple(TextBlock(row, True) for row in rows))


def values(fields: dict[str, Answer]) -> dict[str, str | None]:
    """The canonical values of the fields read."""
    return {name: answer.value for name, answer in fields.items()}
