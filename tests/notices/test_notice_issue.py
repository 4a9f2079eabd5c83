"""Issuing a notice: kept with its submission, written once whatever the re-runs, on every
object store; a PDF where LibreOffice is installed, and no error where it is not."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest

from domain.notices import NoticeKind, notice_id
from notices.pdf import to_pdf
from services.letters import issue_notice
from storage import keys, notice_keys
from storage.local import LocalObjectStore
from storage.memory import InMemoryObjectStore
from storage.notices import Notices
from storage.repositories import Repositories
from tests.notices.builders import AT, LEGAL_NAME, LISTED, docx_text, rejected_decision

FAKE_PDF = b"%PDF-1.7 fake"


def no_pdf(_: bytes) -> None:
    return None


@pytest.fixture(params=["memory", "local"])
def repos(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Repositories]:
    store = InMemoryObjectStore() if request.param == "memory" else LocalObjectStore(tmp_path)
    yield Repositories(store)


def _keys(repos: Repositories) -> list[str]:
    return list(repos.store.list())


def test_issuing_the_same_notice_twice_writes_one_notice(repos: Repositories) -> None:
    decision = rejected_decision()
    first = issue_notice(repos, decision, "3", NoticeKind.REJECTION, AT, make_pdf=no_pdf)
    written = {key: repos.store.get(key).data for key in _keys(repos)}
    later = AT.replace(hour=17)
    again = issue_notice(repos, decision, "3", NoticeKind.REJECTION, later, make_pdf=no_pdf)
    assert again == first
    assert {key: repos.store.get(key).data for key in _keys(repos)} == written
    assert len(written) == 2  # the record and its DOCX
    assert Notices(repos.store).of(decision.submission_id) == [first]


def test_a_notice_is_kept_with_its_submission_and_names_its_reasons(repos: Repositories) -> None:
    decision = rejected_decision()
    record = issue_notice(repos, decision, "3", "rejection", AT, make_pdf=no_pdf)
    assert record.id == notice_id(decision.submission_id, "2024.1", "3", "rejection")
    assert record.docx_key.startswith(f"submissions/{decision.submission_id}/notices/")
    assert record.reasons == tuple(f.code for f in LISTED)
    assert (record.provider, record.lot, record.created_at, record.pdf_key) == (
        "hope-fostering", "3", AT, None)
    letter = Notices(repos.store).docx(record)
    assert LISTED[0].message in docx_text(letter)
    assert Notices(repos.store).pdf(record) is None


def test_notices_of_different_kinds_or_lots_are_different_notices(repos: Repositories) -> None:
    decision = rejected_decision()
    for kind in NoticeKind:
        issue_notice(repos, decision, "3", kind, AT, make_pdf=no_pdf)
    assert len(Notices(repos.store).of(decision.submission_id)) == len(NoticeKind)


def test_a_notice_left_without_its_record_by_a_crash_is_completed_by_a_rerun(
    repos: Repositories,
) -> None:
    decision = rejected_decision()
    nid = notice_id(decision.submission_id, decision.policy_version, "3", "rejection")
    repos.store.create(notice_keys.notice_docx(decision.submission_id, nid), b"the first run")
    record = issue_notice(repos, decision, "3", "rejection", AT, make_pdf=no_pdf)
    assert Notices(repos.store).get(decision.submission_id, nid) == record
    assert len(_keys(repos)) == 2


def test_a_pdf_is_kept_beside_the_docx_when_one_can_be_made(repos: Repositories) -> None:
    decision = rejected_decision()
    record = issue_notice(repos, decision, "3", "rejection", AT, make_pdf=lambda _: FAKE_PDF)
    assert record.pdf_key == notice_keys.notice_pdf(decision.submission_id, record.id)
    assert Notices(repos.store).pdf(record) == FAKE_PDF


def test_notices_are_never_mistaken_for_submissions(repos: Repositories) -> None:
    record = issue_notice(repos, rejected_decision(), "3", "rejection", AT, make_pdf=no_pdf)
    assert all(keys.submission_id_of(key) is None for key in _keys(repos))
    assert list(repos.submissions.all()) == []
    assert notice_keys.is_notice_record(
        notice_keys.notice_record(record.submission_id, record.id))


def test_no_pdf_and_no_error_when_libreoffice_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")  # as on a machine without LibreOffice
    assert to_pdf(b"PK not even a docx") is None


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_makes_a_pdf_that_names_the_provider(tmp_path: Path) -> None:
    repos = Repositories(LocalObjectStore(tmp_path))
    record = issue_notice(repos, rejected_decision(), "3", "rejection", AT)
    pdf = Notices(repos.store).pdf(record)
    assert pdf is not None and pdf.startswith(b"%PDF")
    (tmp_path / "notice.pdf").write_bytes(pdf)
    with pdfplumber.open(tmp_path / "notice.pdf") as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    assert LEGAL_NAME in text
    assert "£5,000,000" in text
