"""A letter into a DOCX: fill a council-editable template's {{placeholders}} and expand its
{{reasons}} paragraph into the reasons table. The same letter gives the same bytes."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row
from docx.shared import Inches
from docx.text.paragraph import Paragraph

from domain.notices import NoticeKind
from domain.zipfiles import with_fixed_timestamps
from notices.letter import Letter

TEMPLATES = Path(__file__).parent / "templates"
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_]+)\s*\}\}")
REASONS_PLACEHOLDER = "reasons"
REASONS_HEADER = ("Reason", "What we found", "Where", "What would satisfy it")
REASONS_WIDTHS = (Inches(1.3), Inches(2.4), Inches(1.3), Inches(1.5))  # the finding reads widest
NO_REASONS = "No reasons were recorded for this lot."

# a fixed time inside the zip keeps the bytes reproducible (as fixtures/supporting/render.py)


# what XML 1.0 cannot hold (python-docx refuses it: "All strings must be XML compatible"):
# control characters other than tab, line feed and return, lone surrogates, U+FFFE and U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text a letter can hold: what XML cannot (a control character in a file's name, a
    document's text) is dropped, so one provider's odd input never stops a letter."""
    return _NOT_XML.sub("", text)


class TemplateError(ValueError):
    """A template asks for a placeholder no letter has, or misplaces {{reasons}}."""


def template_path(kind: NoticeKind | str, folder: Path = TEMPLATES) -> Path:
    """Where the template of a kind of notice is kept: `{kind}.docx` in `folder`."""
    return folder / f"{NoticeKind(kind).value}.docx"


def render_docx(letter: Letter, template: bytes | None = None, *, at: dt.datetime) -> bytes:
    """The letter as DOCX bytes, from `template` (default: the shipped one for its kind).

    `at` is the letter's time, written in the document's properties (not the clock's)."""
    source = template if template is not None else template_path(letter.kind).read_bytes()
    document = docx.Document(io.BytesIO(source))
    for paragraph in list(_paragraphs(document)):
        names = PLACEHOLDER.findall(paragraph.text)
        if REASONS_PLACEHOLDER in names:
            _expand_reasons(document, paragraph, letter)
        elif names:
            _fill(paragraph, letter.values)
    reference = letter.values.get("reference", "")
    title = f"{letter.kind.value.capitalize()} notice {reference}".strip()
    document.core_properties.title = xml_safe(title)
    document.core_properties.author = xml_safe(letter.values.get("council_name", ""))
    return reproducible(document, at)


def reproducible(document: Document, when: dt.datetime) -> bytes:
    """Save with fixed core properties and zip timestamps: the same document, the same bytes."""
    naive = when.astimezone(dt.UTC).replace(tzinfo=None) if when.tzinfo else when
    properties = document.core_properties
    properties.created = properties.modified = naive.replace(microsecond=0)
    properties.last_printed = dt.datetime(2024, 1, 1)
    properties.last_modified_by = properties.author
    properties.revision = 1
    raw = io.BytesIO()
    document.save(raw)
    return with_fixed_timestamps(raw.getvalue())


def _paragraphs(document: Document) -> Iterator[Paragraph]:
    """Every paragraph a placeholder may be in: body, table cells, headers and footers."""
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
    for section in document.sections:
        for part in (section.header, section.footer):
            yield from part.paragraphs


def _fill(paragraph: Paragraph, values: dict[str, str]) -> None:
    """Replace the placeholders of a paragraph, even when Word split one across runs: the
    paragraph's text goes into its first run (keeping that run's formatting)."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise TemplateError(f"unknown placeholder {{{{{name}}}}} in {paragraph.text!r}")
        return xml_safe(values[name])

    text = PLACEHOLDER.sub(value, paragraph.text)
    runs = paragraph.runs
    if not runs:  # placeholders inside hyperlinks or fields only: rewrite the paragraph
        paragraph.text = text
        return
    runs[0].text = text
    for run in runs[1:]:
        run._r.getparent().remove(run._r)


def _expand_reasons(document: Document, paragraph: Paragraph, letter: Letter) -> None:
    """Replace the {{reasons}} paragraph by the reasons table (a sentence when there are none)."""
    if PLACEHOLDER.sub("", paragraph.text).strip():
        raise TemplateError("{{reasons}} must be alone in its paragraph")
    if paragraph._p.getparent() is not document.element.body:
        raise TemplateError("{{reasons}} must be a paragraph of the letter's body")
    if not letter.reasons:
        _fill(paragraph, {REASONS_PLACEHOLDER: NO_REASONS})
        return
    table = document.add_table(rows=1, cols=len(REASONS_HEADER))
    with contextlib.suppress(KeyError):  # a template saved without the style: a plain table
        table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, REASONS_HEADER, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(title).bold = True
    _repeat_as_header(table.rows[0]._tr)
    for row in letter.reasons:
        cells = table.add_row().cells
        for cell, text in zip(cells, (row.reason, row.found, row.where, row.remedy), strict=True):
            cell.text = xml_safe(text)
    table.autofit = False
    for column, width in zip(table.columns, REASONS_WIDTHS, strict=True):
        column.width = width  # the grid, which LibreOffice follows
        for cell in column.cells:
            cell.width = width  # each cell, which Word follows
    paragraph._p.addnext(table._tbl)
    paragraph._p.getparent().remove(paragraph._p)


def _repeat_as_header(tr: CT_Row) -> None:
    """Mark a table row as the header, repeated at the top of each page the table runs onto."""
    properties = tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
