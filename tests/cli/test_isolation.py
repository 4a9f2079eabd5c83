"""One provider's input never stops the others' decisions, and a what-if changes nothing: `dps
process` over a queue holding a hostile file name and hostile provider ids among five good
submissions decides the good ones, sets the bad ones aside with their reasons, and prints no
traceback; a run under a policy not in force sends no letter and changes no register entry."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from domain.models import StoredFile, Submission, SubmissionState
from extraction.sniff import sniff_media_type
from fixtures import OFSTED_SNAPSHOT
from fixtures.applications import SAMPLE_APPLICATIONS
from fixtures.sample_dates import RECEIVED
from services.regulators import load_ofsted
from services.submissions import Upload, new_submission_id, submit
from storage.local import LocalObjectStore
from storage.notices import Notices
from storage.repositories import Repositories
from tests.cli.conftest import Dps

pytestmark = pytest.mark.slow
ACCEPTED, IN_REVIEW, EXCLUDED, LOW_COVER = SAMPLE_APPLICATIONS
AS_OF = "2024-06-03"
# a bell, a screen clear and a line of its own that would pass for `dps process` output
HOSTILE_NAME = "insurance\x07\x1b[2J\r\n[9/9] S-20240603-000000-forged: accepted\u202e.pdf"
HOSTILE_IDS = ("../../etc", "x" * 500)


def _uploads(sample, rename: dict[str, str] | None = None) -> list[Upload]:  # type: ignore[no-untyped-def]
    rename = rename or {}
    return [Upload(rename.get(p.name, p.name), p.read_bytes()) for p in sample.files()]


def _store_as_an_older_version_did(repos: Repositories, provider: str) -> str:
    """A submission with a provider id `dps submit` now refuses, kept through the repositories
    as a version without the check kept it."""
    uploads = _uploads(ACCEPTED)
    files = tuple(StoredFile(original_name=u.name, sha256=_sha(u.data), size=len(u.data),
                             media_type=sniff_media_type(u.data)) for u in uploads)
    submission = Submission(id=new_submission_id(), provider=provider, files=files,
                            received_at=RECEIVED)
    repos.submissions.add(submission, {f.sha256: u.data for f, u in zip(files, uploads,
                                                                        strict=True)})
    return submission.id


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def queue(tmp_path: Path) -> tuple[Repositories, list[str], str, list[str]]:
    """Five good submissions, one with a hostile file name, two with hostile provider ids."""
    repos = Repositories(LocalObjectStore(tmp_path / "data"))
    load_ofsted(repos, OFSTED_SNAPSHOT.read_bytes(), OFSTED_SNAPSHOT.name)
    good = [submit(repos, _uploads(s), s.provider, received_at=RECEIVED).id
            for s in SAMPLE_APPLICATIONS]
    # a charity number
    good.append(submit(repos, _uploads(ACCEPTED), "1234567-1", received_at=RECEIVED).id)
    named = submit(repos, _uploads(LOW_COVER, {"insurance-certificate.pdf": HOSTILE_NAME}),
                   "hope-fostering-2", received_at=RECEIVED).id
    bad = [_store_as_an_older_version_did(repos, provider) for provider in HOSTILE_IDS]
    return repos, good, named, bad


def test_bad_submissions_are_set_aside_with_reasons_and_the_good_ones_decided(
    dps: Dps, api: dict[str, str], queue: tuple[Repositories, list[str], str, list[str]]
) -> None:
    repos, good, named, bad = queue

    run = dps("process", "--as-of", AS_OF, "--route", **api)

    assert run.returncode == 3, run.stderr
    output = run.stdout + run.stderr
    assert "Traceback" not in output and "\x1b" not in output and "\x07" not in output
    assert not any(line.startswith("[9/9] S-20240603-000000-forged") for line in
                   output.splitlines())
    set_aside = run.stderr.split("Set aside 2 submission(s)")[1].splitlines()[1:]
    assert sorted(line.split(":")[0].strip() for line in set_aside) == sorted(bad)
    assert all("provider id" in line and "cannot be used" in line for line in set_aside)
    states = {s.id: s.state for s in repos.submissions.all()}
    assert [states[i].value for i in good] == [
        "accepted", "in-review", "rejected", "rejected", "accepted"]
    assert [states[i] for i in bad] == [SubmissionState.FAILED] * 2
    assert all(repos.decisions.of(i) == [] for i in bad)
    # the hostile name is kept as given, and its rejection letter is made (the name cleaned)
    assert states[named] is SubmissionState.REJECTED
    assert repos.submissions.get(named).files[1].original_name == HOSTILE_NAME
    (letter,) = Notices(repos.store).of(named)
    assert letter.kind == "rejection"
    # a review for the team on each one set aside, no register entry for them
    reviews = {r.submission_id: r for r in repos.reviews.all()}
    assert {i: reviews[i].findings[0].code for i in bad} == dict.fromkeys(
        bad, "submission-set-aside")
    assert {e.provider for e in repos.register.entries()} == {
        "children-first-fostering", "1234567-1"}

    again = dps("process", "--as-of", AS_OF, "--route", **api)
    assert again.returncode == 0 and "Nothing to process" in again.stdout
    letters = Counter(str(n.kind) for s in repos.submissions.all()
                      for n in Notices(repos.store).of(s.id))
    assert letters == {"acceptance": 2, "rejection": 3}
    assert Counter(e.action for e in repos.audit.events())["set-aside"] == 2

    shown = dps("status", bad[0])
    assert shown.returncode == 0
    assert f"Submission {bad[0]}: failed" in shown.stdout
    assert "set aside for the team: provider id '../../etc' cannot be used" in shown.stdout
    assert json.loads(dps("status", "--json", bad[1]).stdout)["status"] == "failed"
    hostile = dps("status", named)
    assert "\x1b" not in hostile.stdout and "insurance\\x07\\x1b[2J\\r\\n[9/9]" in hostile.stdout


def test_a_what_if_under_another_policy_sends_no_letter_and_changes_no_register_entry(
    dps: Dps, api: dict[str, str], tmp_path: Path
) -> None:
    repos = Repositories(LocalObjectStore(tmp_path / "data"))
    load_ofsted(repos, OFSTED_SNAPSHOT.read_bytes(), OFSTED_SNAPSHOT.name)
    accepted = submit(repos, _uploads(ACCEPTED), ACCEPTED.provider,
                      received_at=RECEIVED).id
    in_review = submit(repos, _uploads(IN_REVIEW), IN_REVIEW.provider,
                       received_at=RECEIVED).id
    assert dps("process", "--as-of", AS_OF, "--route", **api).returncode == 0
    register = [e.model_dump() for e in repos.register.entries()]
    notices = [n.id for i in (accepted, in_review) for n in Notices(repos.store).of(i)]

    what_if = dps("process", "--policy", "2025.1", "--as-of", AS_OF, **api)
    far_future = dps("process", "--as-of", "2030-01-01", **api)

    assert what_if.returncode == 0 and far_future.returncode == 0, what_if.stderr
    assert "What-if: deciding under policy 2025.1 as of 03 Jun 2024" in what_if.stderr
    assert "(what-if, not routed)" in what_if.stderr
    assert [e.model_dump() for e in repos.register.entries()] == register
    assert [n.id for i in (accepted, in_review) for n in Notices(repos.store).of(i)] == notices
    assert repos.submissions.get(in_review).state is SubmissionState.IN_REVIEW
    assert len(repos.reviews.all()) == 1
    shown = dps("status", accepted).stdout
    assert "what-if (for comparison only, not routed): policy 2025.1 as of 03 Jun 2024" in shown
    status = json.loads(dps("status", "--json", in_review).stdout)
    assert status["status"] == "in-review"
    assert [w["policy_version"] for w in status["what_ifs"]] == ["2025.1", "2025.1"]


def test_process_refuses_without_an_ofsted_snapshot_or_before_the_oldest_policy(
    dps: Dps, api: dict[str, str]
) -> None:
    empty = dps("process", **api)
    early = dps("process", "--as-of", "2020-01-01", **api)

    assert (empty.returncode, early.returncode) == (2, 2)
    assert empty.stderr.strip() == ("dps: no Ofsted snapshot is loaded: load one with `dps ofsted "
                                    "load FILE` before `dps process`")
    assert early.stderr.strip().startswith("dps: --as-of 2020-01-01 is before the oldest policy")


def test_process_refuses_an_as_of_before_a_pending_submission_was_received(
    dps: Dps, tmp_path: Path, api: dict[str, str]
) -> None:
    repos = Repositories(LocalObjectStore(tmp_path / "data"))
    load_ofsted(repos, OFSTED_SNAPSHOT.read_bytes(), OFSTED_SNAPSHOT.name)
    on_time = submit(repos, _uploads(ACCEPTED), ACCEPTED.provider, received_at=RECEIVED).id
    today = submit(repos, _uploads(IN_REVIEW), IN_REVIEW.provider).id  # received now

    refused = dps("process", "--as-of", AS_OF, "--route", **api)
    what_if = dps("process", "--as-of", AS_OF, "--policy", "2025.1", **api)

    for run in (refused, what_if):
        assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1, run.stderr
        assert run.stderr.startswith(f"dps: --as-of {AS_OF} is before 1 submission(s) were "
                                     f"received (the latest, {today}, on "), run.stderr
    assert repos.decisions.of(on_time) == [] and repos.decisions.of(today) == []


def test_submit_takes_the_day_a_submission_was_received_but_never_a_future_one(
    dps: Dps, tmp_path: Path
) -> None:
    form = next(p for p in ACCEPTED.files() if p.suffix == ".docx")

    kept = dps("submit", "--received", "2024-05-31", "--json", str(form))
    future = dps("submit", "--received", "2999-01-01", str(form))
    ancient = dps("submit", "--received", "2001-01-01", str(form))

    assert kept.returncode == 0, kept.stderr
    submission_id = json.loads(kept.stdout)["submission_id"]
    received = Repositories(LocalObjectStore(tmp_path / "data")).submissions.get(
        submission_id).received_at
    assert received.isoformat() == "2024-05-31T00:00:00+01:00"  # the day's start, in London
    assert (future.returncode, ancient.returncode) == (2, 2)
    assert future.stderr.strip() == ("dps: --received 2999-01-01 is in the future: give the day "
                                     "the council received the submission")
    assert ancient.stderr.strip().startswith("dps: --received 2001-01-01 is before the oldest "
                                             "policy")


def test_submit_refuses_a_hostile_provider_id_and_an_oversized_file_in_one_line(
    dps: Dps, tmp_path: Path
) -> None:
    form = next(p for p in ACCEPTED.files() if p.suffix == ".docx")
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as sparse:  # 21 MiB on paper, nothing on disk: only its size is looked at
        sparse.truncate(21 * 2**20)

    refused = [dps("submit", "--provider", provider, str(form))
               for provider in ("a/b", "../../etc", ".hidden", "café", "x" * 500, "ok\n[1/1]")]
    too_large = dps("submit", "--provider", "acme", str(form), str(huge))
    extract = dps("extract", str(huge))

    for result in [*refused, too_large, extract]:
        assert result.returncode == 2, result.stderr
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert "a provider id is letters and digits" in refused[0].stderr
    assert "it is 500 characters long; the most is 64" in refused[4].stderr
    assert too_large.stderr.startswith("dps: ") and "21.0 MiB; the limit is 20 MiB" in \
        too_large.stderr
    assert not (tmp_path / "data" / "submissions").exists()  # nothing was kept
