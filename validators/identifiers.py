"""Well-formedness of the identifiers providers give: Companies House, charity and VAT numbers,
social care and school URNs, UKPRNs.

Pure: text in, a verdict out. Each normaliser is idempotent, and each predicate gives the same
answer for a text and its normal form, so callers may keep either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


def compact_identifier(text: str) -> str:
    """The identifier as registers print it: upper case, with no spaces."""
    return "".join(text.split()).upper()


# --- Companies House -----------------------------------------------------------------------------

# The prefixes of Companies House's "Uniform Resource Identifiers Customer Guide" (its list of
# company numbers and prefixes, the same list HMRC's vat-subscription-frontend checks against),
# plus prefixes issued since that guide: CE/CS, SG, OE (the 2022 Register of Overseas Entities)
# and RS. Rows give the England & Wales, Scottish and Northern Ireland forms of one kind of body.
COMPANIES_HOUSE_PREFIXES = frozenset(
    {
        "SC", "NI", "R0",  # companies: Scotland; Northern Ireland after and before partition
        "OC", "SO", "NC",  # limited liability partnerships
        "LP", "SL", "NL",  # limited partnerships
        "AC", "SA", "NA",  # assurance companies
        "ZC", "SZ", "NZ",  # unregistered companies (Companies Act 2006, s.1043)
        "FC", "SF", "NF",  # overseas companies (SF and NF: registered before 1 October 2009)
        "GE", "GS", "GN",  # European Economic Interest Groupings
        "SE", "ES", "EN",  # European public limited-liability companies (Societas Europaea)
        "IP", "SP", "NP",  # industrial and provident societies (NP also credit unions)
        "IC", "SI", "NV",  # investment companies with variable capital
        "RC", "SR", "NR",  # bodies incorporated by Royal Charter
        "NO",  # Northern Ireland credit unions and industrial and provident societies
        "CE", "CS",  # charitable incorporated organisations (England & Wales, Scotland)
        "SG",  # Scottish qualifying partnerships
        "OE",  # overseas entities (Register of Overseas Entities)
        "RS",  # registered societies
    }
)  # fmt: skip
# 8 digits; a prefix and 6 digits; or a registered society's IP/SP, 5 digits and R (IP00141R)
_CH_NUMBER = re.compile(r"\d{8}|([A-Z][A-Z0-9])\d{6}|(?:IP|SP)\d{5}R", re.ASCII)
_SHORT_CH_NUMBER = re.compile(r"\d{1,7}", re.ASCII)


def normalise_companies_house_number(text: str) -> str:
    """Upper case, no spaces; a number of fewer than 8 digits is zero-padded as CH prints it."""
    cleaned = compact_identifier(text)
    return cleaned.zfill(8) if _SHORT_CH_NUMBER.fullmatch(cleaned) else cleaned


def is_companies_house_number(text: str) -> bool:
    """8 digits (zero-padded), or a known 2-letter prefix and 6 digits."""
    match = _CH_NUMBER.fullmatch(normalise_companies_house_number(text))
    if match is None:
        return False
    return match.group(1) is None or match.group(1) in COMPANIES_HOUSE_PREFIXES


# --- Charity numbers -----------------------------------------------------------------------------


class CharityRegister(StrEnum):
    """The register a charity number belongs to."""

    ENGLAND_AND_WALES = "Charity Commission for England and Wales"
    SCOTLAND = "Scottish Charity Regulator (OSCR)"
    NORTHERN_IRELAND = "Charity Commission for Northern Ireland"


# England & Wales: 6 or 7 digits, and "-N" for a linked charity (1089464-1). OSCR: SC0 and 5
# digits. Northern Ireland: NIC and 6 digits. HMRC's charity references (XR…, XN…) are tax
# references, not a register, so they are not charity numbers here.
_CHARITY_NUMBERS = (
    (re.compile(r"\d{6,7}(?:-\d{1,3})?", re.ASCII), CharityRegister.ENGLAND_AND_WALES),
    (re.compile(r"SC0\d{5}", re.ASCII), CharityRegister.SCOTLAND),
    (re.compile(r"NIC\d{6}", re.ASCII), CharityRegister.NORTHERN_IRELAND),
)
# word processors turn "1089464 - 1" into an en or em dash
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-"})


def normalise_charity_number(text: str) -> str:
    """Upper case, no spaces, and a plain hyphen before a linked charity's suffix."""
    return compact_identifier(text).translate(_DASHES)


def charity_register(text: str) -> CharityRegister | None:
    """The register whose numbering the charity number follows, or None if it follows none."""
    number = normalise_charity_number(text)
    for pattern, register in _CHARITY_NUMBERS:
        if pattern.fullmatch(number):
            return register
    return None


def is_charity_number(text: str) -> bool:
    """An England & Wales, OSCR or Northern Ireland charity number."""
    return charity_register(text) is not None


# --- VAT numbers ---------------------------------------------------------------------------------


