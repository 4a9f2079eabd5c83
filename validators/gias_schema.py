"""The vocabulary of the GIAS establishment extract and the pandera schema its rows must meet.

The only GIAS module that imports pandera. Failure cases become `QuarantinedRow`s in one place,
`find_quarantined` of ofsted_schema, which every regulator schema shares.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from validators.ofsted_schema import QuarantinedRow
from validators.ofsted_schema import find_quarantined as _find_quarantined

# Type code -> (type name, group code, group name), as DfE's establishment-types-2025-01-09.csv
# lists them (one row per type; that file repeats a type once per further education subtype).
# A test holds this table to that file.
ESTABLISHMENT_TYPES: dict[int, tuple[str, int, str]] = {
    1: ("Community school", 4, "Local authority maintained schools"),
    2: ("Voluntary aided school", 4, "Local authority maintained schools"),
    3: ("Voluntary controlled school", 4, "Local authority maintained schools"),
    5: ("Foundation school", 4, "Local authority maintained schools"),
    6: ("City technology college", 3, "Independent schools"),
    7: ("Community special school", 5, "Special schools"),
    8: ("Non-maintained special school", 5, "Special schools"),
    10: ("Other independent special school", 5, "Special schools"),
    11: ("Other independent school", 3, "Independent schools"),
    12: ("Foundation special school", 5, "Special schools"),
    14: ("Pupil referral unit", 4, "Local authority maintained schools"),
    15: ("Local authority nursery school", 4, "Local authority maintained schools"),
    18: ("Further education", 1, "Colleges"),
    24: ("Secure units", 9, "Other types"),
    25: ("Offshore schools", 9, "Other types"),
    26: ("Service children's education", 9, "Other types"),
    27: ("Miscellaneous", 9, "Other types"),
    28: ("Academy sponsor led", 10, "Academies"),
    29: ("Higher education institutions", 2, "Universities"),
    30: ("Welsh establishment", 6, "Welsh schools"),
    31: ("Sixth form centres", 1, "Colleges"),
    32: ("Special post 16 institution", 9, "Other types"),
    33: ("Academy special sponsor led", 10, "Academies"),
    34: ("Academy converter", 10, "Academies"),
    35: ("Free schools", 11, "Free Schools"),
    36: ("Free schools special", 11, "Free Schools"),
    37: ("British schools overseas", 9, "Other types"),
    38: ("Free schools alternative provision", 11, "Free Schools"),
    39: ("Free schools 16 to 19", 11, "Free Schools"),
    40: ("University technical college", 11, "Free Schools"),
    41: ("Studio schools", 11, "Free Schools"),
    42: ("Academy alternative provision converter", 10, "Academies"),
    43: ("Academy alternative provision sponsor led", 10, "Academies"),
    44: ("Academy special converter", 10, "Academies"),
    45: ("Academy 16-19 converter", 10, "Academies"),
    46: ("Academy 16 to 19 sponsor led", 10, "Academies"),
    49: ("Online provider", 13, "Online provider"),
    56: ("Institution funded by other government department", 9, "Other types"),
    57: ("Academy secure 16 to 19", 10, "Academies"),
}
ESTABLISHMENT_STATUSES = ("Open", "Closed", "Open, but proposed to close", "Proposed to open")
SCHOOL_URN_PATTERN = r"1[0-9]{5}"  # [0-9], not \d, which matches other scripts' digits too
UKPRN_PATTERN = r"1[0-9]{7}"

_NAME_BY_CODE = {str(code): name for code, (name, _, _) in ESTABLISHMENT_TYPES.items()}
_GROUP_BY_CODE = {str(code): group for code, (_, _, group) in ESTABLISHMENT_TYPES.items()}

REASONS = {
    "school_urn_format": "a school URN is 6 digits starting 1",
    "field_uniqueness": "a URN may appear on one row only",
    "named": "an establishment must have a name",
    "known_type_code": "the type code must be one DfE lists in its establishment types",
    "type_matches_code": "the type and type group names must be those DfE gives the type code",
    "known_status": "the status must be " + " / ".join(ESTABLISHMENT_STATUSES),
    "ukprn_format": "a UKPRN is blank or 8 digits starting 1",
    "dd_mm_yyyy_date": "a date must be blank or a real dd-mm-yyyy date",
    "whole_number": "an age must be blank or a whole number",
}


def parse_gias_dates(texts: pd.Series) -> pd.Series:
    """GIAS dd-mm-yyyy text as datetimes; blanks and impossible dates become NaT."""
    return pd.to_datetime(texts, format="%d-%m-%Y", errors="coerce")


class EstablishmentText(pa.DataFrameModel):
    """The extract's cells as trimmed text, indexed by source row, before conversion."""

    urn: Series[str] = pa.Field(unique=True)
    la_code: Series[str]
    la_name: Series[str]
    name: Series[str]
    type_code: Series[str]
    type_name: Series[str]
    type_group: Series[str]
    status: Series[str]
    open_date: Series[str]
    close_date: Series[str]
    phase: Series[str]
    statutory_low_age: Series[str]
    statutory_high_age: Series[str]
    ukprn: Series[str]
    companies_house_number: Series[str]  # not checked: GIAS holds what proprietors gave
    postcode: Series[str]

    class Config:
        strict = True

    @pa.check("urn", name="school_urn_format")
    def school_urn_format(cls, urns: pd.Series) -> pd.Series:
        return urns.str.fullmatch(SCHOOL_URN_PATTERN)

    @pa.check("name", name="named")
    def named(cls, names: pd.Series) -> pd.Series:
        return names.ne("")

    @pa.check("type_code", name="known_type_code")
    def known_type_code(cls, codes: pd.Series) -> pd.Series:
        return codes.isin(_NAME_BY_CODE.keys())

    @pa.dataframe_check(name="type_matches_code")
    def type_matches_code(cls, text: pd.DataFrame) -> pd.DataFrame:
        # Checked across columns but cell by cell (pandera wants a frame of text's shape), so a
        # wrong name is reported where it stands; an unknown code is known_type_code's to report.
        unknown = ~text["type_code"].isin(_NAME_BY_CODE.keys())
        ok = pd.DataFrame(True, index=text.index, columns=text.columns)
        ok["type_name"] = unknown | text["type_code"].map(_NAME_BY_CODE).eq(text["type_name"])
        ok["type_group"] = unknown | text["type_code"].map(_GROUP_BY_CODE).eq(text["type_group"])
        return ok

    @pa.check("status", name="known_status")
    def known_status(cls, statuses: pd.Series) -> pd.Series:
        return statuses.isin(ESTABLISHMENT_STATUSES)

    @pa.check("ukprn", name="ukprn_format")
    def ukprn_format(cls, ukprns: pd.Series) -> pd.Series:
        return ukprns.eq("") | ukprns.str.fullmatch(UKPRN_PATTERN)

    @pa.check("open_date", "close_date", name="dd_mm_yyyy_date")
    def dd_mm_yyyy_date(cls, dates: pd.Series) -> pd.Series:
        return dates.eq("") | parse_gias_dates(dates).notna()

    @pa.check("statutory_low_age", "statutory_high_age", name="whole_number")
    def whole_number(cls, ages: pd.Series) -> pd.Series:
        return ages.eq("") | ages.str.fullmatch(r"[0-9]+")


def find_quarantined(text: pd.DataFrame, headers: dict[str, str]) -> tuple[QuarantinedRow, ...]:
    """Every cell of the extract's `text` that breaks `EstablishmentText`, in file order."""
    return _find_quarantined(text, headers, EstablishmentText, REASONS)
