"""A policy's change-control (document-control) table: a row per version, with its date.

"Version | Date | Change | Author", then "3.1 | 11/04/2023 | Reviewed; contact numbers updated |
S. Patel". A row's own words may look like labels ("Reviewed; …"), so the table is read by its
columns here, not label by label. Every version of a policy is a review of it (an annual review
with no changes is a version too); a row that plans a review ("Next scheduled review") is the next
review.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from extraction.model import TextBlock
from extraction.nearby import block_text, dates, month_year

_VERSION_CELL = re.compile(r"(?:version|issue|rev(?:ision)?)(?: no\.?| number)?", re.IGNORECASE)
_DATE_CELL = re.compile(r"date(?: of (?:issue|change|revision|version|review))?"
                        r"|(?:issue|revision|version|review) date|date (?:issued|revised)",
                        re.IGNORECASE)
# a PDF read without tables gives the header and its rows as lines: "3.1 11/04/2023 Reviewed …"
_HEADER_LINE = re.compile(r"^\s*(?:version|issue|rev(?:ision)?)\b.*\bdate\b", re.IGNORECASE)
_VERSION_LINE = re.compile(r"^\s*v?\d+(?:\.\d+)*\s", re.IGNORECASE)
PLANNED = re.compile(r"\b(?:next|due|planned|scheduled|forthcoming)\b", re.IGNORECASE)


def versions(blocks: Sequence[TextBlock]) -> Iterator[tuple[str, str, TextBlock]]:
    """(kind, ISO date, row) for each dated row of a change-control table; kind is "reviewed"
    or "next_review"."""
    for index, block in enumerate(blocks):
        text = block_text(block)
        if block.in_table and (column := _date_column(block.cells)) is not None:
            yield from _table_rows(blocks[index + 1:], len(block.cells), column)
        elif not block.in_table and _HEADER_LINE.match(text) and len(text.split()) <= 10:
            yield from _line_rows(blocks[index + 1:])


def _date_column(cells: Sequence[str]) -> int | None:
    """The date column of a header row that also has a version column."""
    names = [" ".join(cell.split()) for cell in cells]
    if not any(_VERSION_CELL.fullmatch(name) for name in names):
        return None
    return next((number for number, name in enumerate(names) if _DATE_CELL.fullmatch(name)), None)


def _table_rows(rows: Sequence[TextBlock], width: int,
                column: int) -> Iterator[tuple[str, str, TextBlock]]:
    for row in rows:
        if not row.in_table or len(row.cells) != width:
            return
        cell = row.cells[column]
        if iso := next(iter(dates(cell)), None) or month_year(cell):
            yield _kind(block_text(row)), iso, row


def _line_rows(rows: Sequence[TextBlock]) -> Iterator[tuple[str, str, TextBlock]]:
    for row in rows:
        text = block_text(row)
        if not _VERSION_LINE.match(text):
            return
        if iso := next(iter(dates(text)), None):
            yield _kind(text), iso, row


def _kind(text: str) -> str:
    return "next_review" if PLANNED.search(text) else "reviewed"
