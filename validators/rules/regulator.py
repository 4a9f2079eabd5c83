"""Regulator status, per setting then per lot: Ofsted for social care URNs, GIAS for schools."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd

from domain.evidence import SettingRow
from domain.models import Finding, Outcome
from domain.reasons import finding
from validators.case import Case, long_date
from validators.identifiers import normalise_urn
from validators.names import matches_any
from validators.ofsted import Judgement
from validators.rules.registry import rule

SECTION = "Regulator status"
_PROPOSED_TO_CLOSE = "open, but proposed to close"


def _social_care_settings(case: Case) -> Iterator[tuple[str, SettingRow]]:
    for lot in case.lots:
        if case.policy.lots[lot].needs_ofsted:
            for setting in case.settings_for(lot):
                yield lot, setting


def _where(lot: str, urn: str, setting: SettingRow) -> dict[str, Any]:
    return {"lot": lot, "setting": urn, "urn": urn, "setting_name": setting.name or "unnamed"}


def _provider(case: Case, urn: str) -> Any:
    """The Ofsted row of a URN (one: URNs are unique in a validated snapshot), or None."""
    providers = case.ofsted
    if providers is None or urn not in providers.index:
        return None
    return providers.loc[urn]


@rule("missing-answer", section=SECTION)
def check_setting_identifiers_given(case: Case) -> Iterator[Finding]:
    """Each setting gives the identifiers its lot needs (social care URN, school URN, UKPRN)."""
    for lot in case.lots:
        policy = case.policy.lots[lot]
        for setting in case.settings_for(lot):
            needed = [
                ("Ofsted URN", setting.ofsted_urn, policy.needs_ofsted),
                ("DfE URN", setting.dfe_urn, policy.school_urn_required),
                ("UKPRN", setting.ukprn, policy.ukprn_required),
            ]
            for label, value, required in needed:
                if required and not value.strip():
                    yield finding(
                        "missing-answer",
                        document=setting.document,
                        page=setting.page, box=setting.box,
                        field="B2",
                        lot=lot,
                        question=f"The {label} of {setting.name}",
                        why=f" for lot {lot}",
                    )


@rule(
    "ofsted-urn-not-found",
    "ofsted-provision-type-mismatch",
    "ofsted-registration-inactive",
    section=SECTION,
)
def check_ofsted_registration(case: Case) -> Iterator[Finding]:
    """The social care URN is in the current Ofsted data, of a type fitting the lot, and Active."""
    for lot, setting in _social_care_settings(case):
        urn = normalise_urn(setting.ofsted_urn)
        if not urn:
            continue
        where, row = _where(lot, urn, setting), _provider(case, urn)
        if row is None:
            yield finding("ofsted-urn-not-found", snapshot=case.ofsted_label, **where)
            continue
        allowed = case.policy.lots[lot].ofsted_provision_types
        if str(row["provision_type"]).lower() not in allowed:
            yield finding(
                "ofsted-provision-type-mismatch",
                provision_type=row["provision_type"],
                expected=" or ".join(sorted(allowed)),
                **where,
            )
        if str(row["registration_status"]).lower() != "active":
            yield finding("ofsted-registration-inactive", status=row["registration_status"],
                          snapshot=case.ofsted_label, **where)


@rule(
    "ofsted-rating-inadequate",
    "ofsted-rating-requires-improvement",
    "ofsted-not-yet-inspected",
    section=SECTION,
)
def check_ofsted_judgement(case: Case) -> Iterator[Finding]:
    """The latest full inspection's overall judgement is neither Inadequate nor grade 3."""
    for lot, setting in _social_care_settings(case):
        urn = normalise_urn(setting.ofsted_urn)
        row = _provider(case, urn) if urn else None
        if row is None:
            continue
        where, grade = _where(lot, urn, setting), row["overall_judgement"]
        if pd.isna(grade):
            yield finding("ofsted-not-yet-inspected", **where)
            continue
        code = {
            Judgement.INADEQUATE: "ofsted-rating-inadequate",
            Judgement.REQUIRES_IMPROVEMENT: "ofsted-rating-requires-improvement",
        }.get(Judgement(int(grade)))
        if code:
            outcome = Outcome(case.policy.rating_outcomes[Judgement(int(grade))])
            inspected = row["latest_full_inspection_date"]
            yield finding(
                code,
                outcome=outcome,
                judgement=row["overall_judgement_text"],
                inspected="an unknown date"
                if pd.isna(inspected)
                else long_date(pd.Timestamp(inspected).date()),
                snapshot=case.ofsted_label,
                **where,
            )


