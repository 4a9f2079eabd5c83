"""Settings and wiring in one place: where storage is, and the repositories over it."""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from storage.config import open_object_store
from storage.repositories import Repositories

COUNCIL_TIMEZONE = ZoneInfo("Europe/London")


def storage_url() -> str:
    """DPS_STORAGE: a path, file://…, or s3://bucket/prefix; default ./dps-data."""
    return os.environ.get("DPS_STORAGE", "")


@cache
def _repositories(url: str, cwd: str) -> Repositories:
    return Repositories(open_object_store(url or None, cwd=Path(cwd), env=dict(os.environ)))


def repositories() -> Repositories:
    """The repositories over the configured store (one per process and configuration)."""
    return _repositories(storage_url(), os.getcwd())


def notice_pdf_maker() -> Callable[[bytes], bytes | None]:
    """How notices get their PDF: LibreOffice where installed, unless DPS_NOTICE_PDF=0 (tests,
    or a machine where the DOCX is enough)."""
    from notices.pdf import to_pdf

    if os.environ.get("DPS_NOTICE_PDF", "1") == "0":
        return lambda _docx: None
    return functools.partial(to_pdf, scratch=scratch_folder())


def scratch_folder() -> Path | None:
    """Where a run's temporary files go: inside local storage (its reserved .dps tree, never
    listed as keys), so a killed run leaves nothing outside the storage; None for S3 storage
    (the system's temporary folder, each file removed when its work ends)."""
    from storage.local import LocalObjectStore

    store = repositories().store
    return store.root / ".dps" / "scratch" if isinstance(store, LocalObjectStore) else None


def now() -> dt.datetime:
    """The time, aware, in UTC (stored times are UTC; shown in the council's timezone)."""
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """The default evaluation date: today in the council's timezone."""
    return dt.datetime.now(COUNCIL_TIMEZONE).date()
