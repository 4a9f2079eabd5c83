"""Loading and validating regulator snapshots, against a bare read of the same bytes.

For each file: the loader (format sniffing, encoding detection, header search, pandera
validation, quarantine, typing) and, as the baseline measured in the same run, a bare
`pandas.read_csv` (or `read_excel`) of the same bytes with the header position given. Times are
the best of N runs after a warm-up, so imports and first-call set-up are not counted.

Files: the real Ofsted snapshot at 31 March 2024 (target: whole file under 2 s); the real in-year
events sheet 2024-25 when ../shared/data is here; a GIAS extract of 50,000 establishments (the
real extract's size) made from the fixture's rows with fresh URNs; with --workbooks, XLSX and ODS
copies of the 2024 snapshot made here (making the ODS takes a minute: odfpy writes it). The
loader reads workbooks with calamine; the baseline for them is the same workbook read by the
engines it replaced, openpyxl (XLSX) and odfpy (ODS), in the same run (targets: XLSX under
0.5 s, ODS under 1 s; before calamine, 2.7 s and 9.7 s).

Run: python -m benchmarks.regulator_load [N] [--workbooks]
"""

from __future__ import annotations

import csv
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from fixtures import OFSTED_SNAPSHOT
from fixtures.gias import GIAS_EXTRACT
from validators.gias import load_gias_extract
from validators.ofsted import load_ofsted_snapshot
from validators.ofsted_events import load_inspection_events
from validators.ofsted_tables import read_tables

IN_YEAR = (
    Path(__file__).resolve().parents[2] / "shared/data/ofsted/provider-level-in-year-2024-25.csv"
)
TARGET_SECONDS = 2.0
WORKBOOK_TARGETS = {"XLSX": ("openpyxl", 0.5), "ODS": ("odf", 1.0)}  # the engine replaced


def best_of(repeats: int, run: Callable[[], object]) -> float:
    """The fastest of `repeats` timed runs, after one untimed warm-up."""
    run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def report(name: str, rows: int, loader: float, baseline: float) -> None:
    print(
        f"{name:<34} {rows:>7,} rows  loader {loader:7.3f} s ({rows / loader:>9,.0f} rows/s)  "
        f"bare read {baseline:6.3f} s  ratio {loader / baseline:5.1f}x"
    )


def big_gias_extract(rows: int = 50_000) -> bytes:
    """The fixture's establishments repeated under fresh URNs, as DfE would write them."""
    records = list(csv.reader(io.StringIO(GIAS_EXTRACT.read_bytes().decode("cp1252"), newline="")))
    header, body = records[0], records[1:]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for at in range(rows):
        writer.writerow([str(100_000 + at), *body[at % len(body)][1:]])
    return out.getvalue().encode("cp1252")


def workbook(raw: bytes, engine: str) -> bytes:
    """The 2024 snapshot's rows (title rows included) as a one-sheet workbook."""
    records = list(csv.reader(io.StringIO(raw.decode("mac_roman"), newline="")))
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine=engine) as writer:
        width = max(len(record) for record in records)
        even = [record + [""] * (width - len(record)) for record in records]
        pd.DataFrame(even).to_excel(writer, sheet_name="Provider level", header=False, index=False)
    return out.getvalue()


def main(repeats: int, workbooks: bool) -> None:
    raw = OFSTED_SNAPSHOT.read_bytes()
    snapshot = load_ofsted_snapshot(raw)
    loader = best_of(repeats, lambda: load_ofsted_snapshot(raw))
    bare = best_of(
        repeats,
        lambda: pd.read_csv(io.BytesIO(raw), encoding="mac_roman", skiprows=3, dtype="str"),
    )
    report("Ofsted snapshot 2024 (CSV)", snapshot.source_rows, loader, bare)
    verdict = "met" if loader < TARGET_SECONDS else "MISSED"
    print(f"{'':<34} target: whole file under {TARGET_SECONDS:.0f} s: {verdict}")

    if IN_YEAR.exists():
        events = IN_YEAR.read_bytes()
        rows = load_inspection_events(events).source_rows
        loader = best_of(repeats, lambda: load_inspection_events(events))
        bare = best_of(repeats, lambda: pd.read_csv(io.BytesIO(events), dtype="str"))
        report("Ofsted in-year events 2024-25", rows, loader, bare)

    gias = big_gias_extract()
    rows = load_gias_extract(gias).source_rows
    loader = best_of(repeats, lambda: load_gias_extract(gias))
    bare = best_of(repeats, lambda: pd.read_csv(io.BytesIO(gias), encoding="cp1252", dtype="str"))
    report("GIAS extract (50,000 made rows)", rows, loader, bare)

    if workbooks:
        for name, (engine, target) in WORKBOOK_TARGETS.items():
            compare_workbook(name, workbook(raw, engine), engine, target, snapshot.source_rows)


def compare_workbook(name: str, book: bytes, engine: str, target: float, rows: int) -> None:
    """The loader (calamine) against the same workbook read by `engine` alone, same run."""
    loader = best_of(3, lambda: load_ofsted_snapshot(book))
    replaced = best_of(1, lambda: read_tables(book, engine))  # type: ignore[arg-type]
    verdict = "met" if loader < target else "MISSED"
    print(
        f"{f'Ofsted snapshot 2024 ({name})':<34} {rows:>7,} rows  loader (calamine) "
        f"{loader:6.3f} s  {engine} read alone {replaced:6.3f} s  {replaced / loader:5.1f}x "
        f"faster; target under {target:g} s: {verdict}"
    )


if __name__ == "__main__":
    arguments = sys.argv[1:]
    count = next((int(a) for a in arguments if a.isdigit()), 5)
    main(count, "--workbooks" in arguments)
