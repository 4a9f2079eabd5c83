"""The supporting-document corpus (fixtures/corpus/supporting.json), read end to end.

Every expected kind, field, cover attribute and pricing cell is one item; precision and recall
are counted over items, so a wrong value costs both (a false positive and a miss).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from domain.evidence import Answer, InsuranceCover, TableRow
from extraction import sniff
from extraction.classify import classify
from extraction.documents import extract_document
from extraction.model import ReadDocument, TextBlock
from extraction.sandbox import read_safely
from extraction.supporting import find_supporting
from fixtures.supporting import CORPUS, MANIFEST
from fixtures.supporting.generate import generate

ENTRIES = json.loads(MANIFEST.read_text(encoding="utf-8"))["files"]
COVER_ATTRIBUTES = ("limit", "insured", "insurer", "policy_number", "start", "expiry")
F1_FLOOR = 0.97
Item = tuple[str, ...]
Entry = dict[str, Any]


def expected_items(entry: Entry) -> set[Item]:
    items: set[Item] = {("kind", kind) for kind in entry["kinds"]}
    items |= {("field", name, value) for name, value in entry["fields"].items()}
    for cover in entry["covers"]:
        items |= {("cover", cover["type"], name, cover[name])
                  for name in COVER_ATTRIBUTES if name in cover}
    for number, row in enumerate(entry["pricing"], start=1):
        items |= {("pricing", str(number), column, cell) for column, cell in row.items()}
    return items


def read_items(kinds: Iterable[str], fields: dict[str, Answer], covers: Iterable[InsuranceCover],
               tables: dict[str, tuple[TableRow, ...]]) -> set[Item]:
    items: set[Item] = {("kind", kind) for kind in kinds}
    items |= {("field", name, answer.value) for name, answer in fields.items()
              if "." in name and answer.value is not None}
    for cover in covers:
        items |= {("cover", cover.type, name, getattr(cover, name))
                  for name in COVER_ATTRIBUTES if getattr(cover, name) is not None}
    for row in tables.get("pricing", ()):
        items |= {("pricing", str(row.row), column, cell) for column, cell in row.cells.items()}
    return items


@dataclass
class Score:
    found: int = 0
    wrong: int = 0
    missed: int = 0

    def add(self, expected: set[Item], read: set[Item]) -> None:
        self.found += len(expected & read)
        self.wrong += len(read - expected)
        self.missed += len(expected - read)

    @property
    def precision(self) -> float:
        return self.found / ((self.found + self.wrong) or 1)

    @property
    def recall(self) -> float:
        return self.found / ((self.found + self.missed) or 1)

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def __str__(self) -> str:
        return (f"{self.found + self.missed} items expected, {self.found} read right, "
                f"{self.wrong} wrong or extra, {self.missed} missed: precision "
                f"{self.precision:.3f}, recall {self.recall:.3f}, F1 {self.f1:.3f}")


def _path(entry: Entry) -> Path:
    return CORPUS / entry["file"]


def as_lines(read: ReadDocument) -> ReadDocument:
    """The document as a reader without table support gives it: every table row a line."""
    blocks = tuple(TextBlock((" ".join(cell for cell in block.cells if cell.strip()),),
                             in_table=False, page=block.page) for block in read.blocks)
    return ReadDocument(media_type=read.media_type, blocks=blocks, pages=read.pages)


def test_the_supporting_corpus_is_read_with_an_f1_of_at_least_097() -> None:
    score = Score()
    for entry in ENTRIES:
        extracted = extract_document(_path(entry).name, _path(entry).read_bytes())
        score.add(expected_items(entry), read_items(
            extracted.kinds, extracted.fields, extracted.covers, extracted.tables))
    print(f"\nsupporting corpus, {len(ENTRIES)} files: {score}")
    assert score.f1 >= F1_FLOOR, str(score)


def test_the_corpus_is_read_as_well_when_tables_arrive_as_lines_of_text() -> None:
    score = Score()
    # a line keeps no trace of a blank cell, so the Word-only blank-fees schedule is left out
    entries = [entry for entry in ENTRIES if "blank-fees" not in entry["file"]]
    for entry in entries:
        data = _path(entry).read_bytes()
        read = as_lines(read_safely(data, sniff.sniff(data).media_type))
        kinds = classify(read)
        found = find_supporting(read, kinds, _path(entry).name)
        score.add(expected_items(entry),
                  read_items(kinds, found.fields, found.covers, found.tables))
    print(f"\nsupporting corpus as lines of text, {len(entries)} files: {score}")
    assert score.f1 >= F1_FLOOR, str(score)


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry["file"] for entry in ENTRIES])
def test_each_corpus_file_is_recognised_as_exactly_its_kinds(entry: Entry) -> None:
    extracted = extract_document(_path(entry).name, _path(entry).read_bytes())
    assert list(extracted.kinds) == entry["kinds"]
    for answer in extracted.fields.values():
        assert answer.document == _path(entry).name and answer.source_text


def test_the_generator_writes_the_committed_corpus_byte_for_byte(tmp_path: Path) -> None:
    written = generate(tmp_path, tmp_path / "supporting.json")
    for path in written[:-1]:
        assert path.read_bytes() == (CORPUS / "supporting" / path.name).read_bytes(), path.name
    assert written[-1].read_text(encoding="utf-8") == MANIFEST.read_text(encoding="utf-8")
    assert {entry["file"] for entry in ENTRIES} == {f"supporting/{p.name}" for p in written[:-1]}
