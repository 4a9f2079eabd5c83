"""The vocabulary of Ofsted's social care tables and the pandera schemas their rows must meet.

This is the only Ofsted module that imports pandera: `find_quarantined` turns its failure cases
into `QuarantinedRow`s, so callers never see a pandera type.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors
from pandera.typing import Series

from domain.quarantine import QuarantinedRow

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
        """The grade as Ofsted's current framework words it (the first of its words)."""
        return _WORDS[self][0]


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

SUPPORTED_ACCOMMODATION = "Supported Accommodation"
PROVISION_TYPES = (
    "Children's home",
    "Secure children's home",
    "Independent Fostering Agency",
    "Residential Special School",
    "Residential special school (registered as a children's home)",
    SUPPORTED_ACCOMMODATION,
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
# The three points of the supported accommodation scale, as the 2024-25 in-year sheet words them.
SUPPORTED_ACCOMMODATION_OUTCOMES = (
    "Consistently strong service delivery",
    "Inconsistent quality of service delivery",
    "Serious or widespread weaknesses",
)
FULL_INSPECTION = "Full inspection"
EVENT_TYPES = (FULL_INSPECTION, "Monitoring inspection", "Assurance visit")


def vocabulary_key(text: str) -> str:
    """The form two spellings of one word share: trimmed, single-spaced, caseless, straight '."""
    return " ".join(text.replace("\u2019", "'").split()).casefold()


def vocabulary_keys(texts: pd.Series) -> pd.Series:
    """`vocabulary_key` over a column, vectorised."""
    spaced = texts.str.replace("\u2019", "'").str.replace(r"\s+", " ", regex=True)
    return spaced.str.strip().str.casefold()


def _keys(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(vocabulary_key(word) for word in words)


_GRADE_BY_KEY = {vocabulary_key(w): grade for grade, words in _WORDS.items() for w in words}
_PROVISION_KEYS = _keys(PROVISION_TYPES)
_STATUS_KEYS = _keys(REGISTRATION_STATUSES)
_OUTCOME_KEYS = _keys(SUPPORTED_ACCOMMODATION_OUTCOMES) | {""}
_EVENT_BY_KEY = {vocabulary_key(event): event for event in EVENT_TYPES}


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


def event_types(texts: pd.Series) -> pd.Series:
    """Each (validated) event type in one spelling: "Full Inspection" as "Full inspection"."""
    return vocabulary_keys(texts).map(_EVENT_BY_KEY).astype("str")


def is_supported_accommodation(types: pd.Series) -> pd.Series:
    """Which provision types are supported accommodation, whatever their capitals."""
    return vocabulary_keys(types).eq(vocabulary_key(SUPPORTED_ACCOMMODATION))


def is_social_care_urn(text: str) -> bool:
    """Whether text is an Ofsted social care URN: SC and 6 digits, or 7 digits starting 1 or 2."""
    return _URN.fullmatch(text) is not None


def parse_dates(texts: pd.Series) -> pd.Series:
    """dd/mm/yyyy text as datetimes; blanks and impossible dates become NaT."""
    return pd.to_datetime(texts, format="%d/%m/%Y", errors="coerce")


# Check name -> what the row must have; pandera's own uniqueness check is named field_uniqueness.
REASONS = {
    "urn_format": "a URN is SC and 6 digits, or 7 digits starting 1 or 2",
    "field_uniqueness": "a URN may appear on one row only",
    "known_provision_type": "the provision type must be one Ofsted registers",
    "known_registration_status": "the status must be " + ", ".join(REGISTRATION_STATUSES),
    "judgement_word": "the judgement must be Outstanding, Good, Requires improvement to be good, "
    "Inadequate, or blank / Not yet inspected / Not judged / -",
    "known_outcome": "the supported accommodation outcome must be blank or "
    + ", ".join(SUPPORTED_ACCOMMODATION_OUTCOMES),
    "dd_mm_yyyy_date": "a date must be blank or a real dd/mm/yyyy date",
    "dated_event": "an inspection event must have a real dd/mm/yyyy date",
    "known_event_type": "the event type must be " + ", ".join(EVENT_TYPES),
    "whole_number": "places must be blank or a whole number",
}


def _is_date_or_blank(dates: pd.Series) -> pd.Series:
    return dates.eq("") | parse_dates(dates).notna()


class _RegisterText(pa.DataFrameModel):
    """The checks a provider snapshot and an in-year sheet share; each declares its own columns.

    Each check method bears its check's name: pandera 0.35 names an inherited check after its
    method in the second subclass to use it, and `REASONS` must find it under either.
    """

    class Config:
        strict = True

    @pa.check("urn", name="urn_format")
    def urn_format(cls, urns: pd.Series) -> pd.Series:
        return urns.str.fullmatch(URN_PATTERN)

    @pa.check("provision_type", name="known_provision_type")
    def known_provision_type(cls, types: pd.Series) -> pd.Series:
        return vocabulary_keys(types).isin(_PROVISION_KEYS)

    @pa.check("registration_status", name="known_registration_status")
    def known_registration_status(cls, statuses: pd.Series) -> pd.Series:
        return vocabulary_keys(statuses).isin(_STATUS_KEYS)

    @pa.check("overall_judgement_text", name="judgement_word")
    def judgement_word(cls, words: pd.Series) -> pd.Series:
        return vocabulary_keys(words).isin(_GRADE_BY_KEY.keys())

    @pa.check("supported_accommodation_outcome", name="known_outcome")
    def known_outcome(cls, outcomes: pd.Series) -> pd.Series:
        return vocabulary_keys(outcomes).isin(_OUTCOME_KEYS)


class ProviderText(_RegisterText):
    """A provider snapshot's cells as trimmed text, indexed by source row, before conversion."""

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
    supported_accommodation_outcome: Series[str]
    local_authority: Series[str]

    @pa.check("registration_date", "latest_full_inspection_date", name="dd_mm_yyyy_date")
    def dd_mm_yyyy_date(cls, dates: pd.Series) -> pd.Series:
        return _is_date_or_blank(dates)

    @pa.check("places", name="whole_number")
    def whole_number(cls, places: pd.Series) -> pd.Series:
        return places.eq("") | places.str.fullmatch(r"[0-9]+")


class EventText(_RegisterText):
    """An in-year sheet's inspection events as trimmed text, indexed by source row.

    A URN appears once per event, so it is not unique here; nor is the event number, which one
    joint inspection of two agencies shares (rows 2526 and 3251 of the 2024-25 sheet).
    """

    urn: Series[str]
    provision_type: Series[str]
    registration_status: Series[str]
    registration_date: Series[str]
    name: Series[str]
    organisation: Series[str]
    inspection_event_type: Series[str]
    inspection_date: Series[str]
    publication_date: Series[str]
    event_number: Series[str]
    overall_judgement_text: Series[str]
    supported_accommodation_outcome: Series[str]

    @pa.check("inspection_event_type", name="known_event_type")
    def known_event_type(cls, events: pd.Series) -> pd.Series:
        return vocabulary_keys(events).isin(_EVENT_BY_KEY.keys())

    @pa.check("inspection_date", name="dated_event")
    def dated_event(cls, dates: pd.Series) -> pd.Series:
        return parse_dates(dates).notna()

    @pa.check("registration_date", "publication_date", name="dd_mm_yyyy_date")
    def dd_mm_yyyy_date(cls, dates: pd.Series) -> pd.Series:
        return _is_date_or_blank(dates)


def find_quarantined(
    text: pd.DataFrame,
    headers: Mapping[str, str],
    model: type[pa.DataFrameModel] = ProviderText,
    reasons: Mapping[str, str] = REASONS,
) -> tuple[QuarantinedRow, ...]:
    """Every cell of `text` (indexed by source row) that breaks `model`, in file order.

    The one place pandera's failure cases become `QuarantinedRow`s, for every regulator schema.
    `headers`: canonical column -> header as in the file; `reasons`: check name -> what is due.
    """
    try:
        model.validate(text, lazy=True)
    except SchemaErrors as errors:
        cases = errors.failure_cases
        if cases["index"].isna().any():
            # Only whole-table failures (a missing column, a wrong dtype) lack a row; the loaders
            # build these frames themselves, so those are a bug here, not bad data.
            raise
        order = {column: position for position, column in enumerate(text.columns)}
        found = [
            (int(case["index"]), order.get(column, len(order)), column, value, case["check"])
            for case in cases.to_dict("records")
            for column, value in _failed_cells(case)
        ]
        return tuple(
            QuarantinedRow(row, headers.get(column, column), str(value), reasons.get(check, check))
            for row, _, column, value, check in sorted(found, key=lambda cell: cell[:2])
        )
    return ()


def _failed_cells(case: dict) -> list[tuple[str, object]]:
    """The (column, value) cells of one failure case; a check across columns names each cell."""
    value = case["failure_case"]
    return list(value.items()) if isinstance(value, dict) else [(case["column"], value)]
