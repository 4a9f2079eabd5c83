"""Long documents are never failed for their length: a readable one is read as far as its
reading budget goes, with a warning naming the pages not read, while the hard limits still stop
hostile files (documents.md, "Long documents"; selection-criteria.md, `unreadable-document`)."""

from __future__ import annotations

import time
from functools import cache

import pytest

from extraction.documents import extract_document
from extraction.limits import Limits, ReadingBudget
from extraction.pdf_reader import read_pdf
from fixtures.hostile import HOSTILE, rawpdf
from fixtures.long import LEAD, dense_policy_docx, dense_policy_pdf

#: A reading budget far smaller than the default: 1 s and 0.01 s a page (3.5 s for 250 pages),
#: so that a 250-page document runs out of it in a test, as an 85-page one did in production.
SMALL_BUDGET = Limits(seconds=1.0, seconds_per_page=0.01)


@cache
def policy_pdf(pages: int) -> bytes:
    return dense_policy_pdf(pages)


def _codes(extracted) -> list[str]:
    return sorted(finding.code for finding in extracted.findings)


def _partly_read(extracted):
    (warning,) = [f for f in extracted.findings if f.code == "document-partly-read"]
    return warning


@pytest.mark.timing  # a wall-clock bound: run alone (./run), never beside a worker
def test_a_long_dense_pdf_past_its_reading_budget_is_read_with_a_warning_not_failed() -> None:
    data = policy_pdf(250)
    started = time.monotonic()
    extracted = extract_document("policy.pdf", data, SMALL_BUDGET)
    assert time.monotonic() - started < SMALL_BUDGET.allowed_seconds(250) + 10  # and no kill
    assert _codes(extracted) == ["document-partly-read"]
    assert extracted.pages == 250
    assert extracted.kinds == ("safeguarding-policy",)
    assert extracted.fields["safeguarding-policy.lead"].value == LEAD
    assert extracted.fields["safeguarding-policy.reviewed"].value == "2024-03-01"
    warning = _partly_read(extracted)
    assert 1 < warning.page <= 250  # the first page not read
    assert f"pages {warning.page}–250 were not read" in warning.message


def test_the_warning_names_exactly_the_pages_that_were_not_read() -> None:
    extracted = extract_document("policy.pdf", policy_pdf(250), Limits(reading_pages=20))
    warning = _partly_read(extracted)
    assert warning.message == (
        "policy.pdf has 250 pages; pages 21–250 were not read within the reading limits, so only "
        "what pages 1–20 say was used.")
    assert (warning.outcome.value, warning.document, warning.page) == ("warn", "policy.pdf", 21)


def test_the_reader_returns_the_pages_it_read_and_the_range_it_did_not() -> None:
    document = read_pdf(policy_pdf(250), budget=ReadingBudget(Limits(reading_pages=20)))
    assert document.pages == 250 and document.unread_pages == (21, 250)
    assert max(block.page for block in document.blocks) == 20
    assert read_pdf(dense_policy_pdf(3)).unread_pages is None  # no budget: every page


def test_one_page_left_unread_is_named_as_one_page() -> None:
    extracted = extract_document("policy.pdf", dense_policy_pdf(2), Limits(reading_pages=1))
    assert _partly_read(extracted).message == (
        "policy.pdf has 2 pages; page 2 was not read within the reading limits, so only what "
        "page 1 says was used.")


def test_a_long_pdf_within_its_budget_is_read_whole_without_a_warning() -> None:
    extracted = extract_document("policy.pdf", policy_pdf(40), Limits())
    assert _codes(extracted) == []
    assert extracted.pages == 40


def test_the_first_page_is_read_however_small_the_budget() -> None:
    budget = ReadingBudget(Limits(seconds=0.0, seconds_per_page=0.0), started=0.0)
    budget.count(250)
    assert budget.allows(0) and not budget.allows(1)


def test_the_budget_grows_with_the_page_count_and_stops_at_the_page_cap() -> None:
    budget = ReadingBudget(Limits(seconds=0.0, seconds_per_page=1.0, reading_pages=3))
    budget.count(250)
    assert budget.allows(2) and not budget.allows(3)


def test_the_hard_limit_leaves_a_page_its_grace_after_the_reading_budget() -> None:
    limits = Limits(seconds=10.0, seconds_per_page=0.25)
    assert limits.reading_seconds(100) == 35.0 and limits.allowed_seconds(100) == 45.0


def _claiming_pages(count: int) -> bytes:
    """One real page under a page tree that claims `count` pages."""
    content = rawpdf.stream(rawpdf.text_content(["Safeguarding policy"]))
    return rawpdf.build([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % count,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources %s /Contents 4 0 R >>"
        % rawpdf.FONT,
        content,
    ])


@pytest.mark.timing  # a wall-clock bound: run alone (./run), never beside a worker
def test_a_pdf_claiming_a_hundred_thousand_pages_is_refused_cheaply() -> None:
    started = time.monotonic()
    extracted = extract_document("claims.pdf", _claiming_pages(100_000), SMALL_BUDGET)
    assert time.monotonic() - started < 5
    (refused,) = extracted.findings
    assert refused.code == "unreadable-document"
    assert "has 100,000 pages; the limit is 500" in refused.message


@pytest.mark.parametrize("name", ["inflation-bomb.pdf", "too-many-pages.pdf", "zip-bomb.docx"])
def test_a_hostile_file_is_still_stopped_under_a_reading_budget(name: str) -> None:
    extracted = extract_document(name, (HOSTILE / name).read_bytes(), SMALL_BUDGET)
    assert _codes(extracted) == ["unreadable-document"]


def test_a_three_hundred_page_docx_is_read_whole_within_the_default_limits() -> None:
    extracted = extract_document("policy.docx", dense_policy_docx(300), Limits())
    assert _codes(extracted) == []
    assert extracted.kinds == ("safeguarding-policy",)
    assert extracted.fields["safeguarding-policy.lead"].value == LEAD
