"""Finding a value next to its label, whatever the layout.

Supporting documents are laid out by whoever issued them, so a value may sit after its label on a
line ("Expiry date: 31/03/2025"), in the next cell of a table row, on the line below a label that
stands alone, or under a column header in the rows that follow. A PDF read without table support
gives a table row as one line of text, so every rule here works on a block's text with its cells
joined by " | ": a cell boundary counts as the start of a line.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from domain.models import Box, union_box
from extraction.model import TextBlock
from extraction.parsers import WORDED_MONEY, parse_date, parse_money

CELL = " | "
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_ORDINAL = r"\s?(?:st|nd|rd|th)"
# Boundaries are digits, not word characters: text extracted from a PDF often runs on into the
# next word ("31/05/2020Policy number", "£1,500,000and Professional Indemnity").
DATE_TOKEN = re.compile(
    rf"(?<!\d)(?:\d{{1,2}}(?:{_ORDINAL})?(?:\s+(?:day\s+)?of)?[\s-]+{_MONTH},?[\s-]+\d{{4}}"
    rf"|(?<![a-z]){_MONTH}\s+\d{{1,2}}(?:{_ORDINAL})?,?\s+\d{{4}}"
    r"|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})(?!\d)",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(rf"(?<!\w)({_MONTH})\s+(\d{{4}})(?!\w)", re.IGNORECASE)
MONEY_TOKEN = re.compile(
    r"(?:£|\bGBP)\s?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?(?:\s?(?:m|million|k)\b)?"
    r"|(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d{2})?(?![\d,])"
    rf"|{WORDED_MONEY}",
    re.IGNORECASE,
)
_URN = re.compile(r"(?<!\w)(SC\s?\d{6}|[12]\d{6})(?!\w)", re.IGNORECASE)
# a value after a label may be introduced by one of these words: "reviewed on 1 May 2024"
# "a limit of indemnity of up to £1,500,000", "no less than £5 million"
_FILLER = re.compile(r"^(?:\s|[:\-–—=]|\b(?:on|is|was|are|from|of|dated?|up to|(?:not|no) less than"
                     r"|at least)\b)*", re.IGNORECASE)


# Typography that means nothing to a reader of values: curly quotes and primes, non-breaking and
# thin spaces, the fi/fl ligatures some PDFs keep as one glyph, hyphens of other widths.
_PLAIN = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u02bc": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ",
    "\ufb01": "fi", "\ufb02": "fl", "\u2010": "-", "\u2011": "-",
})


def plain(text: str) -> str:
    """The text without typographic variants (curly quotes, odd spaces, ligatures)."""
    return text.translate(_PLAIN)


def block_text(block: TextBlock) -> str:
    """The block as one line; table cells joined by CELL."""
    return CELL.join(plain(cell).strip() for cell in block.cells)


def dates(text: str) -> list[str]:
    """Every readable date in the text, ISO, in order."""
    found = (parse_date(match.group(0).rstrip(",")) for match in DATE_TOKEN.finditer(text))
    return [iso for iso in found if iso]


def month_year(text: str) -> str | None:
    """'January 2024' → '2024-01-01': a policy reviewed in a month counts from its first day."""
    match = _MONTH_YEAR.search(text)
    return parse_date(f"1 {match[1]} {match[2]}") if match else None


def amounts(text: str) -> list[str]:
    """Every readable sum of money in the text, canonical, in order."""
    found = (parse_money(match.group(0)) for match in MONEY_TOKEN.finditer(text))
    return [money for money in found if money]


def urn(text: str) -> str | None:
    """An Ofsted social care URN (SC + 6 digits, or 7 digits from 1 or 2), upper case."""
    match = _URN.search(text)
    return match[1].upper().replace(" ", "") if match else None


# a name read from a line may run on into the person's role or contact details
_ROLE_WORDS = {"manager", "director", "officer", "lead", "head", "chief", "registered", "deputy",
               "designated", "responsible", "individual", "trustee", "chair", "ceo", "telephone",
               "tel", "email", "phone", "mobile", "contact", "role", "safeguarding"}
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'.-]*|de|van|von|la|le)$")


def person(text: str) -> str | None:
    """A person's name at the start of the text ("Alex Morgan (Registered Manager), 01245…")."""
    text = re.sub(r"^\s*\([^)]*\)", "", _FILLER.sub("", text, count=1)).strip()
    head = re.split(r"[,;(|/–—\d]| - | who\b| is\b", text, maxsplit=1)[0]
    words = list(itertools.takewhile(lambda word: word.lower() not in _ROLE_WORDS, head.split()))
    if not 1 < len(words) <= 4 or not all(_NAME_WORD.match(word) for word in words):
        return None
    return " ".join(words).rstrip(".")


