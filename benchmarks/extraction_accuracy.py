"""Field-level precision, recall and F1 of extraction over the fixture corpus: the filled forms
in every case (fixtures/corpus/forms.json) and the supporting documents
(fixtures/corpus/supporting.json). The scoring is the corpus tests' own, so the figures here are
the ones the tests assert (F1 ≥ 0.99 on forms, ≥ 0.97 on supporting documents).

Run: .venv/bin/python -m benchmarks.extraction_accuracy
"""

from __future__ import annotations

import time

from extraction.documents import extract_document
from tests.extraction import test_forms_corpus as forms
from tests.extraction import test_supporting_corpus as supporting


def main() -> None:
    started = time.perf_counter()
    print("Filled forms, per form and way of filling:")
    print(forms.report())
    score = supporting.Score()
    for entry in supporting.ENTRIES:
        path = supporting.CORPUS / entry["file"]
        extracted = extract_document(path.name, path.read_bytes())
        score.add(
            supporting.expected_items(entry),
            supporting.read_items(
                extracted.kinds, extracted.fields, extracted.covers, extracted.tables
            ),
        )
    print(f"\nSupporting documents, {len(supporting.ENTRIES)} files: {score}")
    print(f"\n({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
