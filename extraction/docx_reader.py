"""Reading a DOCX into rows of cell texts, lines of text and form fields, in document order.

python-docx opens the package, but its paragraph and table API drops content controls (w:sdt)
and legacy form fields, so the XML is walked here: content controls at block, run, row and cell
level, legacy fields, tracked insertions (deletions are skipped), headers (read first) and
footers (read last). Merged cells are resolved: a horizontally merged cell (w:gridSpan) is one
cell of its row; a vertically merged one (w:vMerge) repeats the text of the cell that starts
it, so each row reads on its own. Nested tables are read after their parent row.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.oxml.ns import qn
from lxml import etree

from extraction.docx_controls import (
    TICKED,
    UNTICKED,
    LegacyField,
    checkbox_state,
    control_field,
    is_showing_placeholder,
)
from extraction.model import FormField, ReadDocument, TextBlock
from extraction.sniff import DOCX

_TRANSPARENT = {
    qn(f"w:{tag}")
    for tag in ("hyperlink", "smartTag", "customXml", "ins", "moveTo", "fldSimple", "bdo", "dir")
}
_SKIPPED = {qn(f"w:{tag}") for tag in ("del", "moveFrom")}
_CHARACTERS = {
    qn("w:tab"): "\t",
    qn("w:ptab"): "\t",
    qn("w:br"): "\n",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
    qn("w:softHyphen"): "",
}


def read_docx(data: bytes) -> ReadDocument:
    """Every paragraph, table row and form control: headers, then the body, then footers."""
    document = docx.Document(io.BytesIO(data))
    reader = _Reader()
    for part in _header_footer_parts(document, "w:headerReference"):
        reader.flow(part)
    reader.flow(document.element.body)
    for part in _header_footer_parts(document, "w:footerReference"):
        reader.flow(part)
    return ReadDocument(media_type=DOCX, blocks=tuple(reader.blocks), fields=tuple(reader.fields))


def _header_footer_parts(document: Document, reference: str) -> Iterator[etree._Element]:
    seen: set[str] = set()
    for sect_pr in document.element.body.iter(qn("w:sectPr")):
        for ref in sect_pr.findall(qn(reference)):
            rel_id = ref.get(qn("r:id"))
            if rel_id and rel_id not in seen and rel_id in document.part.related_parts:
                seen.add(rel_id)
                yield document.part.related_parts[rel_id].element


def _local(element: etree._Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class _Reader:
    """Accumulates blocks and fields while walking; one per document."""

    def __init__(self) -> None:
        self.blocks: list[TextBlock] = []
        self.fields: list[FormField] = []
        self.tables = 0

    def flow(self, container: etree._Element) -> None:
        """Block content: paragraphs, tables and block-level controls."""
        for child in container:
            name = _local(child)
            if name == "p":
                text = self.paragraph(child)
                if text.strip():
                    self.blocks.append(TextBlock((text,), in_table=False))
            elif name == "tbl":
                self.table(child)
            elif name == "sdt":
                self.block_control(child)
            elif child.tag in _TRANSPARENT:
                self.flow(child)

    def block_control(self, sdt: etree._Element) -> None:
        props, content = sdt.find(qn("w:sdtPr")), sdt.find(qn("w:sdtContent"))
        first_block, first_field = len(self.blocks), len(self.fields)
        if content is not None and not is_showing_placeholder(props):
            self.flow(content)
        text = "\n".join(" | ".join(block.cells) for block in self.blocks[first_block:])
        self._add_control(props, text, first_field)

    def _add_control(self, props: etree._Element | None, text: str, at: int) -> None:
        found = control_field(props, text)
        if found is not None:
            self.fields.insert(at, found)

    def table(self, tbl: etree._Element) -> None:
        index, self.tables = self.tables, self.tables + 1
        above: dict[int, str] = {}  # grid column → text of the cell starting a vertical merge
        for tr in _rows(tbl):
            cells: list[str] = []
            nested: list[TextBlock] = []
            column = _grid_skip(tr, "w:gridBefore")
            for tc, controls in _cells(tr):
                merge = _vertical_merge(tc)
                if merge == "continue":
                    text = above.get(column, "")
                else:
                    text, inner = self.cell(tc, controls)
                    nested.extend(inner)
                    above.pop(column, None)
                    if merge == "restart":
                        above[column] = text
                cells.append(text)
                column += _span(tc)
            self.blocks.append(TextBlock(tuple(cells), in_table=True, table=index))
            self.blocks.extend(nested)

    def cell(self, tc: etree._Element, controls: list[etree._Element]) -> tuple[str, list]:
        """The cell's text (its paragraphs, a line each) and the rows of tables nested in it."""
        outer, self.blocks = self.blocks, []
        first_field = len(self.fields)
        if not any(is_showing_placeholder(props) for props in controls):
            self.flow(tc)
        inner, self.blocks = self.blocks, outer
        text = "\n".join(block.cells[0] for block in inner if not block.in_table).strip()
        for props in reversed(controls):  # cell-level controls wrap the whole cell
            self._add_control(props, text, first_field)
        return text, [block for block in inner if block.in_table]

    def paragraph(self, p: etree._Element) -> str:
        parts: list[str] = []
        fields: list[LegacyField] = []
        self.inline(p, parts, fields)
        while fields:  # a field left open at the paragraph's end shows what it has so far
            parts.append("".join(fields.pop().result))
        return "".join(parts)

    def inline(self, container: etree._Element, parts: list[str], fields: list) -> None:
        """Runs and what wraps them (links, insertions, run-level controls), in order."""
        for child in container:
            if child.tag == qn("w:r"):
                self.run(child, parts, fields)
            elif child.tag == qn("w:sdt"):
                self.inline_control(child, parts, fields)
            elif child.tag in _TRANSPARENT:
                self.inline(child, parts, fields)

    def inline_control(self, sdt: etree._Element, parts: list[str], fields: list) -> None:
        props, content = sdt.find(qn("w:sdtPr")), sdt.find(qn("w:sdtContent"))
        first_field = len(self.fields)
        own: list[str] = []
        if content is not None and not is_showing_placeholder(props):
            self.inline(content, own, fields)
        state = checkbox_state(props)
        # the glyph follows the state, which is the truth when a tool changed one but not both
        text = "".join(own) if state is None else (TICKED if state else UNTICKED)
        _sink(parts, fields).append(text)
        self._add_control(props, text, first_field)

    def run(self, r: etree._Element, parts: list[str], fields: list[LegacyField]) -> None:
        for child in r:
            if child.tag == qn("w:t"):
                if all(f.in_result for f in fields):
                    _sink(parts, fields).append(child.text or "")
            elif child.tag in _CHARACTERS:
                if all(f.in_result for f in fields):
                    _sink(parts, fields).append(_CHARACTERS[child.tag])
            elif child.tag == qn("w:instrText") and fields:
                fields[-1].instruction += child.text or ""
            elif child.tag == qn("w:fldChar"):
                self.field_char(child, parts, fields)

    def field_char(self, char: etree._Element, parts: list[str], fields: list) -> None:
        kind = char.get(qn("w:fldCharType"))
        if kind == "begin":
            fields.append(LegacyField(char.find(qn("w:ffData"))))
        elif kind == "separate" and fields:
            fields[-1].in_result = True
        elif kind == "end" and fields:
            ended = fields.pop()
            _sink(parts, fields).append(ended.display())
            found = ended.form_field()
            if found is not None:
                self.fields.append(found)


