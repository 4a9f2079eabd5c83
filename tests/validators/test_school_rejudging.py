"""Re-judging registered schools against a new GIAS extract: only changed rows, and each change
as the admission rules would judge it."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from domain.models import EntryStatus, RegisterEntry, RegisterEvent
from validators.school_rejudging import rejudge_schools

ALLOWED = {"1b": frozenset({8, 10})}


def _extract(*rows: tuple[str, str, int, str, str]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=["urn", "name", "type_code", "type_name", "status"])
    return table.set_index("urn")


def _entry(status: EntryStatus = EntryStatus.ACTIVE) -> RegisterEntry:
    event = RegisterEvent(event_id="e", at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC), actor="t",
                          kind="admitted", reason="", status_before=None, status_after=status)
    return RegisterEntry(provider="p", lot="1b", status=status, settings=("101477", "SC123456"),
                         history=(event,))


BEFORE = _extract(("101477", "Riverside", 10, "Other independent special school", "Open"))


def test_an_unchanged_extract_changes_nothing() -> None:
    result = rejudge_schools(BEFORE, BEFORE.copy(), [_entry()], ALLOWED)
    assert (result.changed_rows, result.changes) == (0, ())


def test_a_type_the_lot_does_not_take_suspends_and_a_vanished_school_is_reviewed() -> None:
    retyped = _extract(("101477", "Riverside", 34, "Academy converter", "Open"))
    (change,) = rejudge_schools(BEFORE, retyped, [_entry()], ALLOWED).changes
    (school,) = change.settings
    assert (school.code, school.suspends, school.facts()["expected"]) == (
        "gias-type-mismatch", True, "8 or 10")

    (gone,) = rejudge_schools(BEFORE, retyped.iloc[0:0], [_entry()], ALLOWED).changes
    assert [(s.code, s.suspends, s.reviews) for s in gone.settings] == [
        ("gias-urn-not-found", False, True)]


def test_a_suspended_entry_is_left_to_its_reviewer() -> None:
    closed = _extract(("101477", "Riverside", 10, "Other independent special school", "Closed"))
    result = rejudge_schools(BEFORE, closed, [_entry(EntryStatus.SUSPENDED)], ALLOWED)
    assert result.changes == ()
