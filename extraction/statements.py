"""A financial statement's rows and columns: which column is this year's, and a row's figures.

Statements put a column per year (and, for a charity, per fund): "Note | 2024 £ | 2023 £",
"Unrestricted | Restricted | Total 2024 | Total 2023", or, on the Charity Commission's CC16a
form, "Unrestricted funds | Restricted funds | Endowment funds | Total funds | Last year" with no
year at all. The current figure is the latest year's column, or the total / this year's column
where years are not named; last year's column is never taken. A row's figures are aligned from
the right because a note reference or a blank fund may come first.
"""

from __future__ import annotations

import re

from extraction.nearby import CELL, DATE_TOKEN, dates

_FIGURE = re.compile(r"\(?£?\d[\d,]*(?:\.\d{1,2})?\)?|(?<!\w)[-–—](?!\w)|\bnil\b", re.IGNORECASE)
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_THIS_YEAR = r"\b(?:this|current) year(?:'s)?(?: amount| total)?"
_LAST_YEAR = r"\b(?:last|prior|previous|preceding) (?:year|period)(?:'s)?(?: amount| total)?"
_COLUMN = re.compile(
    rf"\bnotes?\b|\b(?:un)?restricted(?: income)?(?: funds?)?|\bendowment(?: funds?)?"
    rf"|\bdesignated(?: funds?)?|\btotal(?: funds)?\s+(?:19|20)\d{{2}}"
    rf"|(?<!\d)(?:19|20)\d{{2}}(?!\d)"
    rf"|{_THIS_YEAR}|{_LAST_YEAR}|\btotal(?: funds)?\b",
    re.IGNORECASE,
)
# "to the nearest £" under each CC16a column, "£'000" under a group's: units, not columns
_UNITS = re.compile(r"\bto (?:the )?nearest\s*£?|£\s?'?000|£k\b|\(£\)|£", re.IGNORECASE)
# "Year ended 31 March 2024", "As at 31.3.24": a column named by its date is named by its year
_DATED = re.compile(r"\b(?:(?:year|period|\d+ months?) (?:ended|ending|to)|as at)\b",
                    re.IGNORECASE)
_THOUSANDS = re.compile(r"£\s?'?000|£k\b", re.IGNORECASE)
_PERIOD_COLUMN = re.compile(rf"(?<!\d)(?:19|20)\d{{2}}(?!\d)|{_THIS_YEAR}|{_LAST_YEAR}",
                            re.IGNORECASE)


def is_column_header(text: str, in_table: bool = False) -> bool:
    """A short row naming years or this / last year (and perhaps funds or notes), no figures.

    In a table the first cell heads the row labels ("A1 Receipts"), so only the rest counts."""
    if in_table and CELL in text:
        text = text.split(CELL, 1)[1]
    by_year = _UNITS.sub(" ", _by_year(text))
    if not _PERIOD_COLUMN.search(by_year) or re.search(r"\d", YEAR.sub("", by_year)):
        return False
    residue = _COLUMN.sub(" ", by_year).replace("|", " ")
    # a heading that states a date ("Balance sheet as at 31 March 2024") names no columns
    return len(residue.split()) <= (0 if DATE_TOKEN.search(text) else 2)


def scale(header: str) -> int:
    """Figures under a "£'000" header are thousands of pounds."""
    return 1000 if _THOUSANDS.search(header) else 1


def columns(text: str, in_table: bool) -> list[str]:
    """The header's columns in order: cells of a table, or column names found in a line."""
    if in_table:
        return [cell.strip() for cell in text.split(CELL)][1:]  # the first cell heads the labels
    return [match.group(0) for match in _COLUMN.finditer(_UNITS.sub(" ", _by_year(text)))]


def _by_year(text: str) -> str:
    """Dates as their years, and "year ended" / "as at" dropped: what is left names columns."""
    text = DATE_TOKEN.sub(lambda match: (iso[:4] if (iso := next(iter(dates(match[0])), None))
                                         else match[0]), text)
    return _DATED.sub(" ", text)


def row(text: str, in_table: bool) -> tuple[str, list[str]]:
    """A statement row: its label (without a note reference) and its figures, blanks included."""
    if in_table:
        cells = [cell.strip() for cell in text.split(CELL)]
        return label(cells[0]), cells[1:]
    match = _FIGURE.search(text)
    if not match or not re.search(r"[A-Za-z]", text[:match.start()]):
        return "", []
    figures = [figure.group(0) for figure in _FIGURE.finditer(text, match.start())]
    return label(text[:match.start()]), figures


def label(text: str) -> str:
    """A row's label in lower-case words: "Total receipts", not "A1 Total receipts:"."""
    # a PDF table reader may merge a heading row ("Expenditure on:") into the row above it
    text = re.sub(r"\s+[A-Z][\w ]*:\s*$", "", text.strip())
    text = re.sub(r"^\s*[A-Z]\d{1,2}[a-z]?\b", "", text)  # a CC16a line number: "A1", "B5"
    # "Turnover (note 3)": the note's number is read as the row's first figure
    text = re.sub(r"\(?\bnotes?\s*(?:\d+[a-z]?\)?)?\s*$", "", text, flags=re.IGNORECASE)
    return " ".join(re.sub(r"[^a-z ]", " ", text.lower()).split())


def current(figures: list[str], header: list[str]) -> str | None:
    """This year's figure: by the header's column, aligned from the right; never last year's."""
    if not header:
        # no header: UK statements put the current year first
        return next((f for f in figures if "," in f or len(f.strip("()£")) > 3), None)
    if re.fullmatch(r"notes?", header[-1].strip(), re.IGNORECASE):
        # a notes column on the right is blank on total rows: align without it
        header = header[:-1]
        if figures and re.fullmatch(r"\d{1,2}[a-z]?", figures[-1].strip()):
            figures = figures[:-1]
    index = _current_column(header)
    if index is None:
        return None
    position = len(header) - index  # counted from the right: a note may be blank
    if position > len(figures):
        return None
    figure = figures[-position].strip()
    return None if re.fullmatch(r"[-–—]?|nil", figure, re.IGNORECASE) else figure


def _current_column(header: list[str]) -> int | None:
    """The latest year's column (its total where funds are split: the one named total, else
    the right-most of the year's, as SORP orders unrestricted, restricted, total), else this
    year's or the total column of a header that names only "last year"."""
    years = [(int(found[-1]), "total" in column.lower(), index)
             for index, column in enumerate(header) if (found := YEAR.findall(column))]
    if years:
        return max(years)[2]
    this_year = [index for index, column in enumerate(header)
                 if re.search(_THIS_YEAR, column, re.IGNORECASE)]
    totals = [index for index, column in enumerate(header)
              if re.search(r"\btotal\b", column, re.IGNORECASE)
              and not re.search(_LAST_YEAR, column, re.IGNORECASE)]
    found = this_year or totals
    return found[0] if len(found) == 1 else None
