"""The regulator refresh for schools: a registered special school closes in a new GIAS extract;
its entry is suspended with a letter and a review, once."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.models import EntryStatus
from fixtures.gias import GIAS_EXTRACT
from storage.notices import Notices
from storage.repositories import Repositories
from tests.register_entries import admit

URN = "101477"  # Riverside School: Other independent special school (type 10), Open
ORIGINAL = GIAS_EXTRACT.read_bytes()


def _with_row_changed(old: str, new: str) -> bytes:
    lines = ORIGINAL.split(b"\n")
    (at,) = [i for i, line in enumerate(lines) if line.startswith(f"{URN},".encode())]
    assert old.encode() in lines[at]
    lines[at] = lines[at].replace(old.encode(), new.encode(), 1)
    return b"\n".join(lines)


@pytest.fixture
def repos(flow_repos: Repositories) -> Repositories:
    """A special school's entry on lot 1b, with the extract it was admitted on loaded."""
    from flows.regulator_refresh import refresh_regulator_data

    admit(flow_repos, "riverside-education", "1b", (URN,), policy_version="2025.1",
          at=dt.datetime(2025, 1, 10, 9, tzinfo=dt.UTC))
    first = refresh_regulator_data(ORIGINAL, GIAS_EXTRACT.name, source="gias")
    assert (first.suspended, first.reviews_opened) == (0, 0)  # open, of a type lot 1b takes
    return flow_repos


def test_a_closed_school_suspends_its_entry_once_with_a_letter_and_a_review(
    repos: Repositories,
) -> None:
    from flows.regulator_refresh import refresh_regulator_data

    closed = _with_row_changed(",1,Open,,,", ",2,Closed,,31-12-2024,")
    summary = refresh_regulator_data(closed, "edubasealldata20250110.csv", source="gias")
    again = refresh_regulator_data(closed, "edubasealldata20250110.csv", source="gias")

    assert (summary.changed_rows, summary.suspended, summary.reviews_opened) == (1, 1, 1)
    assert (again.suspended, again.reviews_opened) == (0, 0)
    entry = repos.register.get("riverside-education", "1b")
    assert entry is not None and entry.status is EntryStatus.SUSPENDED
    assert "gias-establishment-closed" in entry.history[-1].reason
    assert "'Closed'" in entry.history[-1].reason
    (review,) = repos.reviews.all()
    assert review.submission_id.startswith("gias-snapshot-")
    (letter,) = Notices(repos.store).of("S-1")
    assert (letter.kind.value, letter.reasons) == ("suspension", ("gias-establishment-closed",))


def test_a_school_proposed_to_close_is_referred_not_suspended(repos: Repositories) -> None:
    from flows.regulator_refresh import refresh_regulator_data

    proposed = _with_row_changed(",1,Open,,,", ",4,\"Open, but proposed to close\",,,")
    summary = refresh_regulator_data(proposed, "proposed.csv", source="gias")

    assert (summary.suspended, summary.reviews_opened) == (0, 1)
    (review,) = repos.reviews.all()
    assert [(f.code, f.outcome.value) for f in review.findings] == [
        ("gias-establishment-closed", "refer")]
    assert repos.register.get("riverside-education", "1b").status is EntryStatus.ACTIVE  # type: ignore[union-attr]
