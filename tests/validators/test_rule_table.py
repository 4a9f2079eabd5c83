"""The README's rule table is the registry's, and every reason code is given by some rule."""

from __future__ import annotations

from pathlib import Path

from domain.reasons import REASONS
from validators.rule_table import BEGIN, END, rule_table
from validators.rules import RULES, codes_of, summary_of

README = Path(__file__).resolve().parents[2] / "README.md"

# codes given outside the admission rules: by scheduled re-validation after admission
AFTER_ADMISSION = {"ofsted-rating-improved"}


def test_the_readme_rule_table_is_generated_from_the_registry() -> None:
    text = README.read_text()
    assert text[text.index(BEGIN) + len(BEGIN):text.index(END)].strip() == rule_table()


def test_every_reason_code_is_given_by_a_rule_and_every_rule_has_a_docstring() -> None:
    given = {code for check in RULES for code in codes_of(check)}
    assert given | AFTER_ADMISSION == set(REASONS)
    assert all(summary_of(check) for check in RULES)
