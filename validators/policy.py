"""Policy: the thresholds and lists the rules apply, as versioned data passed in (never read from
the environment). A policy change is a new version; decisions record the version they used."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LotPolicy:
    code: str
    name: str
    #: Ofsted provision types that fit the lot (lower case); empty when Ofsted is not the regulator
    ofsted_provision_types: frozenset[str] = frozenset()

    @property
    def needs_ofsted(self) -> bool:
        return bool(self.ofsted_provision_types)


_CHILDRENS_HOME = "children's home"
_RSS = frozenset(
    {"residential special school", "residential special school (registered as a children's home)"}
)


@dataclass(frozen=True)
class Policy:
    version: str
    lots: dict[str, LotPolicy]
    #: organisation types (A3) that must give a Companies House number (A4)
    companies_house_types: frozenset[str] = field(
        default_factory=lambda: frozenset(
            {
                "limited company",
                "limited liability partnership",
                "community interest company",
            }
        )
    )


DEFAULT_POLICY = Policy(
    version="2024.1",
    lots={
        lot.code: lot
        for lot in (
            LotPolicy("1a", "Residential special schools", _RSS),
            LotPolicy("1b", "Day special schools"),
            LotPolicy("1c", "Children's homes with education", frozenset({_CHILDRENS_HOME})),
            LotPolicy("1d", "Residential short breaks", frozenset({_CHILDRENS_HOME})),
            LotPolicy("2", "Specialist post-16 institutions"),
            LotPolicy(
                "3", "Independent fostering agencies", frozenset({"independent fostering agency"})
            ),
            LotPolicy(
                "4",
                "Children's residential homes",
                frozenset({_CHILDRENS_HOME, "secure children's home"}),
            ),
        )
    },
)
