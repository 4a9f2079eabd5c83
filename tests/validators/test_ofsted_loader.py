"""The Ofsted provider snapshot loader, on the real 31 March 2024 file and on copies made from it.

Expected numbers are counted here with the csv module, independently of the loader.
"""

from __future__ import annotations

import collections
import contextlib
import csv
import datetime as dt
import io
import random
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from validators.ofsted import (
    PROVIDER_COLUMNS,
    Judgement,
    OfstedSnapshot,
    SnapshotUnreadable,
    is_social_care_urn,
    load_ofsted_snapshot,
    normalise_judgement,
)
from validators.ofsted_schema import vocabulary_key, vocabulary_keys

_REPO = Path(__file__).resolve().parents[2]
_NAME_2024 = "provider-level-at-31-march-2024.csv"
# The repository's copy (byte-identical to ../shared/data/ofsted/), so CI needs nothing outside.
SNAPSHOT_2024 = next(
    path
    for path in (
        _REPO / "fixtures" / "ofsted" / _NAME_2024,
        _REPO.parent / "shared" / "data" / "ofsted" / _NAME_2024,
    )
    if path.exists()
)
OVERALL = "Overall experiences and progress of children and young people"
HEADER_ROW = 4  # of the 2024 file, 1-based; its first provider is on row 5


@pytest.fixture(scope="module")
def raw_2024() -> bytes:
    return SNAPSHOT_2024.read_bytes()


@pytest.fixture(scope="module")
def snapshot_2024(raw_2024: bytes) -> OfstedSnapshot:
    return load_ofsted_snapshot(raw_2024)


@pytest.fixture(scope="module")
def rows_2024(raw_2024: bytes) -> list[list[str]]:
    # Everything below the title is ASCII, so any 8-bit code page reads the rows the same.
    return list(csv.reader(io.StringIO(raw_2024.decode("cp1252"), newline="")))


@pytest.fixture(scope="module")
def column(rows_2024: list[list[str]]):
    header = rows_2024[HEADER_ROW - 1]
    return lambda name: [row[header.index(name)] for row in rows_2024[HEADER_ROW:]]


