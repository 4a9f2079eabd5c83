"""Insurance covers from a certificate, a schedule or a letter of cover, in any insurer's layout.

A cover is named by its type (documents.md synonyms); its limit is the money that follows the name
on the same line or row, or the limit labelled inside the section that the name heads. Anything
stated outside a row or section (the insured, the insurer, the period) applies to every cover
that does not state its own. A section that is none of the three covers (buildings, money,
motor…) ends the section before it, so its sums are never taken for a liability limit.

A cover is evidence only when the document says whose it is and when it runs (an insured and a
period), or which policy it is (an insurer and a policy number): a contract's schedule of the
insurance a supplier *must* hold states limits too, and names neither.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from domain.evidence import InsuranceCover
from domain.models import Box
from extraction import insurance_prose as prose
from extraction.insurance_words import (
    AUTHORISED_INSURER,
    COVER_NAMES,
    LABELS,
    NOT_PROVIDED,
    OTHER_SECTION,
    SIGNATORY_CONFIDENCE,
    TYPES,
)
from extraction.model import ReadDocument, TextBlock
from extraction.nearby import (
    CELL,
    DATE_TOKEN,
    MONEY_TOKEN,
    Segment,
    amounts,
    block_text,
    clean,
    dates,
    read_confidence,
    same_page_union,
    under_header,
    value_below,
)

_LEAD_WORDS = 2  # "Section 2:", "3.", "(a)" may stand before a section's cover name
_COMPANY_WIDE = {"insured", "insurer"}  # outside a row these never belong to one section
_FIELD_NAMES = {"policy": "policy_number"}  # an attribute read here → InsuranceCover's field
_POLICY_TOKEN = re.compile(r"^(?=[A-Z/-]*\d)[A-Z0-9][A-Z0-9/.-]{3,}$")


@dataclass
class _Cover:
    type: str
    values: dict[str, tuple[str, float]] = field(default_factory=dict)
    page: int | None = None
    source: str = ""
    box: Box | None = None  # where the limit was read
    #: where each value was read: its page and box
    places: dict[str, tuple[int | None, Box | None]] = field(default_factory=dict)

    def put(self, attribute: str, value: str | None, confidence: float,
            place: tuple[int | None, Box | None] = (None, None)) -> bool:
        """A better-supported value wins: a labelled limit beats a sum merely near the name."""
        if value and confidence > self.values.get(attribute, ("", 0.0))[1]:
            self.values[attribute] = (value, confidence)
            self.places[attribute] = place
            return True
        return False


@dataclass(frozen=True)
class _Chunk:
    type: str
    start: int
    end: int


def find_covers(read: ReadDocument, document: str) -> tuple[InsuranceCover, ...]:
    """Every cover the certificate states, in the order they appear."""
    reader = _Reader(read.blocks)
    for index in range(len(read.blocks)):
        reader.read(index)
    reader.read_prose()
    return reader.result(document)


class _Reader:
    def __init__(self, blocks: Sequence[TextBlock]) -> None:
        self.blocks = blocks
        self.covers: dict[str, _Cover] = {}
        self.general = _Cover("")
        self.context: str | None = None  # the cover whose section we are in
        self.header: tuple[str, list[Segment]] | None = None
        self.across: list[str] | None = None  # a cover per column, named in a row above

    def read(self, index: int) -> None:
        block = self.blocks[index]
        text = block_text(block)
        if columns := LABELS.header(text):
            self.header = (text, columns)
            return
        chunks = _chunks(text)
        if not chunks and OTHER_SECTION.match(text) and len(text.split()) <= 8:
            self.context = None  # "Section 4 – Money": the cover section above has ended
            return
        if match := AUTHORISED_INSURER.match(text):
            self.general.put("insurer", organisation(match[1]), read_confidence(0.8, block),
                             _at(block))
        if _names_covers_across(text, chunks):
            self.across = [chunk.type for chunk in chunks]
            return
        segments = LABELS.segments(text)
        if self.across and segments and self._read_across(segments, text, block):
            return
        self.across = None
        rows = [chunk for chunk in chunks if amounts(text[chunk.start:chunk.end])]
        for chunk in rows:
            self._read_row(chunk, text, block, len(rows) == 1)
        if segments:
            self.header = None
        for segment in segments:
            value, confidence = segment.value, 1.0
            read_from = block
            if not value and len(segments) == 1:
                value, _, confidence = value_below(self.blocks, index, LABELS)
                # a label alone on its line: the value is on the next, and both are its place
                read_from = replace(block, box=same_page_union(block, self.blocks[index + 1])
                                    if value else block.box)
            row = next((c for c in rows if c.start <= segment.start < c.end), None)
            self._assign(segment.key, value, confidence, row.type if row else None, read_from,
                         text)
        types = {chunk.type for chunk in chunks}
        # a heading opens the cover's section and a row of covers ends it; a cover named in the
        # middle of running prose ("…£1,500,000and Professional Indemnity of…") does neither
        if types and len(re.findall(r"\w+", text[:chunks[0].start])) <= _LEAD_WORDS:
            self.context = chunks[-1].type if len(types) == 1 and not rows else None

    def read_prose(self) -> None:
        """What a letter of cover states in sentences, below what labels state."""
        for sentence in prose.sentences(self.blocks):
            confidence = min(prose.PROSE_CONFIDENCE, sentence.confidence or 1.0)
            said = {"insured": organisation(prose.insured(sentence) or ""),
                    "insurer": prose.insurer(sentence), "policy": prose.policy_number(sentence)}
            for attribute, value in said.items():
                self.general.put(attribute, value, confidence, (sentence.page, sentence.box))
            block = TextBlock((sentence.text,), in_table=False, page=sentence.page,
                              box=sentence.box)
            for stated in prose.stated_limits(sentence, COVER_NAMES):
                cover = self._cover(_type(stated.type_mention), block, sentence.text)
                if cover.put("limit", stated.limit, confidence, (sentence.page, sentence.box)):
                    cover.page, cover.source, cover.box = sentence.page, sentence.text, block.box

    def _read_row(self, chunk: _Chunk, text: str, block: TextBlock, alone: bool) -> None:
        """A cover's name with money after it: a row of a table of covers, or a labelled line."""
        cover = self._cover(chunk.type, block, text)
        part = text[chunk.start:chunk.end]
        labelled = any(s.key == "limit" for s in LABELS.segments(part))
        if self.header and alone:
            for found in under_header(*self.header, text if block.in_table else part, block):
                self._assign(found.key, found.value, 0.95, chunk.type, block, text)
        excess = [s for s in LABELS.segments(part) if s.key == "excess"]
        sums = [m.group(0) for m in MONEY_TOKEN.finditer(part)
                if not any(s.start <= m.start() < s.end for s in excess)]
        if sums:
            self._assign("limit", sums[0], 1.0 if labelled else 0.9, chunk.type, block, text)
        found_dates = dates(part)
        if len(found_dates) >= 2:
            cover.put("start", found_dates[0], read_confidence(0.8, block), _at(block))
        if found_dates:
            cover.put("expiry", found_dates[-1], read_confidence(0.8, block), _at(block))
        cover.put("policy", _policy_token(part), read_confidence(0.7, block), _at(block))

    def _read_across(self, segments: list[Segment], text: str, block: TextBlock) -> bool:
        """A label and a value per cover column ("Limit of indemnity | £10m | £5m | £2m")."""
        covers = self.across or []
        read = False
        for segment in segments:
            if block.in_table:
                cells = text.split(CELL)[text.count(CELL, 0, segment.start) + 1:]
            else:  # a row read as a line: the values of the label's kind, in order
                token = {"money": MONEY_TOKEN, "date": DATE_TOKEN}.get(segment.kind)
                cells = token.findall(segment.value) if token else segment.value.split()
            if len(cells) == len(covers):
                for cover_type, cell in zip(covers, cells, strict=True):
                    self._assign(segment.key, cell, 0.9, cover_type, block, text)
                read = True
        return read

    def _assign(self, key: str, value: str, confidence: float, row: str | None,
                block: TextBlock, text: str) -> None:
        confidence = read_confidence(confidence, block)  # a line read by OCR is only so sure
        signed = key == "signatory"
        if signed:
            key, confidence = "insurer", confidence * SIGNATORY_CONFIDENCE
        if not value or key in {"excess", "type", "decoy"}:
            if key == "type" and (mention := COVER_NAMES.search(value)):
                self._cover(_type(mention), block, text)
            return
        target_type = row or (None if key in _COMPANY_WIDE else self.context)
        target = self._cover(target_type, block, text) if target_type else self.general
        for attribute, parsed in _parse(key, value):
            if target.put(attribute, parsed, confidence, _at(block)) and attribute == "limit":
                target.page, target.source, target.box = block.page, text, block.box
        if key == "insurer" and not signed and self.context and not row:
            # a broker's confirmation names an insurer per section: that section's own, and
            # (the first one) every cover's that names none
            self._cover(self.context, block, text).put("insurer", organisation(value), confidence,
                                                       _at(block))

    def _cover(self, cover_type: str, block: TextBlock, text: str) -> _Cover:
        if cover_type not in self.covers:
            self.covers[cover_type] = _Cover(cover_type, page=block.page, source=text,
                                             box=block.box)
        return self.covers[cover_type]

    def result(self, document: str) -> tuple[InsuranceCover, ...]:
        # a limit outside any section is some cover's, so it is only kept by a one-cover letter
        general = dict(self.general.values)
        limit = general.pop("limit", None)
        if len(self.covers) == 1 and limit:
            only = next(iter(self.covers.values()))
            if only.put("limit", *limit, self.general.places.get("limit", (None, None))):
                only.page, only.source = self.general.page, self.general.source
                only.box = self.general.box
        covers = []
        for cover in self.covers.values():
            values = {key: value for key, (value, _) in {**general, **cover.values}.items()}
            # boxes on the cover's own page (its limit's), where the page image shows them
            places = {_FIELD_NAMES.get(key, key): box
                      for key, (page, box) in {**self.general.places, **cover.places}.items()
                      if box is not None and key in values and page == cover.page}
            covers.append(InsuranceCover(
                type=cover.type, limit=values.get("limit"), insured=values.get("insured"),
                insurer=values.get("insurer"), policy_number=values.get("policy"),
                start=values.get("start"), expiry=values.get("expiry"), document=document,
                page=cover.page, source_text=cover.source, box=cover.box, boxes=places,
                confidence=cover.values.get("limit", ("", 0.5))[1],
            ))
        return tuple(covers)


