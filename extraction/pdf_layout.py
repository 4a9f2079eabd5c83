"""Words on a PDF page grouped into lines, and lines split where whitespace opens a column.

pdfplumber gives words with positions (points from the top-left of the page). A line is the
words whose vertical middles fall within one band; a segment is a run of words on a line with no
gap wider than a fraction of the font size, so "Name:   Acme Ltd" is one segment and a table row
laid out with whitespace ("1a    Foster placement    1,000.00") is three.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median
from typing import Any

from domain.models import Box, outer_box

#: A column gap is at least this many font sizes wide. Word's default cell margins leave
#: 0.96 em between cells at 12 pt, and a justified line's widest spaces stay well below it.
COLUMN_GAP_EM = 0.8

Word = dict[str, Any]  # pdfplumber's word: text, x0, x1, top, bottom, …


@dataclass
class Line:
    words: list[Word]  # left to right
    top: float
    bottom: float

    @property
    def size(self) -> float:
        """The line's font size, near enough: the median height of its words."""
        return max(median(word["bottom"] - word["top"] for word in self.words), 1.0)

    @property
    def x0(self) -> float:
        return self.words[0]["x0"]

    @property
    def x1(self) -> float:
        return max(word["x1"] for word in self.words)

    @property
    def text(self) -> str:
        return join_words(self.words)

    @property
    def box(self) -> Box | None:
        """Where the line stands on its page."""
        return words_box(self.words)


def group_lines(words: Iterable[Word]) -> list[Line]:
    """Words into lines, top to bottom.

    A word joins the line whose band (the first word's top to bottom) holds its vertical middle.
    The band is not widened by later words, and sideways text (a reference printed up the margin)
    is a line of its own, so one tall word cannot swallow the lines beside it.
    """
    lines: list[Line] = []
    band: tuple[float, float] = (0.0, -1.0)
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        middle = (word["top"] + word["bottom"]) / 2
        if lines and word.get("upright", True) and band[0] <= middle <= band[1]:
            lines[-1].words.append(word)
            lines[-1].bottom = max(lines[-1].bottom, word["bottom"])
            continue
        lines.append(Line([word], word["top"], word["bottom"]))
        band = (word["top"], word["bottom"]) if word.get("upright", True) else (0.0, -1.0)
    for line in lines:
        line.words.sort(key=lambda w: w["x0"])
    return lines


def segments(line: Line) -> list[list[Word]]:
    """The line cut at every gap wide enough to separate columns."""
    gap = COLUMN_GAP_EM * line.size
    runs: list[list[Word]] = [[line.words[0]]]
    for word in line.words[1:]:
        if word["x0"] - runs[-1][-1]["x1"] >= gap:
            runs.append([word])
        else:
            runs[-1].append(word)
    return runs


def words_box(words: Iterable[Word]) -> Box | None:
    """Where the words stand on the page (domain.models.Box)."""
    words = list(words)
    if not words:
        return None
    return outer_box(min(float(w["x0"]) for w in words), min(float(w["top"]) for w in words),
                     max(float(w["x1"]) for w in words), max(float(w["bottom"]) for w in words))


def join_words(words: Iterable[Word]) -> str:
    return " ".join(word["text"] for word in words)


def centre(word: Word) -> tuple[float, float]:
    return (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
