"""Expiry checks on the register: reminders once per milestone, suspension on expiry with no
replacement, reinstatement when a valid certificate is recorded."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import docx
import pytest

from domain.models import EntryStatus, RegisterEvent
from domain.notices import NoticeRecord
from flows import settings
from flows.expiries import ExpiryCheck
from storage.notices import Notices
from storage.repositories import Repositories
from tests.register_entries import admit

ITEM = "insurance:employers-liability"
EXPIRY = dt.date(2024, 7, 31)
ADMITTED = dt.datetime(2024, 6, 3, 9, tzinfo=dt.UTC)


@pytest.fixture
def repos(flow_repos: Repositories) -> Repositories:
    admit(flow_repos, "acme", "3", evidence_expiry={ITEM: EXPIRY}, at=ADMITTED)
    return flow_repos


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.date], ExpiryCheck]:
    """check_expiries on a day, with the clock on that day (patch time only, as style.md allows),
    so the register's events are stamped in the order the days pass."""
    from flows.expiries import check_expiries

    def on(day: dt.date) -> ExpiryCheck:
        at = dt.datetime.combine(day, dt.time(6), tzinfo=dt.UTC)
        monkeypatch.setattr(settings, "now", lambda: at)
        return check_expiries(day)

    return on


def _days_before(days: int) -> dt.date:
    return EXPIRY - dt.timedelta(days=days)


def _reminders(repos: Repositories) -> list[tuple[str, int]]:
    return [(e.after["item"], e.after["milestone"]) for e in repos.audit.events()
            if e.action == "insurance-expiring-soon" and e.after]


def test_each_milestone_is_reminded_once_however_often_the_check_runs(
    repos: Repositories, run: Callable[[dt.date], ExpiryCheck]
) -> None:
    assert run(_days_before(29)).reminders == []
    first = run(_days_before(20))  # 20 days left: within the 28-day milestone
    assert [(r.item, r.expiry, r.milestone) for r in first.reminders] == [(ITEM, EXPIRY, 28)]
    assert run(_days_before(20)).reminders == []
    fourteen = [run(_days_before(days)).reminders for days in (14, 10, 1)]
    assert [[r.milestone for r in run] for run in fourteen] == [[14], [], []]
    on_the_day = run(EXPIRY)
    assert [r.milestone for r in on_the_day.reminders] == [0]
    assert run(EXPIRY).reminders == []
    assert _reminders(repos) == [(ITEM, 28), (ITEM, 14), (ITEM, 0)]
    assert repos.register.get("acme", "3").status is EntryStatus.ACTIVE  # type: ignore[union-attr]


def test_a_missed_28_day_run_sends_only_the_14_day_reminder(
    repos: Repositories, run: Callable[[dt.date], ExpiryCheck]
) -> None:
    assert [r.milestone for r in run(_days_before(10)).reminders] == [14]
    assert _reminders(repos) == [(ITEM, 14)]


def test_an_expired_certificate_suspends_the_entry_once_until_a_valid_one_is_recorded(
    repos: Repositories, run: Callable[[dt.date], ExpiryCheck]
) -> None:
    from flows.expiries import record_new_certificate

    day_after = EXPIRY + dt.timedelta(days=1)
    first, again = run(day_after), run(day_after + dt.timedelta(days=1))
    assert [(c.item, c.expiry) for c in first.suspended] == [(ITEM, EXPIRY)]
    assert again.suspended == [] and again.reminders == []
    entry = repos.register.get("acme", "3")
    assert entry is not None and entry.status is EntryStatus.SUSPENDED
    (suspension,) = [e for e in entry.history if e.kind == "suspended"]
    assert suspension.status_after is EntryStatus.SUSPENDED
    assert suspension.reason == ("insurance-expired: the employer's liability cover expired on "
                                 "31 July 2024 and no valid replacement has been uploaded")
    assert suspension.details["item"] == ITEM

    at = dt.datetime(2024, 8, 2, 10, tzinfo=dt.UTC)
    renewed = dt.date(2025, 7, 31)
    assert record_new_certificate(repos, "acme", "3", ITEM, EXPIRY, at) is None  # no newer
    reinstated = record_new_certificate(repos, "acme", "3", ITEM, renewed, at)
    assert reinstated is not None and reinstated.expiry == renewed
    assert record_new_certificate(repos, "acme", "3", ITEM, renewed, at) is None
    entry = repos.register.get("acme", "3")
    assert entry is not None and entry.status is EntryStatus.ACTIVE
    assert entry.evidence_expiry == {ITEM: renewed}
    assert [e.kind for e in entry.history] == ["admitted", "suspended", "reinstated"]
    later = run(dt.date(2024, 8, 5))
    assert (later.suspended, later.reminders) == ([], [])
    # the register's state on a past date is rebuilt from the events
    suspended_then = entry.as_of(dt.datetime.combine(day_after, dt.time(23), tzinfo=dt.UTC))
    assert suspended_then is not None and suspended_then.status is EntryStatus.SUSPENDED


