"""Field-level precision, recall and F1 of extraction over the three corpora: the filled forms in
every case (fixtures/corpus/forms.json), our generated supporting documents
(fixtures/corpus/supporting.json), and real documents nobody here wrote (fixtures/real/, values
by hand). The scoring is the corpus tests' own (fixtures.scoring), so the figures here are the
ones the tests assert. The generated corpus is the baseline for the real one: the same readers,
measured in the same run, on documents we laid out ourselves.

Run: .venv/bin/python -m benchmarks.extraction_accuracy [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from extraction.documents import extract_document
from fixtures import FIXTURES
from fixtures.scoring import Entry, Score, expected_items, items_of
from fixtures.supporting import CORPUS as GENERATED
from fixtures.supporting import MANIFEST as GENERATED_MANIFEST
from tests.extraction import test_forms_corpus as forms

REAL = FIXTURES / "real"


def score_corpus(folder: Path, entries: list[Entry]) -> dict[str, Any]:
    """Score, share of files whose kinds are exactly right, and files that failed to read."""
    score, kinds_right, failed, invented_in = Score(), 0, [], []
    for entry in entries:
        extracted = extract_document(Path(entry["file"]).name,
                                     (folder / entry["file"]).read_bytes())
        before = score.invented
        score.add(expected_items(entry), items_of(extracted))
        kinds_right += set(extracted.kinds) == set(entry["kinds"])
        if score.invented > before:
            invented_in.append(entry["file"])
        if {f.code for f in extracted.findings} & {"unreadable-document", "unsupported-file-type"}:
            failed.append(entry["file"])
    return {"files": len(entries), "kinds_right": kinds_right / (len(entries) or 1),
            "precision": score.precision, "recall": score.recall, "f1": score.f1,
            "found": score.found, "wrong": score.wrong, "invented": score.invented,
            "missed": score.missed, "invented_in": invented_in, "failed_reads": failed,
            "text": str(score)}


def _entries(manifest: Path) -> list[Entry]:
    return list(json.loads(manifest.read_text(encoding="utf-8"))["files"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args()
    started = time.perf_counter()
    print("Filled forms, per form and way of filling:")
    print(forms.report())
    figures = {
        "generated": score_corpus(GENERATED, _entries(GENERATED_MANIFEST)),
        "real": score_corpus(REAL, _entries(REAL / "manifest.json")),
    }
    for name, found in figures.items():
        print(f"\n{name.capitalize()} supporting documents, {found['files']} files: "
              f"kinds right {found['kinds_right']:.1%}; {found['text']}")
        if found["invented_in"]:
            print(f"  invented values in: {', '.join(found['invented_in'])}")
        if found["failed_reads"]:
            print(f"  failed reads: {', '.join(found['failed_reads'])}")
    real, generated = figures["real"], figures["generated"]
    print(f"\nReal against generated, same readers, same run: F1 {real['f1']:.3f} / "
          f"{generated['f1']:.3f} = {real['f1'] / (generated['f1'] or 1):.3f}")
    print(f"({time.perf_counter() - started:.1f} s)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
