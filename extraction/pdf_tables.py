"""Tables on one PDF page, ruled or laid out with whitespace, as rows of cell texts.

Ruled tables come from pdfplumber's "lines" strategy. Its cells are kept, but the text is placed
in them here, word by word (a word belongs to the cell its middle falls in), which is linear in
the words where pdfplumber's own extract() rescans the page's characters for every row. A ruled
row whose cells hold several records (columns ruled, rows not, as in a Senate expenditure
report) is split into one row per record.

Unruled tables: pdfplumber's "text" strategy makes tables out of prose and cuts words apart (it
aligns any three words), so whitespace tables are found from the lines instead. A run of
consecutive lines that each split into several segments (pdf_layout.segments) is a candidate;
its columns are separated by the x-ranges that whitespace keeps clear in every row; it is a
table when at least two rows fill at least two columns. Prose never qualifies: its lines have
no wide gaps, or their gaps fall in different places and cover each other.
"""

from __future__ import annotations

from bisect import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from domain.models import Box
from extraction.pdf_layout import Line, Word, centre, group_lines, join_words, segments, words_box

Cells = tuple[str, ...]
CellBoxes = tuple[Box | None, ...]  # each cell's words' place on the page
_BAND = 10.0  # points: cells are indexed by horizontal bands for word lookup


@dataclass
class PageTable:
    """A table on one page: rows top to bottom, each a top position, its cells and their boxes."""

    rows: list[tuple[float, Cells, CellBoxes]] = field(default_factory=list)
    bottom: float = 0.0
    cuts: list[float] | None = None  # x positions between columns, for a whitespace table

    @property
    def top(self) -> float:
        return self.rows[0][0]

    @property
    def width(self) -> int:
        return len(self.rows[0][1])


def find_tables(page: Any, words: list[Word],
                carried: list[float] | None = None) -> tuple[list[PageTable], list[Line]]:
    """The page's tables, and the lines of text that are in none of them.

    `carried` is the column layout of a whitespace table left open at the foot of the last
    page; a table at the head of this one that fits it is read with it, so a column that is
    empty on this page (and so invisible in its whitespace) is still a column.
    """
    free = [word for word in words if word.get("upright", True)]
    sideways = [word for word in words if not word.get("upright", True)]
    tables = []
    for ruled in sorted(page.find_tables(), key=_area):  # innermost first, for nested boxes
        table, free = _read_ruled(ruled, free)
        if table:
            tables.append(table)
    unruled, lines = _unruled_tables(group_lines(free), None if tables else carried)
    lines = sorted(lines + group_lines(sideways), key=lambda line: line.top)
    return sorted(tables + unruled, key=lambda table: table.top), lines


