"""Policy: the thresholds and lists the rules apply, as versioned data (validators/policies/*.toml)
passed in to the rules, never read from the environment. A change is a new version; decisions
record the version they were made under."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from validators.ofsted import Judgement


class PolicyInvalid(Exception):
    """A policy file is missing a setting or has one of the wrong kind."""


@dataclass(frozen=True)
class LotPolicy:
    code: str
    name: str
    ofsted_provision_types: frozenset[str] = frozenset()  # lower case
    gias_types: frozenset[int] = frozenset()
    school_urn_required: bool = False
    ukprn_required: bool = False
    ofsted_certificate: bool = False
    statement_of_purpose: bool = False
    registered_manager: bool = False
    fee_ceiling: Decimal = Decimal(0)
    fee_unit: str = "week"

    @property
    def needs_ofsted(self) -> bool:
        return bool(self.ofsted_provision_types)


@dataclass(frozen=True)
class Policy:
    version: str
    effective_from: dt.date
    lots: dict[str, LotPolicy]
    max_file_bytes: int
    companies_house_types: frozenset[str]  # lower case
    charity_types: frozenset[str]
    required_documents: tuple[str, ...]
    insurance_minimums: dict[str, Decimal]  # by cover type: employers-liability, …
    expiring_soon_days: int
    reminder_days: tuple[int, ...]
    accounts_max_age_months: int
    policy_review_max_months: int
    declaration_max_age_days: int
    rating_outcomes: dict[Judgement, str]  # fail / refer
    term_start: dt.date
    term_end: dt.date
    assessment_working_days: int
    raw: dict[str, Any]
    # A new regulator snapshot missing more than this share of the providers (or schools) of
    # the one in force is refused as implausible: a cut or partial copy, not a year's closures.
    snapshot_max_loss_share: float = 0.10


def parse_policy(text: str) -> Policy:
    """A Policy from the text of a policy file (TOML); PolicyInvalid when a setting is wrong."""
    try:
        data = tomllib.loads(text)
        return _build(data)
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as error:
        raise PolicyInvalid(f"{type(error).__name__}: {error}") from error


def _build(data: dict[str, Any]) -> Policy:
    insurance, organisation = data["insurance"], data["organisation"]
    lower = lambda items: frozenset(item.lower() for item in items)  # noqa: E731
    return Policy(
        version=str(data["version"]),
        effective_from=dt.date.fromisoformat(data["effective_from"]),
        lots={str(code): _lot(str(code), spec) for code, spec in data["lots"].items()},
        max_file_bytes=int(data["files"]["max_bytes"]),
        companies_house_types=lower(organisation["companies_house_types"]),
        charity_types=lower(organisation["charity_types"]),
        required_documents=tuple(organisation["required_documents"]),
        insurance_minimums={
            "employers-liability": Decimal(insurance["employers_liability_minimum"]),
            "public-liability": Decimal(insurance["public_liability_minimum"]),
            "professional-indemnity": Decimal(insurance["professional_indemnity_minimum"]),
        },
        expiring_soon_days=int(insurance["expiring_soon_days"]),
        reminder_days=tuple(int(d) for d in insurance["reminder_days"]),
        accounts_max_age_months=int(data["financial"]["accounts_max_age_months"]),
        policy_review_max_months=int(data["safeguarding"]["policy_review_max_months"]),
        declaration_max_age_days=int(data["declaration"]["max_age_days"]),
        rating_outcomes={
            Judgement.INADEQUATE: data["ratings"]["inadequate"],
            Judgement.REQUIRES_IMPROVEMENT: data["ratings"]["requires_improvement"],
        },
        term_start=dt.date.fromisoformat(data["term"]["start"]),
        term_end=dt.date.fromisoformat(data["term"]["extensions"][-1][1]),
        assessment_working_days=int(data["assessment"]["working_days"]),
        raw=data,
        snapshot_max_loss_share=float(data.get("regulator", {}).get("max_loss_share", 0.10)),
    )


def _lot(code: str, spec: dict[str, Any]) -> LotPolicy:
    return LotPolicy(
        code=code,
        name=spec["name"],
        ofsted_provision_types=frozenset(t.lower() for t in spec.get("ofsted_provision_types", [])),
        gias_types=frozenset(int(t) for t in spec.get("gias_types", [])),
        school_urn_required=bool(spec.get("school_urn_required", False)),
        ukprn_required=bool(spec.get("ukprn_required", False)),
        ofsted_certificate=bool(spec.get("ofsted_certificate", False)),
        statement_of_purpose=bool(spec.get("statement_of_purpose", False)),
        registered_manager=bool(spec.get("registered_manager", False)),
        fee_ceiling=Decimal(str(spec["fee_ceiling"])),
        fee_unit=spec.get("fee_unit", "week"),
    )


def bundled_versions() -> list[str]:
    """The policy versions shipped with the product, oldest first."""
    folder = resources.files("validators") / "policies"
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


@cache
def bundled_policy(version: str | None = None) -> Policy:
    """A shipped policy version (package data, not the environment); the newest by default."""
    chosen = version or bundled_versions()[-1]
    if chosen not in bundled_versions():
        raise PolicyInvalid(f"no policy version {chosen!r}; known: {', '.join(bundled_versions())}")
    return parse_policy((resources.files("validators") / "policies" / f"{chosen}.toml").read_text())


def policy_in_force(on: dt.date) -> Policy:
    """The newest shipped policy already in effect on a date (the oldest before any is)."""
    policies = [bundled_policy(version) for version in bundled_versions()]
    effective = [p for p in policies if p.effective_from <= on]
    return max(effective, key=lambda p: p.effective_from) if effective else policies[0]


DEFAULT_POLICY = bundled_policy("2024.1")
