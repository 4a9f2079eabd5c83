"""Whether two organisation names are the same name, for the insurance and Ofsted owner checks.

Names agree when they differ only in case, punctuation, spacing, "&" for "and", a leading "The",
"(UK)", legal endings (Ltd, Limited, PLC, LLP, CIC, CIO, … and their Welsh forms) and a Companies
House number written after the name, as Ofsted's data sometimes has it
("Children First Fostering Agency Limited 03894588"). Nothing else is forgiven: "Acme Care" and
"Acme Care Homes" are different names, and a reviewer decides.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from validators.identifiers import is_companies_house_number

# Companies House's permitted name endings (English and Welsh), and the charity forms
LEGAL_SUFFIXES: tuple[str, ...] = (
    "limited", "ltd", "cyfyngedig", "cyf",
    "public limited company", "plc", "cwmni cyfyngedig cyhoeddus", "ccc",
    "limited liability partnership", "llp", "partneriaeth atebolrwydd cyfyngedig", "pac",
    "limited partnership", "lp",
    "community interest company", "cic", "cwmni buddiant cymunedol", "cbc",
    "community interest public limited company", "community interest plc",
    "cwmni buddiant cymunedol cyhoeddus cyfyngedig", "cwmni buddiant cymunedol ccc",
    "charitable incorporated organisation", "cio", "sefydliad corfforedig elusennol", "sce",
)  # fmt: skip
# longest first, so "Community Interest PLC" goes whole rather than leaving "Community Interest"
_SUFFIXES = sorted((tuple(s.split()) for s in LEGAL_SUFFIXES), key=len, reverse=True)
# words that introduce a company number after a name ("… Limited company number 04963908")
_NUMBER_LABELS = sorted(
    (
        ("company", "registration", "number"), ("company", "reg", "no"), ("company", "number"),
        ("company", "no"), ("registered", "number"), ("registration", "number"), ("reg", "no"),
        ("crn",), ("no",),
    ),
    key=len,
    reverse=True,
)  # fmt: skip
# "(UK)" and "(The)" say nothing about which organisation it is
_PARENTHESISED = re.compile(r"\(\s*(?:u\s*\.?\s*k\s*\.?|the)\s*\)")
# dots and apostrophes join rather than split: "L.L.P." is "llp", "Children's" is "childrens"
_JOINING = re.compile(r"[.'`\u2018\u2019\u02bc]")
_WORD = re.compile(r"[^\W_]+")
_TRADING_AS = re.compile(r"\b(?:t/as?|trading\s+as)\b", re.IGNORECASE)


def normalise_organisation_name(text: str) -> str:
    """The name reduced to the words that identify the organisation, lower case, space-separated."""
    folded = _fold(_PARENTHESISED.sub(" ", _fold(text)).replace("&", " and "))
    tokens = _WORD.findall(_fold(_joined(folded)))
    while (trimmed := _without_trailing_endings(_without_leading_the(tokens))) != tokens:
        tokens = trimmed
    return " ".join(tokens)


def names_match(a: str, b: str) -> bool:
    """Two names are the same name, as normalised; spacing aside, and a blank name matches none."""
    key = _key(a)
    return bool(key) and key == _key(b)


def matches_any(name: str, candidates: Iterable[str | None]) -> bool:
    """The name is one of the candidates (legal or trading name); "X t/a Y" is read as X or Y."""
    names = _aliases(name)
    return any(
        names_match(alias, other)
        for candidate in candidates
        if candidate
        for other in _aliases(candidate)
        for alias in names
    )


def _fold(text: str) -> str:
    """Compatibility forms and case folded away (ligatures, full-width letters, ß)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def _joined(text: str) -> str:
    """Dots, apostrophes and stray combining marks removed, joining the letters either side."""
    kept = (c for c in _JOINING.sub("", text) if not unicodedata.category(c).startswith("M"))
    return "".join(kept)


def _key(name: str) -> str:
    """What two names must share: spacing is ignored, so "Well-being" is "Wellbeing"."""
    return normalise_organisation_name(name).replace(" ", "")


def _aliases(name: str) -> list[str]:
    """The name, and each side of it when it reads "X trading as Y"."""
    parts = _TRADING_AS.split(name)
    return [name, *parts] if len(parts) > 1 else [name]


def _without_leading_the(tokens: list[str]) -> list[str]:
    """A leading "The" dropped (a name is never reduced to nothing)."""
    while len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    return tokens


def _without_trailing_endings(tokens: list[str]) -> list[str]:
    """Legal endings and a trailing company number dropped (a name is never reduced to nothing)."""
    while 0 < (cut := _trailing_ending(tokens)) < len(tokens):
        tokens = tokens[:-cut]
    return tokens


def _trailing_ending(tokens: Sequence[str]) -> int:
    """How many words at the end are a legal ending or a labelled company number (0 if none)."""
    for suffix in _SUFFIXES:
        if tuple(tokens[-len(suffix) :]) == suffix:
            return len(suffix)
    if not tokens or not _is_printed_company_number(tokens[-1]):
        return 0
    before = tokens[:-1]
    label = next((lb for lb in _NUMBER_LABELS if tuple(before[-len(lb) :]) == lb), ())
    return 1 + len(label)


def _is_printed_company_number(word: str) -> bool:
    """A Companies House number in full (8 characters), so "Nugent Care 2019" keeps its year."""
    return len(word) == 8 and is_companies_house_number(word)