def _read_ruled(ruled: Any, words: list[Word]) -> tuple[PageTable | None, list[Word]]:
    width = max((len(row.cells) for row in ruled.rows), default=0)
    if width < 2:  # a box around text, or a hand-drawn checkbox
        return None, words
    bands: dict[int, list[tuple[tuple[float, ...], int, int]]] = defaultdict(list)
    for r, row in enumerate(ruled.rows):
        for c, bbox in enumerate(row.cells):
            if bbox is not None:
                for band in range(int(bbox[1] // _BAND), int(bbox[3] // _BAND) + 1):
                    bands[band].append((bbox, r, c))
    placed: dict[int, dict[int, list[tuple[int, Word]]]] = defaultdict(lambda: defaultdict(list))
    x0, top, x1, bottom = ruled.bbox
    inside: list[Word] = []
    rest: list[Word] = []
    for word in words:
        x, y = centre(word)
        (inside if x0 <= x <= x1 and top <= y <= bottom else rest).append(word)
    for line_number, line in enumerate(group_lines(inside)):
        for word in line.words:
            x, y = centre(word)
            cell = next((rc for bbox, *rc in bands.get(int(y // _BAND), ())
                         if bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]), None)
            if cell is None:
                rest.append(word)
            else:
                placed[cell[0]][cell[1]].append((line_number, word))
    if _mostly_spanning(placed):
        return None, words
    table = PageTable(bottom=ruled.bbox[3])
    for r in sorted(placed):
        table.rows.extend(_records(placed[r], width))
    if not any(sum(1 for text in cells if text) >= 2 for _, cells, _ in table.rows):
        return None, words  # boxes drawn beside labels (checkboxes), not a table
    return table, rest


def _mostly_spanning(placed: dict[int, dict[int, list[tuple[int, Word]]]]) -> bool:
    """Most of the text sits in rows of one filled cell: the rules frame the table (a header
    box, an outer border) but do not divide its data, which whitespace analysis reads better."""
    lines: dict[bool, set[int]] = {True: set(), False: set()}
    for cells in placed.values():
        lines[len(cells) == 1].update(n for entries in cells.values() for n, _ in entries)
    return len(lines[True]) > len(lines[False])


def _records(cells: dict[int, list[tuple[int, Word]]],
             width: int) -> list[tuple[float, Cells, CellBoxes]]:
    """One ruled row as one row, or as one row per record when it holds several.

    A line starts a record when it has words in the row's first filled column and in at least
    half the filled columns; other lines (a wrapped description, a wrapped header) continue the
    record above them.
    """
    first = min(cells)
    by_line: dict[int, set[int]] = defaultdict(set)
    for column, entries in cells.items():
        for line_number, _ in entries:
            by_line[line_number].add(column)
    needed = max(2, (len(cells) + 1) // 2)
    starts = [n for n in sorted(by_line) if first in by_line[n] and len(by_line[n]) >= needed]
    if len(starts) < 2:
        starts = [min(by_line)]
    rows: list[list[list[Word]]] = [[[] for _ in range(width)] for _ in starts]
    tops = [float("inf")] * len(starts)
    for column, entries in cells.items():
        for line_number, word in entries:
            record = max(bisect(starts, line_number) - 1, 0)
            rows[record][column].append(word)
            tops[record] = min(tops[record], word["top"])
    return [(top, tuple(join_words(words) for words in row),
             tuple(words_box(words) for words in row))
            for top, row in zip(tops, rows, strict=True)]


def _unruled_tables(lines: list[Line],
                    carried: list[float] | None) -> tuple[list[PageTable], list[Line]]:
    tables: list[PageTable] = []
    text: list[Line] = []
    start = 0
    while start < len(lines):
        end = _run_end(lines, start)
        table = None
        if end - start >= 2:
            fits = carried is not None and not tables and _fits(lines[start:end], carried)
            table = _whitespace_table(lines[start:end], carried if fits else None)
        if table:
            tables.append(table)
            start = end
        else:
            text.append(lines[start])
            start += 1
    return tables, text


def _fits(run: list[Line], cuts: list[float]) -> bool:
    """No segment of the run crosses one of the cuts: the run can be read in that layout."""
    return all(bisect(cuts, part[0]["x0"]) == bisect(cuts, part[-1]["x1"])
               for line in run for part in segments(line))


def _run_end(lines: list[Line], start: int) -> int:
    """End of the run of multi-segment lines from `start`.

    A single-segment line stays in the run when it sits within one column of the multi-segment
    line above it (a wrapped cell); one that crosses a column gap (prose) ends the run.
    """
    if len(segments(lines[start])) < 2:
        return start + 1
    end, columns = start + 1, segments(lines[start])
    for index in range(start + 1, len(lines)):
        above, line = lines[index - 1], lines[index]
        if line.top - above.bottom > 1.5 * max(line.size, above.size):
            break
        parts = segments(line)
        if len(parts) >= 2:
            columns = parts
        elif not _within_one_column(line, columns):
            break
        end = index + 1
    return end


def _within_one_column(line: Line, columns: list[list[Word]]) -> bool:
    """The line stays between the neighbours of one column and overlaps it."""
    for index, part in enumerate(columns):
        left = columns[index - 1][-1]["x1"] if index else float("-inf")
        right = columns[index + 1][0]["x0"] if index + 1 < len(columns) else float("inf")
        if left < line.x0 and line.x1 < right and line.x0 < part[-1]["x1"]:
            return True
    return False


def _whitespace_table(run: list[Line], fixed: list[float] | None = None) -> PageTable | None:
    split = [segments(line) for line in run]
    rows_with_columns = [parts for parts in split if len(parts) >= 2]
    cuts = fixed if fixed is not None else _column_cuts(
        [part for parts in rows_with_columns for part in parts])
    grid: list[tuple[float, list[list[Word]]]] = []
    for line, parts in zip(run, split, strict=True):
        if len(parts) >= 2 or not grid:
            grid.append((line.top, [[] for _ in range(len(cuts) + 1)]))
        for part in parts:  # a single line continues the row above: a wrapped cell
            grid[-1][1][bisect(cuts, (part[0]["x0"] + part[-1]["x1"]) / 2)] += part
    columns = ([[c] for c in range(len(cuts) + 1)] if fixed is not None
               else _occupied_columns([cells for _, cells in grid]))
    if len(columns) < 2:
        return None
    rows = [(top, tuple(join_words(w for c in group for w in cells[c]) for group in columns),
             tuple(words_box(w for c in group for w in cells[c]) for group in columns))
            for top, cells in grid]
    if sum(1 for _, cells, _ in rows if sum(1 for text in cells if text) >= 2) < 2:
        return None
    return PageTable(rows=rows, bottom=run[-1].bottom,
                     cuts=[cuts[group[-1]] for group in columns[:-1]])


def _column_cuts(parts: list[list[Word]]) -> list[float]:
    """x positions between columns: the middles of the ranges that no row covers."""
    spans = [(part[0]["x0"], max(word["x1"] for word in part)) for part in parts]
    events = sorted([(x0, 1) for x0, _ in spans] + [(x1, -1) for _, x1 in spans])
    cuts: list[float] = []
    cover, previous, gap_start = 0, events[0][0], None
    for x, change in events:
        if x > previous and cover == 0 and gap_start is None:
            gap_start = previous
        if x > previous and cover > 0 and gap_start is not None:
            cuts.append((gap_start + previous) / 2)
            gap_start = None
        cover += change
        previous = x
    return cuts


def _occupied_columns(rows: list[list[list[Word]]]) -> list[list[int]]:
    """Columns that hold text, adjacent ones merged when no row fills both (a short left-aligned
    header above right-aligned figures leaves a gap between them, yet they are one column)."""
    width = len(rows[0])
    groups = [[c] for c in range(width) if any(row[c] for row in rows)]
    merged: list[list[int]] = []
    for group in groups:
        if merged and not any(_filled(row, merged[-1]) and _filled(row, group) for row in rows):
            merged[-1] = merged[-1] + group
        else:
            merged.append(group)
    return merged


def _filled(row: list[list[Word]], group: Iterable[int]) -> bool:
    return any(row[c] for c in group)


def _area(table: Any) -> float:
    x0, top, x1, bottom = table.bbox
    return (x1 - x0) * (bottom - top)
