"""find_answers / find_settings on read documents built by hand, one way of answering each:
fields, table rows, label lines with and without colons, wrapped labels, long answers."""

from __future__ import annotations

from domain.form import LOT_CHOICES
from extraction.application import find_answers, find_bid_answers, find_settings
from extraction.model import FormField, ReadDocument, TextBlock
from extraction.sniff import DOCX, PDF


def _lines(*lines: str, media_type: str = PDF) -> ReadDocument:
    return ReadDocument(media_type, tuple(TextBlock((line,), False, page=1) for line in lines))


def _rows(*rows: tuple[str, ...]) -> ReadDocument:
    return ReadDocument(PDF, tuple(TextBlock(row, True, page=2, table=0) for row in rows))


def test_a_tagged_field_is_read_with_full_confidence_and_its_page() -> None:
    read = ReadDocument(
        PDF, fields=(FormField("A1", "Acme Care Ltd", page=1), FormField("F1", "£5m", page=3))
    )
    answers = find_answers(read, "form.pdf")
    assert answers["A1"].value == "Acme Care Ltd" and answers["A1"].confidence == 1.0
    assert (answers["F1"].value, answers["F1"].page, answers["F1"].source_text) == (
        "5000000.00",
        3,
        "£5m",
    )


def test_an_unticked_yes_no_box_is_no_and_lots_are_the_ticked_boxes() -> None:
    read = ReadDocument(
        PDF,
        fields=(
            FormField("C1", "no", "checkbox"),
            FormField("C3", "yes", "checkbox"),
            FormField("B1.1a", "no", "checkbox"),
            FormField("B1.3", "yes", "checkbox"),
            FormField("B1.4", "yes", "checkbox"),
        ),
    )
    answers = find_answers(read, "form.pdf")
    assert (answers["C1"].value, answers["C3"].value, answers["B1"].value) == ("no", "yes", "3; 4")


def test_an_empty_pdf_field_is_unanswered_even_when_the_page_text_has_the_label() -> None:
    read = ReadDocument(
        PDF,
        blocks=_lines("A2 Trading name", "Section B: Lots").blocks,
        fields=(FormField("A2", ""),),
    )
    assert "A2" not in find_answers(read, "form.pdf")


def test_text_typed_beside_an_empty_docx_control_is_the_answer() -> None:
    read = ReadDocument(
        DOCX,
        blocks=(TextBlock(("A2 Trading name", "Keys Homes"), True),),
        fields=(FormField("A2", ""),),
    )
    assert find_answers(read, "form.docx")["A2"].value == "Keys Homes"


def test_a_control_found_by_its_title_alone_is_read_a_little_less_surely() -> None:
    read = ReadDocument(DOCX, fields=(FormField("text1", "Acme", label="Organisation legal name"),))
    assert find_answers(read, "own.docx")["A1"].confidence == 0.95


def test_printed_rows_without_a_colon_and_a_label_wrapped_onto_the_next_line() -> None:
    read = _lines(
        "A1 Organisation legal name Keys Child Care Ltd",
        "C7 Breach of obligations to pay tax or social No",
        "security contributions, established by a final decision",
        "E1 Annual turnover for the latest full financial 8,400,000",
        "year (£)",
        "Position Director",
    )
    answers = find_answers(read, "printed.pdf")
    assert {k: a.value for k, a in answers.items()} == {
        "A1": "Keys Child Care Ltd",
        "C7": "no",
        "E1": "8400000.00",
        "H2": "Director",
    }
    assert answers["A1"].page == 1


def test_a_label_on_its_own_line_takes_the_answer_from_the_lines_below() -> None:
    read = _lines(
        "A7 Registered address",
        "1 High Street",
        "Chelmsford",
        "A8 Postcode",
        "CM1 1AA",
        "Section B: Lots and settings",
    )
    answers = find_answers(read, "own.pdf")
    assert answers["A7"].value == "1 High Street Chelmsford"
    assert answers["A8"].value == "CM1 1AA"


def test_prose_that_starts_with_a_label_word_is_not_taken_for_an_answer() -> None:
    read = _lines(
        "Fraud awareness training is given to every member of staff.",
        "Position statements are reviewed yearly at the board meeting.",
    )
    answers = find_answers(read, "policy.pdf")
    assert "C3" not in answers


def test_a_word_placeholder_printed_in_an_empty_box_is_no_answer() -> None:
    read = _rows(
        ("A2 Trading name", "Click or tap here to enter text."),
        ("A3 Organisation type", "Choose an item."),
    )
    assert find_answers(read, "printed.pdf") == {}


