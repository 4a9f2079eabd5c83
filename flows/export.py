"""The register for the commissioning team: one row per provider and lot, as CSV or XLSX."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from prefect import flow

from domain.models import RegisterEntry
from flows import settings

COLUMNS = ("provider", "lot", "status", "settings", "admitted", "last_change", "last_change_reason",
           "judgements_at_admission", "evidence_expiry")


def register_table(entries: list[RegisterEntry]) -> pd.DataFrame:
    """The register as a table, sorted by provider and lot."""
    rows = [{
        "provider": e.provider, "lot": e.lot, "status": e.status.value,
        "settings": "; ".join(e.settings),
        "admitted": next((h.at.date().isoformat() for h in e.history if h.kind == "admitted"), ""),
        "last_change": e.history[-1].at.date().isoformat() if e.history else "",
        "last_change_reason": e.history[-1].reason if e.history else "",
        "judgements_at_admission": "; ".join(f"{k}: {v}" for k, v in
                                             e.judgements_at_admission.items()),
        "evidence_expiry": "; ".join(f"{k}: {v.isoformat()}" for k, v in
                                     e.evidence_expiry.items()),
    } for e in sorted(entries, key=lambda e: (e.provider, e.lot))]
    return pd.DataFrame(rows, columns=list(COLUMNS))


@flow(name="export-register", log_prints=False)
def export_register(file_format: str, as_of: dt.datetime | None = None) -> bytes:
    """The register now (or as it stood at `as_of`) as CSV (UTF-8 with BOM, for Excel) or XLSX."""
    table = register_table(settings.repositories().register.entries(as_of))
    if file_format == "csv":
        return table.to_csv(index=False).encode("utf-8-sig")
    if file_format == "xlsx":
        out = io.BytesIO()
        with pd.ExcelWriter(out, engine="openpyxl") as writer:
            table.to_excel(writer, index=False, sheet_name="DPS register")
        return out.getvalue()
    raise ValueError(f"unknown format {file_format!r}: csv or xlsx")
