"""What a letter of cover states in sentences rather than in labelled fields.

Brokers and scheme administrators write "This is to certify that Little Acorns Fostering Ltd is
insured under policy number PCL/123456/2026 with Markel International Insurance Company Limited
for Public Liability with a Limit of Liability of up to £1,500,000and Professional Indemnity of
up to £1,500,000", wrapped over lines wherever the page ends. So the lines of a page are joined
and cut into sentences before these are read; table rows are left to the labelled reader.

Values found this way are a little less certain than labelled ones (PROSE_CONFIDENCE), so a
labelled value in the same document always wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from domain.models import Box, union_box
from extraction.model import TextBlock
from extraction.nearby import MONEY_TOKEN, amounts, block_text

PROSE_CONFIDENCE = 0.85

_COMPANY_END = (r"(?:plc|PLC|Limited|LIMITED|Ltd|LTD|SE|AG|N\.V\.|S\.A\.|Company|Mutual"
                r"|LLP|CIC|Lloyd's|Syndicate \d+)")
_INSURED = re.compile(
    r"\b(?:certif(?:y|ies)|confirms?)\s+that\s+(?:our\s+client,?\s+)?(?:the\s+insured,?\s+)?"
    # the subject ends at its verb; the sentence must go on to speak of the insurance
    r"(?P<name>[A-Z0-9][^.;:]{2,120}?)\s+(?:is|are|has|have|holds?|was|were)\b"
    r"(?=[^.;]*\b(?:insured|covered|insurance|policy)\b)"
    # "We act as insurance brokers to Northfield Therapy Partnership LLP and confirm …"
    rf"|\b(?:act|acting)\s+as\s+(?:the\s+)?(?:insurance\s+)?brokers?\s+(?:to|for)\s+"
    rf"(?:our\s+client,?\s+)?(?P<client>(?:[A-Z0-9][\w&'.-]*\s+){{0,8}}{_COMPANY_END})(?![\w'])",
)
_INSURER = re.compile(
    rf"\b(?:insured|placed|held|arranged|underwritten|issued|effected|provided)\b[^.;]{{0,60}}?"
    rf"\s(?:with|by)\s+"
    rf"(?P<name>(?:[A-Z][\w&'.-]*\s+){{0,8}}{_COMPANY_END})(?![\w'])",
)
_POLICY = re.compile(
    r"\bpolicy\s+(?:number|no\.?|ref(?:erence)?)\s*:?\s*"
    r"(?P<number>[A-Z0-9][A-Z0-9/.-]*\d[A-Z0-9/.-]*)", re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-Z(\d])")


@dataclass(frozen=True)
class Sentence:
    """A sentence of the document's running text, the page it starts on, and the lowest OCR
    confidence of the lines it was joined from (None when they are a text layer's)."""

    text: str
    page: int | None
    confidence: float | None = None
    box: Box | None = None  # the lines it was joined from


@dataclass(frozen=True)
class StatedLimit:
    """A cover's limit stated in a sentence: "Public Liability … up to £1,500,000"."""

    type_mention: re.Match[str]
    limit: str
    sentence: Sentence


def sentences(blocks: Sequence[TextBlock]) -> Iterator[Sentence]:
    """The running text of each page (its lines, not its table rows), cut into sentences."""
    page_lines: dict[int | None, list[TextBlock]] = {}
    for block in blocks:
        if not block.in_table:
            page_lines.setdefault(block.page, []).append(block)
    for page, lines in page_lines.items():
        running, starts = "", []  # where each line begins in the page's running text
        for line in lines:
            starts.append(len(running))
            running += block_text(line) + " "
        position = 0
        for text in _SENTENCE_END.split(running):
            start = running.index(text, position)
            position = start + len(text)
            spanned = [line for line, begins in zip(lines, starts, strict=True)
                       if begins < position and begins + len(block_text(line)) >= start]
            scanned = [line.confidence for line in spanned if line.confidence is not None]
            yield Sentence(" ".join(text.split()), page, min(scanned) if scanned else None,
                           union_box(*(line.box for line in spanned)))


def insured(sentence: Sentence) -> str | None:
    """"We certify that Acme Care Ltd is insured …" → "Acme Care Ltd"."""
    match = _INSURED.search(sentence.text)
    return (match["name"] or match["client"]).strip(" ,") if match else None


def insurer(sentence: Sentence) -> str | None:
    """"… insured with Markel International Insurance Company Limited …" → the insurer."""
    match = _INSURER.search(sentence.text)
    return match["name"].strip() if match else None


def policy_number(sentence: Sentence) -> str | None:
    """"… under policy number PCL/123456/2026 …" → "PCL/123456/2026"."""
    match = _POLICY.search(sentence.text)
    return match["number"].rstrip(".,;:") if match else None


def stated_limits(sentence: Sentence, cover_names: re.Pattern[str]) -> Iterator[StatedLimit]:
    """Each cover named in the sentence with the first sum that follows it, before the next
    cover's name."""
    mentions = list(cover_names.finditer(sentence.text))
    if not mentions:
        return
    ends = [mention.start() for mention in mentions[1:]] + [len(sentence.text)]
    for mention, end in zip(mentions, ends, strict=True):
        part = sentence.text[mention.end():end]
        if MONEY_TOKEN.search(part) and (found := amounts(part)):
            yield StatedLimit(mention, found[0], sentence)
