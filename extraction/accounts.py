"""Accounts: the organisation, the year end and the turnover, whichever accountant laid them out.

Full statutory accounts (a profit and loss account or a charity's Statement of Financial
Activities), small-company and micro-entity accounts filed at Companies House, and the Charity
Commission's receipts and payments accounts (CC16a). The year end is the end of the period; the
turnover is the total income, revenue or receipts of that year, read from this year's column
(statements.py). Notes and sub-totals ("Other operating income", "Income from charitable
activities") are not the turnover: only the exact row names are. A micro-entity need not show
its turnover, nor a small company deliver its profit and loss account: then the accounts say
so (accounts.turnover_not_stated) and no turnover is ever guessed from another line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from domain.evidence import Answer
from extraction import statements
from extraction.insurance import organisation
from extraction.model import ReadDocument, TextBlock
from extraction.nearby import CELL, DATE_TOKEN, Label, Labels, block_text, dates, find_values
from extraction.parsers import parse_money

LABELS = Labels([
    Label("year_end", (r"(?:financial )?year end(?:ed|ing)?(?: date)?",
                       r"period end(?:ed|ing)?(?: date)?", r"as at",
                       r"accounting reference date", r"made up to",  # Companies House
                       r"(?:financial )?year to"), "date"),
    # named so that "Period start date | Period end date" is read as a header of two dates
    Label("period_start", (r"period start(?:ing)?(?: date)?",), "date"),
    Label("organisation", (r"company name", r"name of (?:the )?(?:company|charity|organisation)",
                           r"charity name", r"registered name", r"organisation name")),
    # the number beside "Charity name" on CC16a is not the charity's name
    Label("number", (r"(?:charity )?no\.? \(if any\)", r"(?:registered )?charity (?:no|number)",
                     r"company (?:registration )?(?:no|number)", r"registered number")),
])
# "For the period from 2023-04-01 To 2024-03-31": the year end is the period's end
# (a form may put each date in a cell of its own: "For the period from 2024-04-01 To | 2025-03-31")
_PERIOD = re.compile(
    rf"period\s+from[\s:|]*(?:{DATE_TOKEN.pattern})[\s|]*(?:to|until|[-–—])[\s:|]*"
    rf"({DATE_TOKEN.pattern})", re.IGNORECASE)
_TURNOVER_ROWS = {"turnover", "revenue", "income", "total income", "total revenue",
                  "total turnover", "total income and endowments", "group turnover",
                  "total receipts", "total incoming resources"}
_STATEMENT_LINE = re.compile(
    r"\b(?:turnover|revenue|income|expenditure|receipts|payments|profit|loss|assets|liabilities"
    r"|creditors|debtors|cash|funds|reserves|surplus|deficit)\b")
_SUFFIX = re.compile(
    r"\b(?:limited|ltd\.?|llp|plc|cic|c\.i\.c\.?|cio|trust|foundation|charity|association)$",
    re.IGNORECASE,
)
_TITLE_WORDS = re.compile(r"report|accounts|statement|balance|notes|for the (?:year|period)"
                          r"|registered|number|\bno\b|company limited by", re.IGNORECASE)
_REGISTRATION = re.compile(r"(?:company|charity) (?:registration )?(?:no|number)|registered "
                           r"(?:charity )?(?:no|number)|charity no", re.IGNORECASE)
_NUMBER = re.compile(r"(?:SC|NI|OC|SO|RC|CE)?\d{6,8}", re.IGNORECASE)  # company or charity
# what the filer says when the accounts carry no turnover, and what that is called
_NOT_STATED = (
    (re.compile(r"micro[- ]?entit(?:y|ies)|\bFRS\s?105\b", re.IGNORECASE), "micro-entity"),
    (re.compile(r"\bnot (?:to )?(?:file|deliver|include)\w* (?:a copy of )?(?:the )?"
                r"(?:company's )?(?:profit and loss account|income statement)|section 444",
                re.IGNORECASE),
     "profit and loss account not delivered"),
)


def find_accounts(read: ReadDocument, document: str) -> dict[str, Answer]:
    """accounts.organisation, accounts.year_end and accounts.turnover, where stated; when the
    accounts are of a kind that need not state turnover and do not, accounts.turnover_not_stated
    says which kind."""
    fields: dict[str, Answer] = {}
    if year_end := _year_end(read.blocks, document):
        fields["accounts.year_end"] = year_end
    if name := (_labelled_name(read.blocks, document) or _named_at_top(read.blocks, document)
                or _named_beside_number(read.blocks, document)):
        fields["accounts.organisation"] = name
    if turnover := _turnover(read.blocks, document):
        fields["accounts.turnover"] = turnover
    elif not_stated := _turnover_not_stated(read.blocks, document):
        fields["accounts.turnover_not_stated"] = not_stated
    return fields


def has_statement(read: ReadDocument) -> bool:
    """Whether the document has a financial statement: a row heading columns by year, and a
    line of income, expenditure, assets or funds with its figures."""
    texts = [(block_text(block), block.in_table) for block in read.blocks]
    return any(statements.is_column_header(text, in_table) for text, in_table in texts) and any(
        _STATEMENT_LINE.search(label) and any(re.search(r"\d", figure) for figure in figures)
        for label, figures in (statements.row(text, in_table) for text, in_table in texts))


def year_ends(blocks: Sequence[TextBlock], document: str) -> list[Answer]:
    """Every year end the accounts state ("year ended …", "as at …", "period from … to …")."""
    found: list[Answer] = []
    for value in find_values(blocks, LABELS):
        if value.key == "year_end" and (iso := next(iter(dates(value.value)), None)):
            found.append(Answer(value=iso, source_text=value.source, document=document,
                                page=value.page, box=value.box,
                                confidence=value.confidence))
    for block in blocks:
        text = block_text(block)
        for match in _PERIOD.finditer(text):
            if iso := next(iter(dates(match[1])), None):
                found.append(Answer(value=iso, source_text=text, document=document,
                                    page=block.page, box=block.box))
    return found


def _year_end(blocks: Sequence[TextBlock], document: str) -> Answer | None:
    found = year_ends(blocks, document)
    if not found:
        return None
    # every statement repeats the year end (comparatives say last year's once or twice): the most
    # stated date is the year end, the later one where two are stated as often
    counts = Counter(answer.value for answer in found)
    best = max(counts, key=lambda iso: (counts[iso], iso or ""))
    return next(answer for answer in found if answer.value == best)


def _labelled_name(blocks: Sequence[TextBlock], document: str) -> Answer | None:
    for found in find_values(blocks, LABELS):
        if found.key == "organisation" and (name := organisation(found.value)):
            return Answer(value=name, source_text=found.source, document=document,
                          page=found.page, box=found.box, confidence=found.confidence)
    return None


def _is_name_line(text: str) -> bool:
    """A short line that could be a name: no cells, no date, no title words."""
    return bool(text) and CELL not in text and not _TITLE_WORDS.search(text) \
        and len(text.split()) <= 8 and not DATE_TOKEN.search(text) and text[0].isupper()


def _named_at_top(blocks: Sequence[TextBlock], document: str) -> Answer | None:
    """Accounts open with the organisation's name: a short line ending Limited, Trust, CIC…"""
    for block in blocks[:12]:
        text = block_text(block).strip()
        if _is_name_line(text) and _SUFFIX.search(text.rstrip(".")):
            return Answer(value=text, source_text=text, document=document,
                          page=block.page, box=block.box, confidence=0.8)
    return None


