"""Re-judging the register against a new Ofsted snapshot: only changed rows of registered
settings count, and each change does what "After admission" says."""

from __future__ import annotations

import pandas as pd

from domain.models import EntryStatus, RegisterEntry
from validators.register_rejudging import (
    INACTIVE,
    INADEQUATE,
    NOT_FOUND,
    REQUIRES_IMPROVEMENT,
    rejudge_register,
)

GRADE_WORDS = {1: "Outstanding", 2: "Good", 3: "Requires improvement to be good",
               4: "Inadequate"}


def _snapshot(*rows: tuple[str, str, int | None]) -> pd.DataFrame:
    """A providers table as `OfstedSnapshot.providers` holds it: (URN, status, grade) rows."""
    urns = [urn for urn, _, _ in rows]
    return pd.DataFrame({
        "urn": urns,
        "registration_status": [status for _, status, _ in rows],
        "name": [f"Home {urn}" for urn in urns],
        "organisation": "Acme Care Ltd",
        "latest_full_inspection_date": pd.to_datetime(["2024-05-01"] * len(rows)),
        "overall_judgement": pd.array([grade for _, _, grade in rows], dtype="Int64"),
        "overall_judgement_text": [GRADE_WORDS.get(grade, "") for _, _, grade in rows],  # type: ignore[arg-type]
    }, index=urns)


def _entry(status: EntryStatus = EntryStatus.ACTIVE, *urns: str) -> RegisterEntry:
    return RegisterEntry(provider="acme", lot="4", status=status,
                         settings=urns or ("SC111111",))


BEFORE = _snapshot(("SC111111", "Active", 2), ("SC222222", "Active", 1))


def test_a_fall_to_grade_three_opens_a_review_without_suspending() -> None:
    after = _snapshot(("SC111111", "Active", 3), ("SC222222", "Active", 1))

    result = rejudge_register(BEFORE, after, [_entry()])

    (change,) = result.changes
    assert result.changed_rows == 1
    assert [s.code for s in change.settings] == [REQUIRES_IMPROVEMENT]
    assert change.opens_review and not change.suspends and not change.reinstates
    assert change.settings[0].facts()["inspected"] == "1 May 2024"


def test_a_registration_no_longer_active_suspends_without_a_review() -> None:
    after = _snapshot(("SC111111", "Cancelled", 2), ("SC222222", "Active", 1))

    (change,) = rejudge_register(BEFORE, after, [_entry()]).changes

    assert [s.code for s in change.settings] == [INACTIVE]
    assert change.settings[0].status == "Cancelled"
    assert change.suspends and not change.opens_review


def test_a_setting_gone_from_the_snapshot_opens_a_review_without_suspending() -> None:
    # issue 10: a missing row is no evidence against the setting; only its status or grade is
    after = _snapshot(("SC222222", "Active", 1))

    (change,) = rejudge_register(BEFORE, after, [_entry()], "ofsted-2025.csv (as at 31 March "
                                 "2025, loaded 2 June 2025)").changes

    assert [s.code for s in change.settings] == [NOT_FOUND]
    assert change.opens_review and not change.suspends
    assert change.settings[0].setting_name == "Home SC111111"
    assert change.settings[0].facts()["snapshot"].startswith("ofsted-2025.csv (as at 31 March")


def test_unchanged_rows_of_registered_settings_change_nothing() -> None:
    after = _snapshot(("SC111111", "Active", 2), ("SC222222", "Active", 4))

    result = rejudge_register(BEFORE, after, [_entry(EntryStatus.ACTIVE, "SC111111")])

    assert result.changed_rows == 0 and result.changes == ()


def test_an_inadequate_setting_suspends_its_entry_and_opens_a_review() -> None:
    after = _snapshot(("SC111111", "Active", 4), ("SC222222", "Active", 3))
    entry = _entry(EntryStatus.ACTIVE, "SC111111", "SC222222")

    (change,) = rejudge_register(BEFORE, after, [entry]).changes

    assert [s.code for s in change.settings] == [INADEQUATE, REQUIRES_IMPROVEMENT]
    assert change.suspends and change.opens_review


def test_a_suspended_entry_is_not_suspended_again_but_reinstated_when_good() -> None:
    inadequate = _snapshot(("SC111111", "Active", 4), ("SC222222", "Active", 1))
    good = _snapshot(("SC111111", "Active", 2), ("SC222222", "Active", 1))
    suspended = _entry(EntryStatus.SUSPENDED)

    assert rejudge_register(BEFORE, inadequate, [suspended]).changes == ()
    (change,) = rejudge_register(inadequate, good, [suspended]).changes
    assert change.reinstates and change.opens_review and not change.suspends


def test_removed_entries_and_non_social_care_identifiers_are_not_judged() -> None:
    after = _snapshot(("SC111111", "Cancelled", 2), ("SC222222", "Active", 1))
    removed = _entry(EntryStatus.REMOVED)
    school = RegisterEntry(provider="school", lot="2", status=EntryStatus.ACTIVE,
                           settings=("123456",))

    result = rejudge_register(BEFORE, after, [removed, school])

    assert result.changed_rows == 0 and result.changes == ()
