"""The vocabulary of an Ofsted provider snapshot and the pandera schema its rows must meet.

This is the only module that imports pandera: `find_quarantined` turns its failure cases into
`QuarantinedRow`s, so callers never see a pandera type.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors
from pandera.typing import Series

# [0-9], not \d: \d also matches Arabic-Indic and other Unicode digits.
URN_PATTERN = r"SC[0-9]{6}|[12][0-9]{6}"
_URN = re.compile(URN_PATTERN)


class Judgement(enum.IntEnum):
    """An Ofsted overall grade; lower is better, so grades compare as numbers."""

    OUTSTANDING = 1
    GOOD = 2
    REQUIRES_IMPROVEMENT = 3
    INADEQUATE = 4

    @property
    def label(self) -> str:
        """The grade as Ofsted's current framework words it."""
        return _LABELS[self]


_LABELS = {
    Judgement.OUTSTANDING: "Outstanding",
    Judgement.GOOD: "Good",
    Judgement.REQUIRES_IMPROVEMENT: "Requires improvement to be good",
    Judgement.INADEQUATE: "Inadequate",
}
NOT_YET_INSPECTED = "Not yet inspected"

# Older frameworks' words ("Adequate", "Satisfactory") sit in the third grade, as the spec says.
_WORDS: dict[Judgement | None, tuple[str, ...]] = {
    Judgement.OUTSTANDING: ("Outstanding",),
    Judgement.GOOD: ("Good",),
    Judgement.REQUIRES_IMPROVEMENT: (
        "Requires improvement to be good",
        "Requires Improvement to be good",
        "Requires improvement",
        "Adequate",
        "Satisfactory",
    ),
    Judgement.INADEQUATE: ("Inadequate",),
    None: ("", "Not yet inspected", "Not judged", "-"),
}

PROVISION_TYPES = (
    "Children's home",
    "Secure children's home",
    "Independent Fostering Agency",
    "Residential Special School",
    "Residential special school (registered as a children's home)",
    "Supported Accommodation",
    "Boarding School",
    "Residential Family Centre",
    # seen in the 31 March 2024 snapshot besides those the spec names
    "Adoption Support Agency",
    "Voluntary Adoption Agency",
    "Further Education College with Residential Accommodation",
    "Residential Holiday Scheme for Disabled Children",
    "Secure Training Centre",
)
REGISTRATION_STATUSES = ("Active", "Suspended", "Resigned", "Cancelled", "Closed")


def vocabulary_key(text: str) -> str:
    """The form two spellings of one word share: trimmed, single-spaced, caseless, straight '."""
    return " ".join(text.replace("\u2019", "'").split()).casefold()


def vocabulary_keys(texts: pd.Series) -> pd.Series:
    """`vocabulary_key` over a column, vectorised."""
    spaced = texts.str.replace("\u2019", "'").str.replace(r"\s+", " ", regex=True)
    return spaced.str.strip().str.casefold()


_GRADE_BY_KEY = {vocabulary_key(w): grade for grade, words in _WORDS.items() for w in words}
_PROVISION_KEYS = frozenset(vocabulary_key(t) for t in PROVISION_TYPES)
_STATUS_KEYS = frozenset(vocabulary_key(s) for s in REGISTRATION_STATUSES)


def normalise_judgement(word: str | None) -> Judgement | None:
    """The grade an Ofsted judgement word stands for; None for blank or 'not judged' words.

    Raises ValueError for a word outside the vocabulary: guessing would misgrade a provider.
    """
    key = vocabulary_key(word or "")
    if key not in _GRADE_BY_KEY:
        raise ValueError(f"not an Ofsted judgement word: {word!r}")
    return _GRADE_BY_KEY[key]


def judgement_grades(words: pd.Series) -> pd.Series:
    """The grade of each (already validated) judgement word, as nullable integers 1-4."""
    grades = vocabulary_keys(words).map(_GRADE_BY_KEY)
    return grades.astype("Int64")


def is_social_care_urn(text: str) -> bool:
    """Whether text is an Ofsted social care URN: SC and 6 digits, or 7 digits starting 1 or 2."""
    return _URN.fullmatch(text) is not None


