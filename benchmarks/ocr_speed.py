"""Scans read by OCR: seconds per page and field F1, against the same certificates read from
their text layers in the same run.

    PYTHONPATH=. .venv/bin/python -m benchmarks.ocr_speed [--rounds 3] [--json out.json]

The scans are fixtures/scanned/ (generated certificates rasterised at 200 dpi, turned 1 to 2
degrees, speckled, JPEG-compressed; one file keeps a text page beside its scan). The baseline is
each scan's source PDF (fixtures/corpus/supporting/) through the same pipeline: sniff, sandboxed
read, classification, field readers. F1 is over kinds and cover attributes, scored as the
supporting-corpus test scores them. Also shown: where an OCR'd page's time goes (render, level,
Tesseract), measured in this process.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

import pdfplumber

from extraction import ocr
from extraction.documents import extract_document
from extraction.sandbox import default_pool
from fixtures.scanned import MANIFEST, SCANNED
from fixtures.supporting import CORPUS
from tests.extraction.test_supporting_corpus import Score, expected_items, read_items

TARGET_F1 = 0.9


def _items(items: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    return {item for item in items if item[0] in ("kind", "cover")}


def read_all(files: dict[str, bytes], entries: dict[str, dict[str, Any]]) -> tuple[float, Score]:
    """Seconds to extract every file, and the score of what was read."""
    score = Score()
    started = time.perf_counter()
    documents = {name: extract_document(name, data) for name, data in files.items()}
    elapsed = time.perf_counter() - started
    for name, document in documents.items():
        score.add(_items(expected_items(entries[name])),
                  _items(read_items(document.kinds, document.fields, document.covers,
                                    document.tables)))
    return elapsed, score


def stages(path: Path) -> dict[str, float]:
    """Seconds for each stage of OCR on the first page of one scan, in this process."""
    engine = ocr.engine_from({})
    program = shutil.which(engine.command) or engine.command
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        times = {}
        started = time.perf_counter()
        image = ocr.render(ocr._file_bytes(pdf.stream), 0, float(page.width),
                           float(page.height), engine.dpi)
        times["render"] = time.perf_counter() - started
        started = time.perf_counter()
        image = ocr.straightened(image)
        times["level"] = time.perf_counter() - started
        out = io.BytesIO()
        image.save(out, "PPM")
        started = time.perf_counter()
        ocr.recognise(program, out.getvalue(), engine)
        times["tesseract"] = time.perf_counter() - started
    return times


def _page_count(data: bytes) -> int:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    arguments = parser.parse_args()
    manifest = json.loads(MANIFEST.read_text())["files"]
    scans = {entry["file"]: (SCANNED / entry["file"]).read_bytes() for entry in manifest}
    texts = {entry["source"]: (CORPUS / entry["source"]).read_bytes() for entry in manifest}
    entries = {**{e["file"]: e for e in manifest}, **{e["source"]: e for e in manifest}}
    ocr_pages = sum(len(entry["ocr_pages"]) for entry in manifest)
    text_pages = sum(_page_count(data) for data in texts.values())
    extract_document("warm.pdf", next(iter(texts.values())))  # start the reading process
    scan_times, text_times = [], []
    for _ in range(arguments.rounds):
        scan_seconds, scan_score = read_all(scans, entries)
        text_seconds, text_score = read_all(texts, entries)
        scan_times.append(scan_seconds)
        text_times.append(text_seconds)
    # the mixed file's text page is read too and counted against the OCR'd pages: a little high
    per_ocr_page = statistics.median(scan_times) / ocr_pages
    per_text_page = statistics.median(text_times) / text_pages
    parts = [stages(SCANNED / name) for name in scans if name.startswith("scanned-")]
    split = {stage: statistics.mean(part[stage] for part in parts) for stage in parts[0]}
    default_pool().close()
    figures = {
        "files": len(scans), "ocr_pages": ocr_pages, "rounds": arguments.rounds,
        "seconds_per_ocr_page": round(per_ocr_page, 3),
        "seconds_per_text_page": round(per_text_page, 3),
        "slowdown": round(per_ocr_page / per_text_page, 1),
        "f1_scanned": round(scan_score.f1, 3), "f1_text": round(text_score.f1, 3),
        "stage_seconds": {stage: round(value, 3) for stage, value in split.items()},
    }
    print(f"{len(scans)} scanned files, {ocr_pages} pages read by OCR; median of "
          f"{arguments.rounds} rounds, whole pipeline (sniff, sandboxed read, classify, fields)")
    print(f"  scans by OCR        {per_ocr_page:6.2f} s/page   F1 {scan_score.f1:.3f}  "
          f"({scan_score})")
    print(f"  same, text layer    {per_text_page:6.3f} s/page   F1 {text_score.f1:.3f}")
    print(f"  OCR costs {figures['slowdown']}x a text page; one page: "
          + ", ".join(f"{stage} {value:.2f} s" for stage, value in split.items()))
    if arguments.json:
        arguments.json.write_text(json.dumps(figures, indent=1) + "\n")
    print("PASS" if scan_score.f1 >= TARGET_F1 else "FAIL", f"(F1 {scan_score.f1:.3f}, "
          f"target >= {TARGET_F1})")


if __name__ == "__main__":
    main()
