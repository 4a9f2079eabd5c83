"""A row of regulator data kept out of a snapshot: which cell, and why (shown by every way in)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QuarantinedRow:
    """One cell that kept its row out of the snapshot, and why."""

    row: int  # 1-based row of the source file, as a spreadsheet numbers it
    column: str  # the header as in the file, whitespace tidied
    value: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column} {self.value!r}: {self.reason}"