def _csv_bytes(rows: list[list[str]], encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def _with_cells(rows: list[list[str]], changes: dict[tuple[int, str], str]) -> list[list[str]]:
    """A copy of the 2024 rows with cells changed, addressed by (1-based row, header)."""
    header = rows[HEADER_ROW - 1]
    copy = [list(row) for row in rows]
    for (row, name), value in changes.items():
        copy[row - 1][header.index(name)] = value
    return copy


def test_real_2024_snapshot_loads_every_provider_with_none_quarantined(snapshot_2024, column):
    snapshot = snapshot_2024

    assert len(column("URN")) == 3876
    assert snapshot.source_rows == 3876
    assert len(snapshot.providers) == 3876
    assert snapshot.quarantined == ()


def test_real_2024_snapshot_reads_as_mac_roman_because_its_title_has_a_mac_dash(
    raw_2024, snapshot_2024
):
    title, _, rest = raw_2024.partition(b"\n")

    assert [byte for byte in title if byte > 0x7F] == [0xD0]  # Mac Roman en dash, cp1252 "Ð"
    assert rest.isascii()
    assert snapshot_2024.encoding == "mac_roman"


def test_same_snapshot_resaved_in_windows_1252_with_an_accent_reads_as_cp1252(raw_2024):
    resaved = raw_2024.replace(b"\xd0", "–".encode("cp1252")).replace(
        b",Affinity Fostering,", ",Affinité Fostering,".encode("cp1252")
    )

    snapshot = load_ofsted_snapshot(resaved)

    assert snapshot.encoding == "cp1252"
    assert snapshot.providers.loc["SC469688", "name"] == "Affinité Fostering"


def test_mac_roman_copy_with_a_curly_apostrophe_keeps_the_apostrophe(raw_2024):
    copy = raw_2024.replace(b",Affinity Fostering,", ",Affinity’s Fostering,".encode("mac_roman"))

    snapshot = load_ofsted_snapshot(copy)

    assert snapshot.encoding == "mac_roman"
    assert snapshot.providers.loc["SC469688", "name"] == "Affinity’s Fostering"


def test_judgement_counts_match_an_independent_count_of_the_real_file(snapshot_2024, column):
    independent = collections.Counter(column(OVERALL))

    counts = snapshot_2024.judgement_counts()

    assert counts == {
        "Outstanding": independent["Outstanding"],
        "Good": independent["Good"],
        "Requires improvement to be good": independent["Requires improvement to be good"],
        "Inadequate": independent["Inadequate"],
        "Not yet inspected": 0,
        "Supported accommodation (own scale)": 0,  # a 2025 provision type: none in 2024
    }
    assert counts == {
        "Outstanding": 541,
        "Good": 2756,
        "Requires improvement to be good": 519,
        "Inadequate": 60,
        "Not yet inspected": 0,
        "Supported accommodation (own scale)": 0,
    }


def test_real_providers_are_indexed_by_urn_with_typed_canonical_columns(snapshot_2024, column):
    providers = snapshot_2024.providers

    assert tuple(providers.columns) == PROVIDER_COLUMNS
    assert list(providers.index) == column("URN") == list(providers["urn"])
    assert pd.api.types.is_datetime64_any_dtype(providers["registration_date"])
    assert pd.api.types.is_datetime64_any_dtype(providers["latest_full_inspection_date"])
    assert str(providers["overall_judgement"].dtype) == "Int64"
    assert str(providers["places"].dtype) == "Int64"
    first = providers.loc["SC469688"]
    assert first["registration_date"] == pd.Timestamp(2013, 9, 17)
    assert first["latest_full_inspection_date"] == pd.Timestamp(2022, 8, 15)
    assert first["overall_judgement"] == Judgement.OUTSTANDING
    assert first["organisation"] == "Affinity Fostering Services Limited"
    assert pd.isna(first["places"]) and first["linked_education_urn"] == ""


def test_real_file_holds_both_urn_forms_and_keeps_redacted_names(snapshot_2024, column):
    providers = snapshot_2024.providers
    old_form = providers["urn"].str.startswith("SC")

    assert old_form.sum() == sum(urn.startswith("SC") for urn in column("URN")) == 1703
    assert (~old_form).sum() == 2173
    assert (providers["name"] == "REDACTED").sum() == column("Name").count("REDACTED") == 3220


def test_real_organisation_names_lose_their_stray_spaces(snapshot_2024, column):
    providers = snapshot_2024.providers
    owners = column("Organisation which owns the provider")
    untrimmed = [name for name in owners if name.strip() != name]

    assert len(untrimmed) == 37
    assert " all4u Fostering Ltd" in untrimmed
    assert "all4u Fostering Ltd" in set(providers["organisation"])
    assert (providers["organisation"] == providers["organisation"].str.strip()).all()


def test_damaged_copy_quarantines_exactly_the_two_broken_rows(rows_2024):
    damaged = _with_cells(rows_2024, {(10, OVERALL): "Brilliant", (20, "URN"): "XX12"})
    broken_urn = rows_2024[19][1]

    snapshot = load_ofsted_snapshot(_csv_bytes(damaged, "cp1252"))

    assert [(q.row, q.column, q.value) for q in snapshot.quarantined] == [
        (10, OVERALL, "Brilliant"),
        (20, "URN", "XX12"),
    ]
    assert "judgement" in snapshot.quarantined[0].reason
    assert "URN" in snapshot.quarantined[1].reason
    assert snapshot.source_rows == 3876
    assert len(snapshot.providers) == 3874
    assert rows_2024[9][1] not in snapshot.providers.index
    assert broken_urn not in snapshot.providers.index and "XX12" not in snapshot.providers.index


def test_a_urn_listed_twice_quarantines_both_rows(rows_2024):
    duplicated = rows_2024 + [rows_2024[HEADER_ROW]]  # the first provider again, on row 3881

    snapshot = load_ofsted_snapshot(_csv_bytes(duplicated, "utf-8"))

    assert [(q.row, q.column, q.value) for q in snapshot.quarantined] == [
        (5, "URN", "SC469688"),
        (3881, "URN", "SC469688"),
    ]
    assert len(snapshot.providers) == 3875


def _as_2025_edition(rows_2024: list[list[str]], providers: int = 50) -> list[list[str]]:
    """The first providers of 2024 laid out as the 2025 edition is, with one supported home."""
    header = rows_2024[HEADER_ROW - 1]
    keep = [at for at, name in enumerate(header) if not name.startswith("Previous")]
    drift = {
        OVERALL: "\n" + OVERALL,
        "Latest full inspection date": "Latest Full inspection date",
        "Ofsted region": "Ofsted Region",
        "Multi-building children's home": "Multi building children's home",
    }
    new_header = [drift.get(header[at], header[at]) for at in keep]
    new_header += ["Supported Accommodation outcome"] + [""] * 13
    data = [[row[at] for at in keep] + [""] * 14 for row in rows_2024[HEADER_ROW:][:providers]]
    # A real supported accommodation provider of the 2024-25 in-year sheet.
    supported = {
        "Web link": "Ofsted Social Care Provider Webpage",
        "URN": "2753654",
        "Provision type": "Supported Accommodation",
        "Registration date": "17/12/2023",
        "Registration status": "Active",
        "Name": "Future Hub Limited",
        "Local authority": "Bradford",
        "Places": "24",
        "Organisation which owns the provider": "Future Hub Limited",
        "Latest full inspection event type": "Full Inspection",
        "Latest Full inspection date": "23/10/2024",
        "Supported Accommodation outcome": "Inconsistent quality of service delivery",
    }
    return [new_header, *data, [supported.get(name, "") for name in new_header]]


def test_2025_style_copy_with_bom_drifting_headers_and_supported_accommodation_loads(rows_2024):
    edition_2025 = _csv_bytes(_as_2025_edition(rows_2024), "utf-8-sig")

    snapshot = load_ofsted_snapshot(edition_2025)

    assert snapshot.encoding == "utf-8-sig"
    assert snapshot.quarantined == ()
    assert snapshot.source_rows == len(snapshot.providers) == 51
    supported = snapshot.providers.loc["2753654"]
    assert supported["provision_type"] == "Supported Accommodation"
    assert pd.isna(supported["overall_judgement"]) and supported["overall_judgement_text"] == ""
    assert supported["latest_full_inspection_date"] == pd.Timestamp(2024, 10, 23)
    assert (
        supported["supported_accommodation_outcome"] == "Inconsistent quality of service delivery"
    )
    assert snapshot.providers.loc["SC469688", "overall_judgement"] == Judgement.OUTSTANDING
    assert snapshot.providers.loc["SC469688", "supported_accommodation_outcome"] == ""


def test_supported_accommodation_is_counted_on_its_own_scale_not_as_not_yet_inspected(rows_2024):
    snapshot = load_ofsted_snapshot(_csv_bytes(_as_2025_edition(rows_2024), "utf-8-sig"))

    counts = snapshot.judgement_counts()

    assert counts["Supported accommodation (own scale)"] == 1
    assert counts["Not yet inspected"] == 0
    assert sum(counts.values()) == len(snapshot.providers) == 51


def test_an_outcome_outside_the_supported_accommodation_scale_is_quarantined(rows_2024):
    copy = _as_2025_edition(rows_2024)
    copy[-1][copy[0].index("Supported Accommodation outcome")] = "Fine"

    snapshot = load_ofsted_snapshot(_csv_bytes(copy, "utf-8-sig"))

    assert [(q.row, q.column, q.value) for q in snapshot.quarantined] == [
        (52, "Supported Accommodation outcome", "Fine")
    ]
    assert "2753654" not in snapshot.providers.index


def test_rows_are_numbered_as_records_when_a_header_cell_spans_two_lines(rows_2024):
    copy = _as_2025_edition(rows_2024)
    copy[1][copy[0].index("Registration status")] = "Pending"

    snapshot = load_ofsted_snapshot(_csv_bytes(copy, "utf-8-sig"))

    assert [(q.row, q.column, q.value) for q in snapshot.quarantined] == [
        (2, "Registration status", "Pending")
    ]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"hello\nworld", id="text"),
        pytest.param(random.Random(2024).randbytes(4096), id="random-bytes"),
        pytest.param(bytes(range(1, 256)) * 40, id="bytes-without-nul"),
        pytest.param(b'"unclosed,' + b"x" * 200_000, id="runaway-quote"),
    ],
)
def test_bytes_that_are_not_a_snapshot_are_unreadable(data):
    with pytest.raises(SnapshotUnreadable):
        load_ofsted_snapshot(data)


