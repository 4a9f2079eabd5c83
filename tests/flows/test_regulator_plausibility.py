"""Regulator data as a council gets it, through the refresh flow (issue 10, Deliver 3 and the
acceptance): implausible snapshots are refused and the one in force stays; a setting missing
from a plausible one is reviewed, not suspended; a UTF-8 edition in which the admitted setting
falls to Inadequate suspends it once, with one letter."""

from __future__ import annotations

import codecs
import datetime as dt
from collections.abc import Iterator

import pytest

from domain.models import EntryStatus
from fixtures import OFSTED_SNAPSHOT
from fixtures.ofsted_edits import ENCODING, with_judgement
from flows import settings
from storage.repositories import Repositories
from tests.flows.conftest import admit_first_sample, notices_of_the_submission
from validators.snapshot_plausibility import SnapshotImplausible

AS_OF = dt.date(2024, 6, 3)  # the samples' date: a deliberate decision on it (route=True)
URN = "SC034253"  # Children First Fostering Agency, admitted to lot 3 by the first sample
ORIGINAL = OFSTED_SNAPSHOT.read_bytes()


def _refresh(data: bytes, original_name: str):  # type: ignore[no-untyped-def]
    """Keep the file, then refresh from its snapshot id, as every caller does."""
    from flows.regulator_refresh import keep_regulator_file, refresh_regulator_data

    snapshot_id = keep_regulator_file(settings.repositories(), data, "ofsted")
    return refresh_regulator_data(snapshot_id, original_name)


def _utf8(data: bytes, bom: bool = True) -> bytes:
    """The 2024 file as a UTF-8 edition (as Ofsted publishes 2025's: with a byte-order mark)."""
    return (codecs.BOM_UTF8 if bom else b"") + data.decode(ENCODING).encode("utf-8")


@pytest.fixture
def repos(flow_repos: Repositories) -> Iterator[Repositories]:
    """A register admitted under the 2024 data (loaded through the refresh, as `dps` does)."""
    _refresh(ORIGINAL, OFSTED_SNAPSHOT.name)
    admit_first_sample(flow_repos, AS_OF)
    yield flow_repos


def test_a_utf8_edition_where_the_setting_falls_to_inadequate_suspends_it_once_with_one_letter(
    repos: Repositories,
) -> None:
    edition = _utf8(with_judgement(URN, "Inadequate", ORIGINAL))

    first = _refresh(edition, "provider-level-utf8.csv")
    again = _refresh(edition, "provider-level-utf8.csv")

    assert (first.suspended, first.reviews_opened) == (1, 1)
    assert (again.suspended, again.reviews_opened) == (0, 0)
    (entry,) = repos.register.entries()
    assert entry.status is EntryStatus.SUSPENDED
    assert [e.kind for e in entry.history] == ["admitted", "suspended"]
    (letter,) = notices_of_the_submission(repos, "suspension")
    assert letter.reasons == ("ofsted-rating-inadequate",)
    assert first.record.data_date is not None and first.record.data_date.isoformat() == "2024-03-31"


def test_the_first_2500_bytes_are_refused_and_nothing_is_suspended(repos: Repositories) -> None:
    in_force = repos.snapshots.current("ofsted")
    entries, reviews = repos.register.entries(), repos.reviews.all()

    with pytest.raises(SnapshotImplausible, match="the last row has 36 of the 40 cells"):
        _refresh(ORIGINAL[:2500], "cut.csv")

    assert repos.snapshots.current("ofsted") == in_force
    assert repos.register.entries() == entries and repos.reviews.all() == reviews
    assert notices_of_the_submission(repos, "suspension") == []


def test_an_older_edition_is_refused_and_the_one_in_force_stays(repos: Repositories) -> None:
    in_force = repos.snapshots.current("ofsted")
    older = with_judgement(URN, "Inadequate", ORIGINAL).replace(
        b"as at 31 March 2024", b"as at 31 March 2023", 1)

    with pytest.raises(SnapshotImplausible, match="as at 31 March 2023, older than"):
        _refresh(older, "2023.csv")

    assert repos.snapshots.current("ofsted") == in_force
    assert repos.register.entries()[0].status is EntryStatus.ACTIVE


def test_a_setting_missing_from_a_plausible_snapshot_is_reviewed_not_suspended(
    repos: Repositories,
) -> None:
    lines = ORIGINAL.split(b"\n")
    without = b"\n".join(line for line in lines if f",{URN},".encode() not in line)

    summary = _refresh(without, "without-one.csv")

    assert (summary.changed_rows, summary.suspended, summary.reviews_opened) == (1, 0, 1)
    assert repos.register.entries()[0].status is EntryStatus.ACTIVE
    assert notices_of_the_submission(repos, "suspension") == []
    (review,) = [r for r in repos.reviews.all() if r.id.startswith("refresh-")]
    (found,) = review.findings
    assert found.code == "ofsted-urn-not-found"
    assert "is not in the Ofsted dataset of without-one.csv (as at 31 March 2024, loaded" in (
        found.message)