class VatReason(StrEnum):
    """Why a VAT number passes or fails, worded to follow "The VAT number '…'"."""

    MOD_97 = "passes HMRC's mod-97 check-digit test"
    MOD_9755 = "passes HMRC's 9755 check-digit test (the newer numbers)"
    GOVERNMENT_DEPARTMENT = "is a government department number (GD000 to GD499)"
    HEALTH_AUTHORITY = "is a health authority number (HA500 to HA999)"
    WRONG_CHECK_DIGITS = "does not pass HMRC's check-digit test (mod 97 or 9755)"
    OUT_OF_RANGE = "is outside HMRC's ranges (GD000 to GD499, HA500 to HA999)"
    WRONG_FORMAT = "is not 9 digits, 12 digits with a branch, or GD or HA and 3 digits"


_PASSING = frozenset(
    {
        VatReason.MOD_97,
        VatReason.MOD_9755,
        VatReason.GOVERNMENT_DEPARTMENT,
        VatReason.HEALTH_AUTHORITY,
    }
)


@dataclass(frozen=True)
class VatCheck:
    """A VAT number in normal form, and why it passes or fails HMRC's checks."""

    number: str
    reason: VatReason

    @property
    def valid(self) -> bool:
        """The number passes."""
        return self.reason in _PASSING


# XI is the same registration, used by Northern Ireland traders under the Windsor Framework
_VAT_COUNTRIES = ("GB", "XI")
_VAT_BODY = re.compile(r"\d{9}|\d{12}|(?:GD|HA)\d{3}", re.ASCII)
_VAT_SEPARATORS = str.maketrans("", "", ".-")
_VAT_WEIGHTS = (8, 7, 6, 5, 4, 3, 2)


def normalise_vat_number(text: str) -> str:
    """Upper case without spaces, dots or dashes, with GB added to a number given without it."""
    number = compact_identifier(text).translate(_VAT_SEPARATORS)
    if number[:2] not in _VAT_COUNTRIES and _VAT_BODY.fullmatch(number):
        return "GB" + number
    return number


def verify_vat_number(text: str) -> VatCheck:
    """A VAT number has HMRC's shape and passes its check-digit test (or GD/HA range)."""
    number = normalise_vat_number(text)
    body = number[2:] if number[:2] in _VAT_COUNTRIES else number
    if not _VAT_BODY.fullmatch(body):
        return VatCheck(number, VatReason.WRONG_FORMAT)
    if body.isdigit():
        return VatCheck(number, _check_digits(body[:9]))  # a branch's last 3 digits are unchecked
    if body.startswith("GD"):
        in_range, kind = int(body[2:]) < 500, VatReason.GOVERNMENT_DEPARTMENT
    else:
        in_range, kind = int(body[2:]) >= 500, VatReason.HEALTH_AUTHORITY
    return VatCheck(number, kind if in_range else VatReason.OUT_OF_RANGE)


def _check_digits(nine: str) -> VatReason:
    """Weights 8 to 2 on 7 digits, plus the last 2: a multiple of 97, or 55 short of one."""
    total = sum(w * int(d) for w, d in zip(_VAT_WEIGHTS, nine[:7], strict=True)) + int(nine[7:])
    if total % 97 == 0:
        return VatReason.MOD_97
    # HMRC restarted numbering at 100 0000 00 when it brought in the 9755 test, so a number below
    # that can only be an old one (python-stdnum's gb.vat applies the same rule)
    if (total + 55) % 97 == 0 and int(nine[:3]) >= 100:
        return VatReason.MOD_9755
    return VatReason.WRONG_CHECK_DIGITS


def is_vat_number(text: str) -> bool:
    """A VAT number that passes HMRC's checks."""
    return verify_vat_number(text).valid


def vat_number_problem(text: str) -> str | None:
    """What is wrong with a VAT number, worded to follow "The VAT number '…'"; None if nothing."""
    check = verify_vat_number(text)
    return None if check.valid else str(check.reason)


# --- Settings: URNs and UKPRNs -------------------------------------------------------------------

_SOCIAL_CARE_URN = re.compile(r"SC\d{6}|[12]\d{6}", re.ASCII)
_SCHOOL_URN = re.compile(r"1\d{5}", re.ASCII)
_UKPRN = re.compile(r"1\d{7}", re.ASCII)


def normalise_urn(text: str) -> str:
    """A URN or UKPRN as Ofsted and GIAS key it: upper case, no spaces (look-ups use this)."""
    return compact_identifier(text)


def is_social_care_urn(text: str) -> bool:
    """SC and 6 digits (older registrations), or 7 digits starting 1 or 2 (newer)."""
    return _SOCIAL_CARE_URN.fullmatch(normalise_urn(text)) is not None


def is_school_urn(text: str) -> bool:
    """A school URN: 6 digits starting 1."""
    return _SCHOOL_URN.fullmatch(normalise_urn(text)) is not None


def is_ukprn(text: str) -> bool:
    """A UK Provider Reference Number: 8 digits starting 1."""
    return _UKPRN.fullmatch(normalise_urn(text)) is not None
