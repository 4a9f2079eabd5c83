"""The pricing schedule as a table: a pandera model with named checks, and the one place where
pandera's failure cases become (row, column, value, problem) tuples."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors
from pandera.typing import Series

REQUIRED_COLUMNS = (
    "Lot",
    "Service",
    "Core weekly fee",
    "Education weekly fee",
    "Therapy weekly fee",
    "Total weekly fee",
)
FEE_COLUMNS = REQUIRED_COLUMNS[2:]
OPTIONAL_FEES = ("Education weekly fee", "Therapy weekly fee")  # blank means 0
LOT_NAMES = {
    "residential special schools": "1a",
    "day special schools": "1b",
    "children's homes with education": "1c",
    "residential short breaks": "1d",
    "specialist post-16 institutions": "2",
    "independent fostering agencies": "3",
    "children's residential homes": "4",
}
_AMOUNT = re.compile(r"^(?:£|gbp)?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$", re.IGNORECASE)


def parse_fee(text: object) -> Decimal | None:
    """A cell's amount in pounds ('£1,250.00', '1250', 'GBP 1,250'); None when it is not one."""
    cleaned = " ".join(str(text).replace("£ ", "£").split()).removesuffix(" per week")
    match = _AMOUNT.match(cleaned)
    if not match:
        return None
    try:
        return Decimal(match[1].replace(",", "") + (f".{match[2]}" if match[2] else ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return None


def lot_of(text: object) -> str | None:
    """'3', 'Lot 3', '1A' or a lot's name → its code; None when it names no lot."""
    cleaned = " ".join(str(text).strip().lower().replace("\u2019", "'").split())
    cleaned = cleaned.removeprefix("lot ").strip()
    if cleaned in {"1a", "1b", "1c", "1d", "2", "3", "4"}:
        return cleaned
    return LOT_NAMES.get(cleaned)


class PricingSchedule(pa.DataFrameModel):
    """A row per service offered; fees are non-negative amounts in pounds."""

    lot: Series[str] = pa.Field(alias="Lot", nullable=True)
    service: Series[str] = pa.Field(alias="Service", nullable=True)
    core: Series[str] = pa.Field(alias="Core weekly fee", nullable=True)
    education: Series[str] = pa.Field(alias="Education weekly fee", nullable=True)
    therapy: Series[str] = pa.Field(alias="Therapy weekly fee", nullable=True)
    total: Series[str] = pa.Field(alias="Total weekly fee", nullable=True)

    @pa.check("Lot", name="a lot: 1a, 1b, 1c, 1d, 2, 3 or 4, or its name")
    def known_lot(cls, column: Series[str]) -> pd.Series:
        return column.map(lambda cell: lot_of(cell) is not None)

    @pa.check("Service", name="the service offered, in words")
    def service_named(cls, column: Series[str]) -> pd.Series:
        return column.fillna("").str.strip() != ""

    @pa.check("Core weekly fee", "Total weekly fee", name="an amount in pounds")
    def required_fee(cls, column: Series[str]) -> pd.Series:
        return column.map(lambda cell: parse_fee(cell) is not None)

    @pa.check(
        "Education weekly fee", "Therapy weekly fee", name="an amount in pounds, or blank for none"
    )
    def optional_fee(cls, column: Series[str]) -> pd.Series:
        return column.map(lambda cell: not str(cell or "").strip() or parse_fee(cell) is not None)

    class Config:
        strict = False
        coerce = False


@dataclass(frozen=True)
class BadCell:
    row: int  # 1-based data row
    column: str
    value: str
    problem: str


def find_bad_cells(table: pd.DataFrame) -> list[BadCell]:
    """Every cell that breaks the model (all of them: lazy validation), in row order."""
    try:
        PricingSchedule.validate(table, lazy=True)
    except SchemaErrors as errors:
        cases = errors.failure_cases
        bad = [
            BadCell(
                row=int(case["index"]) + 1,
                column=str(case["column"]),
                value="" if pd.isna(case["failure_case"]) else str(case["failure_case"]),
                problem=str(case["check"]),
            )
            for _, case in cases.iterrows()
            if not pd.isna(case["index"])
        ]
        return sorted(
            bad,
            key=lambda cell: (
                cell.row,
                REQUIRED_COLUMNS.index(cell.column) if cell.column in REQUIRED_COLUMNS else 99,
            ),
        )
    return []
