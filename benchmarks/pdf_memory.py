"""Memory of the PDF reader as pages grow, and the time each hostile file takes.

    PYTHONPATH=. python benchmarks/pdf_memory.py

Builds PDFs of 50 and 200 pages (reportlab: paragraphs and a ruled table on every page), reads
each in a fresh reading process and prints that process's peak resident memory (VmHWM from
/proc, and ru_maxrss of the reaped children): the peak must not grow with the page count, since
each page is closed once read. Target: under 300 MB for 200 pages. Then every file of
fixtures/hostile/ goes through extract_document with the default limits; target: each under 10 s,
this process alive and small throughout.
"""

from __future__ import annotations

import io
import json
import resource
import time

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

from extraction.documents import extract_document
from extraction.sandbox import DEFAULT_LIMITS, ReaderPool, default_pool
from extraction.sniff import PDF
from fixtures.hostile import HOSTILE, MANIFEST

TARGET_PEAK_BYTES = 300 * 1024**2
TARGET_SECONDS = 10.0
_MB = 1024**2


def many_page_pdf(pages: int) -> bytes:
    """Every page: a heading, two paragraphs and a 20-row ruled table."""
    styles = getSampleStyleSheet()
    story = []
    for page in range(1, pages + 1):
        story.append(Paragraph(f"Schedule of fees, part {page}", styles["Heading2"]))
        story += [Paragraph("Fees are weekly and include all core costs of the placement. " * 5,
                            styles["BodyText"]) for _ in range(2)]
        rows = [["Lot", "Service", "Core weekly fee", "Total weekly fee"]] + [
            ["1b", f"Residential placement {page}.{row}", "3,000.00", "3,400.00"]
            for row in range(20)]
        story += [Table(rows, style=TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")])),
                  PageBreak()]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, invariant=1).build(story)
    return out.getvalue()


def peak_of_one_read(data: bytes) -> tuple[int, float, int]:
    """(peak resident bytes of the reading process, seconds, blocks read), in a fresh process."""
    pool = ReaderPool()
    start = time.perf_counter()
    document = pool.read(data, PDF, DEFAULT_LIMITS)
    seconds = time.perf_counter() - start
    peak = pool.peak_memory_bytes()
    pool.close()
    return peak, seconds, len(document.blocks)


def main() -> None:
    print("PDF reader, one fresh reading process per document:")
    peaks = {}
    for pages in (50, 200):
        data = many_page_pdf(pages)
        peak, seconds, blocks = peak_of_one_read(data)
        peaks[pages] = peak
        print(f"  {pages:3} pages, {len(data) / _MB:4.1f} MB: peak RSS {peak / _MB:6.1f} MB, "
              f"{seconds:5.2f} s ({pages / seconds:5.1f} pages/s), {blocks} blocks")
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(f"  largest reaped reading process (ru_maxrss): {children / _MB:.1f} MB")
    growth = peaks[200] - peaks[50]
    print(f"  growth from 50 to 200 pages: {growth / _MB:+.1f} MB")
    verdicts = [max(peaks.values()) < TARGET_PEAK_BYTES]
    print("Hostile files through extract_document (default limits: "
          f"{DEFAULT_LIMITS.seconds:g} s, {DEFAULT_LIMITS.memory_bytes / 1024**3:g} GiB):")
    for entry in json.loads(MANIFEST.read_text()):
        start = time.perf_counter()
        extracted = extract_document(entry["file"], (HOSTILE / entry["file"]).read_bytes())
        seconds = time.perf_counter() - start
        codes = sorted(finding.code for finding in extracted.findings)
        verdicts.append(seconds < TARGET_SECONDS and codes == sorted(entry["expect"]))
        print(f"  {entry['file']:32} {seconds:6.2f} s  {', '.join(codes)}")
    default_pool().close()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(f"This process's peak RSS: {own / _MB:.1f} MB; largest reading process: "
          f"{children / _MB:.1f} MB (the inflation bomb's, stopped by the memory limit)")
    print("PASS" if all(verdicts) else "FAIL")


if __name__ == "__main__":
    main()
