"""How rules are declared: a rule is a function over a Case yielding findings, tagged with the
reason codes it can give, so the README's rule table is generated from the code."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from domain.models import Finding
from validators.case import Case

Rule = Callable[[Case], Iterator[Finding]]


def rule(*codes: str, section: str) -> Callable[[Rule], Rule]:
    """Tag a rule with the codes it gives and the section of selection-criteria.md it serves."""

    def tag(function: Rule) -> Rule:
        function.codes = codes  # type: ignore[attr-defined]
        function.section = section  # type: ignore[attr-defined]
        return function

    return tag


def codes_of(check: Rule) -> tuple[str, ...]:
    return getattr(check, "codes", ())


def section_of(check: Rule) -> str:
    return getattr(check, "section", "")


def summary_of(check: Rule) -> str:
    """The rule's one-line docstring: the policy it checks, in policy language."""
    return (check.__doc__ or "").strip().splitlines()[0]
