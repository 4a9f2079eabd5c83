"""The regulator refresh for schools: a registered special school closes in a new GIAS extract;
its entry is suspended with a letter and a review, once."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.models import EntryStatus
from fixtures.gias import GIAS_EXTRACT
from flows import settings
from storage.notices import Notices
from storage.repositories import Repositories
from tests.register_entries import admit

URN = "101477"  # Riverside School: Other independent special school (type 10), Open
ORIGINAL = GIAS_EXTRACT.read_bytes()


def _refresh(data: bytes, original_name: str, **options: object):  # type: ignore[no-untyped-def]
    """Keep the file, then refresh from its snapshot id, as every caller does (the flow's
    parameters are references, never the file)."""
    from flows.regulator_refresh import keep_regulator_file, refresh_regulator_data

    source = str(options.get("source", "ofsted"))
    snapshot_id = keep_regulator_file(settings.repositories(), data, source)
    return refresh_regulator_data(snapshot_id, original_name, **options)


def _with_row_changed(old: str, new: str) -> bytes:
    lines = ORIGINAL.split(b"\n")
    (at,) = [i for i, line in enumerate(lines) if line.startswith(f"{URN},".encode())]
    assert old.encode() in lines[at]
    lines[at] = lines[at].replace(old.encode(), new.encode(), 1)
    return b"\n".join(lines)


@pytest.fixture
def repos(flow_repos: Repositories) -> Repositories:
    """A special school's entry on lot 1b, with the extract it was admitted on loaded."""
    admit(flow_repos, "riverside-education", "1b", (URN,), policy_version="2025.1",
          at=dt.datetime(2025, 1, 10, 9, tzinfo=dt.UTC))
    first = _refresh(ORIGINAL, GIAS_EXTRACT.name, source="gias")
    assert (first.suspended, first.reviews_opened) == (0, 0)  # open, of a type lot 1b takes
    return flow_repos


def test_a_closed_school_suspends_its_entry_once_with_a_letter_and_a_review(
    repos: Repositories,
) -> None:
    closed = _with_row_changed(",1,Open,,,", ",2,Closed,,31-12-2024,")
    summary = _refresh(closed, "edubasealldata20250110.csv", source="gias")
    again = _refresh(closed, "edubasealldata20250110.csv", source="gias")

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
    proposed = _with_row_changed(",1,Open,,,", ",4,\"Open, but proposed to close\",,,")
    summary = _refresh(proposed, "proposed.csv", source="gias")

    assert (summary.suspended, summary.reviews_opened) == (0, 1)
    (review,) = repos.reviews.all()
    assert [(f.code, f.outcome.value) for f in review.findings] == [
        ("gias-establishment-closed", "refer")]
    assert repos.register.get("riverside-education", "1b").status is EntryStatus.ACTIVE  # type: ignore[union-attr]


def test_an_extract_dated_before_the_one_in_force_is_refused_and_nothing_changes(
    repos: Repositories,
) -> None:
    from validators.snapshot_plausibility import SnapshotImplausible

    in_force = repos.snapshots.current("gias")
    assert in_force is not None and in_force.data_date == dt.date(2025, 1, 9)
    assert "as at 9 January 2025" in in_force.label  # DfE's file name dates the extract
    closed = _with_row_changed(",1,Open,,,", ",2,Closed,,31-12-2024,")

    with pytest.raises(SnapshotImplausible, match="older than those in force"):
        _refresh(closed, "edubasealldata20250108.csv", source="gias")

    assert repos.snapshots.current("gias") == in_force
    assert repos.register.get("riverside-education", "1b").status is EntryStatus.ACTIVE  # type: ignore[union-attr]


def test_the_extract_date_is_read_from_dfes_file_name_only() -> None:
    from validators.gias import extract_date

    assert extract_date("edubasealldata20250109.csv") == dt.date(2025, 1, 9)
    assert extract_date("Downloads/EduBaseAllData20251231 (1).csv") == dt.date(2025, 12, 31)
    assert extract_date("edubasealldata20251399.csv") is None  # not a day
    assert extract_date("schools.csv") is None