def _at(block: TextBlock) -> tuple[int | None, Box | None]:
    return block.page, block.box


def evidenced(covers: Sequence[InsuranceCover]) -> tuple[InsuranceCover, ...]:
    """The covers that show insurance in force rather than a requirement: each names an insured
    and a period, or an insurer and a policy number (documents.md)."""
    return tuple(cover for cover in covers
                 if (cover.insured and (cover.start or cover.expiry))
                 or (cover.insurer and cover.policy_number))


def _names_covers_across(text: str, chunks: list[_Chunk]) -> bool:
    """A header row naming a cover per column, and (almost) nothing else."""
    types = [chunk.type for chunk in chunks]
    residue = re.sub(r"[^\w\s]", " ", COVER_NAMES.sub(" ", text))
    return len(set(types)) == len(types) >= 2 and not re.search(r"\d", residue) \
        and len(residue.split()) <= 2


def _chunks(text: str) -> list[_Chunk]:
    """The text from each cover's name to the next one's; a cover the text says is not
    provided ("Employers' Liability is not provided by this scheme", "PI | Not covered") is
    no chunk, and ends the one before it."""
    mentions = list(COVER_NAMES.finditer(text))
    if not mentions:
        return []
    ends = [mention.start() for mention in mentions[1:]] + [len(text)]
    return [_Chunk(_type(mention), mention.start(), end)
            for mention, end in zip(mentions, ends, strict=True)
            if not NOT_PROVIDED.match(text, mention.end())]