def clean(text: str) -> str:
    """A text value without surrounding separators and spaces."""
    return " ".join(text.strip(" |:;,-–—\t").split())


@dataclass(frozen=True)
class Label:
    """A field's label: its key and the phrases (regular expressions) that name it.

    `kind` says what a value looks like ("date", "money", "person", "urn" or "text"); a typed
    label is recognised mid-sentence when a value of its kind follows it ("year ended 31 March").
    """

    key: str
    phrases: tuple[str, ...]
    kind: str = "text"


_STARTS = {
    "date": lambda text: DATE_TOKEN.match(text) is not None,
    "money": lambda text: MONEY_TOKEN.match(text) is not None,
    "person": lambda text: person(text) is not None,
    "urn": lambda text: _URN.match(text) is not None,
}


@dataclass(frozen=True)
class Segment:
    """A label found in a block's text and the text up to the next label."""

    key: str
    kind: str
    value: str
    start: int  # where the label starts in block_text
    end: int  # where the value ends


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    label: Label


class Labels:
    """A vocabulary of labels; where phrases overlap, the leftmost and then the longest wins
    ("Next review date" is not "review date", "Deputy DSL" is not "DSL")."""

    def __init__(self, labels: Sequence[Label]) -> None:
        self._phrases = [
            # a label may run into its value's digits ("YEAR ENDED31 MARCH"), not into a word
            (re.compile(f"(?<![\\w']){phrase}(?![A-Za-z_'])", re.IGNORECASE), label)
            for label in labels for phrase in label.phrases
        ]

    def _hits(self, text: str) -> list[_Hit]:
        candidates = sorted(
            (_Hit(match.start(), match.end(), label)
             for pattern, label in self._phrases for match in pattern.finditer(text)),
            key=lambda hit: (hit.start, -hit.end),
        )
        hits: list[_Hit] = []
        for hit in candidates:
            if not hits or hit.start >= hits[-1].end:
                hits.append(hit)
        return hits

    def segments(self, text: str) -> list[Segment]:
        """Labels where a label can stand, each with the text that follows it."""
        found = [hit for hit in self._hits(text) if _stands_as_label(text, hit)]
        result = []
        for number, hit in enumerate(found):
            stop = found[number + 1].start if number + 1 < len(found) else len(text)
            value = _first_cell(text[hit.end:stop], hit.label.kind)
            result.append(Segment(hit.label.key, hit.label.kind, value, hit.start, stop))
        return result

    def header(self, text: str) -> list[Segment] | None:
        """The labels of a column header: several labels, no colons, values or other words."""
        hits = self._hits(text)
        if len(hits) < 2 or any(re.match(r"\s*:", text[hit.end:]) for hit in hits):
            return None
        if len({hit.label.key for hit in hits}) < len(hits):  # "Insurer | Acme Insurance Company"
            return None  # is a label and its value: a header never names one field twice
        pieces, position = [], 0
        for hit in hits:
            pieces.append(text[position:hit.start])
            position = hit.end
        residue = re.sub(r"\((?:£|gbp)[^)]*\)|[£|]", " ", " ".join([*pieces, text[position:]]))
        if re.search(r"\d", residue) or len(residue.split()) > 3:
            return None
        return [Segment(hit.label.key, hit.label.kind, "", hit.start, hit.end) for hit in hits]


def _stands_as_label(text: str, hit: _Hit) -> bool:
    """At the start of a line or cell, before a colon, or followed by a value of its kind."""
    line_start = text.rfind(CELL, 0, hit.start)
    before = text[line_start + len(CELL) if line_start >= 0 else 0:hit.start]
    after = text[hit.end:]
    if not re.search(r"[A-Za-z]", before) or re.match(r"\s*[:=]", after):
        return True
    starts = _STARTS.get(hit.label.kind)
    return bool(starts and starts(_FILLER.sub("", after, count=1)))


_TOKENS = {"date": DATE_TOKEN, "money": MONEY_TOKEN}


