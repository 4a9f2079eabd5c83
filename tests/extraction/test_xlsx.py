"""XLSX pricing schedules (documents.md, "Spreadsheets"): known by content, bounded like a DOCX,
read in the reading process by calamine, a pricing schedule when a sheet has the columns, and
nothing else ever; macro-enabled workbooks refused."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.styles import Font

from extraction import sniff
from extraction.classify import classify
from extraction.documents import extract_document
from extraction.docx_guard import check_xlsx_parts
from extraction.errors import DocumentUnreadable
from extraction.pricing import find_pricing
from extraction.sandbox import read_safely
from extraction.sheet_extent import SheetExtent
from extraction.sniff import LEGACY_OFFICE, XLSX, ZIP, zip_bounds_problem
from extraction.xlsx_reader import cell_text, read_xlsx
from fixtures.hostile import HOSTILE
from fixtures.xlsx import MANIFEST, XLSX_FIXTURES
from fixtures.xlsx.generate import HEADER
from tests.test_reason_codes_end_to_end import Variant, decide

ENTRIES = json.loads(MANIFEST.read_text())
TEMPLATE = (XLSX_FIXTURES / "pricing-schedule-council-template.xlsx").read_bytes()
COVER_SHEET = (XLSX_FIXTURES / "pricing-schedule-behind-a-cover-sheet.xlsx").read_bytes()
MACRO = (XLSX_FIXTURES / "macro-enabled-renamed.xlsx").read_bytes()
BOMB = (XLSX_FIXTURES / "zip-bomb.xlsx").read_bytes()


def _workbook(*sheets: list[tuple]) -> bytes:
    book = Workbook()
    for index, rows in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rezip(data: bytes, change=lambda name, part: part, extra: dict | None = None,
           method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", method) as target:
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info)))
        for name, part in (extra or {}).items():
            target.writestr(name, part)
    return out.getvalue()


def _part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry["file"] for entry in ENTRIES])
def test_each_workbook_ends_as_its_codes_kinds_and_pricing_rows(entry: dict) -> None:
    data = (XLSX_FIXTURES / entry["file"]).read_bytes()
    extracted = extract_document(entry["file"], data)
    assert sorted(finding.code for finding in extracted.findings) == sorted(entry["expect"])
    assert list(extracted.kinds) == entry["kinds"]
    rows = extracted.tables.get("pricing", ())
    assert [row.cells for row in rows] == entry["pricing"]
    assert entry["bytes"] == len(data)


def test_the_workbooks_are_small_and_listed_in_full() -> None:
    assert {entry["file"] for entry in ENTRIES} == {p.name for p in XLSX_FIXTURES.glob("*.xlsx")}
    assert all(entry["bytes"] < 100_000 for entry in ENTRIES)


# sniffing


def test_a_workbook_is_known_by_its_workbook_part_and_content_type_whatever_its_name() -> None:
    assert sniff.sniff(TEMPLATE) == sniff.Sniffed(XLSX)
    assert sniff.sniff(_workbook([("a",)])) == sniff.Sniffed(XLSX)


def test_a_workbook_part_without_the_spreadsheet_content_type_is_not_accepted() -> None:
    data = _rezip(TEMPLATE, lambda name, part: part.replace(b"spreadsheetml.sheet.main", b"x")
                  if name == "[Content_Types].xml" else part)
    found = sniff.sniff(data)
    assert found.media_type == ZIP
    assert found.problem == (
        "the archive is neither a Word (.docx) document nor an Excel (.xlsx) workbook")


def test_a_macro_enabled_workbook_named_xlsx_is_refused() -> None:
    assert sniff.sniff(MACRO) == sniff.Sniffed(XLSX, "macro-enabled documents are not accepted")


def test_a_vba_project_with_a_plain_content_type_is_refused() -> None:
    data = _rezip(TEMPLATE, extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    assert sniff.sniff(data).problem == "macro-enabled documents are not accepted"


def test_excel_4_macro_sheets_are_refused_without_any_vba() -> None:
    data = _rezip(TEMPLATE, extra={"xl/macrosheets/sheet1.xml": b"<xm:macrosheet/>"})
    assert sniff.sniff(data).problem == "macro-enabled documents are not accepted"


def test_a_legacy_xls_is_refused_with_words_that_name_it() -> None:
    found = sniff.sniff((HOSTILE / "legacy-word.doc").read_bytes())  # the same OLE header
    assert found.media_type == LEGACY_OFFICE
    assert "Excel (.xls)" in (found.problem or "")


def test_a_truncated_workbook_is_still_a_workbook_so_that_it_is_reported_as_unreadable() -> None:
    cut = TEMPLATE[: len(TEMPLATE) // 2]
    assert sniff.sniff(cut) == sniff.Sniffed(XLSX)
    assert zip_bounds_problem(cut, XLSX) == "the Excel workbook is damaged or truncated"
    (finding,) = extract_document("cut.xlsx", cut).findings
    assert finding.code == "unreadable-document"


# bounds


def test_a_workbook_zip_bomb_is_refused_from_its_directory_before_a_reading_process() -> None:
    assert "is compressed 1,0" in (zip_bounds_problem(BOMB, XLSX) or "")
    with pytest.raises(DocumentUnreadable, match="like a zip bomb"):
        read_safely(BOMB, XLSX)


def test_a_compression_method_excel_never_writes_is_refused() -> None:
    data = _rezip(TEMPLATE, method=zipfile.ZIP_BZIP2)
    assert zip_bounds_problem(data, XLSX) == (
        "part docProps/app.xml uses a compression method Excel never writes")


def test_a_dtd_in_any_part_of_a_workbook_is_refused_before_calamine_reads_it() -> None:
    data = _rezip(TEMPLATE, lambda name, part: b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + part
                  if name == "xl/workbook.xml" else part)
    with pytest.raises(DocumentUnreadable, match="xl/workbook.xml declares XML entities, which "
                                                 "Excel never writes"):
        check_xlsx_parts(data)
    assert [f.code for f in extract_document("dtd.xlsx", data).findings] == [
        "unreadable-document"]


def test_a_sheet_spanning_too_many_cells_is_refused_before_calamine_allocates_them() -> None:
    data = (XLSX_FIXTURES / "sparse-cells-a1-to-xfd1048576.xlsx").read_bytes()
    with pytest.raises(DocumentUnreadable, match="spans 1,048,576 rows by 16,384 columns"):
        check_xlsx_parts(data)
    check_xlsx_parts(TEMPLATE)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32), st.integers(1, 16),
       st.sampled_from(["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/styles.xml",
                        "[Content_Types].xml", "xl/_rels/workbook.xml.rels"]))
def test_a_workbook_damaged_inside_its_xml_is_a_finding_never_a_crash(
        seed: int, count: int, part: str) -> None:
    # damage the inflated XML, so that calamine's parser meets it (not just the zip's CRC)
    rng = random.Random(seed)

    def damage(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        damaged = bytearray(data)
        for _ in range(count):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        return bytes(damaged)

    extracted = extract_document("damaged.xlsx", _rezip(TEMPLATE, damage))
    assert {f.code for f in extracted.findings} <= {
        "unsupported-file-type", "unreadable-document", "unrecognised-document"}


def test_cells_with_only_a_style_out_to_the_last_row_and_column_are_no_extent() -> None:
    # Gnumeric and LibreOffice write them when whole rows or columns are formatted
    book = Workbook()
    sheet = book.active
    for row in (HEADER, ("3", "Standard", 950, None, None, 950)):
        sheet.append(row)
    sheet["XFD1048576"].font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    assert b'<c r="XFD1048576" s="1" t="n"></c>' in _part(out.getvalue(),
                                                         "xl/worksheets/sheet1.xml")
    check_xlsx_parts(out.getvalue())
    assert extract_document("styled.xlsx", out.getvalue()).kinds == ("pricing-schedule",)


def test_values_without_references_are_placed_after_the_one_before_as_calamine_places_them() -> (
        None):
    rows = b'<row r="2"><c r="C2"><v>1</v></c></row>' + b"<row><c/><c><v>1</v></c></row>" * 3
    extent = SheetExtent("sheet1.xml")
    extent.feed(b'<worksheet xmlns="main"><sheetData>' + rows)
    assert (extent.rows, extent.columns) == (5, 3)
    with pytest.raises(DocumentUnreadable, match="spans 1,048,576 rows by 1 columns"):
        SheetExtent("sheet1.xml", max_cells=100).feed(
            b'<worksheet><sheetData><row r="1048576"><c><v>1</v></c></row>')


def test_a_sheet_that_is_not_xml_is_unreadable_before_calamine_reads_it() -> None:
    with pytest.raises(DocumentUnreadable, match="is not well-formed XML"):
        SheetExtent("sheet1.xml").feed(b"<worksheet><sheetData></row>")


# reading


def test_every_non_empty_row_is_a_table_row_of_its_sheet_with_formula_totals_as_values() -> None:
    document = read_xlsx(TEMPLATE)
    assert document.media_type == XLSX
    rows = [block.cells for block in document.blocks]
    assert rows[1][0] == "Pricing Schedule"
    assert rows[4] == tuple(HEADER)
    assert rows[5] == ("3", "Standard foster placement", "950", "", "", "950")
    assert rows[6] == ("3", "Parent and child placement", "1250.50", "", "120", "1370.50")
    assert {(block.in_table, block.page, block.table) for block in document.blocks} == {
        (True, 1, 0)}


def test_hidden_sheets_are_not_read_and_each_sheet_is_its_own_table() -> None:
    document = read_xlsx(COVER_SHEET)
    assert ("Date completed", "2024-05-17") in [block.cells for block in document.blocks]
    assert {block.table for block in document.blocks} == {0, 2}  # "Lists" (1) is hidden
    assert document.pages == 3  # a sheet is a workbook's page
    assert "1d" not in document.text.split()


def test_a_formula_never_calculated_reads_blank_never_as_a_guess() -> None:
    data = _workbook([HEADER, ("3", "Standard", 950, None, None, "=SUM(C2:E2)")])
    (row,) = find_pricing(read_xlsx(data), "uncalculated.xlsx")
    assert row.cells["Total weekly fee"] == ""


@pytest.mark.parametrize(("value", "text"), [
    (950.0, "950"), (3, "3"), (1250.5, "1250.50"), (0.1 + 0.2, "0.30"), (1234.567, "1234.567"),
    (dt.date(2024, 4, 1), "2024-04-01"), (dt.datetime(2024, 4, 1), "2024-04-01"),
    (dt.datetime(2024, 4, 1, 13, 30), "2024-04-01T13:30:00"), (True, "TRUE"),
    ("  Solo\n home ", "Solo home"), ("", ""),
])
def test_cells_read_as_text_the_money_and_date_parsers_take(value: object, text: str) -> None:
    assert cell_text(value) == text


# classification


def test_a_sheet_with_the_pricing_columns_is_a_pricing_schedule_without_any_title() -> None:
    data = _workbook([HEADER, ("3", "Standard", 950, None, None, 950)])
    assert classify(read_xlsx(data)) == ("pricing-schedule",)


def test_the_schedule_is_the_first_sheet_that_has_the_columns() -> None:
    data = _workbook([("Notes",)], [HEADER, ("3", "Standard", 950, None, None, 950)],
                     [HEADER, ("3", "Last year", 900, None, None, 900)])
    rows = find_pricing(read_xlsx(data), "two.xlsx")
    assert [(row.cells["Service"], row.page) for row in rows] == [("Standard", 2)]


def test_a_workbook_is_never_any_kind_but_a_pricing_schedule() -> None:
    data = (XLSX_FIXTURES / "insurance-summary-in-a-workbook-is-unrecognised.xlsx").read_bytes()
    extracted = extract_document("covers.xlsx", data)
    assert extracted.kinds == ()
    assert extracted.covers == ()


# a whole submission


def test_a_submission_whose_pricing_schedule_is_a_workbook_is_accepted() -> None:
    # (named so that drop=("pricing",), which drops the PDF schedule, keeps it)
    variant = Variant(drop=("pricing",), extra=(("fees.xlsx", TEMPLATE),))
    assert decide(variant) == (set(), {"3": "accepted"})


def test_a_workbook_that_is_no_schedule_leaves_the_pricing_schedule_missing() -> None:
    data = (XLSX_FIXTURES / "training-record-is-unrecognised.xlsx").read_bytes()
    variant = Variant(drop=("pricing",), extra=(("fees.xlsx", data),))
    codes, _ = decide(variant)
    assert codes == {"missing-pricing-schedule", "unrecognised-document"}
