"""`dps demo`: the main job on the bundled samples, end to end, with a readable summary."""

from __future__ import annotations

import datetime as dt
import sys

from cli import render
from fixtures import OFSTED_SNAPSHOT
from fixtures.applications import SAMPLE_APPLICATIONS
from storage.repositories import Repositories

#: the samples were written for this date: two months after Ofsted's 31 March 2024 snapshot
DEMO_AS_OF = dt.date(2024, 6, 3)


def _progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def run_demo(repos: Repositories, as_of: dt.date | None) -> int:
    """Load the bundled Ofsted snapshot, submit the samples, decide them, print the decisions."""
    from flows.intake import process_submission
    from flows.regulators import load_ofsted
    from flows.submissions import Upload, submit

    as_of = as_of or DEMO_AS_OF
    _progress(f"Loading the Ofsted snapshot {OFSTED_SNAPSHOT.name} …")
    record, _, _ = load_ofsted(repos, OFSTED_SNAPSHOT.read_bytes(), OFSTED_SNAPSHOT.name)
    _progress(f"  {record.rows:,} providers.")
    submitted = []
    for number, sample in enumerate(SAMPLE_APPLICATIONS, start=1):
        uploads = [Upload(path.name, path.read_bytes()) for path in sample.files()]
        submission = submit(repos, uploads, sample.provider)
        _progress(
            f"[{number}/{len(SAMPLE_APPLICATIONS)}] submitted {sample.folder.name} "
            f"({len(uploads)} files) as {submission.id}; deciding …"
        )
        process_submission(submission.id, as_of)
        submitted.append(submission.id)
    print(f"\nDecisions as of {as_of:%d %B %Y}:\n")
    for submission_id in submitted:
        submission = repos.submissions.get(submission_id)
        decision = repos.decisions.of(submission_id)[-1]
        print(render.status_text(submission, decision) + "\n")
    print(render.register_text(sorted(repos.register.entries(), key=lambda e: (e.provider, e.lot))))
    print(
        f"\nWritten to {repos.store.location}: decisions/, register/, reviews/, audit/, "
        "submissions/ (originals kept byte for byte)."
    )
    print("Next: `dps status ID`, `dps register list --json`.")
    return 0
