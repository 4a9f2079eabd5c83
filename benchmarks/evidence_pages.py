"""Drawing a certificate's page for a reviewer (services.evidence_pages.page_image), against
pdfplumber opening the same PDF and reading the same page's words.

    PYTHONPATH=. .venv/bin/python -m benchmarks.evidence_pages [--rounds 20] [--width 1000]

Three figures per file, each the median of the rounds: page_image through a warm reading process
(what the portal waits for: pipe, render, highlight, PNG), the same drawing in this process
(extraction.page_image.draw_page, no pipe), and pdfplumber.open + extract_words of the page (the
cost of reading that page's text, which every document pays once at upload).
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

from extraction.documents import extract_document
from extraction.page_image import draw_page
from fixtures import FIXTURES
from services.evidence_pages import page_image

FILES = [
    FIXTURES / "real" / "ofsted-certificate-of-registration-childrens-home.pdf",
    FIXTURES / "real" / "broker-confirmation-of-cover-period-per-cover.pdf",
    FIXTURES / "corpus" / "supporting" / "insurance-combined-table-el-pl-pi.pdf",
]


def _median_seconds(work: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _read_words(data: bytes, page: int) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pdf.pages[page - 1].extract_words()


def measure(file: Path, rounds: int, width: int) -> dict[str, float]:
    data = file.read_bytes()
    document = extract_document(file.name, data)
    boxes = [cover.box for cover in document.covers if cover.box] or [
        answer.box for answer in document.fields.values() if answer.box]
    page_image(data, 1, boxes, width_px=width)  # a warm reading process, as in the portal
    return {
        "sandboxed": _median_seconds(lambda: page_image(data, 1, boxes, width_px=width), rounds),
        "in_process": _median_seconds(lambda: draw_page(data, 1, boxes, width), rounds),
        "pdfplumber": _median_seconds(lambda: _read_words(data, 1), rounds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--width", type=int, default=1000)
    arguments = parser.parse_args()
    print(f"{'file':58} {'page_image':>10} {'in-proc':>8} {'plumber':>8} {'ratio':>6}")
    for file in FILES:
        figures = measure(file, arguments.rounds, arguments.width)
        ratio = figures["sandboxed"] / figures["pdfplumber"]
        print(f"{file.name[:58]:58} {figures['sandboxed'] * 1000:8.0f}ms "
              f"{figures['in_process'] * 1000:6.0f}ms {figures['pdfplumber'] * 1000:6.0f}ms "
              f"{ratio:5.2f}x")


if __name__ == "__main__":
    main()
