"""The assessment clock: undecided submissions past 10 working days are flagged, once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from flows import settings
from services.submissions import Upload, submit


def test_an_undecided_submission_is_flagged_once_after_ten_working_days(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prefect_harness: None
) -> None:
    from flows.revalidation import check_assessment_clock

    monkeypatch.setenv("DPS_STORAGE", str(tmp_path / "data"))
    received = dt.datetime(2024, 3, 28, 9, tzinfo=dt.UTC)  # a Thursday before Easter
    submission = submit(settings.repositories(), [Upload("form.pdf", b"%PDF-1.4")], "p1",
                        received_at=received)
    assert check_assessment_clock(dt.date(2024, 4, 15)) == []  # the 10th working day
    first, = check_assessment_clock(dt.date(2024, 4, 16))
    again, = check_assessment_clock(dt.date(2024, 4, 17))
    assert (first.submission_id, first.due, first.newly_flagged) == (
        submission.id, dt.date(2024, 4, 15), True)
    assert again.newly_flagged is False
    flags = [e for e in settings.repositories().audit.events() if e.action == "assessment-overdue"]
    assert len(flags) == 1
