"""The scheduled jobs that fetch and deliver files: the regulator refresh from a configured
location (a path, file://, s3://) and the weekly register export to a configured folder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from moto import mock_aws

from fixtures import OFSTED_SNAPSHOT
from fixtures.applications import SAMPLE_APPLICATIONS
from flows import settings
from flows.scheduled import (
    EXPORT_TO,
    GIAS_SOURCE,
    OFSTED_SOURCE,
    LocationUnavailable,
    export_register_files,
    refresh_regulator_from_location,
)
from storage.repositories import Repositories
from tests.flows.conftest import admit_first_sample

DAY = dt.date(2026, 11, 30)


@pytest.fixture
def repos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prefect_harness: None
          ) -> Iterator[Repositories]:
    monkeypatch.setenv("DPS_STORAGE", str(tmp_path / "data"))
    for name in (OFSTED_SOURCE, GIAS_SOURCE, EXPORT_TO):
        monkeypatch.delenv(name, raising=False)
    yield settings.repositories()


def test_the_refresh_loads_the_snapshot_at_dps_ofsted_source_once(
    repos: Repositories, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(OFSTED_SOURCE, str(OFSTED_SNAPSHOT))
    first = refresh_regulator_from_location()
    assert first["new"] is True and first["location"] == str(OFSTED_SNAPSHOT)
    record = repos.snapshots.current("ofsted")
    assert record is not None and record.original_name == OFSTED_SNAPSHOT.name
    again = refresh_regulator_from_location(f"file://{OFSTED_SNAPSHOT}")  # the same bytes
    assert (again["new"], again["suspended"], again["reviews_opened"]) == (False, 0, 0)
    assert again["snapshot"] == first["snapshot"]


def test_the_refresh_also_loads_the_gias_extract_at_dps_gias_source(
    repos: Repositories, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fixtures.gias import GIAS_EXTRACT

    monkeypatch.setenv(OFSTED_SOURCE, str(OFSTED_SNAPSHOT))
    monkeypatch.setenv(GIAS_SOURCE, f"file://{GIAS_EXTRACT}")
    result = refresh_regulator_from_location()
    assert "gias" in result and result["gias"]["new"] is True  # type: ignore[index]
    record = repos.snapshots.current("gias")
    assert record is not None and record.original_name == GIAS_EXTRACT.name
    monkeypatch.setenv(GIAS_SOURCE, "/nowhere/edubase.csv")
    with pytest.raises(LocationUnavailable, match=f"{GIAS_SOURCE}='/nowhere/edubase.csv'"):
        refresh_regulator_from_location()


def test_the_refresh_reads_an_s3_object(
    repos: Repositories, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "eu-west-2"}.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    with mock_aws():
        import boto3

        s3 = boto3.client("s3", region_name="eu-west-2")
        s3.create_bucket(Bucket="ofsted", CreateBucketConfiguration={
            "LocationConstraint": "eu-west-2"})
        s3.put_object(Bucket="ofsted", Key="monthly/latest.csv", Body=OFSTED_SNAPSHOT.read_bytes())
        summary = refresh_regulator_from_location("s3://ofsted/monthly/latest.csv")
        assert summary["new"] is True
        with pytest.raises(LocationUnavailable, match="no such object"):
            refresh_regulator_from_location("s3://ofsted/monthly/missing.csv")
    record = repos.snapshots.current("ofsted")
    assert record is not None and record.original_name == "latest.csv"


@pytest.mark.parametrize(("location", "message"), [
    (None, f"no Ofsted snapshot location: set {OFSTED_SOURCE}"),
    ("/nowhere/ofsted.csv", f"{OFSTED_SOURCE}='/nowhere/ofsted.csv' cannot be read"),
    ("ftp://host/ofsted.csv", "use a path, file://PATH or s3://BUCKET/KEY"),
    ("s3://bucket-only", "names no bucket and key"),
])
def test_a_missing_or_unreadable_location_is_named_with_its_setting(
    repos: Repositories, location: str | None, message: str
) -> None:
    with pytest.raises(LocationUnavailable, match=message.replace("(", r"\(")):
        refresh_regulator_from_location(location)
    assert repos.snapshots.current("ofsted") is None  # nothing changed


def _admit_one(repos: Repositories) -> None:
    from services.regulators import load_ofsted

    load_ofsted(repos, OFSTED_SNAPSHOT.read_bytes(), OFSTED_SNAPSHOT.name)
    admit_first_sample(repos, dt.date(2024, 6, 3))


def test_the_weekly_export_writes_dated_csv_and_xlsx_to_dps_export_to(
    repos: Repositories, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _admit_one(repos)
    folder = tmp_path / "shared-drive" / "dps"
    monkeypatch.setenv(EXPORT_TO, str(folder))
    written = export_register_files(day=DAY)
    csv, xlsx = folder / "register-2026-11-30.csv", folder / "register-2026-11-30.xlsx"
    assert written == [f"file://{csv}", f"file://{xlsx}"]
    table = pd.read_csv(csv, encoding="utf-8-sig")
    assert list(table["provider"]) == [SAMPLE_APPLICATIONS[0].provider]
    assert list(pd.read_excel(xlsx, sheet_name="DPS register")["provider"]) == list(
        table["provider"])
    assert export_register_files(day=DAY) == written  # the same day again: the same two files


def test_without_dps_export_to_the_export_goes_to_exports_in_the_storage(
    repos: Repositories,
) -> None:
    written = export_register_files(day=DAY)
    assert [w.rsplit("/", 2)[-2:] for w in written] == [
        ["exports", "register-2026-11-30.csv"], ["exports", "register-2026-11-30.xlsx"]]
    header = repos.store.get("exports/register-2026-11-30.csv").data.decode("utf-8-sig")
    assert header.startswith("provider,lot,status,settings")
