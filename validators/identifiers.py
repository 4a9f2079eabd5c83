"""Well-formedness of the identifiers providers give (Companies House numbers, URNs, …)."""

from __future__ import annotations

import re

# prefixes Companies House uses before six digits (Scotland, Northern Ireland, LLPs, …)
COMPANIES_HOUSE_PREFIXES = frozenset(
    {
        "AC",
        "CE",
        "CS",
        "FC",
        "FE",
        "GE",
        "GN",
        "GS",
        "IC",
        "IP",
        "LP",
        "NA",
        "NC",
        "NF",
        "NI",
        "NL",
        "NO",
        "NP",
        "NR",
        "NZ",
        "OC",
        "OE",
        "R0",
        "RC",
        "SA",
        "SC",
        "SE",
        "SF",
        "SG",
        "SI",
        "SL",
        "SO",
        "SP",
        "SR",
        "SZ",
        "ZC",
    }
)
_CH_NUMBER = re.compile(r"^(?:\d{8}|([A-Z][A-Z0-9])(\d{6}))$")


def normalise_companies_house_number(text: str) -> str:
    """Upper case, no spaces; a number of fewer than 8 digits is zero-padded as CH prints it."""
    cleaned = "".join(text.split()).upper()
    return cleaned.zfill(8) if cleaned.isdigit() and len(cleaned) < 8 else cleaned


def is_companies_house_number(text: str) -> bool:
    """8 digits (zero-padded), or a known 2-letter prefix and 6 digits."""
    match = _CH_NUMBER.match(normalise_companies_house_number(text))
    if match is None:
        return False
    return match.group(1) is None or match.group(1) in COMPANIES_HOUSE_PREFIXES


_SOCIAL_CARE_URN = re.compile(r"^(?:SC\d{6}|[12]\d{6})$")


def is_social_care_urn(text: str) -> bool:
    """SC and 6 digits (older registrations), or 7 digits starting 1 or 2 (newer)."""
    return bool(_SOCIAL_CARE_URN.match(text.strip().upper()))
