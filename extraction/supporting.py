"""Fields of the supporting documents (documents.md). (Placeholder: finds nothing yet.)"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.evidence import Answer, InsuranceCover, TableRow
from extraction.model import ReadDocument


@dataclass(frozen=True)
class SupportingFields:
    fields: dict[str, Answer] = field(default_factory=dict)
    covers: tuple[InsuranceCover, ...] = ()
    tables: dict[str, tuple[TableRow, ...]] = field(default_factory=dict)


def find_supporting(document: ReadDocument, kinds: tuple[str, ...], name: str) -> SupportingFields:
    """The fields each recognised kind carries, with provenance."""
    return SupportingFields()
