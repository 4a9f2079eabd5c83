"""The scheduled jobs that fetch or deliver files: the regulator refresh from a configured
location, and the weekly register export to a configured folder (flows/deployments.py schedules
them). Both read their location from the environment of the worker, or take it as a parameter.

    DPS_OFSTED_SOURCE  the Ofsted snapshot: a path, file://PATH or s3://BUCKET/KEY
    DPS_GIAS_SOURCE    the GIAS establishment extract, the same way (optional)
    DPS_EXPORT_TO      where the register goes: a folder, file://PATH or s3://BUCKET[/PREFIX]
                       (default: exports/ in the pipeline's storage)
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from prefect import flow, task

from flows import settings
from flows.export import export_register
from flows.intake import IO_RETRIES
from flows.regulator_refresh import keep_regulator_file, refresh_regulator_data
from storage.config import build_s3_client, open_object_store
from storage.errors import ObjectNotFound, StorageError
from storage.objects import ObjectStore

OFSTED_SOURCE = "DPS_OFSTED_SOURCE"
GIAS_SOURCE = "DPS_GIAS_SOURCE"
EXPORT_TO = "DPS_EXPORT_TO"
EXPORT_PREFIX = "exports/"  # under the pipeline's storage, when DPS_EXPORT_TO is not set
EXPORT_FORMATS = ("csv", "xlsx")


class LocationUnavailable(Exception):
    """A configured location (the Ofsted snapshot's, the export's) is unset or cannot be used."""


@flow(name="refresh-regulator-from-location", log_prints=False)
def refresh_regulator_from_location(
    location: str | None = None, gias_location: str | None = None
) -> dict[str, object]:
    """Read the Ofsted snapshot at `location` (default: DPS_OFSTED_SOURCE) and run the regulator
    refresh on it; then the same for the GIAS extract at `gias_location` (default:
    DPS_GIAS_SOURCE), when one is configured. Bytes loaded before change nothing, so a weekly
    run between the publications is a cheap no-op."""
    where = (location or os.environ.get(OFSTED_SOURCE, "")).strip()
    if not where:
        raise LocationUnavailable(
            f"no Ofsted snapshot location: set {OFSTED_SOURCE} to a path, file://PATH or "
            "s3://BUCKET/KEY (or pass `location`)")
    result = {"location": where, **_refresh_from(where, OFSTED_SOURCE, "ofsted")}
    schools = (gias_location or os.environ.get(GIAS_SOURCE, "")).strip()
    if schools:  # optional: a council without school lots has no GIAS extract to follow
        result["gias"] = {"location": schools, **_refresh_from(schools, GIAS_SOURCE, "gias")}
    return result


def _refresh_from(where: str, setting: str, source: str) -> dict[str, object]:
    try:
        data, name = read_snapshot(where, setting)
    except StorageError as error:  # S3 still unreachable after the task's retries
        raise LocationUnavailable(f"{setting}={where!r} cannot be read: {error}") from error
    # kept first, then referred to: the refresh's parameters are its id, never the file
    snapshot_id = keep_regulator_file(settings.repositories(), data, source)
    summary = refresh_regulator_data(snapshot_id, name, source=source)
    return {
        "snapshot": summary.snapshot_id, "new": summary.snapshot_created,
        "changed_rows": summary.changed_rows, "suspended": summary.suspended,
        "reviews_opened": summary.reviews_opened,
    }


@task(**IO_RETRIES)
def read_snapshot(location: str, setting: str = OFSTED_SOURCE) -> tuple[bytes, str]:
    """The bytes and file name at a path, file:// or s3:// location (`setting` names where the
    location came from, for the messages)."""
    parts = urlsplit(location)
    scheme = parts.scheme.lower() if "://" in location else ""
    try:
        if scheme == "s3":
            key = unquote(parts.path.lstrip("/"))
            if not parts.netloc or not key:
                raise LocationUnavailable(f"{setting}={location!r} names no bucket and key: "
                                          "use s3://BUCKET/KEY")
            from storage.s3 import S3ObjectStore  # boto3 only loads when S3 is used

            store = S3ObjectStore(build_s3_client(os.environ), parts.netloc)
            return store.get(key).data, key.rsplit("/", 1)[-1]
        if scheme not in ("", "file"):
            raise LocationUnavailable(f"{setting}={location!r}: use a path, file://PATH or "
                                      "s3://BUCKET/KEY")
        path = _file_path(location) if scheme == "file" else Path(location).expanduser()
        return path.read_bytes(), path.name
    except ObjectNotFound as error:
        raise LocationUnavailable(f"{setting}={location!r}: no such object") from error
    except OSError as error:
        raise LocationUnavailable(f"{setting}={location!r} cannot be read: "
                                  f"{error.strerror or error}") from error


def _file_path(url: str) -> Path:
    parts = urlsplit(url)
    host = "" if parts.netloc in ("", "localhost") else parts.netloc
    return Path(unquote(host + parts.path))


@flow(name="export-register-files", log_prints=False)
def export_register_files(destination: str | None = None,
                          day: dt.date | None = None) -> list[str]:
    """Write the register as CSV and XLSX, named by the day (register-2026-11-30.csv), to
    `destination` (default: DPS_EXPORT_TO, else exports/ in the pipeline's storage). The same
    day again replaces that day's files. Returns where each file went."""
    day = day or settings.today()
    store, prefix = _export_store(destination or os.environ.get(EXPORT_TO, "").strip())
    written = []
    for file_format in EXPORT_FORMATS:
        key = f"{prefix}register-{day.isoformat()}.{file_format}"
        write_export(store, key, export_register(file_format))
        written.append(f"{store.location.rstrip('/')}/{key}")
    return written


@task(**IO_RETRIES)
def write_export(store: ObjectStore, key: str, data: bytes) -> None:
    """Write one export file."""
    store.put(key, data)


def _export_store(destination: str) -> tuple[ObjectStore, str]:
    """The store and key prefix the register files go to."""
    if not destination:
        return settings.repositories().store, EXPORT_PREFIX
    try:
        return open_object_store(destination, cwd=Path.cwd(), env=dict(os.environ)), ""
    except (ValueError, StorageError) as error:
        raise LocationUnavailable(f"{EXPORT_TO}={destination!r}: {error}") from error
