"""Identifiers: Companies House, charity and VAT numbers, URNs and UKPRNs.

The VAT generators compute check digits from HMRC's description of the test, independently of
the code under test: weights 8, 7, 6, 5, 4, 3, 2 on the first seven digits, plus the last two
digits read as a number; the total is a multiple of 97 (the old numbers) or is 55 short of one
(the "9755" numbers, which start at 100 0000 00).
"""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fixtures import OFSTED_SNAPSHOT
from validators.identifiers import (
    COMPANIES_HOUSE_PREFIXES,
    CharityRegister,
    VatReason,
    charity_register,
    is_charity_number,
    is_companies_house_number,
    is_school_urn,
    is_social_care_urn,
    is_ukprn,
    is_vat_number,
    normalise_charity_number,
    normalise_companies_house_number,
    normalise_urn,
    normalise_vat_number,
    vat_number_problem,
    verify_vat_number,
)
from validators.ofsted import load_ofsted_snapshot

DIGITS = "0123456789"
WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 1)  # the check digits, read as a number, are 10·d8 + 1·d9


def digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=DIGITS, min_size=n, max_size=n)


# --- Companies House -----------------------------------------------------------------------------

# Companies House's URI customer guide, "List of Company Numbers and Prefixes", copied by hand
URI_GUIDE_PREFIXES = [
    "AC", "ZC", "FC", "GE", "LP", "OC", "SE", "SA", "SZ", "SF", "GS", "SL", "SO", "SC", "ES", "NA",
    "NZ", "NF", "GN", "NL", "NC", "R0", "NI", "EN", "IP", "SP", "IC", "SI", "NP", "NV", "RC", "SR",
    "NR", "NO",
]  # fmt: skip


def test_pads_a_seven_digit_companies_house_number_with_a_leading_zero() -> None:
    assert normalise_companies_house_number("1234567") == "01234567"
    assert is_companies_house_number("1234567")


@pytest.mark.parametrize(
    "number",
    ["01234567", "sc 123456", "NI123456", "R0123456", "OC123456", "SO123456", "NC123456",
     "LP123456", "SL123456", "NL123456", "CE000958", "OE001234", "IP00141R", "SP02252R"],
)  # fmt: skip
def test_accepts_companies_house_numbers_of_every_kind(number: str) -> None:
    assert is_companies_house_number(number)


@pytest.mark.parametrize(
    "number",
    ["", "123456789", "SC12345", "SC1234567", "QQ123456", "IP1234R", "1234567A", "O1234567"],
)
def test_rejects_companies_house_numbers_of_the_wrong_shape(number: str) -> None:
    assert not is_companies_house_number(number)


def test_knows_every_prefix_in_the_companies_house_uri_guide() -> None:
    assert set(URI_GUIDE_PREFIXES) <= COMPANIES_HOUSE_PREFIXES


@given(st.text(alphabet=DIGITS, min_size=1, max_size=8))
def test_any_number_of_up_to_eight_digits_is_read_as_its_zero_padded_form(number: str) -> None:
    padded = normalise_companies_house_number(number)
    assert len(padded) == 8 and int(padded) == int(number)
    assert is_companies_house_number(number)


@given(st.sampled_from(sorted(COMPANIES_HOUSE_PREFIXES)), digits(6), st.booleans())
def test_a_known_prefix_and_six_digits_is_a_companies_house_number(
    prefix: str, number: str, spaced: bool
) -> None:
    assert is_companies_house_number(f"{prefix.lower()} {number}" if spaced else prefix + number)


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2), digits(6))
def test_an_unknown_prefix_is_not_a_companies_house_number(prefix: str, number: str) -> None:
    if prefix not in COMPANIES_HOUSE_PREFIXES:
        assert not is_companies_house_number(prefix + number)


@given(st.text())
def test_companies_house_normalising_is_idempotent_and_keeps_the_verdict(text: str) -> None:
    once = normalise_companies_house_number(text)
    assert normalise_companies_house_number(once) == once
    assert is_companies_house_number(once) == is_companies_house_number(text)


