"""Uploads: files streamed into a draft, each checked at once, then submitted the way `dps submit`
submits (real file bytes from fixtures/samples, fixtures/real and fixtures/hostile)."""

from __future__ import annotations

import datetime as dt
import io
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.drafts import DraftState
from services.submissions import submit
from services.uploads import (
    MAX_NAME_CHARACTERS,
    UploadRefused,
    display_name,
    receive_file,
    start_draft,
    submit_draft,
)
from storage.drafts import UnknownDraft
from storage.local import LocalObjectStore
from storage.memory import InMemoryObjectStore
from storage.repositories import Repositories

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures/samples/accepted-fostering-agency"
HOSTILE = ROOT / "fixtures/hostile"
NOW = dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.UTC)
PROVIDER = "acorn-fostering"
MIB = 1024 * 1024


def chunks_of(data: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


@pytest.fixture
def repos(tmp_path: Path) -> Repositories:
    return Repositories(LocalObjectStore(tmp_path / "data"))


def test_each_file_is_kept_byte_for_byte_and_its_kind_recognised_at_once(
    repos: Repositories,
) -> None:
    draft = start_draft(repos, PROVIDER, now=NOW)
    data = (SAMPLE / "insurance-certificate.pdf").read_bytes()
    checked = receive_file(repos, PROVIDER, draft.id, "insurance-certificate.pdf",
                           chunks_of(data), now=NOW)
    assert checked.usable and checked.problem is None
    assert "insurance-certificate" in checked.kinds
    assert checked.media_type == "application/pdf"
    assert repos.drafts.file(PROVIDER, draft.id, checked.sha256) == data
    assert repos.drafts.get(PROVIDER, draft.id).files == (checked,)


def test_a_draft_is_kept_so_the_provider_can_come_back_to_it(repos: Repositories) -> None:
    draft = start_draft(repos, PROVIDER, now=NOW)
    data = (SAMPLE / "accounts.pdf").read_bytes()
    receive_file(repos, PROVIDER, draft.id, "accounts.pdf", chunks_of(data), now=NOW)
    receive_file(repos, PROVIDER, draft.id, "accounts (copy).pdf", chunks_of(data), now=NOW)
    again = Repositories(repos.store).drafts.of(PROVIDER)  # a new process, the same storage
    assert [d.id for d in again] == [draft.id]
    assert [f.name for f in again[0].files] == ["accounts.pdf"]  # the same bytes are one file


def test_an_oversized_file_is_cut_off_while_streaming_with_memory_far_below_its_size(
    repos: Repositories,
) -> None:
    draft = start_draft(repos, PROVIDER, now=NOW)
    asked = []

    def forty_mib() -> Iterator[bytes]:
        for index in range(40):
            asked.append(index)
            yield b"%PDF-1.7\n" + bytes(MIB - 9) if index == 0 else bytes(MIB)

    tracemalloc.start()
    try:
        with pytest.raises(UploadRefused, match=r"big\.pdf is larger than the 20 MB limit"):
            receive_file(repos, PROVIDER, draft.id, "big.pdf", forty_mib(), now=NOW,
                         limit=20 * 10**6)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(asked) == 20  # the 20th MiB passed the limit: no more was read
    assert peak < 4 * MIB  # a few chunks, not the 20 MiB streamed before the cut
    assert repos.drafts.get(PROVIDER, draft.id).files == ()
    assert list(repos.store.list("drafts/")) == [f"drafts/{PROVIDER}/{draft.id}/draft.json"]


@pytest.mark.parametrize(("name", "data", "why"), [
    ("application.pdf", None, "neither a Word"),  # a zip named .pdf: made below
    ("insurance.pdf", b"MZ\x90\x00\x03" + bytes(4096), "neither a PDF nor a Word"),
    ("policy.docx", (HOSTILE / "macro-enabled-renamed.docx").read_bytes(), "macro"),
    ("certificate.pdf", (HOSTILE / "encrypted.pdf").read_bytes(), "cannot be accepted"),
    ("accounts.pdf", (HOSTILE / "truncated.pdf").read_bytes(), "could not be read"),
    ("empty.pdf", b"", "empty"),
])
def test_content_that_is_not_an_accepted_type_is_refused_whatever_its_name(
    repos: Repositories, name: str, data: bytes | None, why: str,
) -> None:
    if data is None:
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w") as zipped:
            zipped.writestr("invoice.exe", b"MZ" + bytes(100))
        data = archive.getvalue()
    draft = start_draft(repos, PROVIDER, now=NOW)
    checked = receive_file(repos, PROVIDER, draft.id, name, chunks_of(data), now=NOW)
    assert not checked.usable
    assert checked.problem is not None and why in checked.problem
    assert checked.problem.startswith(f"{name} ")  # it names the file as the provider did


def test_a_draft_with_no_usable_file_cannot_be_sent(repos: Repositories) -> None:
    draft = start_draft(repos, PROVIDER, now=NOW)
    receive_file(repos, PROVIDER, draft.id, "x.pdf", chunks_of(b"MZ" + bytes(100)), now=NOW)
    with pytest.raises(UploadRefused, match="at least one file that can be used"):
        submit_draft(repos, PROVIDER, draft.id, submit)
    assert repos.drafts.get(PROVIDER, draft.id).state is DraftState.OPEN


@pytest.mark.parametrize("name", [
    "../../etc/passwd",
    "/etc/passwd",
    "..\\..\\windows\\win.ini",
    "report\x00.pdf\r\n\x1b[31m",
    "a" * 500 + ".pdf",
    "cod\u202eexe.pdf",
])
def test_a_hostile_name_is_never_used_as_a_path_or_a_key(
    tmp_path: Path, repos: Repositories, name: str,
) -> None:
    draft = start_draft(repos, PROVIDER, now=NOW)
    data = (SAMPLE / "accounts.pdf").read_bytes()
    checked = receive_file(repos, PROVIDER, draft.id, name, chunks_of(data), now=NOW)
    assert checked.name == display_name(name)
    assert len(checked.name) <= MAX_NAME_CHARACTERS
    assert not any(ord(c) < 32 or c == "\u202e" for c in checked.name)
    assert list(repos.store.list()) == [f"drafts/{PROVIDER}/{draft.id}/draft.json",
                                        f"drafts/{PROVIDER}/{draft.id}/files/{checked.sha256}"]
    files = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
    assert all(str(p).startswith("data/") for p in files)  # nothing written outside storage
    assert not (tmp_path / "etc").exists() and not any("passwd" in str(p) for p in files)


def test_submitting_a_draft_makes_one_submission_of_its_usable_files_once(
    repos: Repositories,
) -> None:
    draft = start_draft(repos, PROVIDER, now=NOW)
    names = ["accepted-fostering-agency.docx", "insurance-certificate.pdf", "accounts.pdf"]
    for name in names:
        receive_file(repos, PROVIDER, draft.id, name, chunks_of((SAMPLE / name).read_bytes()),
                     now=NOW)
    receive_file(repos, PROVIDER, draft.id, "junk.pdf", chunks_of(b"not a pdf"), now=NOW)
    submission_id = submit_draft(repos, PROVIDER, draft.id, submit)
    assert submit_draft(repos, PROVIDER, draft.id, submit) == submission_id  # not twice
    submission = repos.submissions.get(submission_id)
    assert submission.provider == PROVIDER
    assert [f.original_name for f in submission.files] == names  # the junk left out
    for stored, name in zip(submission.files, names, strict=True):
        assert repos.submissions.original(submission_id, stored.sha256) == (
            SAMPLE / name).read_bytes()
    assert len(list(repos.submissions.all())) == 1
    sent = repos.drafts.get(PROVIDER, draft.id)
    assert (sent.state, sent.submission_id) == (DraftState.SUBMITTED, submission_id)
    with pytest.raises(UploadRefused, match="has been sent"):
        receive_file(repos, PROVIDER, draft.id, "late.pdf", chunks_of(b"%PDF-1.4"), now=NOW)


def test_another_providers_draft_is_not_found() -> None:
    repos = Repositories(InMemoryObjectStore())
    draft = start_draft(repos, PROVIDER, now=NOW)
    with pytest.raises(UnknownDraft):
        receive_file(repos, "other-provider", draft.id, "a.pdf", chunks_of(b"%PDF"), now=NOW)
    with pytest.raises(UnknownDraft):
        submit_draft(repos, "other-provider", draft.id, submit)
    assert repos.drafts.of("other-provider") == []


def test_a_file_still_arriving_when_the_draft_is_sent_is_not_added_to_it(
    repos: Repositories,
) -> None:
    draft = start_draft(repos, PROVIDER, now=NOW)
    accounts = (SAMPLE / "accounts.pdf").read_bytes()
    receive_file(repos, PROVIDER, draft.id, "accounts.pdf", chunks_of(accounts), now=NOW)
    late = (SAMPLE / "insurance-certificate.pdf").read_bytes()
    sent: list[str] = []

    def sent_halfway() -> Iterator[bytes]:
        yield late[: len(late) // 2]
        sent.append(submit_draft(repos, PROVIDER, draft.id, submit))  # in another tab, say
        yield late[len(late) // 2 :]

    with pytest.raises(UploadRefused, match="has been sent"):
        receive_file(repos, PROVIDER, draft.id, "insurance.pdf", sent_halfway(), now=NOW)
    submission = repos.submissions.get(sent[0])
    assert [f.original_name for f in submission.files] == ["accounts.pdf"]
    assert [f.name for f in repos.drafts.get(PROVIDER, draft.id).files] == ["accounts.pdf"]
