"""Ofsted's in-year inspection events applied to the snapshot in force (issue 10, Deliver 6): a
judgement published after the provider-level file counts, and re-judges the register as a new
snapshot does. Run on the real 2024 snapshot and the real 2024-25 events sheet (one judgement
edited where a test needs a fall)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from domain.models import EntryStatus
from fixtures import OFSTED_SNAPSHOT
from flows import settings
from storage.repositories import Repositories
from tests.flows.conftest import admit_first_sample, notices_of_the_submission
from validators.ofsted_tables import SnapshotUnreadable

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
IN_YEAR = SHARED_DATA / "ofsted" / "provider-level-in-year-2024-25.csv"
AS_OF = dt.date(2024, 6, 3)  # the samples' date: a deliberate decision on it (route=True)
URN = "SC034253"  # admitted to lot 3; re-inspected Outstanding on 13 January 2025 (row 3472)
OVERALL = 26  # "Overall experiences and progress of children and young people"

pytestmark = pytest.mark.skipif(not IN_YEAR.exists(), reason=f"{IN_YEAR} is not laid out here")


def _events(judgement: str | None = None) -> bytes:
    """The real events sheet; with `judgement`, URN's full inspection judged so instead."""
    data = IN_YEAR.read_bytes()
    if judgement is None:
        return data
    lines = data.decode("utf-8").split("\r\n")
    (at,) = [i for i, line in enumerate(lines) if f",{URN}," in line]
    cells = lines[at].split(",")
    assert (cells[22], cells[OVERALL]) == ("Full inspection", "Outstanding")
    cells[OVERALL] = judgement
    lines[at] = ",".join(cells)
    return "\r\n".join(lines).encode("utf-8")


def _apply(data: bytes, name: str = IN_YEAR.name):  # type: ignore[no-untyped-def]
    from flows.inspection_events import apply_inspection_events, keep_events_file

    return apply_inspection_events(keep_events_file(settings.repositories(), data), name)


@pytest.fixture
def repos(flow_repos: Repositories) -> Iterator[Repositories]:
    """A register admitted under the 2024 snapshot."""
    from flows.regulator_refresh import keep_regulator_file, refresh_regulator_data

    original = OFSTED_SNAPSHOT.read_bytes()
    refresh_regulator_data(keep_regulator_file(flow_repos, original), OFSTED_SNAPSHOT.name)
    admit_first_sample(flow_repos, AS_OF)
    yield flow_repos


def test_a_reinspection_published_after_the_snapshot_becomes_the_latest_judgement(
    repos: Repositories,
) -> None:
    from services.regulators import current_ofsted

    summary = _apply(_events())

    assert (summary.changed_rows, summary.suspended, summary.reviews_opened) == (1, 0, 0)
    assert summary.record.source == "ofsted-events" and summary.record.rows == 4921
    assert summary.record.data_date is not None and summary.record.data_date.year == 2025
    providers, label = current_ofsted(repos)
    assert providers is not None
    row = providers.loc[URN]
    assert row["latest_full_inspection_date"] == pd.Timestamp("2025-01-13")
    assert row["overall_judgement_text"] == "Outstanding"
    assert label.startswith("provider-level-at-31-march-2024.csv (as at 31 March 2024, loaded")
    assert f"with the inspections of {IN_YEAR.name}" in label
    assert repos.register.entries()[0].status is EntryStatus.ACTIVE


def test_an_inadequate_full_inspection_in_the_events_suspends_the_entry_once_with_one_letter(
    repos: Repositories,
) -> None:
    inadequate = _events("Inadequate")

    first = _apply(inadequate)
    again = _apply(inadequate)

    assert (first.suspended, first.reviews_opened) == (1, 1)
    assert (again.changed_rows, again.suspended, again.reviews_opened) == (0, 0, 0)
    (entry,) = repos.register.entries()
    assert entry.status is EntryStatus.SUSPENDED
    assert [e.kind for e in entry.history] == ["admitted", "suspended"]
    assert "13 January 2025" in entry.history[-1].reason  # the event's inspection, not 2022's
    (letter,) = notices_of_the_submission(repos, "suspension")
    assert letter.reasons == ("ofsted-rating-inadequate",)


def test_reloading_the_provider_snapshot_keeps_the_newer_inspection_in_force(
    repos: Repositories,
) -> None:
    from flows.regulator_refresh import keep_regulator_file, refresh_regulator_data

    _apply(_events("Inadequate"))
    same = OFSTED_SNAPSHOT.read_bytes() + b"\r\n"  # the same providers, as a new file
    summary = refresh_regulator_data(keep_regulator_file(repos, same), "again.csv")

    assert (summary.changed_rows, summary.suspended, summary.reviews_opened) == (0, 0, 0)
    assert len(notices_of_the_submission(repos, "suspension")) == 1


def test_events_are_refused_when_no_ofsted_snapshot_is_loaded(flow_repos: Repositories) -> None:
    from flows.inspection_events import refuse_unusable_events

    with pytest.raises(SnapshotUnreadable, match="no Ofsted snapshot is loaded"):
        refuse_unusable_events(flow_repos, _events())
    with pytest.raises(SnapshotUnreadable, match="this is a provider snapshot"):
        refuse_unusable_events(flow_repos, OFSTED_SNAPSHOT.read_bytes())