def test_an_unreadable_typed_answer_is_kept_with_no_value_for_a_reviewer() -> None:
    answers = find_answers(
        _rows(
            ("E1 Annual turnover", "about five million"),
            # "five million" is money now (documents.md: amounts in words); this is not
            ("F1 Employer's liability insurance limit", "as per the certificate"),
        ),
        "own.pdf",
    )
    assert answers["F1"].value is None and answers["F1"].source_text == "as per the certificate"
    assert answers["F1"].confidence == 0.0


def test_a_row_of_id_label_and_answer_reads_the_answer_not_the_label() -> None:
    answers = find_answers(_rows(("A1", "Organisation legal name", "Acme Ltd")), "own.docx")
    assert answers["A1"].value == "Acme Ltd"


def test_settings_from_docx_cells_whose_tags_repeat_in_each_row() -> None:
    fields = tuple(
        FormField(f"B2.{key}", value)
        for row in (
            {"name": "Keys House", "lot": "4", "ofsted_urn": "SC454901", "places": "4"},
            {"name": "Oak School", "lot": "Lot 1a", "dfe_urn": "131234", "places": ""},
        )
        for key, value in row.items()
    )
    settings = find_settings(ReadDocument(DOCX, fields=fields), "form.docx")
    assert [(s.name, s.lot, s.ofsted_urn, s.dfe_urn) for s in settings] == [
        ("Keys House", "4", "SC454901", ""),
        ("Oak School", "1a", "", "131234"),
    ]


def test_settings_from_numbered_pdf_fields_skip_empty_rows() -> None:
    fields = (
        FormField("B2.2.name", "Second", page=2),
        FormField("B2.2.lot", "3"),
        FormField("B2.1.name", "First", page=2),
        FormField("B2.1.lot", "4"),
        FormField("B2.3.name", ""),
        FormField("B2.3.lot", ""),
    )
    settings = find_settings(ReadDocument(PDF, fields=fields), "form.pdf")
    assert [(s.name, s.lot, s.page) for s in settings] == [("First", "4", 2), ("Second", "3", 2)]


def test_settings_from_a_table_whose_wrapped_cells_became_two_rows() -> None:
    read = _rows(
        ("Setting name", "Lot", "Ofsted URN", "DfE URN", "UKPRN", "Places"),
        ("Harbour", "3", "SC500101", "Click or tap", "", "25"),
        ("Fostering", "", "", "here to enter text.", "", ""),
    )
    settings = find_settings(read, "printed.pdf")
    assert [(s.name, s.lot, s.dfe_urn, s.places) for s in settings] == [
        ("Harbour Fostering", "3", "", "25")
    ]


def test_settings_from_lines_of_page_text_under_the_column_header() -> None:
    read = _lines(
        "Setting name Lot Ofsted URN DfE URN UKPRN Places",
        "Keys House 4 SC454901 4",
        "Oak School 1a 131234 131234 10012345 48",
        "Declaration",
    )
    settings = find_settings(read, "own.pdf")
    assert [(s.name, s.lot, s.ofsted_urn, s.dfe_urn, s.ukprn, s.places) for s in settings] == [
        ("Keys House", "4", "SC454901", "", "", "4"),
        ("Oak School", "1a", "131234", "131234", "10012345", "48"),
    ]


def test_a_bid_reads_its_fees_and_a_long_answer_over_several_lines() -> None:
    read = _lines(
        "P1 Placement reference PR-2026-0147",
        "P5 Core weekly fee (£) £4,200",
        "P9 How will you meet the child's needs?",
        "We will provide a stable",
        "home with a key worker.",
        "P10 How will you keep the child safe?",
        "Every adult holds an enhanced DBS check.",
    )
    answers = find_bid_answers(read, "bid.pdf")
    assert answers["P1"].value == "PR-2026-0147"
    assert answers["P5"].value == "4200.00"
    assert answers["P9"].value == "We will provide a stable home with a key worker."
    assert answers["P10"].value == "Every adult holds an enhanced DBS check."


def test_a_printed_fillable_pdf_without_its_fields_guesses_no_box_state() -> None:
    read = _lines(
        "C1 Participation in a criminal organisation tick for yes, leave blank for no",
        "B1 Lots applied for (tick every lot you apply for)",
        *LOT_CHOICES,  # the printed options, their boxes lost with the fields
    )
    assert find_answers(read, "flattened.pdf") == {}
