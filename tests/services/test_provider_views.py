"""What the provider's pages read: only the provider's own things, the due date counted from the
day of receipt where the council is, certificates nearing expiry."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from domain.models import EntryStatus, RegisterEntry
from services import provider_views as views
from services.submissions import Upload, submit
from services.uploads import start_draft
from storage.memory import InMemoryObjectStore
from storage.repositories import Repositories

LONDON = ZoneInfo("Europe/London")


def test_the_assessment_ends_ten_working_days_after_the_day_of_receipt_in_london() -> None:
    # Thursday 28 March 2024 before Easter: Good Friday and Easter Monday do not count
    assert views.assessment_due(dt.datetime(2024, 3, 28, 9, tzinfo=dt.UTC), LONDON) == (
        dt.date(2024, 4, 15))
    # 23:30 UTC on Wednesday 3 July is Thursday 4 July in London: counted from the Thursday
    late = dt.datetime(2024, 7, 3, 23, 30, tzinfo=dt.UTC)
    assert views.assessment_due(late, LONDON) == dt.date(2024, 7, 18)


def test_the_published_forms_are_the_fixtures_bytes_and_nothing_else_is() -> None:
    form = views.published_form("pdf")
    assert (form.file_name, form.media_type) == ("dps-application-form.pdf", "application/pdf")
    assert form.data == (views.FORMS / "dps-application-form.pdf").read_bytes()
    with pytest.raises(views.OwnedNotFound):
        views.published_form("../README.md")


def test_another_providers_submission_and_draft_are_not_found() -> None:
    repos = Repositories(InMemoryObjectStore())
    submission = submit(repos, [Upload("a.pdf", b"%PDF-1.4 x")], "acme-fostering")
    draft = start_draft(repos, "acme-fostering", now=dt.datetime.now(dt.UTC))
    assert views.own_submission(repos, "acme-fostering", submission.id) == submission
    assert views.own_draft(repos, "acme-fostering", draft.id) == draft
    with pytest.raises(views.OwnedNotFound):
        views.own_submission(repos, "other-homes", submission.id)
    with pytest.raises(views.OwnedNotFound):
        views.own_draft(repos, "other-homes", draft.id)
    with pytest.raises(views.OwnedNotFound):
        views.own_submission(repos, "acme-fostering", "S-no-such")
    assert views.open_drafts(repos, "acme-fostering") == [draft]
    assert views.open_drafts(repos, "other-homes") == []
    assert views.lot_statuses(repos, submission) == []  # not decided yet


def test_certificates_expired_or_expiring_within_sixty_days_are_listed_soonest_first() -> None:
    today = dt.date(2026, 12, 3)
    entry = RegisterEntry(provider="acme-fostering", lot="1.1a", status=EntryStatus.ACTIVE,
                          evidence_expiry={"insurance:public-liability": dt.date(2027, 1, 20),
                                           "insurance:employers-liability": dt.date(2026, 11, 1),
                                           "insurance:professional-indemnity":
                                               dt.date(2027, 6, 1)})
    found = views.nearing_expiry([entry], today)
    assert [(item.evidence, item.expires, item.expired) for item in found] == [
        ("Employers liability insurance", dt.date(2026, 11, 1), True),
        ("Public liability insurance", dt.date(2027, 1, 20), False),
    ]
