"""Accounts: the organisation, the year end and the turnover, whichever accountant laid them out.

Turnover sits in a statement with a column per year (and, for a charity, per fund), so the figure
is read from the column of the latest year; a row's figures are aligned from the right because a
note reference or a blank fund may come first. Notes and sub-totals ("Other operating income",
"Income from charitable activities") are not the turnover: only the exact row names are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from domain.evidence import Answer
from extraction.insurance import organisation
from extraction.model import ReadDocument, TextBlock
from extraction.nearby import CELL, Label, Labels, block_text, dates, find_values
from extraction.parsers import parse_money

LABELS = Labels([
    Label("year_end", (r"(?:financial )?year end(?:ed|ing)?", r"period end(?:ed|ing)",
                       r"as at", r"accounting reference date"), "date"),
    Label("organisation", (r"company name", r"name of (?:the )?(?:company|charity|organisation)",
                           r"charity name", r"registered name", r"organisation name")),
])
_TURNOVER_ROWS = {"turnover", "revenue", "income", "total income", "total revenue",
                  "total turnover", "total income and endowments", "group turnover"}
_FIGURE = re.compile(r"\(?£?\d[\d,]*(?:\.\d{1,2})?\)?|(?<!\w)[-–—](?!\w)|\bnil\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_COLUMN = re.compile(
    r"\bnotes?\b|\b(?:un)?restricted(?: income)?(?: funds?)?|\bendowment(?: funds?)?"
    r"|\bdesignated(?: funds?)?|\btotal(?: funds)?\s+(?:19|20)\d{2}|(?<!\d)(?:19|20)\d{2}(?!\d)"
    r"|\btotal(?: funds)?\b",
    re.IGNORECASE,
)
_SUFFIX = re.compile(
    r"\b(?:limited|ltd\.?|llp|plc|cic|c\.i\.c\.?|cio|trust|foundation|charity|association)$",
    re.IGNORECASE,
)
_THOUSANDS = re.compile(r"£\s?'?000|£k\b", re.IGNORECASE)
_TITLE_WORDS = re.compile(r"report|accounts|statement|balance|notes", re.IGNORECASE)


def find_accounts(read: ReadDocument, document: str) -> dict[str, Answer]:
    """accounts.organisation, accounts.year_end and accounts.turnover, where stated."""
    fields: dict[str, Answer] = {}
    year_ends: Counter[str] = Counter()
    first: dict[str, Answer] = {}
    for found in find_values(read.blocks, LABELS):
        if found.key == "year_end" and (iso := next(iter(dates(found.value)), None)):
            year_ends[iso] += 1
            first.setdefault(iso, Answer(value=iso, source_text=found.source, document=document,
                                         page=found.page, confidence=found.confidence))
        elif found.key == "organisation" and (name := organisation(found.value)):
            fields.setdefault("accounts.organisation", Answer(
                value=name, source_text=found.source, document=document, page=found.page))
    if year_ends:
        # every statement repeats the year end, so the most stated date is the year end
        fields["accounts.year_end"] = first[year_ends.most_common(1)[0][0]]
    if "accounts.organisation" not in fields and (named := _named_at_top(read.blocks, document)):
        fields["accounts.organisation"] = named
    if turnover := _turnover(read.blocks, document):
        fields["accounts.turnover"] = turnover
    return fields


def has_statement(read: ReadDocument) -> bool:
    """Whether the document has a financial statement: a row heading columns by year."""
    return any(_is_column_header(block_text(block)) for block in read.blocks)


def _named_at_top(blocks: Sequence[TextBlock], document: str) -> Answer | None:
    """Accounts open with the organisation's name: a short line ending Limited, Trust, CIC…"""
    for block in blocks[:12]:
        text = block_text(block)
        if CELL in text or _TITLE_WORDS.search(text) or len(text.split()) > 8:
            continue
        if _SUFFIX.search(text.strip().rstrip(".")):
            return Answer(value=text.strip(), source_text=text, document=document,
                          page=block.page, confidence=0.8)
    return None


def _turnover(blocks: Sequence[TextBlock], document: str) -> Answer | None:
    columns: list[str] = []
    scale, section = 1, ""
    for block in blocks:
        text = block_text(block)
        if _is_column_header(text):
            columns = _columns(text, block.in_table)
            scale = 1000 if _THOUSANDS.search(text) else 1
            continue
        label, figures = _row(text, block.in_table)
        if not any(re.search(r"\d", figure) for figure in figures):
            section = _label(text.split(CELL)[0]) or section  # "Income and endowments from:"
            continue
        # a charity's SOFA may total its income in a row called just "Total"
        if label not in _TURNOVER_ROWS and not (label == "total" and section.startswith("income")):
            continue
        value = _current(figures, columns)
        money = _scaled(parse_money(value.strip("()")), scale) if value else None
        if money:
            return Answer(value=money, source_text=text, document=document, page=block.page,
                          confidence=1.0 if columns else 0.8)
    return None


def _scaled(money: str | None, scale: int) -> str | None:
    """Figures under a "£'000" header are thousands of pounds."""
    return f"{Decimal(money) * scale:.2f}" if money else None


def _is_column_header(text: str) -> bool:
    """A short row naming years (and perhaps funds or notes) and holding no figures."""
    text = _THOUSANDS.sub(" ", text)
    if not _YEAR.search(text) or re.search(r"\d", _YEAR.sub("", text)):
        return False
    residue = _COLUMN.sub(" ", text).replace("£", " ").replace("|", " ")
    return len(residue.split()) <= 2


def _columns(text: str, in_table: bool) -> list[str]:
    """The header's columns in order: cells of a table, or column names found in a line."""
    if in_table:
        return [cell.strip() for cell in text.split(CELL)][1:]  # the first cell heads the labels
    return [match.group(0) for match in _COLUMN.finditer(text)]


def _row(text: str, in_table: bool) -> tuple[str, list[str]]:
    """A statement row: its label (without a note reference) and its figures, blanks included."""
    if in_table:
        cells = [cell.strip() for cell in text.split(CELL)]
        return _label(cells[0]), cells[1:]
    match = _FIGURE.search(text)
    if not match or not re.search(r"[A-Za-z]", text[:match.start()]):
        return "", []
    figures = [figure.group(0) for figure in _FIGURE.finditer(text, match.start())]
    return _label(text[:match.start()]), figures


def _label(text: str) -> str:
    # a PDF table reader may merge a heading row ("Expenditure on:") into the row above it
    text = re.sub(r"\s+[A-Z][\w ]*:\s*$", "", text.strip())
    return " ".join(re.sub(r"[^a-z ]", " ", text.lower()).split())


def _current(figures: list[str], columns: list[str]) -> str | None:
    """The latest year's figure: by the header's column, aligned from the right."""
    if not columns:
        return next((f for f in figures if "," in f or len(f.strip("()£")) > 3), None)
    years = [(int(year[-1]), "total" in column.lower(), -index)
             for index, column in enumerate(columns) if (year := _YEAR.findall(column))]
    if not years:
        return None
    position = len(columns) + max(years)[2]  # counted from the right: a note may be blank
    if position > len(figures):
        return None
    figure = figures[-position].strip()
    return None if re.fullmatch(r"[-–—]?|nil", figure, re.IGNORECASE) else figure
