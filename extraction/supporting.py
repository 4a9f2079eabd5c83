"""Fields of the supporting documents (documents.md), each kind read by its own module."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.evidence import Answer, InsuranceCover, TableRow
from extraction.accounts import find_accounts
from extraction.classify import ACCOUNTS, INSURANCE, OFSTED, PRICING, PURPOSE, SAFEGUARDING
from extraction.insurance import evidenced, find_covers
from extraction.model import ReadDocument
from extraction.ofsted_certificate import find_ofsted_certificate
from extraction.policies import find_safeguarding, find_statement_of_purpose
from extraction.pricing import find_pricing


@dataclass(frozen=True)
class SupportingFields:
    """What the supporting kinds of one file say: fields named "<kind>.<field>", insurance
    covers, and tables by name ("pricing")."""

    fields: dict[str, Answer] = field(default_factory=dict)
    covers: tuple[InsuranceCover, ...] = ()
    tables: dict[str, tuple[TableRow, ...]] = field(default_factory=dict)


_FIELD_READERS = {
    ACCOUNTS: find_accounts,
    OFSTED: find_ofsted_certificate,
    SAFEGUARDING: find_safeguarding,
    PURPOSE: find_statement_of_purpose,
}


def find_supporting(document: ReadDocument, kinds: tuple[str, ...], name: str) -> SupportingFields:
    """The fields each recognised kind carries, with provenance; absent when not stated."""
    fields: dict[str, Answer] = {}
    for kind in kinds:
        if kind in _FIELD_READERS:
            fields.update(_FIELD_READERS[kind](document, name))
    covers = evidenced(find_covers(document, name)) if INSURANCE in kinds else ()
    rows = find_pricing(document, name) if PRICING in kinds else ()
    return SupportingFields(fields=fields, covers=covers, tables={"pricing": rows} if rows else {})