# --- Charity numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "register"),
    [
        ("1234567", CharityRegister.ENGLAND_AND_WALES),
        ("212345", CharityRegister.ENGLAND_AND_WALES),
        ("1089464-1", CharityRegister.ENGLAND_AND_WALES),
        ("1089464 \u2013 12", CharityRegister.ENGLAND_AND_WALES),  # a word processor's en dash
        ("SC012345", CharityRegister.SCOTLAND),
        ("sc 043217", CharityRegister.SCOTLAND),
        ("NIC100123", CharityRegister.NORTHERN_IRELAND),
        ("NIC 100123", CharityRegister.NORTHERN_IRELAND),
    ],
)
def test_says_which_register_a_charity_number_belongs_to(
    number: str, register: CharityRegister
) -> None:
    assert charity_register(number) is register
    assert is_charity_number(number)


@pytest.mark.parametrize(
    "number",
    ["", "12345", "12345678", "1234567-", "1234567-1234", "SC112345", "SC01234", "NIC12345",
     "NI100123", "XR12345", "XN12345"],
)  # fmt: skip
def test_rejects_charity_numbers_no_register_issues(number: str) -> None:
    assert charity_register(number) is None
    assert not is_charity_number(number)


@given(st.integers(6, 7).flatmap(digits), st.none() | st.integers(1, 999))
def test_six_or_seven_digits_with_any_linked_suffix_is_an_england_and_wales_number(
    number: str, linked: int | None
) -> None:
    written = number if linked is None else f"{number}-{linked}"
    assert charity_register(written) is CharityRegister.ENGLAND_AND_WALES


@given(digits(5), digits(6))
def test_oscr_and_ccni_shapes_are_scottish_and_northern_irish(oscr: str, ccni: str) -> None:
    assert charity_register("SC0" + oscr) is CharityRegister.SCOTLAND
    assert charity_register("NIC" + ccni) is CharityRegister.NORTHERN_IRELAND


@given(st.text())
def test_charity_normalising_is_idempotent_and_keeps_the_register(text: str) -> None:
    once = normalise_charity_number(text)
    assert normalise_charity_number(once) == once
    assert charity_register(once) == charity_register(text)


# --- VAT numbers ---------------------------------------------------------------------------------


def weighted_total(nine: str) -> int:
    """HMRC's total, written from its description rather than taken from the code under test."""
    return sum(w * int(d) for w, d in zip(WEIGHTS, nine, strict=True))


def reference_is_valid(nine: str) -> bool:
    total = weighted_total(nine)
    return total % 97 == 0 or ((total + 55) % 97 == 0 and int(nine[:3]) >= 100)


@st.composite
def old_scheme_numbers(draw: st.DrawFn) -> str:
    seven = draw(digits(7))
    return seven + f"{-weighted_total(seven + '00') % 97:02d}"


@st.composite
def new_scheme_numbers(draw: st.DrawFn) -> str:
    seven = draw(st.integers(100, 999).map(str)) + draw(digits(4))
    return seven + f"{(-weighted_total(seven + '00') - 55) % 97:02d}"


valid_nines = old_scheme_numbers() | new_scheme_numbers()


