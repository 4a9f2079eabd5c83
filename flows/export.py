"""The register export as a flow, for the weekly schedule (flows/scheduled.py)."""

from __future__ import annotations

import datetime as dt

from prefect import flow

from flows import settings
from services.register_export import register_file


@flow(name="export-register", log_prints=False)
def export_register(file_format: str, as_of: dt.datetime | None = None) -> bytes:
    """The register now (or as it stood at `as_of`) as CSV (UTF-8 with BOM, for Excel) or XLSX."""
    return register_file(settings.repositories().register.entries(as_of), file_format)