def _named_beside_number(blocks: Sequence[TextBlock], document: str) -> Answer | None:
    """A title page names the organisation beside its company or charity number, or (on CC16a)
    in the cell before it: "Hollins Lane Youth Club | 1180443"."""
    for index, block in enumerate(blocks[:20]):
        cells = [cell.strip() for cell in block.cells]
        if len(cells) == 2 and _NUMBER.fullmatch(cells[1]) and _is_name_line(cells[0]) \
                and len(cells[0].split()) >= 2:
            return Answer(value=cells[0], source_text=block_text(block), document=document,
                          page=block.page, box=block.box, confidence=0.7)
        if not _REGISTRATION.search(block_text(block)):
            continue
        # above it first ("Keys Care" / "Company number 0712…"), else just below
        for beside in [*reversed(blocks[max(0, index - 2):index]), *blocks[index + 1:index + 2]]:
            text = block_text(beside).strip()
            if _is_name_line(text) and len(text.split()) >= 2:
                return Answer(value=text, source_text=text, document=document,
                              page=beside.page, box=beside.box, confidence=0.7)
    return None


def _turnover(blocks: Sequence[TextBlock], document: str) -> Answer | None:
    header: list[str] = []
    factor, section = 1, ""
    for block in blocks:
        text = block_text(block)
        if statements.is_column_header(text, block.in_table):
            header = statements.columns(text, block.in_table)
            factor = statements.scale(text)
            continue
        label, figures = statements.row(text, block.in_table)
        if not any(re.search(r"\d", figure) for figure in figures):
            section = statements.label(text.split(CELL)[0]) or section  # "Income from:"
            continue
        # a charity's SOFA may total its income in a row called just "Total"
        if label not in _TURNOVER_ROWS and not (label == "total" and section.startswith("income")):
            continue
        value = statements.current(figures, header)
        money = _scaled(parse_money(value.strip("()")), factor) if value else None
        if money:
            return Answer(value=money, source_text=text, document=document, page=block.page,
                          box=block.box, confidence=1.0 if header else 0.8)
    return None


def _scaled(money: str | None, factor: int) -> str | None:
    return f"{Decimal(money) * factor:.2f}" if money else None


def _turnover_not_stated(blocks: Sequence[TextBlock], document: str) -> Answer | None:
    """Why accounts without a turnover line have none, in the filer's own words."""
    for pattern, kind in _NOT_STATED:
        found = [block for block in blocks if pattern.search(block_text(block))]
        if found:
            # the sentence "prepared in accordance with the micro-entity provisions" says more
            # than the title "Micro-entity accounts"
            block = max(found, key=lambda block: len(block_text(block).split()) >= 8)
            return Answer(value=kind, source_text=block_text(block), document=document,
                          page=block.page, box=block.box)
    return None