@st.composite
def as_written(draw: st.DrawFn, nine: str) -> str:
    """A number written as people write it: with or without GB (or XI), spaced, lower case."""
    prefix = draw(st.sampled_from(["", "GB", "gb", "GB ", "XI"]))
    body = draw(
        st.sampled_from([nine, f"{nine[:3]} {nine[3:7]} {nine[7:]}", f"{nine[:3]}-{nine[3:]}"])
    )
    return prefix + body


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        # 9·8+8·7+0·6+7·5+8·4+0·3+6·2 = 207; 207 + 84 = 291 = 3 × 97 (python-stdnum's example)
        ("GB 980 7806 84", VatReason.MOD_97),
        # the BBC's number as VIES returned it: 140 + 54 = 194 = 2 × 97
        ("GB333289454", VatReason.MOD_97),
        # a 2019 registration: 110 + 29 = 139, and 139 + 55 = 194 = 2 × 97
        ("GB340804329", VatReason.MOD_9755),
        # the same 980 7806 84 with a branch suffix, which is not checked
        ("GB980780684001", VatReason.MOD_97),
        ("XI 980 7806 84", VatReason.MOD_97),
        ("GD001", VatReason.GOVERNMENT_DEPARTMENT),
        ("GBGD499", VatReason.GOVERNMENT_DEPARTMENT),
        ("HA500", VatReason.HEALTH_AUTHORITY),
        ("GB HA 999", VatReason.HEALTH_AUTHORITY),
    ],
)
def test_accepts_vat_numbers_that_pass_hmrcs_checks(written: str, reason: VatReason) -> None:
    check = verify_vat_number(written)
    assert check.valid and check.reason is reason


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        # 112 + 81 = 193 ≡ 96 (mod 97), and 193 + 55 = 248 ≡ 54
        ("802311781", VatReason.WRONG_CHECK_DIGITS),
        # 0·8+1·7+2·6+3·5+4·4+5·3+6·2 = 77; 77 + 62 + 55 = 194, but 9755 numbers start at 100
        ("GB012345662", VatReason.WRONG_CHECK_DIGITS),
        ("GD500", VatReason.OUT_OF_RANGE),
        ("HA499", VatReason.OUT_OF_RANGE),
        ("GB98078068", VatReason.WRONG_FORMAT),
        ("GB9807806840", VatReason.WRONG_FORMAT),
        ("FR980780684", VatReason.WRONG_FORMAT),
        ("", VatReason.WRONG_FORMAT),
    ],
)
def test_says_why_a_vat_number_fails(written: str, reason: VatReason) -> None:
    check = verify_vat_number(written)
    assert not check.valid and check.reason is reason


def test_names_the_problem_with_a_vat_number_for_the_finding_message() -> None:
    assert vat_number_problem("GB 980 7806 84") is None
    assert vat_number_problem("802311781") == (
        "does not pass HMRC's check-digit test (mod 97 or 9755)"
    )
    assert vat_number_problem("GB12345") == VatReason.WRONG_FORMAT


def test_the_old_numbers_below_one_hundred_million_still_pass() -> None:
    assert is_vat_number("GB012345620")  # 77 + 20 = 97


def test_normalises_vat_numbers_to_gb_and_digits() -> None:
    assert normalise_vat_number("GB 123 4567 89") == "GB123456789"
    assert normalise_vat_number("123456789") == "GB123456789"
    assert normalise_vat_number("gb123456789000") == "GB123456789000"
    assert normalise_vat_number("GD 001") == "GBGD001"


@given(valid_nines.flatmap(as_written))
def test_a_vat_number_with_hmrc_check_digits_passes_however_written(written: str) -> None:
    assert is_vat_number(written)


@given(valid_nines, digits(3))
def test_a_branch_suffix_does_not_change_the_verdict(nine: str, branch: str) -> None:
    assert is_vat_number("GB" + nine + branch)


@given(digits(9))
def test_agrees_with_hmrcs_test_on_every_nine_digit_number(nine: str) -> None:
    assert is_vat_number(nine) == reference_is_valid(nine)


def test_only_a_step_of_six_or_seven_in_the_second_or_third_digit_can_swap_schemes() -> None:
    # One digit changed by d moves the total by weight·d. 97 is prime and |weight·d| <= 90, so
    # the total never lands on another multiple of 97; it can only move between the two schemes,
    # which needs weight·d ≡ ±42 (mod 97).
    swaps = {(w, d) for w in WEIGHTS for d in range(-9, 10) if d and (w * d) % 97 in (42, 55)}
    assert swaps == {(7, 6), (7, -6), (6, 7), (6, -7)}


