"""The flows' view of the wiring (bootstrap.py): the repositories over the configured storage,
how letters get their PDF, and the clock in the council's timezone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import bootstrap
from domain.notices import NoticeRecord
from storage.repositories import Repositories

#: DPS_TIMEZONE (default Europe/London): schedules run and days begin in it
COUNCIL_TIMEZONE: ZoneInfo = bootstrap.settings().zone


def storage_url() -> str:
    """DPS_STORAGE: a path, file://…, or s3://bucket/prefix; default ./dps-data."""
    return bootstrap.settings().storage


def repositories() -> Repositories:
    """The repositories over the configured store (one per process and configuration)."""
    return bootstrap.repositories()


def notice_pdf_maker() -> Callable[[bytes], bytes | None]:
    """How notices get their PDF (bootstrap.pdf_maker)."""
    return bootstrap.pdf_maker()


def letter_notifier() -> Callable[[NoticeRecord], object]:
    """How the provider's users are told of a letter issued (bootstrap.notifier)."""
    return bootstrap.notifier()


def scratch_folder() -> Path | None:
    """Where a run's temporary files go (bootstrap.scratch_folder)."""
    return bootstrap.scratch_folder(repositories())


def now() -> dt.datetime:
    """The time, aware, in UTC (stored times are UTC; shown in the council's timezone)."""
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """The default evaluation date: today in the council's timezone."""
    return dt.datetime.now(COUNCIL_TIMEZONE).date()
