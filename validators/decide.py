"""From findings to a decision per lot (selection-criteria.md, "Decisions are made per lot")."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from domain.models import Finding, LotDecision, LotOutcome, Outcome
from validators.case import Case
from validators.identifiers import normalise_urn
from validators.ofsted import Judgement
from validators.rules import RULES, Rule


def run_rules(case: Case, rules: Iterable[Rule] = RULES) -> list[Finding]:
    """Every finding of every rule: all are collected, not only the first failure."""
    return [found for rule in rules for found in rule(case)]


def decide_lots(case: Case, findings: list[Finding]) -> tuple[LotDecision, ...]:
    """Organisation-wide findings apply to every lot; per-lot findings to their own lot.

    With no readable lot (no form, or B1 unanswered) there is nothing to admit: the decision is
    one rejected pseudo-lot "all" carrying every finding, so the provider still learns why.
    """
    lots = case.lots or ("all",)
    decisions = []
    for lot in lots:
        relevant = tuple(f for f in findings if f.lot is None or f.lot == lot)
        settings = tuple(
            s.ofsted_urn or s.dfe_urn or s.ukprn or s.name for s in case.settings_for(lot)
        )
        decisions.append(
            LotDecision(
                lot=lot, outcome=lot_outcome(relevant, lot), findings=relevant, settings=settings
            )
        )
    return tuple(decisions)


def lot_outcome(findings: Iterable[Finding], lot: str = "") -> LotOutcome:
    """Rejected when any rule fails, in review when any refers, else accepted."""
    outcomes = {f.outcome for f in findings}
    if Outcome.FAIL in outcomes or lot == "all":
        return LotOutcome.REJECTED
    if Outcome.REFER in outcomes:
        return LotOutcome.IN_REVIEW
    return LotOutcome.ACCEPTED


def judgements_of(case: Case) -> dict[str, str]:
    """Each social care setting's Ofsted judgement as the decision found it (for the register)."""
    found: dict[str, str] = {}
    providers = case.ofsted
    for setting in case.settings:
        urn = normalise_urn(setting.ofsted_urn)
        if providers is None or not urn or urn not in providers.index:
            continue
        grade: Any = providers.loc[urn, "overall_judgement"]
        found[urn] = "Not yet inspected" if pd.isna(grade) else Judgement(int(grade)).label
    return found
