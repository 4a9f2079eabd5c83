"""What a reader makes of a file, before anything is recognised: the format-free middle layer.

A DOCX reader and a PDF reader both produce a ReadDocument; classification and field finding
work on it alone, so they never care which format a provider used.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.models import Box


@dataclass(frozen=True)
class TextBlock:
    """A table row (several cells) or a line / paragraph of text (one cell), in reading order."""

    cells: tuple[str, ...]
    in_table: bool
    page: int | None = None  # 1-based; None where the format has no fixed pages (DOCX)
    table: int | None = None  # which table of the document the row belongs to (0-based)
    #: Read by OCR from a page image: the mean confidence of the line's words (0..1). None for
    #: text a file states. An empty block with confidence 0 marks a scanned page that no OCR
    #: engine was there to read (extraction.ocr).
    confidence: float | None = None
    #: Where on its page the line or row stands (domain.models.Box), and each cell's place for
    #: a table row (empty otherwise; None for an empty cell). None where there are no pages.
    #: Provenance, not content: blocks of the same text, kind and page compare equal.
    box: Box | None = field(default=None, compare=False)
    cell_boxes: tuple[Box | None, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class FormField:
    """A form control's value: a DOCX content control or legacy field, a PDF AcroForm field."""

    name: str  # the control's tag / the AcroForm field's (fully qualified) name
    value: str  # text as typed; for a checkbox "yes"/"no"; for a date the ISO value where given
    kind: str = "text"  # text, checkbox, choice, date
    page: int | None = None
    label: str = ""  # the control's title / tooltip, when it has one
    #: a PDF field's widget on its page (provenance: not compared); None for a DOCX control
    box: Box | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ReadDocument:
    """Everything a reader could get out of one file."""

    media_type: str
    blocks: tuple[TextBlock, ...] = ()
    fields: tuple[FormField, ...] = ()
    pages: int | None = None
    #: facts worth a warning, in words: "JavaScript", "embedded files"
    flags: tuple[str, ...] = field(default_factory=tuple)
    #: (first, last), 1-based: the pages left unread when the reading budget ran out (a long
    #: document is read as far as the budget goes, never failed for its length); None: all read
    unread_pages: tuple[int, int] | None = None

    @property
    def ocr_pages(self) -> tuple[int, ...]:
        """The pages read by OCR: those whose lines carry its confidence."""
        return tuple(sorted({block.page for block in self.blocks
                             if block.confidence is not None and block.cells and block.page}))

    @property
    def unread_scans(self) -> tuple[int, ...]:
        """Scanned pages (no text, an image) left unread because no OCR engine is installed."""
        return tuple(sorted({block.page for block in self.blocks
                             if block.confidence == 0 and not block.cells and block.page}))

    @property
    def text(self) -> str:
        """All the text, a line per block (for classification by phrases)."""
        return "\n".join(" | ".join(block.cells) for block in self.blocks)
