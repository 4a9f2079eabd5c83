"""Expiry reminders: the current milestone only, never twice for one certificate and milestone."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from domain.evidence import InsuranceCover
from validators.evidence_expiry import evidence_expiry_of
from validators.reminders import current_milestone, due_reminder

MILESTONES = (28, 14, 0)
EXPIRY = dt.date(2024, 7, 31)


def _days_before(days: int) -> dt.date:
    return EXPIRY - dt.timedelta(days=days)


def test_no_reminder_before_the_first_milestone_or_after_expiry() -> None:
    assert due_reminder(EXPIRY, _days_before(29), MILESTONES, []) is None
    assert due_reminder(EXPIRY, _days_before(-1), MILESTONES, []) is None


def test_the_current_milestone_is_the_tightest_one_the_certificate_is_within() -> None:
    assert current_milestone(EXPIRY, _days_before(28), MILESTONES) == 28
    assert current_milestone(EXPIRY, _days_before(20), MILESTONES) == 28
    assert current_milestone(EXPIRY, _days_before(14), MILESTONES) == 14
    assert current_milestone(EXPIRY, _days_before(1), MILESTONES) == 14
    assert current_milestone(EXPIRY, EXPIRY, MILESTONES) == 0


def test_a_missed_28_day_run_sends_only_the_14_day_reminder() -> None:
    assert due_reminder(EXPIRY, _days_before(10), MILESTONES, []) == 14


def test_a_milestone_passed_before_the_certificate_was_recorded_is_not_sent() -> None:
    admitted = _days_before(20)  # admitted with a certificate expiring in 20 days
    assert due_reminder(EXPIRY, admitted, MILESTONES, [], known_since=admitted) is None
    assert due_reminder(EXPIRY, _days_before(15), MILESTONES, [], known_since=admitted) is None
    assert due_reminder(EXPIRY, _days_before(14), MILESTONES, [], known_since=admitted) == 14
    # recorded on the milestone's own day: that day's reminder is still sent
    assert due_reminder(EXPIRY, _days_before(28), MILESTONES, [],
                        known_since=_days_before(28)) == 28


def test_a_sent_milestone_is_not_sent_again() -> None:
    assert due_reminder(EXPIRY, _days_before(10), MILESTONES, [14]) is None
    assert due_reminder(EXPIRY, _days_before(20), MILESTONES, [28]) is None
    assert due_reminder(EXPIRY, EXPIRY, MILESTONES, [28, 14]) == 0


@given(
    runs=st.lists(st.integers(min_value=-5, max_value=40), max_size=30),
    milestones=st.sets(st.integers(min_value=0, max_value=35), min_size=1, max_size=4),
)
def test_runs_on_any_days_never_send_one_milestone_twice(
    runs: list[int], milestones: set[int]
) -> None:
    sent: list[int] = []
    for days_before in sorted(runs, reverse=True):  # runs happen in date order
        due = due_reminder(EXPIRY, _days_before(days_before), tuple(milestones), sent)
        if due is not None:  # a run sends at most one reminder per certificate
            assert due not in sent and due >= days_before >= 0
            sent.append(due)
    assert len(sent) == len(set(sent))
    assert sent == sorted(sent, reverse=True)


def test_each_cover_type_keeps_its_latest_readable_expiry() -> None:
    covers = [
        InsuranceCover(type="employers-liability", limit=None, expiry="2024-07-31"),
        InsuranceCover(type="employers-liability", limit=None, expiry="2025-07-31"),
        InsuranceCover(type="public-liability", limit=None, expiry="2024-09-30"),
        InsuranceCover(type="professional-indemnity", limit=None, expiry=None),
        InsuranceCover(type="professional-indemnity", limit=None, expiry="31/13/2024"),
    ]
    assert evidence_expiry_of(covers) == {
        "insurance:employers-liability": dt.date(2025, 7, 31),
        "insurance:public-liability": dt.date(2024, 9, 30),
    }