def test_an_expired_certificate_does_not_lift_a_suspension_for_another_cause(
    repos: Repositories, run: Callable[[dt.date], ExpiryCheck]
) -> None:
    from flows.expiries import record_new_certificate

    run(EXPIRY + dt.timedelta(days=1))
    repos.register.apply("acme", "3", RegisterEvent(
        event_id="ofsted-inadequate-SC1", at=dt.datetime(2024, 8, 1, 12, tzinfo=dt.UTC),
        actor="test", kind="suspended",
        reason="ofsted-rating-inadequate", status_before=EntryStatus.SUSPENDED,
        status_after=EntryStatus.SUSPENDED, details={"code": "ofsted-rating-inadequate"},
    ))
    at = dt.datetime(2024, 8, 2, 10, tzinfo=dt.UTC)
    assert record_new_certificate(repos, "acme", "3", ITEM, dt.date(2025, 7, 31), at) is None
    entry = repos.register.get("acme", "3")
    assert entry is not None and entry.status is EntryStatus.SUSPENDED
    assert run(dt.date(2024, 8, 5)).suspended == []


def _letters(repos: Repositories, kind: str) -> list[tuple[NoticeRecord, str]]:
    """The letters of `kind` about the entry (kept with its admitting submission), with text."""
    notices = Notices(repos.store)
    found = []
    for record in notices.of("S-1"):
        if record.kind == kind:
            document = docx.Document(io.BytesIO(notices.docx(record)))
            cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
            found.append((record, "\n".join([p.text for p in document.paragraphs] + cells)))
    return found


def test_each_reminder_is_one_letter_naming_the_cover_and_its_expiry(
    repos: Repositories, run: Callable[[dt.date], ExpiryCheck]
) -> None:
    for days in (20, 20, 14, 3, 0, 0):
        run(_days_before(days))

    letters = _letters(repos, "expiry-reminder")
    assert [record.reasons for record, _ in letters] == [("insurance-expiring-soon",)] * 3
    assert [record.cause[-3:] for record, _ in letters] == ["-28", "-14", "1-0"]
    first, _, on_the_day = (text for _, text in letters)
    assert "The employer's liability cover expires on 31 July 2024, within 28 days of " \
        "11 July 2024." in first
    assert "Upload the renewed certificate by 31 July 2024" in first
    assert "The employer's liability cover expires today, 31 July 2024." in on_the_day


def test_an_expiry_suspension_and_the_reinstatement_each_send_one_letter(
    repos: Repositories, run: Callable[[dt.date], ExpiryCheck]
) -> None:
    from flows.expiries import record_new_certificate

    run(EXPIRY + dt.timedelta(days=1))
    run(EXPIRY + dt.timedelta(days=2))
    ((suspension, text),) = _letters(repos, "suspension")
    assert suspension.reasons == ("insurance-expired",)
    assert "The employer's liability cover expired on 31 July 2024, before 1 August 2024." in text

    at = dt.datetime(2024, 8, 2, 10, tzinfo=dt.UTC)
    for _ in range(2):
        record_new_certificate(repos, "acme", "3", ITEM, dt.date(2025, 7, 31), at)
    ((reinstatement, text),) = _letters(repos, "reinstatement")
    assert reinstatement.created_at == at and "We have reinstated the place of acme" in text


def test_a_certificate_admitted_20_days_before_it_expires_gets_one_14_day_reminder(
    flow_repos: Repositories, run: Callable[[dt.date], ExpiryCheck]
) -> None:
    admitted = EXPIRY - dt.timedelta(days=20)
    admit(flow_repos, "late", "3", evidence_expiry={ITEM: EXPIRY},
          at=dt.datetime.combine(admitted, dt.time(9), tzinfo=dt.UTC))
    reminders = [run(admitted + dt.timedelta(days=n)).reminders for n in (0, 0, 3, 6, 6, 10)]
    sent = [(r.provider, r.milestone) for day in reminders for r in day if r.provider == "late"]
    assert sent == [("late", 14)]  # the 28-day milestone had passed before admission
