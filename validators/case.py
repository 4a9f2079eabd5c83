"""The case a rule judges: one submission's extracted documents, the policy, the regulator
snapshot and the evaluation date, with the small lookups every rule needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from domain.evidence import Answer, ExtractedDocument, SettingRow
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

    @cached_property
    def form(self) -> ExtractedDocument | None:
        """The application form (the first file recognised as one)."""
        return next((d for d in self.documents if APPLICATION_FORM in d.kinds), None)

    def answer(self, question_id: str) -> Answer | None:
        """The form's answer to a question, None when not given."""
        return self.form.fields.get(question_id) if self.form else None

    def value(self, question_id: str) -> str | None:
        answer = self.answer(question_id)
        return answer.value if answer else None

    @cached_property
    def lots(self) -> tuple[str, ...]:
        """The lots applied for (B1), in the order given, limited to lots the policy knows."""
        chosen = (self.value("B1") or "").split("; ")
        return tuple(lot for lot in chosen if lot in self.policy.lots)

    @property
    def settings(self) -> tuple[SettingRow, ...]:
        return self.form.settings if self.form else ()

    def settings_for(self, lot: str) -> tuple[SettingRow, ...]:
        return tuple(s for s in self.settings if s.lot.strip().lower() == lot)