def test_header_with_no_provider_rows_below_it_is_unreadable(rows_2024):
    with pytest.raises(SnapshotUnreadable, match="no provider rows"):
        load_ofsted_snapshot(_csv_bytes(rows_2024[:HEADER_ROW] + [[""] * 40], "utf-8"))


def test_header_missing_the_judgement_column_is_unreadable(rows_2024):
    header = [name.replace(OVERALL, "Overall") for name in rows_2024[HEADER_ROW - 1]]

    with pytest.raises(SnapshotUnreadable, match=OVERALL):
        load_ofsted_snapshot(_csv_bytes([header, *rows_2024[HEADER_ROW:]], "utf-8"))


def _mostly_pending(rows_2024: list[list[str]]) -> bytes:
    """The header and first 10 providers, 6 of them with a status Ofsted never uses."""
    pending = {(row, "Registration status"): "Pending" for row in range(5, 11)}
    return _csv_bytes(_with_cells(rows_2024, pending)[: HEADER_ROW + 10], "utf-8")


def test_snapshot_with_most_rows_broken_is_refused_naming_the_count(rows_2024):
    with pytest.raises(SnapshotUnreadable, match="6 of 10 provider rows") as refused:
        load_ofsted_snapshot(_mostly_pending(rows_2024))

    assert "row 5, Registration status 'Pending'" in str(refused.value)