@rule("ofsted-owner-mismatch", section=SECTION)
def check_ofsted_owner(case: Case) -> Iterator[Finding]:
    """The owning organisation in the Ofsted data is the applicant."""
    for lot, setting in _social_care_settings(case):
        urn = normalise_urn(setting.ofsted_urn)
        row = _provider(case, urn) if urn else None
        owner = str(row["organisation"]).strip() if row is not None else ""
        if (
            owner
            and owner.lower() != "nan"
            and case.applicant_names
            and not matches_any(owner, case.applicant_names)
        ):
            yield finding(
                "ofsted-owner-mismatch",
                owner=owner,
                applicant=case.applicant_names[0],
                **_where(lot, urn, setting),
            )


@rule("ofsted-certificate-mismatch", section=SECTION)
def check_ofsted_certificates_agree(case: Case) -> Iterator[Finding]:
    """Each Ofsted certificate's URN is a setting on the form and its provider is the applicant."""
    if case.form is None:
        return  # nothing to agree with
    urns = {normalise_urn(s.ofsted_urn) for s in case.settings if s.ofsted_urn.strip()}
    for document in case.of_kind("ofsted-certificate"):
        urn_answer = document.fields.get("ofsted-certificate.urn")
        provider = document.fields.get("ofsted-certificate.provider")
        if urn_answer and urn_answer.value and normalise_urn(urn_answer.value) not in urns:
            yield finding(
                "ofsted-certificate-mismatch",
                document=document.file,
                page=urn_answer.page, box=urn_answer.box,
                what="URN",
                found=urn_answer.value,
                declared=", ".join(sorted(urns)) or "no Ofsted URN",
            )
        if (
            provider
            and provider.value
            and case.applicant_names
            and not matches_any(provider.value, case.applicant_names)
        ):
            yield finding(
                "ofsted-certificate-mismatch",
                document=document.file,
                page=provider.page, box=provider.box,
                what="registered provider",
                found=provider.value,
                declared=case.applicant_names[0],
            )


@rule("gias-urn-not-found", "gias-type-mismatch", "gias-establishment-closed", section=SECTION)
def check_gias_establishment(case: Case) -> Iterator[Finding]:
    """The school URN is in GIAS, of a type that fits the lot, and Open."""
    for lot in case.lots:
        allowed = case.policy.lots[lot].gias_types
        for setting in case.settings_for(lot) if allowed else ():
            urn = normalise_urn(setting.dfe_urn)
            if urn:
                yield from _judge_school(case, lot, urn, setting, allowed)


def _judge_school(
    case: Case, lot: str, urn: str, setting: SettingRow, allowed: frozenset[int]
) -> Iterator[Finding]:
    where = _where(lot, urn, setting)
    schools = case.gias
    if schools is None or urn not in schools.index:
        yield finding("gias-urn-not-found", snapshot=case.gias_label, **where)
        return
    row: Any = schools.loc[urn]
    if int(row["type_code"]) not in allowed:
        yield finding(
            "gias-type-mismatch",
            type_name=row["type_name"],
            type_code=row["type_code"],
            expected=" or ".join(str(t) for t in sorted(allowed)),
            **where,
        )
    status = str(row["status"]).strip()
    if status.lower() == _PROPOSED_TO_CLOSE:
        yield finding("gias-establishment-closed", outcome=Outcome.REFER, status=status, **where)
    elif status.lower() != "open":
        yield finding("gias-establishment-closed", status=status, **where)
