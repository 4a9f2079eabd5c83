"""Readers of money, dates, yes/no, emails, choices and lots, in every form application-form.md
lists; property tests for round trips and for never raising on arbitrary text."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.form import ORGANISATION_TYPES, AnswerType
from extraction.parsers import (
    parse_answer,
    parse_choice,
    parse_date,
    parse_email,
    parse_lots,
    parse_money,
    parse_yes_no,
)


@pytest.mark.parametrize(
    "text",
    [
        "£5,000,000",
        "5000000",
        "£5m",
        "£5 million",
        "GBP 5,000,000",
        "£ 5,000,000.00",
        "5000000 pounds",
        # documents.md: certificates write amounts in words too
        "five million pounds",
        "Five Million",
        "five million pounds sterling",
    ],
)
def test_reads_every_listed_money_form_as_five_million(text: str) -> None:
    assert parse_money(text) == "5000000.00"


def test_money_keeps_pence() -> None:
    assert parse_money("£1,234.5") == "1234.50"


@pytest.mark.parametrize("text", ["five", "five pounds", "million", "five million apples",
                                  "£5,00", "", "£", "5m pounds extra", "1,2,3"])
def test_text_that_is_not_money_is_not_guessed(text: str) -> None:
    assert parse_money(text) is None


@given(st.integers(min_value=0, max_value=10**12))
def test_any_amount_written_with_thousands_separators_reads_back(pence: int) -> None:
    pounds, rest = divmod(pence, 100)
    assert parse_money(f"£{pounds:,}.{rest:02d}") == f"{pounds}.{rest:02d}"


@pytest.mark.parametrize(
    "text",
    [
        "01/04/2027",
        "1 April 2027",
        "1st April 2027",
        "2027-04-01",
        "1/4/2027",
        "1 Apr 2027",
        "01.04.2027",
    ],
)
def test_reads_every_listed_date_form_day_first(text: str) -> None:
    assert parse_date(text) == "2027-04-01"


@pytest.mark.parametrize("text", ["31/02/2027", "April 2027", "soon", "13/13/2027", ""])
def test_impossible_or_partial_dates_are_not_guessed(text: str) -> None:
    assert parse_date(text) is None


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_any_date_round_trips_in_uk_and_worded_forms(day: dt.date) -> None:
    assert parse_date(day.strftime("%d/%m/%Y")) == day.isoformat()
    assert parse_date(f"{day.day} {day:%B %Y}") == day.isoformat()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yes", "yes"),
        ("Y", "yes"),
        ("true", "yes"),
        ("X", "yes"),
        ("☒", "yes"),
        ("No", "no"),
        ("n", "no"),
        ("False", "no"),
        ("☐", "no"),
        ("maybe", None),
    ],
)
def test_yes_no_answers(text: str, expected: str | None) -> None:
    assert parse_yes_no(text) == expected


def test_emails_are_well_formed_or_refused() -> None:
    assert parse_email("dps@childrenfirst.example") == "dps@childrenfirst.example"
    assert parse_email("not an email") is None
    assert parse_email("a@b") is None


def test_lots_by_code_or_by_name() -> None:
    assert parse_lots("1a, 3") == "1a; 3"
    assert parse_lots("3 Independent fostering agencies; 4 Children's residential homes") == "3; 4"
    assert parse_lots("Residential short breaks") == "1d"
    assert parse_lots("none of them") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("£12.5m", "12500000.00"),
        ("5,000,000 GBP", "5000000.00"),
        ("£250k", "250000.00"),
        ("GBP5000000", "5000000.00"),
        ("£5 m", "5000000.00"),
        ("£1,234,567.89", "1234567.89"),
    ],
)
def test_money_in_millions_thousands_and_trailing_currency(text: str, expected: str) -> None:
    assert parse_money(text) == expected


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["m", " million", "M"]))
def test_any_whole_number_of_millions_reads_in_every_style(millions: int, unit: str) -> None:
    assert parse_money(f"£{millions}{unit}") == f"{millions * 1_000_000}.00"
    assert parse_money(f"GBP {millions * 1_000_000:,}") == f"{millions * 1_000_000}.00"


@pytest.mark.parametrize(
    "text",
    [
        "April 1, 2027",
        "1-Apr-2027",
        "1st of April 2027",
        "Thursday 1 April 2027",
        "2027-04-01T00:00:00Z",
    ],
)
def test_dates_written_with_weekdays_month_first_or_as_timestamps(text: str) -> None:
    assert parse_date(text) == "2027-04-01"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_any_date_round_trips_iso_and_ordinal(day: dt.date) -> None:
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(
        day.day % 10 if day.day not in (11, 12, 13) else 0, "th"
    )
    assert parse_date(day.isoformat()) == day.isoformat()
    assert parse_date(f"{day.day}{suffix} {day:%B %Y}") == day.isoformat()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("☒ Yes ☐ No", "yes"),
        ("☐ Yes ☒ No", "no"),
        ("Yes ☐ No ☒", "no"),
        ("[X] Yes [ ] No", "yes"),
        ("☐ Yes ☐ No", None),
        ("☒ Yes ☒ No", None),
    ],
)
def test_yes_no_read_from_a_pair_of_boxes(text: str, expected: str | None) -> None:
    assert parse_yes_no(text) == expected


def test_lots_from_a_list_of_boxes_are_only_the_ticked_ones() -> None:
    text = "☐ 1a Residential special schools\n☒ 1c Children's homes with education\n☒ 4 Children's"
    assert parse_lots(text) == "1c; 4"
    assert parse_lots("☐ 1a Residential special schools ☐ 3 Independent fostering agencies") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Limited company", "Limited company"),
        ("LIMITED COMPANY", "Limited company"),
        ("Ltd", "Limited company"),
        ("LLP", "Limited liability partnership"),
        ("CIC", "Community interest company"),
        ("charity", "Registered charity"),
        ("☐ Partnership ☒ Sole trader", "Sole trader"),
        ("a cooperative", None),
    ],
)
def test_organisation_types_by_name_short_name_or_ticked_box(
    text: str, expected: str | None
) -> None:
    assert parse_choice(text, ORGANISATION_TYPES) == expected


@given(st.sampled_from(ORGANISATION_TYPES))
def test_every_organisation_type_reads_back_as_itself(choice: str) -> None:
    assert parse_choice(choice.upper()) == choice
    assert parse_answer(AnswerType.CHOICE, f" {choice} ", ORGANISATION_TYPES) == choice


@given(st.text(max_size=200), st.sampled_from(list(AnswerType)))
def test_no_parser_raises_on_arbitrary_text(text: str, answer_type: AnswerType) -> None:
    parse_answer(answer_type, text, ORGANISATION_TYPES)
    parse_email(text)
    parse_lots(text)
