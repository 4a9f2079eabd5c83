"""Kill `dps process` (SIGKILL) at each step of routing in turn, run it again: one decision, one
register entry, one notice, one review and one of each audit event; nothing missing."""

from __future__ import annotations

import signal
from collections import Counter
from pathlib import Path

import pytest

from fixtures import OFSTED_SNAPSHOT
from fixtures.applications import SAMPLE_APPLICATIONS
from fixtures.sample_dates import RECEIVED
from services.failpoints import ROUTING_STEPS
from services.regulators import load_ofsted
from services.submissions import Upload, submit
from storage.local import LocalObjectStore
from storage.notices import Notices
from storage.repositories import Repositories
from tests.cli.conftest import Dps, run_until_it_dies

pytestmark = pytest.mark.slow
ACCEPTED, IN_REVIEW, _, REJECTED = SAMPLE_APPLICATIONS


@pytest.mark.parametrize("step", ROUTING_STEPS)
def test_a_crash_at_each_step_of_routing_then_a_rerun_gives_everything_once(
    dps: Dps, tmp_path: Path, step: str, api: dict[str, str]
) -> None:
    # set up in this process (the CLI's own load and submit are tested elsewhere): only the runs
    # that crash and recover are separate processes
    repos = Repositories(LocalObjectStore(tmp_path / "data"))
    load_ofsted(repos, OFSTED_SNAPSHOT.read_bytes(), OFSTED_SNAPSHOT.name)
    for sample in (ACCEPTED, IN_REVIEW, REJECTED):
        submit(repos, [Upload(p.name, p.read_bytes()) for p in sample.files()], sample.provider,
               received_at=RECEIVED)
    crashed = run_until_it_dies(tmp_path, "process", "--as-of", "2024-06-03", "--route",
                                DPS_FAILPOINT=step, **api)
    assert crashed == -signal.SIGKILL
    assert dps("process", "--as-of", "2024-06-03", "--route", **api).returncode == 0

    submissions = list(repos.submissions.all())
    assert [len(repos.decisions.of(s.id)) for s in submissions] == [1, 1, 1]
    assert all(s.state.is_decided for s in submissions)
    entry, = repos.register.entries()
    assert (entry.provider, len(entry.history)) == (ACCEPTED.provider, 1)
    assert len(repos.reviews.all()) == 1
    notices = Counter(str(n.kind) for s in submissions for n in Notices(repos.store).of(s.id))
    assert notices == {"acceptance": 1, "rejection": 1}
    actions = Counter(e.action for e in repos.audit.events())
    assert actions["decided"] == 3 and actions["routed"] == 3
    assert actions["register-admitted"] == 1 and actions["review-opened"] == 1
