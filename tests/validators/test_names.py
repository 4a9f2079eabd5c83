"""Organisation names: the matching behind insurance-name-mismatch and ofsted-owner-mismatch.

The owner names below are written as they appear in Ofsted's provider-level data (31 March 2024).
"""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from validators.names import matches_any, names_match, normalise_organisation_name

# the test's own list of endings people write, in the spellings seen on forms and certificates
ENDINGS = [
    "Ltd", "Ltd.", "LTD", "Limited", "PLC", "P.L.C.", "LLP", "L.L.P.", "CIC", "C.I.C", "CIO",
    "Community Interest Company", "Charitable Incorporated Organisation",
    "Limited Liability Partnership", "Public Limited Company", "(UK) Ltd", "(UK) Limited", "Cyf",
]  # fmt: skip
# words a legal ending can finish with, or that introduce a company number: an extra word from
# this list would be an ending, not a different name
ENDING_WORDS = {
    "ltd", "limited", "plc", "llp", "lp", "cic", "cio", "company", "partnership", "organisation",
    "cyf", "cyfyngedig", "cyhoeddus", "ccc", "pac", "cymunedol", "cbc", "elusennol", "sce", "the",
    "no", "number", "crn",
}  # fmt: skip

words = st.text(alphabet=string.ascii_lowercase, min_size=2, max_size=9).filter(
    lambda w: w not in ENDING_WORDS
)
names = st.lists(words, min_size=1, max_size=4).map(" ".join)
company_numbers = st.text(alphabet=string.digits, min_size=8, max_size=8) | st.builds(
    "SC{}".format, st.text(alphabet=string.digits, min_size=6, max_size=6)
)


@pytest.mark.parametrize(
    ("ofsted_owner", "applicant"),
    [
        ("Children First Fostering Agency Limited 03894588 ",
         "Children First Fostering Agency Ltd"),
        ("Alliance Foster Care Limited 04249271 ", "Alliance Foster Care Ltd"),
        ("Wellcare Fostering Services Limited company number 04963908",
         "Wellcare Fostering Services Ltd"),
        ("Seax Trust (07747149)", "Seax Trust"),
        ("National Autistic Society (The)", "The National Autistic Society"),
        ("Amber Care Group (UK) LTD", "Amber Care Group Limited"),
        ("Starz Fostering C.I.C", "Starz Fostering Community Interest Company"),
        ("Channels & Choices Kent LLP", "Channels and Choices Kent Limited Liability Partnership"),
        ("Birmingham Children's Trust Community Interest Company",
         "Birmingham Childrens Trust CIC"),
        ("RESIDENTIAL CHILD CARE COMMUNITY (TOWN HALL) LIMITED",
         "Residential Childcare Community(Town Hall) LTD"),
        ("St. Benedicts Care Solutions Ltd", "St Benedict\u2019s Care Solutions Limited"),
        ("Accalia Care Services Ltd.", "ACCALIA CARE SERVICES LIMITED"),
    ],
)  # fmt: skip
def test_matches_names_that_differ_only_in_form(ofsted_owner: str, applicant: str) -> None:
    assert names_match(ofsted_owner, applicant)


@pytest.mark.parametrize(
    ("ofsted_owner", "applicant"),
    [
        ("Acme Care Homes Ltd", "Acme Care Ltd"),
        ("Hillcrest Childrens Services (2) Limited", "Hillcrest Children's Services Ltd"),
        ("Compass Children's Homes Kent Limited", "Compass Children's Homes Limited"),
        ("Capstone Foster Care (North) Ltd", "Capstone Foster Care (South West) Limited"),
        ("Acorn Care (NE) Limited", "Acorn Care Limited"),
        ("Nugent Care 2019", "Nugent Care"),  # a year is part of the name, not a company number
        ("Acme UK Limited", "Acme Limited"),  # only "(UK)" in brackets is an ending
    ],
)
def test_does_not_match_names_that_name_another_organisation(
    ofsted_owner: str, applicant: str
) -> None:
    assert not names_match(ofsted_owner, applicant)


