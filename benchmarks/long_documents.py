"""Long documents through the sandboxed pipeline: read whole or partly, never failed for length.

    PYTHONPATH=. .venv/bin/python -m benchmarks.long_documents [--real DIR] [--json out.json]

For each document: its pages; whether extract_document (default limits) read it whole, partly
(how many pages) or failed it; seconds per page through the pipeline (sniff, the reading process,
classification and field finding) against a bare pdfplumber pass (open, extract_text() on every
page) measured in the same run, document by document, so machine load hits both alike; and the
peak resident memory of the reading process that read it (each document gets a fresh one).

Documents: generated dense safeguarding policies of 60, 100 and 250 pages and a 300-section
DOCX (fixtures/long), and every PDF in --real DIR: real public documents, which are not committed
here (fixtures/long/README.md lists them, where they were found and how to fetch them).
Target: no document fails (`unreadable-document`); the pipeline's seconds per page read within
1.5 times the bare pass's.
"""

from __future__ import annotations

import argparse
import io
import json
import time
from pathlib import Path

import docx
import pdfplumber

from extraction.documents import extract_document
from extraction.sandbox import DEFAULT_LIMITS, default_pool
from fixtures.long import dense_policy_docx, dense_policy_pdf

TARGET_RATIO = 1.5
_MB = 1024**2


def documents(real: Path | None) -> dict[str, bytes]:
    """The generated long documents, then the real ones in `real`, by name."""
    files = {f"generated-policy-{pages}-pages.pdf": dense_policy_pdf(pages)
             for pages in (60, 100, 250)}
    files["generated-policy-300-sections.docx"] = dense_policy_docx(300)
    if real:
        files.update({path.name: path.read_bytes() for path in sorted(real.glob("*.pdf"))})
    return files


def bare_pass(name: str, data: bytes) -> tuple[int, float]:
    """(pages, seconds) for the least any reader does: every page's text, or a DOCX's
    paragraphs."""
    start = time.perf_counter()
    if name.endswith(".docx"):
        "\n".join(paragraph.text for paragraph in docx.Document(io.BytesIO(data)).paragraphs)
        return 0, time.perf_counter() - start
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
        return len(pdf.pages), time.perf_counter() - start


def pipeline_pass(name: str, data: bytes) -> dict[str, object]:
    """extract_document in a fresh reading process: outcome, pages read, seconds, peak memory."""
    pool = default_pool()
    pool.close()  # the next read starts a reading process of its own: its peak is this file's
    start = time.perf_counter()
    extracted = extract_document(name, data, DEFAULT_LIMITS)
    seconds = time.perf_counter() - start
    codes = {finding.code for finding in extracted.findings}
    partly = [f for f in extracted.findings if f.code == "document-partly-read"]
    pages = extracted.pages or 0
    read = (partly[0].page or 1) - 1 if partly else pages
    outcome = ("failed" if codes & {"unreadable-document", "unsupported-file-type"}
               else "partly" if partly else "whole")
    return {"outcome": outcome, "pages_read": read, "pipeline_seconds": round(seconds, 2),
            "kinds": list(extracted.kinds), "peak_rss_mb": round(_peak_of_idle(pool) / _MB, 1)}


def _peak_of_idle(pool) -> int:
    """The high-water resident memory (VmHWM) of the pool's one idle reading process."""
    peaks = []
    for pid in pool.idle_process_ids():
        try:
            status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
        except OSError:
            continue
        peaks += [int(line.split()[1]) * 1024 for line in status.splitlines()
                  if line.startswith("VmHWM:")]
    return max(peaks, default=0)


def measure(name: str, data: bytes) -> dict[str, object]:
    pages, bare = bare_pass(name, data)
    figures = {"file": name, "bytes": len(data), "pages": pages,
               "bare_seconds": round(bare, 2), **pipeline_pass(name, data)}
    if pages:
        read = int(figures["pages_read"]) or 1
        figures["bare_seconds_per_page"] = round(bare / pages, 3)
        figures["pipeline_seconds_per_page_read"] = round(
            float(figures["pipeline_seconds"]) / read, 3)
        figures["ratio"] = round(figures["pipeline_seconds_per_page_read"]
                                 / figures["bare_seconds_per_page"], 2)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, help="a directory of real long PDFs to read too")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    arguments = parser.parse_args()
    print(f"{'file':58} {'pages':>5} {'read':>9} {'bare s/p':>8} {'pipe s/p':>8} {'ratio':>5} "
          f"{'RSS MB':>6}")
    results = []
    for name, data in documents(arguments.real).items():
        figures = measure(name, data)
        results.append(figures)
        read = ("FAILED" if figures["outcome"] == "failed" else "whole"
                if figures["outcome"] == "whole" else f"{figures['pages_read']} pages")
        print(f"{name[:58]:58} {figures['pages'] or '-':>5} {read:>9} "
              f"{figures.get('bare_seconds_per_page', '-'):>8} "
              f"{figures.get('pipeline_seconds_per_page_read', '-'):>8} "
              f"{figures.get('ratio', '-'):>5} {figures['peak_rss_mb']:>6}", flush=True)
        if not figures["pages"]:
            print(f"{'':58} DOCX: bare {figures['bare_seconds']} s, pipeline "
                  f"{figures['pipeline_seconds']} s")
    default_pool().close()
    ratios = sorted(float(r["ratio"]) for r in results if "ratio" in r)
    median = ratios[len(ratios) // 2] if ratios else 0.0
    failed = [r["file"] for r in results if r["outcome"] == "failed"]
    print(f"Median ratio pipeline / bare per page read: {median:.2f} (target <= {TARGET_RATIO}); "
          f"failed reads: {len(failed)}")
    if arguments.json:
        arguments.json.write_text(json.dumps({"documents": results, "median_ratio": median,
                                              "failed": failed}, indent=2), encoding="utf-8")
    print("PASS" if not failed and median <= TARGET_RATIO else "FAIL")


if __name__ == "__main__":
    main()
