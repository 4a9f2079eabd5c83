"""Readers of money, dates, yes/no, emails and lots, in every form application-form.md lists."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extraction.parsers import parse_date, parse_email, parse_lots, parse_money, parse_yes_no


@pytest.mark.parametrize("text", ["£5,000,000", "5000000", "£5m", "£5 million", "GBP 5,000,000",
                                  "£ 5,000,000.00", "5000000 pounds"])
def test_reads_every_listed_money_form_as_five_million(text: str) -> None:
    assert parse_money(text) == "5000000.00"


def test_money_keeps_pence() -> None:
    assert parse_money("£1,234.5") == "1234.50"


@pytest.mark.parametrize("text", ["five million", "£5,00", "", "£", "5m pounds extra", "1,2,3"])
def test_text_that_is_not_money_is_not_guessed(text: str) -> None:
    assert parse_money(text) is None


@given(st.integers(min_value=0, max_value=10**12))
def test_any_amount_written_with_thousands_separators_reads_back(pence: int) -> None:
    pounds, rest = divmod(pence, 100)
    assert parse_money(f"£{pounds:,}.{rest:02d}") == f"{pounds}.{rest:02d}"


@pytest.mark.parametrize("text", ["01/04/2027", "1 April 2027", "1st April 2027", "2027-04-01",
                                  "1/4/2027", "1 Apr 2027", "01.04.2027"])
def test_reads_every_listed_date_form_day_first(text: str) -> None:
    assert parse_date(text) == "2027-04-01"


@pytest.mark.parametrize("text", ["31/02/2027", "April 2027", "soon", "13/13/2027", ""])
def test_impossible_or_partial_dates_are_not_guessed(text: str) -> None:
    assert parse_date(text) is None


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_any_date_round_trips_in_uk_and_worded_forms(day: dt.date) -> None:
    assert parse_date(day.strftime("%d/%m/%Y")) == day.isoformat()
    assert parse_date(f"{day.day} {day:%B %Y}") == day.isoformat()


@pytest.mark.parametrize(("text", "expected"), [
    ("Yes", "yes"), ("Y", "yes"), ("true", "yes"), ("X", "yes"), ("☒", "yes"),
    ("No", "no"), ("n", "no"), ("False", "no"), ("☐", "no"), ("maybe", None),
])
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