def _sink(parts: list[str], fields: list[LegacyField]) -> list[str]:
    """Where text goes: the result of the innermost open field, else the paragraph."""
    return fields[-1].result if fields else parts


def _rows(tbl: etree._Element) -> Iterator[etree._Element]:
    """The table's rows, including those inside row-level controls (a repeating section)."""
    for child in tbl:
        if child.tag == qn("w:tr"):
            yield child
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
            yield from _rows(child)


def _cells(tr: etree._Element, controls: tuple = ()) -> Iterator[tuple[etree._Element, list]]:
    """The row's cells, each with the properties of the cell-level controls around it."""
    for child in tr:
        if child.tag == qn("w:tc"):
            yield child, list(controls)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _cells(content, (*controls, child.find(qn("w:sdtPr"))))
        elif child.tag == qn("w:customXml"):
            yield from _cells(child, controls)


def _span(tc: etree._Element) -> int:
    span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
    value = span.get(qn("w:val")) if span is not None else "1"
    return int(value) if value and value.isdigit() else 1


def _vertical_merge(tc: etree._Element) -> str | None:
    merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    if merge is None:
        return None
    return "restart" if merge.get(qn("w:val")) == "restart" else "continue"


def _grid_skip(tr: etree._Element, name: str) -> int:
    skip = tr.find(f"{qn('w:trPr')}/{qn(name)}")
    value = skip.get(qn("w:val")) if skip is not None else "0"
    return int(value) if value and value.isdigit() else 0
