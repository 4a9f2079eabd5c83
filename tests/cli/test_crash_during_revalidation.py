"""Kill `dps ofsted load` and `dps revalidate` (SIGKILL) at each step of what they change on the
register, run them again: one suspension, one letter, one review, one audit event; nothing lost.
The refresh killed just after its snapshot became current is the hard case: the re-run loads the
same bytes, which are now the snapshot in force, and must still compare them with the previous."""

from __future__ import annotations

import datetime as dt
import signal
from collections import Counter
from pathlib import Path

import pytest

from domain.models import EntryStatus
from fixtures import OFSTED_SNAPSHOT
from fixtures.ofsted_edits import with_judgement
from services.failpoints import EXPIRY_STEPS, REFRESH_STEPS
from services.regulators import load_ofsted
from storage.local import LocalObjectStore
from storage.notices import Notices
from storage.repositories import Repositories
from tests.cli.conftest import Dps, run_until_it_dies
from tests.register_entries import admit

pytestmark = pytest.mark.slow
PROVIDER, LOT, URN = "children-first-fostering", "3", "SC034253"
ITEM, EXPIRY = "insurance:public-liability", dt.date(2024, 7, 31)


def _admitted(tmp_path: Path) -> Repositories:
    """A register with one entry on the 2024 snapshot, made in this process (admission is
    tested elsewhere): only the runs that crash and recover are separate processes."""
    repos = Repositories(LocalObjectStore(tmp_path / "data"))
    load_ofsted(repos, OFSTED_SNAPSHOT.read_bytes(), OFSTED_SNAPSHOT.name)
    admit(repos, PROVIDER, LOT, (URN,), {ITEM: EXPIRY})
    return repos


@pytest.mark.parametrize("step", REFRESH_STEPS)
def test_a_refresh_killed_at_each_step_is_finished_by_the_next_run(
    dps: Dps, tmp_path: Path, step: str, api: dict[str, str]
) -> None:
    repos = _admitted(tmp_path)
    inadequate = tmp_path / "inadequate.csv"
    inadequate.write_bytes(with_judgement(URN, "Inadequate"))

    crashed = run_until_it_dies(tmp_path, "ofsted", "load", str(inadequate), DPS_FAILPOINT=step,
                                **api)
    assert crashed == -signal.SIGKILL
    rerun = dps("ofsted", "load", str(inadequate), **api)
    assert rerun.returncode == 0, rerun.stderr

    entry = repos.register.get(PROVIDER, LOT)
    assert entry is not None and entry.status is EntryStatus.SUSPENDED
    assert [e.kind for e in entry.history] == ["admitted", "suspended"]
    (review,) = repos.reviews.all()
    assert [f.code for f in review.findings] == ["ofsted-rating-inadequate"]
    assert [n.kind.value for n in Notices(repos.store).of("S-1")] == ["suspension"]
    actions = Counter(e.action for e in repos.audit.events())
    assert (actions["register-suspended"], actions["review-opened"]) == (1, 1)
    refresh = repos.snapshots.refresh("ofsted", review.submission_id.removeprefix(
        "ofsted-snapshot-"))
    assert refresh is not None and refresh.finished_at is not None


@pytest.mark.parametrize("step", EXPIRY_STEPS)
def test_a_reminder_killed_before_it_is_marked_sent_is_sent_once(
    dps: Dps, tmp_path: Path, step: str, api: dict[str, str]
) -> None:
    repos = _admitted(tmp_path)
    crashed = run_until_it_dies(tmp_path, "revalidate", "--as-of", "2024-07-11",
                                DPS_FAILPOINT=step, **api)
    assert crashed == -signal.SIGKILL
    for _ in range(2):
        assert dps("revalidate", "--as-of", "2024-07-11", **api).returncode == 0

    (letter,) = Notices(repos.store).of("S-1")
    assert (letter.kind.value, letter.reasons) == ("expiry-reminder",
                                                   ("insurance-expiring-soon",))
    reminders = [e for e in repos.audit.events() if e.action == "insurance-expiring-soon"]
    assert [e.after["milestone"] for e in reminders if e.after] == [28]