def _policy_token(text: str) -> str | None:
    """A policy number in a row without labels: letters and digits, not a date or a year."""
    for token in text.replace("|", " ").split():
        token = token.rstrip(".,;:)")
        if _POLICY_TOKEN.match(token) and not dates(token) and not re.fullmatch(r"\d{1,5}", token):
            return token
    return None


def _policy_number(value: str) -> str | None:
    """The policy number a label introduces: the whole value when it is short and made of
    letters and digits ("EL 44 0917 3362"), else its first word with a digit."""
    if re.fullmatch(r"(?=.*\d)[A-Z0-9][A-Z0-9 /.-]{2,28}", value):
        return value
    return next((word for word in value.split() if re.search(r"\d", word)), None)


def _type(mention: re.Match[str]) -> str:
    return TYPES[mention.lastgroup or "el"]


def _parse(key: str, value: str) -> list[tuple[str, str | None]]:
    """The canonical attribute values a labelled text gives."""
    if key == "limit":
        return [("limit", next(iter(amounts(value)), None))]
    if key in {"insured", "insurer"}:
        return [(key, organisation(value))]
    if key == "policy":  # a number has a digit: "TBC" or a blank line of a form is none
        return [("policy", _policy_number(clean(value)))]
    found = dates(value)
    if len(found) >= 2:
        return [("start", found[0]), ("expiry", found[1])]
    if not found:
        return []
    ends = key == "expiry" or (key == "period" and re.search(r"\b(?:to|until)\b|[-–]", value))
    return [("expiry" if ends else "start", found[0])]


def organisation(value: str) -> str | None:
    """An organisation's name as written: up to an address or a comma, starting with a capital."""
    name = clean(re.split(r",|\s\(|\s[-–—]\s", value, maxsplit=1)[0])
    if not name or not (name[0].isupper() or name[0].isdigit()) or len(name.split()) > 12:
        return None
    return name
