"""The case a rule judges: one submission's extracted documents and files, the policy, the
regulator snapshots and the evaluation date, with the small lookups every rule needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property

import pandas as pd

from domain.evidence import Answer, ExtractedDocument, InsuranceCover, SettingRow
from domain.models import StoredFile
from validators.policy import Policy

APPLICATION_FORM = "application-form"


@dataclass(frozen=True)
class Case:
    documents: tuple[ExtractedDocument, ...]
    policy: Policy
    evaluation_date: dt.date
    #: the current Ofsted snapshot's providers, indexed by URN; None when none is loaded
    ofsted: pd.DataFrame | None = None
    ofsted_label: str = "no snapshot"
    #: the current GIAS extract's establishments, indexed by URN; None when none is loaded
    gias: pd.DataFrame | None = None
    gias_label: str = "no extract"
    files: tuple[StoredFile, ...] = ()

    @cached_property
    def form(self) -> ExtractedDocument | None:
        """The application form (the first file recognised as one)."""
        return next((d for d in self.documents if APPLICATION_FORM in d.kinds), None)

    def of_kind(self, kind: str) -> list[ExtractedDocument]:
        return [document for document in self.documents if kind in document.kinds]

    def answer(self, question_id: str) -> Answer | None:
        """The form's answer to a question, None when not given."""
        return self.form.fields.get(question_id) if self.form else None

    def value(self, question_id: str) -> str | None:
        answer = self.answer(question_id)
        return answer.value if answer else None

    def text(self, question_id: str) -> str:
        """The answer as written (empty when not given)."""
        answer = self.answer(question_id)
        return answer.source_text.strip() if answer else ""

    def document_field(self, name: str) -> Answer | None:
        """A supporting document's field ("accounts.year_end"), from the first file that has it."""
        return next((d.fields[name] for d in self.documents if name in d.fields), None)

    @cached_property
    def lots(self) -> tuple[str, ...]:
        """The lots applied for (B1), in the order given, limited to lots the policy knows."""
        chosen = (self.value("B1") or "").split("; ")
        return tuple(lot for lot in chosen if lot in self.policy.lots)

    @property
    def settings(self) -> tuple[SettingRow, ...]:
        return self.form.settings if self.form else ()

    def settings_for(self, lot: str) -> tuple[SettingRow, ...]:
        return tuple(s for s in self.settings if lot_code(s.lot) == lot)

    @cached_property
    def covers(self) -> tuple[InsuranceCover, ...]:
        return tuple(cover for document in self.documents for cover in document.covers)

    @property
    def applicant_names(self) -> tuple[str, ...]:
        """The legal and trading names (A1, A2), as given."""
        return tuple(name for name in (self.text("A1"), self.text("A2")) if name)


def lot_code(text: str) -> str:
    """'3', 'Lot 3', '1A', '3 Independent fostering agencies' → '3' / '1a'."""
    cleaned = text.strip().lower().removeprefix("lot").strip()
    return cleaned.split()[0] if cleaned else ""


def money(value: str | None) -> Decimal | None:
    """A canonical money value ("5000000.00") as a Decimal; None when absent or unreadable."""
    try:
        return Decimal(value) if value else None
    except InvalidOperation:
        return None


def day(value: str | None) -> dt.date | None:
    """A canonical ISO date as a date; None when absent or unreadable."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def pounds(amount: Decimal) -> str:
    """£5,000,000 or £1,234.50, as the council writes money."""
    return f"£{amount:,.0f}" if amount == amount.to_integral_value() else f"£{amount:,.2f}"


def long_date(value: dt.date) -> str:
    return value.strftime("%-d %B %Y")


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from `earlier` to `later` (a part month does not count)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day (31 March + 11 months = 29 February)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    for last_day in range(start.day, 27, -1):
        try:
            return dt.date(year, month + 1, last_day)
        except ValueError:
            continue
    return dt.date(year, month + 1, min(start.day, 28))
