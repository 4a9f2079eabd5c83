"""The GIAS establishment extract loader, on the generated extract and on copies made from it.

Expected numbers are counted here with the csv module, independently of the loader.
"""

from __future__ import annotations

import collections
import contextlib
import csv
import io

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixtures.gias import ESTABLISHMENT_TYPES_CSV, GIAS_EXTRACT
from fixtures.gias.generate import extract_bytes
from validators.gias import ESTABLISHMENT_COLUMNS, GiasSnapshot, GiasUnreadable, load_gias_extract
from validators.gias_schema import ESTABLISHMENT_TYPES
from validators.ofsted import SnapshotUnreadable

STATUS = "EstablishmentStatus (name)"
TYPE_CODE = "TypeOfEstablishment (code)"


@pytest.fixture(scope="module")
def raw() -> bytes:
    return GIAS_EXTRACT.read_bytes()


@pytest.fixture(scope="module")
def records(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("cp1252"), newline="")))


@pytest.fixture(scope="module")
def rows(records: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(records[0], record, strict=True)) for record in records[1:]]


@pytest.fixture(scope="module")
def extract(raw: bytes) -> GiasSnapshot:
    return load_gias_extract(raw)


def _csv_bytes(records: list[list[str]], encoding: str = "cp1252") -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(records)
    return out.getvalue().encode(encoding)


def _with_cells(records: list[list[str]], changes: dict[tuple[int, str], str]) -> list[list[str]]:
    """A copy with cells changed, addressed by (1-based file row, header)."""
    copy = [list(record) for record in records]
    for (row, name), value in changes.items():
        copy[row - 1][records[0].index(name)] = value
    return copy


def test_fixture_extract_is_what_the_generator_writes(raw):
    assert extract_bytes() == raw


def test_fixture_extract_is_windows_1252_with_letters_utf_8_cannot_read(raw, rows):
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert b"\x92" in raw and b"\xe9" in raw and b"\x96" in raw  # ’ é – in Windows-1252
    assert len(rows) == 300 and len(rows[0]) == 27


def test_known_establishment_types_are_those_of_dfes_table():
    with ESTABLISHMENT_TYPES_CSV.open(encoding="utf-8", newline="") as table:
        listed = {
            int(row["type-of-establishment-code"]): (
                row["type-of-establishment-name"],
                int(row["establishment-type-group-code"]),
                row["establishment-type-group-name"],
            )
            for row in csv.DictReader(table)
        }

    assert listed == ESTABLISHMENT_TYPES
    assert len(listed) == 39


def test_generated_extract_loads_every_establishment_with_none_quarantined(extract, rows):
    assert extract.source_rows == len(extract.establishments) == len(rows) == 300
    assert extract.quarantined == ()
    assert extract.encoding == "cp1252"
    assert tuple(extract.establishments.columns) == ESTABLISHMENT_COLUMNS
    assert list(extract.establishments.index) == [row["URN"] for row in rows]


def test_counts_by_status_and_type_match_an_independent_count(extract, rows):
    statuses = collections.Counter(row[STATUS] for row in rows)
    types = collections.Counter(int(row[TYPE_CODE]) for row in rows)

    assert extract.status_counts() == {
        status: statuses[status]
        for status in ("Open", "Open, but proposed to close", "Proposed to open", "Closed")
    }
    assert extract.status_counts() == {
        "Open": 239,
        "Open, but proposed to close": 12,
        "Proposed to open": 8,
        "Closed": 41,
    }
    assert extract.type_counts() == {
        f"{code} {ESTABLISHMENT_TYPES[code][0]}": n for code, n in sorted(types.items())
    }
    assert extract.summary() == {**extract.status_counts(), **extract.type_counts()}


def test_special_schools_of_types_8_and_10_occur_in_every_status(extract):
    schools = extract.establishments
    special = schools[schools["type_code"].isin([8, 10])]

    by_status = special.groupby(["type_code", "status"]).size().to_dict()

    assert by_status == {
        (8, "Closed"): 6,
        (8, "Open"): 30,
        (8, "Open, but proposed to close"): 4,
        (8, "Proposed to open"): 2,
        (10, "Closed"): 12,
        (10, "Open"): 60,
        (10, "Open, but proposed to close"): 6,
        (10, "Proposed to open"): 4,
    }


def test_every_post_16_institution_has_a_well_formed_ukprn(extract, rows):
    post_16 = extract.establishments[extract.establishments["type_code"] == 32]

    assert len(post_16) == sum(row[TYPE_CODE] == "32" for row in rows) == 30
    assert post_16["ukprn"].str.fullmatch(r"1[0-9]{7}").all()


def test_windows_1252_names_are_read_as_written(extract):
    names = set(extract.establishments["name"])

    assert "St Mary’s School" in names
    assert "Brontë School" in names
    assert any("–" in name for name in names)
    assert any("," in name for name in names)