def test_a_higher_bad_share_lets_a_mostly_broken_snapshot_through(rows_2024):
    snapshot = load_ofsted_snapshot(_mostly_pending(rows_2024), max_bad_share=0.9)

    assert len(snapshot.quarantined) == 6
    assert len(snapshot.providers) == 4


@pytest.mark.parametrize(
    ("word", "grade"),
    [
        ("Outstanding", Judgement.OUTSTANDING),
        ("Good", Judgement.GOOD),
        ("Requires improvement to be good", Judgement.REQUIRES_IMPROVEMENT),
        ("Requires Improvement to be good", Judgement.REQUIRES_IMPROVEMENT),
        ("Requires improvement", Judgement.REQUIRES_IMPROVEMENT),
        ("Adequate", Judgement.REQUIRES_IMPROVEMENT),
        ("Satisfactory", Judgement.REQUIRES_IMPROVEMENT),
        ("Inadequate", Judgement.INADEQUATE),
        ("", None),
        (None, None),
        ("Not yet inspected", None),
        ("Not judged", None),
        ("-", None),
        ("  GOOD \n", Judgement.GOOD),
        ("requires  IMPROVEMENT", Judgement.REQUIRES_IMPROVEMENT),
        ("   ", None),
    ],
)
def test_normalise_judgement_maps_every_word_of_the_vocabulary(word, grade):
    assert normalise_judgement(word) is grade


def test_normalise_judgement_refuses_a_word_outside_the_vocabulary():
    with pytest.raises(ValueError, match="Brilliant"):
        normalise_judgement("Brilliant")


def test_grades_carry_ofsteds_words_and_order_best_first():
    assert [grade.label for grade in sorted(Judgement)] == [
        "Outstanding",
        "Good",
        "Requires improvement to be good",
        "Inadequate",
    ]
    assert Judgement.OUTSTANDING < Judgement.INADEQUATE


@given(st.from_regex(r"SC[0-9]{6}|[12][0-9]{6}", fullmatch=True))
def test_every_urn_of_either_form_is_a_social_care_urn(urn):
    assert is_social_care_urn(urn)


def _plainly_a_social_care_urn(text: str) -> bool:
    """The rule read literally, without a regular expression."""

    def ascii_digits(part: str) -> bool:
        return part.isascii() and part.isdigit()

    if text.startswith("SC"):
        return len(text) == 8 and ascii_digits(text[2:])
    return len(text) == 7 and text[0] in "12" and ascii_digits(text)