def test_a_single_digit_error_can_turn_an_old_number_into_a_new_one() -> None:
    # 980 7806 84 (mod 97) with the third digit 0 → 7: 249 + 84 = 333 = 3 × 97 + 42
    assert verify_vat_number("GB980780684").reason is VatReason.MOD_97
    assert verify_vat_number("GB987780684").reason is VatReason.MOD_9755


@given(valid_nines, st.integers(0, 8), st.integers(1, 9))
def test_a_single_digit_error_fails_unless_it_swaps_schemes(
    nine: str, position: int, step: int
) -> None:
    new_digit = (int(nine[position]) + step) % 10
    changed = nine[:position] + str(new_digit) + nine[position + 1 :]
    shift = WEIGHTS[position] * (new_digit - int(nine[position]))
    if shift % 97 not in (42, 55):
        assert not is_vat_number(changed)
    elif is_vat_number(changed):
        assert verify_vat_number(changed).reason is not verify_vat_number(nine).reason


@given(st.text())
def test_vat_normalising_is_idempotent_and_keeps_the_verdict(text: str) -> None:
    once = normalise_vat_number(text)
    assert normalise_vat_number(once) == once
    assert verify_vat_number(once) == verify_vat_number(text)


# --- URNs and UKPRNs -----------------------------------------------------------------------------


@pytest.mark.parametrize("urn", ["SC457688", "sc 034253", "1242101", "2500001"])
def test_accepts_social_care_urns_old_and_new(urn: str) -> None:
    assert is_social_care_urn(urn)


@pytest.mark.parametrize("urn", ["", "SC45768", "SC4576880", "3242101", "124210", "12421011"])
def test_rejects_social_care_urns_of_the_wrong_shape(urn: str) -> None:
    assert not is_social_care_urn(urn)


@given(digits(6), st.sampled_from("12"), digits(6))
def test_sc_and_six_digits_or_seven_digits_from_1_or_2_are_social_care_urns(
    old: str, first: str, rest: str
) -> None:
    assert is_social_care_urn("SC" + old)
    assert is_social_care_urn(first + rest)


@cache
def real_snapshot_urns() -> tuple[list[str], list[str]]:
    providers = load_ofsted_snapshot(OFSTED_SNAPSHOT.read_bytes()).providers
    linked = [str(u) for u in providers["linked_education_urn"] if str(u).strip()]
    return [str(u) for u in providers.index], linked


def test_every_urn_in_the_real_ofsted_snapshot_is_well_formed() -> None:
    social_care, schools = real_snapshot_urns()
    assert social_care and all(is_social_care_urn(u) for u in social_care)
    assert schools and all(is_school_urn(u) for u in schools)


@pytest.mark.parametrize(
    ("urn", "expected"),
    [("117064", True), ("100000", True), ("200000", False), ("11706", False), ("1170640", False)],
)
def test_a_school_urn_is_six_digits_starting_1(urn: str, expected: bool) -> None:
    assert is_school_urn(urn) is expected


@pytest.mark.parametrize(
    ("ukprn", "expected"),
    [("10012345", True), ("1001 2345", True), ("20012345", False), ("1001234", False),
     ("100123456", False)],
)  # fmt: skip
def test_a_ukprn_is_eight_digits_starting_1(ukprn: str, expected: bool) -> None:
    assert is_ukprn(ukprn) is expected


@given(digits(5), digits(7), st.sampled_from("023456789"), digits(5))
def test_school_urns_and_ukprns_start_with_1(
    school: str, ukprn: str, other: str, rest: str
) -> None:
    assert is_school_urn("1" + school) and is_ukprn("1" + ukprn)
    assert not is_school_urn(other + rest) and not is_ukprn(other + rest + "00")


@given(st.text())
def test_urn_normalising_is_idempotent_and_keeps_the_verdicts(text: str) -> None:
    once = normalise_urn(text)
    assert normalise_urn(once) == once
    for predicate in (is_social_care_urn, is_school_urn, is_ukprn):
        assert predicate(once) == predicate(text)
