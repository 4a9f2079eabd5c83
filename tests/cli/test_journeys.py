"""What a user does with `dps`: the demo, submit → process → status, the register, S3 storage,
and a `dps process` killed partway."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest

from fixtures import OFSTED_SNAPSHOT
from fixtures.applications import SAMPLE_APPLICATIONS
from fixtures.sample_dates import RECEIVED
from services.accounts import open_invitation
from storage.local import LocalObjectStore
from storage.repositories import Repositories
from tests.cli.conftest import Dps, dps_env

RECEIVED_DAY = f"{RECEIVED:%Y-%m-%d}"  # `dps submit --received`: the samples' receipt

pytestmark = pytest.mark.slow


def test_demo_prints_a_decision_per_sample_and_where_it_wrote(dps: Dps, tmp_path: Path) -> None:
    result = dps("demo")
    assert result.returncode == 0, result.stderr
    for status in ("accepted", "in-review", "rejected"):
        assert f": {status}\n" in result.stdout
    assert "public-liability-below-minimum" in result.stdout
    assert "mandatory-exclusion" in result.stdout
    assert f"Written to file://{tmp_path / 'data'}" in result.stdout
    assert "[4/4]" in result.stderr  # progress goes to stderr, the summary to stdout
    assert "starting Prefect's local API" in result.stderr  # what the first ten seconds are
    # the portal's accounts: a one-time link each, opening an invitation kept in the storage
    links = re.findall(r"^  (\S+@\S+) \(.*\): http://127\.0\.0\.1:8000/set-password/(\S+)$",
                       result.stdout, re.MULTILINE)
    providers = {s.provider for s in SAMPLE_APPLICATIONS}
    assert {email for email, _ in links} == {
        "officer@council.example", *(f"{p}@provider.example" for p in providers)}
    repos = Repositories(LocalObjectStore(tmp_path / "data"))
    now = dt.datetime.now(dt.UTC)
    assert all(open_invitation(repos, token, now).email == email for email, token in links)


def test_the_register_the_demo_leaves_is_true_by_the_clock(dps_served: Dps) -> None:
    """The demo decides as of today, with its samples dated for today: the first scheduled
    re-validation finds nothing lapsed, so nothing the demo admitted is suspended."""
    dps = dps_served  # one Prefect server for the session (tests/cli/conftest.py, `api`)
    demo = dps("demo")
    assert demo.returncode == 0, demo.stderr
    assert f"Decisions as of {dt.date.today():%d %B %Y}" in demo.stdout
    revalidated = dps("revalidate")
    assert revalidated.returncode == 0, revalidated.stderr
    assert "Suspended:" not in revalidated.stdout
    statuses = {e["status"] for e in json.loads(dps("register", "list", "--json").stdout)}
    assert statuses == {"active"}


def test_submit_process_status_and_register_as_json(dps_served: Dps) -> None:
    dps = dps_served  # one Prefect server for the session (tests/cli/conftest.py, `api`)
    assert dps("ofsted", "load", str(OFSTED_SNAPSHOT)).returncode == 0
    ids = {}
    for sample in SAMPLE_APPLICATIONS:
        out = dps("submit", "--json", "--received", RECEIVED_DAY, *map(str, sample.files()))
        ids[sample.file_name] = json.loads(out.stdout)["submission_id"]
    received = json.loads(dps("status", "--json", ids["in-review-childrens-home.docx"]).stdout)
    assert received == {
        "submission_id": ids["in-review-childrens-home.docx"],
        "status": "received",
        "lots": [],
        "notices": [],
        "what_ifs": [],
        "clarifications": [],
    }
    assert dps("process", "--as-of", "2024-06-03", "--route").returncode == 0
    for sample in SAMPLE_APPLICATIONS:
        status = json.loads(dps("status", "--json", ids[sample.file_name]).stdout)
        assert status["status"] == sample.expected_status
        codes = {r["code"] for lot in status["lots"] for r in lot["reasons"]}
        assert codes == sample.expected_codes
        for lot in status["lots"]:
            assert set(lot) == {"lot", "outcome", "reasons"}
            for reason in lot["reasons"]:
                assert set(reason) == {"code", "outcome", "message", "document", "page"}
    register = json.loads(dps("register", "list", "--json").stdout)
    assert register == [
        {"provider": "ch-03894588", "lot": "3", "status": "active", "settings": ["SC034253"]}
    ]
    again = dps("process", "--as-of", "2024-06-03", "--route")
    assert "Nothing to process" in again.stdout


def test_demo_on_s3_writes_its_objects_to_the_bucket(dps_served: Dps, moto_server: str) -> None:
    dps = dps_served  # the bucket is what is tested: no temporary Prefect API needed (~9 s)
    credentials = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-west-2",
    }
    result = dps(
        "demo",
        DPS_STORAGE="s3://dps-demo-bucket/council",
        AWS_ENDPOINT_URL=moto_server,
        **credentials,
    )
    assert result.returncode == 0, result.stderr
    assert "Written to s3://dps-demo-bucket/council" in result.stdout
    client = boto3.client(
        "s3",
        endpoint_url=moto_server,
        region_name="eu-west-2",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    keys = [
        o["Key"]
        for page in client.get_paginator("list_objects_v2").paginate(
            Bucket="dps-demo-bucket", Prefix="council/"
        )
        for o in page.get("Contents", [])
    ]
    assert sum(k.startswith("council/decisions/") for k in keys) == 4
    assert sum(k.startswith("council/register/") for k in keys) == 1


def test_killing_dps_process_partway_then_rerunning_decides_each_submission_once(
    dps: Dps,
    tmp_path: Path,
    api: dict[str, str],
) -> None:
    # loaded through the session's server (~9 s less); the run killed and the rerun use their
    # own temporary API, as on a machine without one
    assert dps("ofsted", "load", str(OFSTED_SNAPSHOT), **api).returncode == 0
    for sample in SAMPLE_APPLICATIONS * 2:
        assert dps("submit", "--received", RECEIVED_DAY, *map(str, sample.files())).returncode == 0
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "process", "--as-of", "2024-06-03", "--route"],
        cwd=tmp_path,
        env=dps_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # so what it leaves behind can be killed with it
    )
    repos = Repositories(LocalObjectStore(tmp_path / "data"))
    deadline = time.monotonic() + 180
    while not list(repos.store.list("decisions/")) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the process and its temporary server, as in a crash
    process.wait()
    assert len(list(repos.store.list("decisions/"))) < 8  # it was stopped partway
    assert dps("process", "--as-of", "2024-06-03", "--route").returncode == 0
    submissions = list(repos.submissions.all())
    assert all(len(repos.decisions.of(s.id)) == 1 for s in submissions)
    assert all(s.state.is_decided for s in submissions)
    entries = repos.register.entries()
    assert [(e.provider, e.lot) for e in entries] == [("ch-03894588", "3")]
    assert len(entries[0].history) == 2  # one admission event per accepted submission
    admitted = [e for e in repos.audit.events() if e.action == "register-admitted"]
    assert len(admitted) == 2


def test_a_reviewer_accepts_the_referred_home_from_the_command_line(dps_served: Dps) -> None:
    dps = dps_served  # one Prefect server for the session (tests/cli/conftest.py, `api`)
    assert dps("demo").returncode == 0
    reviews = json.loads(dps("review", "list", "--json").stdout)
    assert [(r["provider"], r["lot"], r["status"]) for r in reviews] == [
        ("keys-child-care", "4", "open")]
    review_id, submission_id = reviews[0]["id"], reviews[0]["submission_id"]
    assert "ofsted-rating-requires-improvement" in dps("review", "show", review_id).stdout
    refused = dps("review", "decide", review_id, "--lot", "3", "--accept", "--reviewer", "J Smith",
                  "--reason", "Plan seen")
    assert refused.returncode == 2 and "is for lot 4" in refused.stderr
    decided = dps("review", "decide", review_id, "--lot", "4", "--accept", "--reviewer",
                  "J Smith", "--reason", "Improvement plan seen; monitoring visit positive")
    assert decided.returncode == 0, decided.stderr
    assert json.loads(dps("status", "--json", submission_id).stdout)["status"] == "accepted"
    register = json.loads(dps("register", "list", "--json").stdout)
    assert {(e["provider"], e["lot"]) for e in register} == {
        ("children-first-fostering", "3"), ("keys-child-care", "4")}
    history = dps("register", "history", "keys-child-care").stdout
    assert "admitted" in history and "reviewer:J Smith" in history
    assert json.loads(dps("register", "list", "--as-of", "2020-01-01", "--json").stdout) == []
    export = dps("register", "export", "--format", "csv", "register.csv")
    assert export.returncode == 0, export.stderr
    notices = json.loads(dps("status", "--json", submission_id).stdout)["notices"]
    assert [n["kind"] for n in notices] == ["acceptance"]  # the reviewer's acceptance


def test_an_inadequate_snapshot_suspends_an_admitted_provider_from_the_command_line(
    dps_served: Dps, tmp_path: Path
) -> None:
    dps = dps_served  # one Prefect server for the session (tests/cli/conftest.py, `api`)
    from fixtures.ofsted_edits import main as edit_snapshot

    assert dps("demo").returncode == 0
    inadequate = tmp_path / "inadequate.csv"
    assert edit_snapshot(["SC034253", "Inadequate", str(inadequate)]) == 0
    loaded = dps("ofsted", "load", str(inadequate))
    assert loaded.returncode == 0, loaded.stderr
    assert "1 entr(y/ies) suspended, 1 review(s) opened" in loaded.stdout

    history = dps("register", "history", "children-first-fostering").stdout
    assert "suspended   active -> suspended  by flow:refresh-regulator-data: " \
        "ofsted-rating-inadequate: Ofsted URN SC034253" in history
    assert "letter: suspension" in history and "(ofsted-rating-inadequate)" in history
    reviews = json.loads(dps("review", "list", "--json").stdout)
    assert [(r["lot"], r["status"]) for r in reviews
            if r["provider"] == "children-first-fostering"] == [("3", "open")]
    # the letters are kept with the admitting submission, and `dps status` lists them
    repos = Repositories(LocalObjectStore(tmp_path / "data"))
    (admitting,) = [s.id for s in repos.submissions.all() if s.state.value == "accepted"]
    notices = json.loads(dps("status", "--json", admitting).stdout)["notices"]
    assert [(n["kind"], n["lot"]) for n in notices] == [("acceptance", "3"), ("suspension", "3")]
