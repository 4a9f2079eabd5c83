"""The pricing schedule's table: header matched like form labels, cells read as written."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from extraction.documents import extract_document
from extraction.model import ReadDocument, TextBlock
from extraction.pricing import find_pricing
from fixtures.supporting.pricing_samples import RULED
from fixtures.supporting.render import Layout, to_docx, to_pdf

Writer = Callable[[Layout], bytes]
HEADER = ("Lot", "Service", "Core weekly fee", "Education weekly fee", "Therapy weekly fee",
          "Total weekly fee")


def rows(*cells: tuple[str, ...], page: int = 1, table: int = 0) -> tuple[TextBlock, ...]:
    return tuple(TextBlock(row, True, page=page, table=table) for row in cells)


def lines(*texts: str, page: int = 1) -> tuple[TextBlock, ...]:
    return tuple(TextBlock((text,), False, page=page) for text in texts)


def read(*blocks: TextBlock) -> list[dict[str, str]]:
    found = find_pricing(ReadDocument("application/pdf", blocks), "p.pdf")
    return [row.cells for row in found]


def test_the_header_is_matched_whatever_its_case_punctuation_or_pound_sign() -> None:
    header = ("LOT:", "service", "Core  weekly fee (£)", "Education weekly-fee (£ per week)",
              "Therapy weekly fee £", "TOTAL WEEKLY FEE (£)")
    assert read(*rows(header, ("3", "Foster", "1,000.00", "0.00", "50.00", "1,050.00"))) == [
        dict(zip(HEADER, ("3", "Foster", "1,000.00", "0.00", "50.00", "1,050.00"), strict=True))]


def test_columns_may_come_in_any_order() -> None:
    header = ("Total weekly fee", "Service", "Therapy weekly fee", "Lot", "Core weekly fee",
              "Education weekly fee")
    found = read(*rows(header, ("1,050.00", "Foster", "50.00", "3", "1,000.00", "0.00")))
    assert found == [{"Total weekly fee": "1,050.00", "Service": "Foster",
                      "Therapy weekly fee": "50.00", "Lot": "3", "Core weekly fee": "1,000.00",
                      "Education weekly fee": "0.00"}]


def test_blank_cells_are_kept_empty_and_nothing_is_validated_or_filled_in() -> None:
    found = read(*rows(HEADER, ("4", "Solo home", "7,200", "", "", "£7,300 (see note)")))
    assert found == [{"Lot": "4", "Service": "Solo home", "Core weekly fee": "7,200",
                      "Education weekly fee": "", "Therapy weekly fee": "",
                      "Total weekly fee": "£7,300 (see note)"}]


def test_a_row_read_as_a_line_splits_the_lot_or_its_name_from_the_service() -> None:
    found = read(*lines(
        "Service Lot Core weekly fee (£) Education weekly fee (£) Therapy weekly fee (£) "
        "Total weekly fee (£)",
        "Standard foster placement Independent fostering agencies 1,050.00 0.00 0.00 1,050.00",
        "Staying put (post-18) 3 £650 £650"))
    assert found == [
        {"Service": "Standard foster placement", "Lot": "Independent fostering agencies",
         "Core weekly fee": "1,050.00", "Education weekly fee": "0.00",
         "Therapy weekly fee": "0.00", "Total weekly fee": "1,050.00"},
        {"Service": "Staying put (post-18)", "Lot": "3", "Core weekly fee": "£650",
         "Education weekly fee": "", "Therapy weekly fee": "", "Total weekly fee": "£650"},
    ]


@pytest.mark.parametrize("repeated", [True, False], ids=["header-repeated", "header-not-repeated"])
def test_a_table_continues_on_the_next_page_with_or_without_its_header(repeated: bool) -> None:
    second = (HEADER,) if repeated else ()
    blocks = (*lines("Pricing schedule"), *rows(HEADER, ("4", "Home 1", "1.00", "", "", "1.00")),
              *lines("page 1", "Pricing schedule (continued)", page=2),
              *rows(*second, ("4", "Home 2", "2.00", "", "", "2.00"), page=2, table=1))
    found = find_pricing(ReadDocument("application/pdf", blocks), "p.pdf")
    assert [(row.row, row.page, row.cells["Service"]) for row in found] == [
        (1, 1, "Home 1"), (2, 2, "Home 2")]


@pytest.mark.parametrize("repeated", [True, False], ids=["header-repeated", "header-not-repeated"])
def test_lines_continue_on_the_next_page_with_or_without_the_header(repeated: bool) -> None:
    header = " ".join(HEADER)
    second = (header,) if repeated else ()
    blocks = lines(header, "4 Home 1 1,000.00 0.00 0.00 1,000.00", "Keys Child Care Ltd page 1")
    blocks += lines(*second, "4 Home 2 2,000.00 0.00 0.00 2,000.00", page=2)
    assert [row["Service"] for row in read(*blocks)] == ["Home 1", "Home 2"]


def test_a_merged_sub_heading_row_does_not_end_the_table() -> None:
    blocks = rows(HEADER, ("Children's homes",), ("4", "Home 1", "1.00", "", "", "1.00"))
    assert [row["Service"] for row in read(*blocks)] == ["Home 1"]


def test_another_table_after_the_schedule_is_not_part_of_it() -> None:
    blocks = rows(HEADER, ("4", "Home 1", "1.00", "", "", "1.00")) + rows(
        ("Extra", "£100.00"), ("Mileage", "0.45"), table=1)
    assert [row["Service"] for row in read(*blocks)] == ["Home 1"]


@pytest.mark.parametrize("writer", [to_docx, to_pdf], ids=["docx", "pdf"])
def test_a_ruled_schedule_keeps_each_rows_document_page_and_number(writer: Writer) -> None:
    extracted = extract_document("prices", writer(RULED.layout))
    pricing = extracted.tables["pricing"]
    assert [row.cells for row in pricing] == list(RULED.pricing)
    assert [row.row for row in pricing] == [1, 2, 3, 4]
    assert {row.document for row in pricing} == {"prices"}
    assert {row.page for row in pricing} == ({1} if writer is to_pdf else {None})