def test_a_blank_name_matches_nothing() -> None:
    assert not names_match("", "")
    assert not names_match(" - ", "Acme Ltd")
    assert not matches_any("Acme Ltd", [None, "", "  "])


def test_normalises_to_the_identifying_words() -> None:
    assert normalise_organisation_name("The Acme & Co. (UK) Ltd 01234567") == "acme and co"
    assert normalise_organisation_name("Well-being Homes Ltd") == "well being homes"
    assert names_match("Well-being Homes Ltd", "Wellbeing Homes Limited")


def test_never_reduces_a_name_to_nothing() -> None:
    assert normalise_organisation_name("Limited") == "limited"
    assert normalise_organisation_name("The Ltd") == "ltd"


def test_matches_the_legal_or_the_trading_name() -> None:
    legal, trading = "A&M Care Solutions Limited", "Metropolitan Care Solutions"
    owner = "A&m Care Solutions Ltd - T/a Metropolitan Care Solutions"
    assert matches_any(owner, [legal, None])
    assert matches_any(owner, [None, trading])
    assert matches_any("Metropolitan Care Solutions", [legal, trading])
    assert not matches_any("Metropolitan Care", [legal, trading])
    assert matches_any("Acme Care Ltd trading as Sunny Homes", ["Sunny Homes"])


@st.composite
def written_variants(draw: st.DrawFn, name: str) -> str:
    """The same name as another person might write it."""
    cased = [draw(st.sampled_from([w, w.upper(), w.title()])) for w in name.split()]
    separator = draw(st.sampled_from([" ", "  ", " - ", ", "]))
    text = separator.join(cased).replace(" and ", draw(st.sampled_from([" and ", " & ", "&"])))
    if draw(st.booleans()):
        text = draw(st.sampled_from(["The ", "the ", "THE "])) + text
    if draw(st.booleans()):
        text = f"{text} {draw(st.sampled_from(ENDINGS))}"
    if draw(st.booleans()):
        label = draw(st.sampled_from(["", "company number ", "Company No. ", "("]))
        number = draw(company_numbers)
        text = f"{text} {label}{number}{')' if label == '(' else ''}"
    return text


@given(names.flatmap(lambda n: st.tuples(written_variants(n), written_variants(n))))
def test_case_punctuation_the_endings_and_company_numbers_keep_a_match(
    pair: tuple[str, str],
) -> None:
    assert names_match(*pair)


@given(names, words, st.sampled_from(["", *ENDINGS]))
def test_an_extra_word_makes_another_name(name: str, extra: str, ending: str) -> None:
    assert not names_match(f"{name} {ending}", f"{name} {extra} {ending}")


@given(st.text())
def test_normalising_is_idempotent(text: str) -> None:
    once = normalise_organisation_name(text)
    assert normalise_organisation_name(once) == once


@given(names.flatmap(written_variants))
def test_normalising_a_written_name_is_idempotent(text: str) -> None:
    once = normalise_organisation_name(text)
    assert normalise_organisation_name(once) == once


@given(st.text(), st.text())
def test_matching_is_symmetric(a: str, b: str) -> None:
    assert names_match(a, b) == names_match(b, a)


@given(st.text())
def test_matching_is_reflexive_for_any_name_with_words(text: str) -> None:
    assert names_match(text, text) == bool(normalise_organisation_name(text))


@given(names)
def test_every_name_of_letters_matches_itself(name: str) -> None:
    assert names_match(name, name)


@given(names, names, names)
def test_an_organisation_trading_under_a_name_matches_either_name(
    legal: str, trading: str, other: str
) -> None:
    written = f"{legal} Ltd t/a {trading}"
    assert matches_any(written, [legal]) and matches_any(written, [trading])
    if not names_match(other, legal) and not names_match(other, trading):
        assert not matches_any(written, [other])