@dataclass(frozen=True)
class QuarantinedRow:
    """One cell that kept its row out of the snapshot, and why."""

    row: int  # 1-based row of the source file, as a spreadsheet numbers it
    column: str  # the header as in the file, whitespace tidied
    value: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column} {self.value!r}: {self.reason}"


# Check name -> what the row must have; pandera's own uniqueness check is named field_uniqueness.
REASONS = {
    "urn_format": "a URN is SC and 6 digits, or 7 digits starting 1 or 2",
    "field_uniqueness": "a URN may appear on one row only",
    "known_provision_type": "the provision type must be one Ofsted registers",
    "known_registration_status": "the status must be " + ", ".join(REGISTRATION_STATUSES),
    "judgement_word": "the judgement must be Outstanding, Good, Requires improvement to be good, "
    "Inadequate, or blank / Not yet inspected / Not judged / -",
    "dd_mm_yyyy_date": "a date must be blank or a real dd/mm/yyyy date",
    "whole_number": "places must be blank or a whole number",
}


class ProviderText(pa.DataFrameModel):
    """The snapshot's cells as trimmed text, indexed by source row, before any conversion."""

    urn: Series[str] = pa.Field(unique=True)
    linked_education_urn: Series[str]
    provision_type: Series[str]
    registration_status: Series[str]
    registration_date: Series[str]
    name: Series[str]
    organisation: Series[str]
    places: Series[str]
    latest_full_inspection_date: Series[str]
    overall_judgement_text: Series[str]
    local_authority: Series[str]

    class Config:
        strict = True

    @pa.check("urn", name="urn_format")
    def _urn_format(cls, urns: pd.Series) -> pd.Series:
        return urns.str.fullmatch(URN_PATTERN)

    @pa.check("provision_type", name="known_provision_type")
    def _known_provision_type(cls, types: pd.Series) -> pd.Series:
        return vocabulary_keys(types).isin(_PROVISION_KEYS)

    @pa.check("registration_status", name="known_registration_status")
    def _known_status(cls, statuses: pd.Series) -> pd.Series:
        return vocabulary_keys(statuses).isin(_STATUS_KEYS)

    @pa.check("overall_judgement_text", name="judgement_word")
    def _judgement_word(cls, words: pd.Series) -> pd.Series:
        return vocabulary_keys(words).isin(_GRADE_BY_KEY.keys())

    @pa.check("registration_date", "latest_full_inspection_date", name="dd_mm_yyyy_date")
    def _date(cls, dates: pd.Series) -> pd.Series:
        return dates.eq("") | parse_dates(dates).notna()

    @pa.check("places", name="whole_number")
    def _whole_number(cls, places: pd.Series) -> pd.Series:
        return places.eq("") | places.str.fullmatch(r"[0-9]+")


def parse_dates(texts: pd.Series) -> pd.Series:
    """dd/mm/yyyy text as datetimes; blanks and impossible dates become NaT."""
    return pd.to_datetime(texts, format="%d/%m/%Y", errors="coerce")


def find_quarantined(text: pd.DataFrame, headers: Mapping[str, str]) -> tuple[QuarantinedRow, ...]:
    """Every cell of `text` (indexed by source row) that breaks the schema, in file order.

    `headers` maps each canonical column to its header as found in the file, for the report.
    """
    try:
        ProviderText.validate(text, lazy=True)
    except SchemaErrors as errors:
        cases = errors.failure_cases
        if cases["index"].isna().any():
            # Only whole-table failures (a missing column, a wrong dtype) lack a row; the loader
            # builds this frame itself, so those are a bug here, not bad data.
            raise
        order = {column: position for position, column in enumerate(text.columns)}
        in_file_order = cases.assign(position=cases["column"].map(order)).sort_values(
            ["index", "position"], kind="stable"
        )
        return tuple(
            QuarantinedRow(
                row=int(case["index"]),
                column=headers.get(case["column"], case["column"]),
                value=str(case["failure_case"]),
                reason=REASONS.get(case["check"], case["check"]),
            )
            for case in in_file_order.to_dict("records")
        )
    return ()
