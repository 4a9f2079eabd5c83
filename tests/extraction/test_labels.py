"""Matching question labels however providers write them (application-form.md)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.bid_form import BID_QUESTIONS
from domain.form import QUESTIONS
from extraction.labels import (
    match_label_prefix,
    match_question,
    normalise_label,
    question_id,
    strip_label_words,
)


@pytest.mark.parametrize(
    "text",
    [
        "Employer's liability insurance limit",
        "EMPLOYER’S LIABILITY INSURANCE LIMIT:",
        "F1 Employer's liability insurance limit (£)",
        "F1. employers liability  insurance limit",
        "F1",
        "f1:",
    ],
)
def test_a_label_matches_whatever_its_case_spacing_punctuation_id_or_pound_sign(text: str) -> None:
    question = match_question(text)
    assert question is not None and question.id == "F1"


def test_an_explanation_matches_by_its_id_with_or_without_if_applicable() -> None:
    assert match_question("C3 details").id == "C3 details"
    assert match_question("C3 details (if applicable)").id == "C3 details"
    assert match_question("C3").id == "C3"


def test_every_label_of_both_forms_matches_its_own_question() -> None:
    for question in QUESTIONS:
        assert match_question(question.label).id == question.id
    for question in BID_QUESTIONS:
        assert match_question(f"{question.id} {question.label}", BID_QUESTIONS).id == question.id


def test_field_names_read_as_question_ids_in_the_usual_spellings() -> None:
    assert question_id("A1").id == "A1"
    assert question_id("c3_details").id == "C3 details"
    assert question_id("C3 Details").id == "C3 details"
    assert question_id("B2.1.name") is None
    assert question_id("Z9") is None


def test_a_printed_row_without_a_colon_splits_into_label_and_answer() -> None:
    found = match_label_prefix("A1 Organisation legal name Keys Child Care Ltd")
    assert (found.question.id, found.answer, found.by_id) == ("A1", "Keys Child Care Ltd", True)
    found = match_label_prefix("Employer's liability insurance limit (£) £5m")
    assert (found.question.id, found.answer, found.by_id) == ("F1", "£5m", False)


def test_a_wrapped_label_leaves_its_missing_words_to_skip_on_the_next_line() -> None:
    found = match_label_prefix("C7 Breach of obligations to pay tax or social No")
    assert found.question.id == "C7" and found.answer == "No"
    assert found.remaining[:2] == ("security", "contributions")
    assert strip_label_words(
        "security contributions, established by a final decision", found.remaining
    ) == ("", ())


def test_a_word_that_only_looks_like_an_id_is_not_a_question() -> None:
    assert match_label_prefix("A4 paper is fine") is None
    assert match_label_prefix("Fraudulent claims are rare") is None
    assert match_label_prefix("A4: 01234567").answer == "01234567"


@given(st.text(max_size=300))
def test_label_matching_never_raises_on_any_text(text: str) -> None:
    normalise_label(text)
    match_question(text)
    match_label_prefix(text)
    question_id(text)