# Arabic-Indic three and a lower-case c are there to catch a \d or a case-blind pattern.
@given(st.text(alphabet="SCc0123456789 \n٣") | st.text())
def test_is_social_care_urn_agrees_with_a_plain_reading_of_the_rule(text):
    assert is_social_care_urn(text) is _plainly_a_social_care_urn(text)


@pytest.fixture(scope="module")
def header_2024(raw_2024: bytes) -> bytes:
    return raw_2024.split(b"\n")[HEADER_ROW - 1] + b"\n"


@settings(max_examples=60, deadline=None)
@given(tail=st.binary(max_size=400), with_header=st.booleans())
def test_arbitrary_bytes_either_load_or_are_unreadable_never_anything_else(
    header_2024, tail, with_header
):
    with contextlib.suppress(SnapshotUnreadable):
        load_ofsted_snapshot((header_2024 if with_header else b"") + tail)


@given(st.lists(st.text(alphabet=" \t\n\u00a0\u2003\u2019'Good", max_size=12), max_size=5))
def test_column_and_single_word_normalisation_agree(words):
    keys = vocabulary_keys(pd.Series(words, dtype="str"))

    assert list(keys) == [vocabulary_key(word) for word in words]


# --- Workbook editions: XLSX and ODS made here from the real CSV's rows -------------------------

_DATE_HEADERS = {
    "Registration date",
    "Latest full inspection date",
    "Previous full inspection date",
}


def _as_spreadsheet_cells(header: list[str], row: list[str]) -> list[object]:
    """A CSV row as a spreadsheet types it: dates as dates, numbers as numbers, blanks empty."""

    def typed(name: str, cell: str) -> object:
        if not cell:
            return None
        if name in _DATE_HEADERS:
            return dt.datetime.strptime(cell, "%d/%m/%Y")
        if cell.isdigit() and name in {"URN", "Places", "Linked Education URN"}:
            return int(cell)  # 7-digit URNs and places stored as numbers, as Excel would
        return cell

    return [typed(name, cell) for name, cell in zip(header, row, strict=False)]


def _workbook(rows_2024: list[list[str]], engine: str, providers: int | None = None) -> bytes:
    """Sheets as Ofsted lays them out: a cover, an in-year sheet, then the providers under three
    title and note rows, with a newline in a header cell and trailing empty columns."""
    header = [OVERALL_2025 if name == OVERALL else name for name in rows_2024[HEADER_ROW - 1]]
    data = rows_2024[HEADER_ROW:][:providers]
    titles = [[row[0]] for row in rows_2024[: HEADER_ROW - 1]]
    provider_sheet = [*titles, header + [None] * 3]
    provider_sheet += [_as_spreadsheet_cells(rows_2024[HEADER_ROW - 1], row) for row in data]
    # The in-year sheet also has URN and Provision type headers: the loader must pass it over.
    in_year = [["URN", "Provision type", "Inspection event type", "Inspection date"]]
    in_year += [["SC469688", "Independent Fostering Agency", "Full inspection", "01/05/2024"]]
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine=engine) as writer:
        for name, sheet in [
            ("Cover", [["Children's social care data in England 2024"]]),
            ("Provider level in year", in_year),
            ("Provider level at 31 March", provider_sheet),
        ]:
            width = max(len(row) for row in sheet)
            even = [list(row) + [None] * (width - len(row)) for row in sheet]
            pd.DataFrame(even).to_excel(writer, sheet_name=name, header=False, index=False)
    return out.getvalue()


OVERALL_2025 = "\n" + OVERALL + " "


def _csv_of_first(rows_2024: list[list[str]], providers: int) -> bytes:
    return _csv_bytes(rows_2024[: HEADER_ROW + providers], "utf-8")


