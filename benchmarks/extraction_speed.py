"""Speed of the whole extraction pipeline against a bare pdfplumber text pass over the same files.

    PYTHONPATH=. python benchmarks/extraction_speed.py [--rounds 5]

The pipeline is extract_document: sniff, the reading process (words, lines, ruled and whitespace
tables, form fields, active content), classification and field finding. The bare pass is what
any PDF text extraction costs at least: open with pdfplumber, extract_text() on every page. The
target is a ratio of at most 1.5. Rounds run the two back to back, in alternating order, so that
machine noise hits both; the median of the rounds' ratios is reported. Also shown: one reading
process per document instead of a reused pool (why the pool exists), and the cold start of a
reading process.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import time
from collections.abc import Callable

import docx
import pdfplumber
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

from extraction.documents import extract_document
from extraction.sandbox import DEFAULT_LIMITS, ReaderPool, default_pool
from extraction.sniff import PDF
from fixtures import SAMPLES
from fixtures.third_party import MANIFEST, THIRD_PARTY

TARGET_RATIO = 1.5


def corpus() -> tuple[dict[str, bytes], dict[str, bytes]]:
    """PDFs and DOCX files that read: the third-party ones, the samples, a 20-page report."""
    manifest = json.loads(MANIFEST.read_text())
    readable = [entry["file"] for entry in manifest if entry["outcome"] == ["read"]]
    pdfs = {name: (THIRD_PARTY / name).read_bytes() for name in readable if name.endswith(".pdf")}
    pdfs["generated-report.pdf"] = report_pdf(20)
    docxs = {name: (THIRD_PARTY / name).read_bytes() for name in readable if name.endswith(".docx")}
    docxs.update({path.name: path.read_bytes() for path in sorted(SAMPLES.glob("*.docx"))})
    return pdfs, docxs


def report_pdf(pages: int) -> bytes:
    """A plain report: on every page, paragraphs and a ruled table."""
    styles = getSampleStyleSheet()
    story = []
    for page in range(1, pages + 1):
        story.append(Paragraph(f"Quarterly report, section {page}", styles["Heading1"]))
        story += [Paragraph("The home met its staffing ratios throughout the quarter. " * 6,
                            styles["BodyText"]) for _ in range(3)]
        rows = [["Lot", "Service", "Core weekly fee", "Total weekly fee"]] + [
            ["1a", f"Placement {page}.{row}", "1,000.00", "1,150.00"] for row in range(15)]
        story += [Table(rows, style=TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")])),
                  PageBreak()]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, invariant=1).build(story)
    return out.getvalue()


def bare_pdf_pass(files: dict[str, bytes]) -> int:
    pages = 0
    for data in files.values():
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
                pages += 1
    return pages


def bare_docx_pass(files: dict[str, bytes]) -> int:
    for data in files.values():
        document = docx.Document(io.BytesIO(data))
        "\n".join(paragraph.text for paragraph in document.paragraphs)
    return len(files)


def pipeline_pass(files: dict[str, bytes]) -> int:
    for name, data in files.items():
        extract_document(name, data)
    return len(files)


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    pdfs, docxs = corpus()
    cold_pool = ReaderPool()
    cold = timed(lambda: cold_pool.read(pdfs["pysamples__minimal-document.pdf"], PDF,
                                        DEFAULT_LIMITS))
    cold_pool.close()
    pages = bare_pdf_pass(pdfs)
    pipeline_pass(pdfs)  # warm the pool and the caches alike
    bare, full, bare_docx, full_docx = [], [], [], []
    for round_number in range(rounds):
        pair = [(bare, lambda: bare_pdf_pass(pdfs)), (full, lambda: pipeline_pass(pdfs))]
        for times, run in pair if round_number % 2 == 0 else reversed(pair):
            times.append(timed(run))
        bare_docx.append(timed(lambda: bare_docx_pass(docxs)))
        full_docx.append(timed(lambda: pipeline_pass(docxs)))
    # Each round's two passes ran back to back, so their ratio is the least disturbed by
    # other load on the machine; the median round's ratio is the figure.
    ratio = statistics.median(f / b for f, b in zip(full, bare, strict=True))
    print(f"PDF:  {len(pdfs)} files, {pages} pages, median of {rounds} rounds")
    print(f"  bare pdfplumber text pass  {pages / statistics.median(bare):8.1f} pages/s")
    print(f"  extraction pipeline        {pages / statistics.median(full):8.1f} pages/s")
    print(f"  ratio pipeline / bare      {ratio:8.2f}   (target <= {TARGET_RATIO}; per round: "
          f"{', '.join(f'{f / b:.2f}' for f, b in zip(full, bare, strict=True))})")
    docx_ratio = statistics.median(full_docx) / statistics.median(bare_docx)
    print(f"DOCX: {len(docxs)} files")
    print(f"  bare python-docx open      {len(docxs) / statistics.median(bare_docx):8.1f} docs/s")
    print(f"  extraction pipeline        {len(docxs) / statistics.median(full_docx):8.1f} docs/s")
    print(f"  ratio pipeline / bare      {docx_ratio:8.2f}")
    print_process_costs(pdfs, cold)
    default_pool().close()
    print("PASS" if ratio <= TARGET_RATIO else "FAIL", f"(PDF ratio {ratio:.2f})")


def print_process_costs(pdfs: dict[str, bytes], cold: float) -> None:
    """What a reading process costs: started cold, reused, or one per document."""
    reused, fresh = ReaderPool(), ReaderPool(max_documents=1)
    reused.read(pdfs["pysamples__minimal-document.pdf"], PDF, DEFAULT_LIMITS)
    small = {name: data for name, data in pdfs.items() if len(data) < 40_000}
    per_reused = timed(lambda: _read_all(reused, small)) / len(small)
    per_fresh = timed(lambda: _read_all(fresh, small)) / len(small)
    reused.close()
    fresh.close()
    print(f"Reading process: cold start {cold * 1000:.0f} ms; on {len(small)} small PDFs, "
          f"{per_reused * 1000:.1f} ms/doc reused vs {per_fresh * 1000:.1f} ms/doc with a "
          "new process per document")


def _read_all(pool: ReaderPool, files: dict[str, bytes]) -> None:
    for data in files.values():
        pool.read(data, PDF, DEFAULT_LIMITS)


if __name__ == "__main__":
    main()