def _first_cell(text: str, kind: str = "text") -> str:
    """The value text: the label's own cell when it has content there, else the next cell. For a
    date or a sum, the first cell that holds one: the label's own cell may hold the rest of a
    long label ("2. Date of commencement | of insurance policy | 1st June 2025")."""
    parts = [part for part in (clean(part) for part in text.split(CELL.strip())) if part]
    token = _TOKENS.get(kind)
    typed = [part for part in parts if token and token.search(part)]
    return (typed or parts or [""])[0]


@dataclass(frozen=True)
class Found:
    """A labelled value and where it was read."""

    key: str
    kind: str
    value: str
    page: int | None
    source: str
    confidence: float
    box: Box | None = None  # the line, cell or lines it was read from


def cell_box(block: TextBlock, column: int) -> Box | None:
    """Where a cell of a table row stands; the whole row's box where cells have none."""
    if 0 <= column < len(block.cell_boxes) and block.cell_boxes[column] is not None:
        return block.cell_boxes[column]
    return block.box


def read_confidence(confidence: float, *blocks: TextBlock) -> float:
    """A reader's confidence in a value, capped by the OCR's in the lines it was read from
    (a line of a text layer has none, and caps nothing)."""
    scanned = [block.confidence for block in blocks if block.confidence is not None]
    return min([confidence, *scanned])


def find_values(blocks: Sequence[TextBlock], labels: Labels) -> Iterator[Found]:
    """Every labelled value of the document, in reading order."""
    header: tuple[str, list[Segment]] | None = None
    for index, block in enumerate(blocks):
        text = block_text(block)
        if columns := labels.header(text):
            header = (text, columns)  # a column header: its values are in the rows below
            continue
        segments = labels.segments(text)
        if header and not segments:
            under = list(under_header(*header, text, block))
            yield from under
            header = header if under else None
            continue
        header = None
        for segment in segments:
            value, source, confidence = segment.value, text, 1.0
            box = segment_box(block, text, segment)
            if not value and len(segments) == 1:
                value, source, confidence = value_below(blocks, index, labels)
                box = same_page_union(block, blocks[index + 1]) if value else box
            if value:
                yield Found(segment.key, segment.kind, value, block.page, source,
                            read_confidence(confidence, block), box)


def same_page_union(first: TextBlock, then: TextBlock) -> Box | None:
    """Both blocks' box; the first's alone where the other is on another page."""
    return union_box(first.box, then.box) if then.page == first.page else first.box


def segment_box(block: TextBlock, text: str, segment: Segment) -> Box | None:
    """The cells a label and its value span in a table row; the line's box otherwise."""
    if not block.cell_boxes:
        return block.box
    first, last = text.count(CELL, 0, segment.start), text.count(CELL, 0, segment.end)
    cells = text.split(CELL)
    holding = next((column for column in range(first, min(last, len(cells) - 1) + 1)
                    if segment.value and segment.value in clean(cells[column])), last)
    return union_box(*block.cell_boxes[first:holding + 1]) or block.box


def value_below(blocks: Sequence[TextBlock], index: int, labels: Labels) -> tuple[str, str, float]:
    """The next block's text, when it carries no label of its own: a label alone on its line."""
    if index + 1 >= len(blocks):
        return "", "", 0.0
    following = block_text(blocks[index + 1])
    if labels.segments(following):
        return "", "", 0.0
    return clean(following), following, read_confidence(0.9, blocks[index + 1])


def under_header(
    header_text: str, header: Sequence[Segment], text: str, block: TextBlock
) -> Iterator[Found]:
    """Values of a row under a column header: by cell, or (a table read as a line) by kind."""
    cells = text.split(CELL)
    if block.in_table and len(cells) == header_text.count(CELL) + 1:
        for segment in header:
            column = header_text.count(CELL, 0, segment.start)
            cell = clean(cells[column])
            if cell:
                yield Found(segment.key, segment.kind, cell, block.page, text,
                            read_confidence(0.9, block), cell_box(block, column))
        return
    for kind, tokens in (("date", DATE_TOKEN), ("money", MONEY_TOKEN)):
        columns = [segment for segment in header if segment.kind == kind]
        values = [match.group(0) for match in tokens.finditer(text)]
        if columns and len(values) == len(columns):
            for segment, value in zip(columns, values, strict=True):
                yield Found(segment.key, kind, value, block.page, text,
                            read_confidence(0.8, block), block.box)