def test_xlsx_workbook_of_the_real_rows_loads_the_same_providers_as_the_csv(
    rows_2024, snapshot_2024
):
    workbook = _workbook(rows_2024, "openpyxl")

    snapshot = load_ofsted_snapshot(workbook)

    assert (snapshot.format, snapshot.sheet) == ("xlsx", "Provider level at 31 March")
    assert snapshot.quarantined == () and snapshot.source_rows == 3876
    pd.testing.assert_frame_equal(snapshot.providers, snapshot_2024.providers)
    assert snapshot.judgement_counts() == snapshot_2024.judgement_counts()


def test_ods_workbook_of_the_real_rows_loads_the_same_providers_as_the_csv(rows_2024):
    # 300 providers: odfpy takes about 2 s per thousand rows each way (the whole file is `slow`).
    snapshot = load_ofsted_snapshot(_workbook(rows_2024, "odf", providers=300))

    assert (snapshot.format, snapshot.sheet) == ("ods", "Provider level at 31 March")
    assert snapshot.quarantined == ()
    pd.testing.assert_frame_equal(
        snapshot.providers, load_ofsted_snapshot(_csv_of_first(rows_2024, 300)).providers
    )


@pytest.mark.slow
def test_ods_workbook_of_the_whole_real_file_loads_the_same_providers_as_the_csv(
    rows_2024, snapshot_2024
):
    snapshot = load_ofsted_snapshot(_workbook(rows_2024, "odf"))

    pd.testing.assert_frame_equal(snapshot.providers, snapshot_2024.providers)


@pytest.mark.parametrize("engine", ["openpyxl", "odf"])
def test_damaged_workbook_quarantines_rows_numbered_as_the_sheet_shows_them(rows_2024, engine):
    damaged = _with_cells(rows_2024, {(10, OVERALL): "Brilliant", (20, "URN"): "XX12"})

    snapshot = load_ofsted_snapshot(_workbook(damaged, engine, providers=30))

    assert [(q.row, q.column, q.value) for q in snapshot.quarantined] == [
        (10, OVERALL, "Brilliant"),
        (20, "URN", "XX12"),
    ]
    assert len(snapshot.providers) == 28


def test_workbook_without_a_provider_sheet_is_refused_naming_each_sheet(rows_2024):
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        pd.DataFrame([["Cover"]]).to_excel(writer, sheet_name="Cover", header=False, index=False)

    with pytest.raises(SnapshotUnreadable, match="sheet 'Cover': no row has both"):
        load_ofsted_snapshot(out.getvalue())


@pytest.mark.parametrize(
    ("members", "message"),
    [
        pytest.param({"word/document.xml": b"<w/>"}, "neither an XLSX nor an ODS", id="docx"),
        pytest.param({"mimetype": b"application/zip", "content.xml": b"<x/>"}, "neither", id="odt"),
        pytest.param({"xl/workbook.xml": b"not xml"}, "XLSX workbook cannot be read", id="broken"),
    ],
)
def test_zip_archives_that_are_not_readable_workbooks_are_refused(members, message):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)

    with pytest.raises(SnapshotUnreadable, match=message):
        load_ofsted_snapshot(out.getvalue())


def test_an_old_binary_xls_workbook_is_refused_with_a_way_forward():
    with pytest.raises(SnapshotUnreadable, match="save it as XLSX"):
        load_ofsted_snapshot(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))


def test_truncated_xlsx_is_refused_as_a_damaged_archive(rows_2024):
    workbook = _workbook(rows_2024, "openpyxl", providers=20)

    with pytest.raises(SnapshotUnreadable, match="damaged zip archive"):
        load_ofsted_snapshot(workbook[: len(workbook) // 2])


@pytest.fixture(scope="module")
def small_workbooks(rows_2024) -> dict[str, bytes]:
    return {engine: _workbook(rows_2024, engine, providers=10) for engine in ("openpyxl", "odf")}


@settings(max_examples=80, deadline=None)
@given(
    engine=st.sampled_from(["openpyxl", "odf"]),
    damage=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), max_size=20),
)
def test_damaged_workbook_bytes_either_load_or_are_unreadable_never_anything_else(
    small_workbooks, engine, damage
):
    book = bytearray(small_workbooks[engine])
    for where, byte in damage:
        book[int(where * len(book))] = byte

    with contextlib.suppress(SnapshotUnreadable):
        load_ofsted_snapshot(bytes(book))
