"""Per-flow-run overhead of Prefect on the intake flow.

Decides the same sample N times three ways, in one process, on fresh in-memory-like local
storage each time: the flow's steps called directly (baseline, no Prefect), the Prefect flow as
the CLI runs it (heartbeat off), and the Prefect flow with the default 3.9 heartbeat.

Run: .venv/bin/python -m benchmarks.prefect_overhead [N]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable

from cli.quiet import configure_prefect

configure_prefect()
os.environ["DPS_STORAGE"] = tempfile.mkdtemp(prefix="dps-bench-")

from fixtures import OFSTED_SNAPSHOT, SAMPLES  # noqa: E402
from flows import intake, settings  # noqa: E402
from flows.runtime import without_heartbeat  # noqa: E402
from services.regulators import load_ofsted  # noqa: E402
from services.submissions import Upload, submit  # noqa: E402

AS_OF = intake.dt.date(2024, 6, 3)
SAMPLE = SAMPLES / "accepted-fostering-agency.docx"


def _new_submission() -> str:
    return submit(settings.repositories(), [Upload(SAMPLE.name, SAMPLE.read_bytes())], "bench").id


def direct(submission_id: str) -> None:
    """The same steps as the flow, without Prefect."""
    repos = settings.repositories()
    submission = repos.submissions.get(submission_id)
    documents = [intake.extract_file.fn(submission_id, f) for f in submission.files]
    decision = intake.evaluate.fn(submission_id, documents, AS_OF, intake.bundled_policy())
    intake.record_and_route.fn(decision)


def via_flow(submission_id: str) -> None:
    intake.process_submission(submission_id, AS_OF, route=True)


def measure(run: Callable[[str], None], count: int) -> list[float]:
    timings = []
    for _ in range(count):
        submission_id = _new_submission()
        started = time.perf_counter()
        run(submission_id)
        timings.append(time.perf_counter() - started)
    return timings


def main(count: int) -> None:
    load_ofsted(settings.repositories(), OFSTED_SNAPSHOT.read_bytes(), OFSTED_SNAPSHOT.name)
    direct(_new_submission())  # warm caches (snapshot parse, imports) outside the figures
    started = time.perf_counter()
    via_flow(_new_submission())
    print(
        f"first flow run in this process (starts the temporary server): "
        f"{time.perf_counter() - started:.2f} s"
    )
    baseline = statistics.median(measure(direct, count))
    with without_heartbeat():
        quiet = statistics.median(measure(via_flow, count))
    default = statistics.median(measure(via_flow, count))
    print(f"median of {count} runs per way:")
    print(f"  steps called directly (baseline) {baseline * 1000:8.1f} ms   1.00x")
    print(
        f"  flow, heartbeat off (the CLI)    {quiet * 1000:8.1f} ms {quiet / baseline:6.2f}x"
        f"   overhead {1000 * (quiet - baseline):.0f} ms per run"
    )
    print(
        f"  flow, Prefect's default          {default * 1000:8.1f} ms {default / baseline:6.2f}x"
        f"   overhead {1000 * (default - baseline):.0f} ms per run"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
