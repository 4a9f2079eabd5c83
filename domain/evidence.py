"""What extraction hands to the rules: recognised documents and answers with their provenance."""

from __future__ import annotations

from domain.models import Box, Finding, Model


class Answer(Model):
    """One extracted value and where it was read from.

    `value` is canonical text for its type, so it survives JSON unchanged: money as pounds with
    pence ("5000000.00"), dates ISO ("2027-04-01"), yes/no as "yes"/"no", several choices joined
    by "; ". It is None when the text was found but could not be read as its type.
    """

    value: str | None
    source_text: str
    document: str
    page: int | None = None
    confidence: float = 1.0
    box: Box | None = None  # where on the page it was read (domain.models.Box)


class SettingRow(Model):
    """One row of the settings table (B2): a home, branch, school or college."""

    name: str
    lot: str
    ofsted_urn: str = ""
    dfe_urn: str = ""
    ukprn: str = ""
    places: str = ""
    document: str = ""
    page: int | None = None
    box: Box | None = None


class InsuranceCover(Model):
    """One cover on an insurance certificate (documents.md)."""

    type: str  # employers-liability, public-liability, professional-indemnity
    limit: str | None  # canonical money ("5000000.00"); None when not readable
    insured: str | None = None
    insurer: str | None = None
    policy_number: str | None = None
    start: str | None = None  # ISO date
    expiry: str | None = None  # ISO date
    document: str = ""
    page: int | None = None
    source_text: str = ""
    confidence: float = 1.0
    box: Box | None = None  # the limit's line (or lines)
    #: where each value was read, by field name ("policy_number", "expiry", "insured", …)
    boxes: dict[str, Box] = {}


class TableRow(Model):
    """One row of a recognised table (e.g. the pricing schedule), cells keyed by column name."""

    cells: dict[str, str]
    document: str = ""
    page: int | None = None
    row: int = 0  # 1-based position among the table's data rows, for "row 3, column Total"
    box: Box | None = None


class ExtractedDocument(Model):
    """One file as read: its kinds, its answers, and any finding about the file itself.

    `fields` holds the form's answers under their question ids ("A1", "C3 details") and the
    supporting documents' fields under "<kind>.<field>" ("accounts.turnover",
    "ofsted-certificate.urn", "safeguarding-policy.reviewed").
    """

    file: str
    sha256: str
    media_type: str
    kinds: tuple[str, ...] = ()
    pages: int | None = None
    fields: dict[str, Answer] = {}
    settings: tuple[SettingRow, ...] = ()
    covers: tuple[InsuranceCover, ...] = ()
    tables: dict[str, tuple[TableRow, ...]] = {}
    findings: tuple[Finding, ...] = ()
