"""The pricing schedule, validated as a whole: every bad cell with its row and column."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pandas as pd

from domain.evidence import ExtractedDocument, TableRow
from domain.models import Finding
from domain.reasons import finding
from validators.case import Case, pounds
from validators.pricing_schema import (
    FEE_COLUMNS,
    OPTIONAL_FEES,
    REQUIRED_COLUMNS,
    find_bad_cells,
    lot_of,
    parse_fee,
)
from validators.rules.registry import rule

SECTION = "Pricing schedule"


def _schedules(case: Case) -> list[tuple[ExtractedDocument, tuple[TableRow, ...]]]:
    return [(d, d.tables.get("pricing", ())) for d in case.of_kind("pricing-schedule")]


def _frame(rows: tuple[TableRow, ...]) -> pd.DataFrame:
    return pd.DataFrame([row.cells for row in rows], dtype="object")


@rule("pricing-schedule-invalid", section=SECTION)
def check_pricing_table(case: Case) -> Iterator[Finding]:
    """The schedule has the required columns, a row for each lot, and every fee in pounds."""
    for document, rows in _schedules(case):
        table = _frame(rows)
        missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
        if not rows or missing:
            problem = (
                "has no rows"
                if not rows
                else "lacks the column(s) " + ", ".join(f"'{c}'" for c in missing)
            )
            yield finding("pricing-schedule-invalid", document=document.file, problem=problem)
            continue
        for bad in find_bad_cells(table):
            row_lot = lot_of(rows[bad.row - 1].cells.get("Lot", ""))
            yield finding(
                "pricing-schedule-invalid",
                document=document.file,
                page=rows[bad.row - 1].page, box=rows[bad.row - 1].box,
                field=bad.column,
                lot=row_lot if row_lot in case.lots else None,
                problem=f"row {bad.row}, column '{bad.column}' is '{bad.value}'; "
                f"it must be {bad.problem}",
            )
        offered = {lot_of(cell) for cell in table["Lot"]}
        for lot in case.lots:
            if lot not in offered:
                yield finding(
                    "pricing-schedule-invalid",
                    document=document.file,
                    lot=lot,
                    problem=f"has no row for lot {lot}",
                )


def _fees(row: TableRow) -> dict[str, Decimal] | None:
    """The row's fees, blanks as 0 where allowed; None when any is unreadable."""
    fees = {}
    for column in FEE_COLUMNS:
        cell = row.cells.get(column, "").strip()
        amount = Decimal(0) if not cell and column in OPTIONAL_FEES else parse_fee(cell)
        if amount is None:
            return None
        fees[column] = amount
    return fees


@rule("pricing-total-mismatch", "fee-above-ceiling", section=SECTION)
def check_pricing_rows(case: Case) -> Iterator[Finding]:
    """Each row's total is the sum of its fees, and no total is above the lot's ceiling."""
    for document, rows in _schedules(case):
        for number, row in enumerate(rows, start=1):
            fees, lot = _fees(row), lot_of(row.cells.get("Lot", ""))
            if fees is None:
                continue  # reported by pricing-schedule-invalid
            where: dict[str, Any] = {
                "document": document.file,
                "page": row.page,
                "box": row.box,
                "row": number,
                "service": row.cells.get("Service", "").strip() or "unnamed",
            }
            parts = sum((fees[c] for c in FEE_COLUMNS[:-1]), Decimal(0))
            total = fees["Total weekly fee"]
            if parts != total:
                yield finding(
                    "pricing-total-mismatch",
                    total=pounds(total),
                    sum=pounds(parts),
                    lot=lot if lot in case.lots else None,
                    **where,
                )
            lot_policy = case.policy.lots.get(lot or "")
            if lot_policy and lot in case.lots and total > lot_policy.fee_ceiling:
                yield finding(
                    "fee-above-ceiling",
                    lot=lot,
                    total=pounds(total),
                    ceiling=pounds(lot_policy.fee_ceiling),
                    unit=lot_policy.fee_unit,
                    **where,
                )
