"""The supporting-document corpus (fixtures/corpus/supporting.json), read end to end.

Every expected kind, field, cover attribute and pricing cell is one item (fixtures.scoring);
precision and recall are counted over items, so a wrong value costs both (a false positive and a
miss).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extraction import sniff
from extraction.classify import classify
from extraction.documents import extract_document
from extraction.model import ReadDocument, TextBlock
from extraction.sandbox import read_safely
from extraction.supporting import find_supporting
from fixtures.scoring import Entry, Score, expected_items, read_items
from fixtures.supporting import CORPUS, MANIFEST
from fixtures.supporting.generate import generate

ENTRIES = json.loads(MANIFEST.read_text(encoding="utf-8"))["files"]
F1_FLOOR = 0.97  # tables arriving as lines of text lose their cells


def _path(entry: Entry) -> Path:
    return CORPUS / entry["file"]


def as_lines(read: ReadDocument) -> ReadDocument:
    """The document as a reader without table support gives it: every table row a line."""
    blocks = tuple(TextBlock((" ".join(cell for cell in block.cells if cell.strip()),),
                             in_table=False, page=block.page) for block in read.blocks)
    return ReadDocument(media_type=read.media_type, blocks=blocks, pages=read.pages)


def test_the_supporting_corpus_is_read_exactly() -> None:
    """Issue 9: the readers generalise to real documents and the generated corpus stays at 1.000
    (every item found, none wrong, none invented)."""
    score = Score()
    for entry in ENTRIES:
        extracted = extract_document(_path(entry).name, _path(entry).read_bytes())
        score.add(expected_items(entry), read_items(
            extracted.kinds, extracted.fields, extracted.covers, extracted.tables))
    print(f"\nsupporting corpus, {len(ENTRIES)} files: {score}")
    assert (score.wrong, score.invented, score.missed) == (0, 0, 0), str(score)


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
