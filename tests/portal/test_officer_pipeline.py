"""The exception page over a decision the real pipeline made: the accepted sample with a pricing
schedule whose first total is £40 more than its parts, decided by the intake flow (Prefect); the
referred finding shown beside the schedule's page with the row's box drawn, and the lot decided
through the form."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from domain.models import ReviewStatus
from fixtures import OFSTED_SNAPSHOT
from fixtures.applications import SAMPLE_APPLICATIONS
from fixtures.demo_documents import pricing_schedule
from fixtures.sample_dates import RECEIVED, WRITTEN_FOR
from fixtures.supporting.render import to_pdf
from flows import settings as flow_settings
from portal.app import create_app
from services.regulators import load_ofsted
from services.submissions import Upload, submit
from storage.repositories import Repositories
from tests.portal.harness import RunningPortal, portal_settings
from tests.portal.test_officer_pages import LEAD, Portal, officer, token

ACCEPTED = SAMPLE_APPLICATIONS[0]
SCHEDULE = "pricing-schedule.pdf"


def _mistotalled_schedule() -> bytes:
    """The sample's schedule with the first row's total £40 more than its parts."""
    fees = list(ACCEPTED.supporting.fees)
    fees[0] = (*fees[0][:5], "990.00")
    return to_pdf(pricing_schedule(dataclasses.replace(ACCEPTED.supporting, fees=tuple(fees))))


@pytest.fixture
def decided(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            prefect_harness: None) -> tuple[Portal, str]:
    """The sample decided for real as of the day it was written for; the portal over the same
    storage, and the review the decision opened."""
    from flows.intake import process_submission

    monkeypatch.setenv("DPS_STORAGE", str(tmp_path / "data"))
    repos: Repositories = flow_settings.repositories()
    load_ofsted(repos, OFSTED_SNAPSHOT.read_bytes(), OFSTED_SNAPSHOT.name)
    uploads = [Upload(p.name, _mistotalled_schedule() if p.name == SCHEDULE else p.read_bytes())
               for p in ACCEPTED.files()]
    submission = submit(repos, uploads, ACCEPTED.provider, received_at=RECEIVED)
    assert process_submission(submission.id, WRITTEN_FOR, route=True)["status"] == "in-review"
    (review,) = repos.reviews.of_submission(submission.id)
    settings = portal_settings(tmp_path / "data")
    running = RunningPortal("", settings, repos, create_app(settings, repos))
    officer(running, LEAD, "Midshire County Council", decides=True)
    return Portal(running, repos), review.id


def test_the_pipelines_referred_findings_are_shown_beside_their_highlighted_pages(
    decided: tuple[Portal, str],
) -> None:
    portal, review_id = decided
    review = portal.repos.reviews.get(review_id)
    assert review is not None
    on_pages = [f for f in review.findings if f.page and (f.document or "").endswith(".pdf")]
    assert [(f.code, f.document) for f in on_pages] == [("pricing-total-mismatch", SCHEDULE)]
    assert all(f.box is not None for f in on_pages)
    client = portal.client(LEAD)
    page = client.get(f"/reviews/{review_id}").text
    images = re.findall(r'<img class="app-evidence__page[^"]*" src="([^"]+)"\s+alt="([^"]+)"', page)
    assert len(images) == len(on_pages)
    for (src, alt), finding in zip(images, on_pages, strict=True):
        assert alt.startswith(f"Page {finding.page} of {finding.document}, with the value")
        png = client.get(src)
        assert png.status_code == 200 and png.content.startswith(b"\x89PNG")

    answer = client.post(f"/reviews/{review_id}", follow_redirects=False, data={
        "csrf_token": token(client, f"/reviews/{review_id}"), "verdict": "clarify",
        "reason": "Ask for a schedule whose totals add up"})
    assert answer.status_code == 303
    decided_review = portal.repos.reviews.get(review_id)
    assert decided_review is not None and decided_review.status is ReviewStatus.DECIDED
    assert decided_review.decided_at is not None
    assert decided_review.decided_at > dt.datetime(2024, 6, 3, tzinfo=dt.UTC)
