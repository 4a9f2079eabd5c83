"""The register for the commissioning team: one row per provider and lot, as CSV or XLSX."""

from __future__ import annotations

import io
from collections.abc import Iterable

import pandas as pd

from domain.models import RegisterEntry

COLUMNS = ("provider", "lot", "status", "settings", "admitted", "last_change", "last_change_reason",
           "judgements_at_admission", "evidence_expiry")
FORMATS = ("csv", "xlsx")


def register_table(entries: Iterable[RegisterEntry]) -> pd.DataFrame:
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


def register_file(entries: Iterable[RegisterEntry], file_format: str) -> bytes:
    """The register as CSV (UTF-8 with a byte-order mark, so Excel reads it) or XLSX."""
    table = register_table(entries)
    if file_format == "csv":
        return table.to_csv(index=False).encode("utf-8-sig")
    if file_format == "xlsx":
        out = io.BytesIO()
        with pd.ExcelWriter(out, engine="openpyxl") as writer:
            table.to_excel(writer, index=False, sheet_name="DPS register")
        return out.getvalue()
    raise ValueError(f"unknown format {file_format!r}: {' or '.join(FORMATS)}")