def test_codes_ages_and_dates_are_typed(extract, rows):
    schools = extract.establishments
    first = rows[0]

    assert str(schools["type_code"].dtype) == "Int64"
    assert str(schools["statutory_low_age"].dtype) == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(schools["open_date"])
    closed = next(row for row in rows if row["CloseDate"])
    day, month, year = (int(part) for part in closed["CloseDate"].split("-"))
    assert schools.loc[closed["URN"], "close_date"] == pd.Timestamp(year, month, day)
    assert schools.loc[first["URN"], "statutory_high_age"] == int(first["StatutoryHighAge"])


def test_damaged_copy_quarantines_exactly_the_broken_cells_by_row_and_column(records):
    damaged = _with_cells(
        records,
        {
            (3, "URN"): "12345",
            (5, STATUS): "Opne",
            (8, "TypeOfEstablishment (name)"): "Community school",
            (13, "UKPRN"): "20012345",
            (21, "OpenDate"): "2020-09-01",
        },
    )

    extract = load_gias_extract(_csv_bytes(damaged))

    assert [(q.row, q.column, q.value) for q in extract.quarantined] == [
        (3, "URN", "12345"),
        (5, STATUS, "Opne"),
        (8, "TypeOfEstablishment (name)", "Community school"),
        (13, "UKPRN", "20012345"),
        (21, "OpenDate", "2020-09-01"),
    ]
    assert "6 digits" in extract.quarantined[0].reason
    assert len(extract.establishments) == 295
    assert records[4][0] not in extract.establishments.index


def test_a_urn_listed_twice_quarantines_both_rows(records):
    extract = load_gias_extract(_csv_bytes([*records, records[1]]))

    assert [(q.row, q.value) for q in extract.quarantined] == [
        (2, records[1][0]),
        (302, records[1][0]),
    ]
    assert len(extract.establishments) == 299


def test_an_unknown_type_code_is_reported_once_on_the_code(records):
    extract = load_gias_extract(_csv_bytes(_with_cells(records, {(4, TYPE_CODE): "99"})))

    assert [(q.row, q.column, q.value) for q in extract.quarantined] == [(4, TYPE_CODE, "99")]


def test_blank_lines_do_not_shift_the_row_numbers(records):
    text = _csv_bytes(_with_cells(records, {(6, STATUS): "Shut"})).replace(b"\r\n", b"\r\n\r\n", 1)

    extract = load_gias_extract(text)

    assert [(q.row, q.value) for q in extract.quarantined] == [(7, "Shut")]  # one line lower
    assert extract.source_rows == 300


def test_a_utf_8_copy_with_drifting_header_spacing_loads_the_same(records, extract):
    header = [f" {name.upper()} " if name == "URN" else name for name in records[0]]

    for encoding in ("utf-8", "utf-8-sig"):
        copy = load_gias_extract(_csv_bytes([header, *records[1:]], encoding))

        assert copy.encoding == encoding
        pd.testing.assert_frame_equal(copy.establishments, extract.establishments)


def test_an_extract_without_the_status_column_is_unreadable(records):
    without = [
        [cell for at, cell in enumerate(r) if at != records[0].index(STATUS)] for r in records
    ]

    with pytest.raises(GiasUnreadable, match=r"no EstablishmentStatus \(name\) column"):
        load_gias_extract(_csv_bytes(without))


def test_an_extract_with_most_rows_broken_is_refused_and_a_higher_share_lets_it_through(records):
    broken = _with_cells(records[:11], {(row, STATUS): "Shut" for row in range(2, 8)})

    with pytest.raises(GiasUnreadable, match="6 of 10 establishment rows") as refused:
        load_gias_extract(_csv_bytes(broken))
    assert "row 2, EstablishmentStatus (name) 'Shut'" in str(refused.value)
    assert len(load_gias_extract(_csv_bytes(broken), max_bad_share=0.9).establishments) == 4


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"\x00\x01PK", id="binary"),
        pytest.param(b"hello,world\n1,2\n", id="other-csv"),
        pytest.param(bytes(range(0x80, 0x100)), id="undefined-in-cp1252"),
        pytest.param(b"URN,EstablishmentName\n", id="header-only"),
    ],
)
def test_bytes_that_are_not_an_extract_are_unreadable(data):
    with pytest.raises(GiasUnreadable):
        load_gias_extract(data)


def test_gias_unreadable_is_a_snapshot_unreadable_so_one_handler_serves_both():
    assert issubclass(GiasUnreadable, SnapshotUnreadable)


@pytest.fixture(scope="module")
def header_line(raw: bytes) -> bytes:
    return raw.split(b"\r\n")[0] + b"\r\n"


@settings(max_examples=60, deadline=None)
@given(tail=st.binary(max_size=400), with_header=st.booleans())
def test_arbitrary_bytes_either_load_or_are_unreadable_never_anything_else(
    header_line, tail, with_header
):
    with contextlib.suppress(GiasUnreadable):
        load_gias_extract((header_line if with_header else b"") + tail)
