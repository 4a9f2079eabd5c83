"""Reading PDFs: lines with their pages, ruled and whitespace tables (across pages), AcroForm
fields and active content. Real files are from fixtures/third_party (origins in its README)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from extraction.errors import DocumentRefused, DocumentUnreadable
from extraction.model import FormField, ReadDocument, TextBlock
from extraction.pdf_reader import read_pdf
from fixtures.hostile import HOSTILE, rawpdf
from fixtures.third_party import THIRD_PARTY

HEADER = ("Lot", "Service", "Core weekly fee (£)", "Education weekly fee", "Therapy weekly fee",
          "Total weekly fee")
STYLES = getSampleStyleSheet()


def _third_party(name: str) -> ReadDocument:
    return read_pdf((THIRD_PARTY / name).read_bytes())


def _schedule(rows: int, ruled: bool, repeat_header: bool = True) -> bytes:
    """A pricing schedule: a title, a table of `rows` services (education fee blank), a
    signature line, and "Page n" at the foot of every page."""
    data = [list(HEADER)] + [["1a", f"Foster placement {n}", "1,000.00", "", "150.00",
                              "1,150.00"] for n in range(rows)]
    table = Table(data, repeatRows=1 if repeat_header else 0)
    if ruled:
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    story = [Paragraph("Pricing schedule", STYLES["Title"]), table, Spacer(1, 12),
             Paragraph("Signed for the provider by its director.", STYLES["Normal"])]

    def footer(pdf, doc):  # type: ignore[no-untyped-def]
        pdf.drawString(280, 30, f"Page {doc.page}")

    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, invariant=1).build(story, onFirstPage=footer,
                                                           onLaterPages=footer)
    return out.getvalue()


def _rows(document: ReadDocument) -> list[TextBlock]:
    return [block for block in document.blocks if block.in_table]


def test_each_line_of_text_is_a_block_with_its_page() -> None:
    document = read_pdf((HOSTILE / "javascript.pdf").read_bytes())
    assert document.blocks == (TextBlock(("Board minutes",), in_table=False, page=1),)
    assert document.pages == 1


def test_prose_is_never_mistaken_for_a_table() -> None:
    document = _third_party("pysamples__minimal-document.pdf")
    assert not _rows(document)
    assert document.blocks[0].cells == (
        "Lorem ipsum dolor sit amet, consetetur sadipscing elitr, sed diam nonumy eirmod",)


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "whitespace"])
def test_a_pricing_table_becomes_rows_of_cells_with_its_blank_column_kept(ruled: bool) -> None:
    document = read_pdf(_schedule(3, ruled))
    rows = _rows(document)
    assert [row.cells for row in rows] == [HEADER] + [
        ("1a", f"Foster placement {n}", "1,000.00", "", "150.00", "1,150.00") for n in range(3)]
    assert {(row.page, row.table) for row in rows} == {(1, 0)}
    assert document.blocks[0].cells == ("Pricing schedule",)


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "whitespace"])
@pytest.mark.parametrize("repeat_header", [True, False], ids=["header-repeated", "header-once"])
def test_a_table_running_over_pages_keeps_one_index_and_one_header(ruled: bool,
                                                                  repeat_header: bool) -> None:
    document = read_pdf(_schedule(90, ruled, repeat_header))
    rows = _rows(document)
    assert document.pages == 3
    assert {row.table for row in rows} == {0}
    assert {row.page for row in rows} == {1, 2, 3}
    assert [row.cells for row in rows].count(HEADER) == 1
    assert [row.cells[1] for row in rows[1:]] == [f"Foster placement {n}" for n in range(90)]
    assert all(len(row.cells) == 6 for row in rows)


def test_tables_separated_by_text_get_their_own_indexes() -> None:
    table = Table([["Cover", "Limit"], ["Employers liability", "£10,000,000"]],
                  style=TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    story = [table, Paragraph("Notes on the cover follow in the schedule below. " * 8,
                              STYLES["Normal"]), Spacer(1, 12), table]
    out = io.BytesIO()
    SimpleDocTemplate(out, invariant=1).build(story)
    assert [row.table for row in _rows(read_pdf(out.getvalue()))] == [0, 0, 1, 1]


def test_a_report_ruled_only_around_its_columns_gives_one_row_per_record() -> None:
    rows = _rows(_third_party("pdfplumber__senate-expenditures.pdf"))
    records = [row for row in rows if row.cells[0].startswith("DHAW2019")]
    assert len(records) == 22
    assert records[0].cells == ("DHAW20190001", "05/03/2019", "CITIBANK-TRAVELCBACARD",
                                "03/04/2019", "03/06/2019", "STAFFTRANSPORTATION "
                                "AIRFAREFOREJOHNSONKANSASCITYTOWASHINGTONDCANDRETURN", "920.68")


def test_a_table_drawn_with_curves_is_read() -> None:
    rows = _rows(_third_party("pdfplumber__table-curves-example.pdf"))
    assert ("Anaemia", "Common", "Common", "Common") in [row.cells for row in rows]


def test_a_ruled_row_holding_several_records_is_split_into_one_row_each() -> None:
    rows = _rows(_third_party("pdfplumber__nics-background-checks-2015-11.pdf"))
    alabama = next(row for row in rows if row.cells[0] == "Alabama")
    assert alabama.cells[1:4] == ("18,870", "23,022", "22,650") and len(alabama.cells) == 25
    assert sum(1 for row in rows if row.cells[0] in ("Wyoming", "Alaska", "Guam")) == 3


def test_boxes_drawn_beside_labels_are_not_a_table() -> None:
    document = _third_party("pysamples__libreoffice-form.pdf")
    assert TextBlock(("Agree to privacy policy",), in_table=False, page=1) in document.blocks


def test_the_fields_of_a_libreoffice_form_are_read_with_their_values() -> None:
    fields = {field.name: field for field in _third_party("pysamples__libreoffice-form.pdf").fields}
    assert fields["First Name"] == FormField("First Name", "Alice", "text", 1)
    assert fields["First Name_2"].value == "Bob"
    assert (fields["gdpr"].value, fields["gdpr"].kind) == ("no", "checkbox")
    assert (fields["female"].value, fields["female"].kind) == ("", "choice")
    assert "Submit" not in fields


def test_a_filled_form_is_read_from_its_fields_not_from_the_page_text() -> None:
    writer = PdfWriter(clone_from=PdfReader(THIRD_PARTY / "pysamples__libreoffice-form.pdf"))
    writer.update_page_form_field_values(writer.pages[0], {
        "Last Name": "Smith", "gdpr": "/Yes", "female": "/2", "Nationality": "German"},
        auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    document = read_pdf(out.getvalue())
    values = {field.name: field.value for field in document.fields}
    assert (values["Last Name"], values["gdpr"], values["female"], values["Nationality"]) == (
        "Smith", "yes", "2", "German")
    assert "Smith" not in document.text


def test_a_pdflatex_form_is_read() -> None:
    fields = _third_party("pysamples__pdflatex-forms.pdf").fields
    assert [(field.name, field.value, field.kind) for field in fields] == [
        ("Name", "", "text"), ("Check", "no", "checkbox")]


def test_a_flattened_form_has_no_fields() -> None:
    assert _third_party("pdfplumber__pdffill-demo.pdf").fields == ()


def _form(fields: list[bytes], annotations: bytes, roots: bytes) -> bytes:
    """One page whose AcroForm has `fields` (objects 6…); object 5 is an appearance stream."""
    return rawpdf.one_page(
        rawpdf.stream(rawpdf.text_content(["Application"])),
        catalog_extra=b"/AcroForm << /Fields [%s] >>" % roots,
        page_extra=b"/Annots [%s]" % annotations,
        more=[rawpdf.stream(b"", b"/Type /XObject /Subtype /Form /BBox [0 0 9 9]"), *fields])


@pytest.mark.parametrize("on", [b"Yes", b"1", b"On", b"Ja"])
def test_a_checkbox_is_ticked_when_its_value_names_its_own_on_state(on: bytes) -> None:
    def box(name: bytes, value: bytes) -> bytes:
        return (b"<< /Type /Annot /Subtype /Widget /FT /Btn /T (%s) /V /%s /AS /%s /P 3 0 R "
                b"/Rect [0 0 9 9] /AP << /N << /%s 5 0 R /Off 5 0 R >> >> >>"
                % (name, value, value, on))

    pdf = _form([box(b"ticked", on), box(b"unticked", b"Off")], b"6 0 R 7 0 R", b"6 0 R 7 0 R")
    assert [(field.name, field.value) for field in read_pdf(pdf).fields] == [
        ("ticked", "yes"), ("unticked", "no")]


def test_nested_fields_have_fully_qualified_names_and_their_pages() -> None:
    kid = (b"<< /Type /Annot /Subtype /Widget /Parent 6 0 R /T (%s) /FT /Tx /V (%s) "
           b"/Rect [0 0 9 9] /TU (%s) >>")
    pdf = _form([b"<< /T (applicant) /Kids [7 0 R 8 0 R] >>",
                 kid % (b"name", b"Acme Care Ltd", b"Organisation legal name"),
                 kid % (b"email", b"bids@acme.example", b"")], b"7 0 R 8 0 R", b"6 0 R")
    assert read_pdf(pdf).fields == (
        FormField("applicant.name", "Acme Care Ltd", "text", 1, "Organisation legal name"),
        FormField("applicant.email", "bids@acme.example", "text", 1))


def test_radio_and_choice_fields_give_the_option_as_shown() -> None:
    widget = (b"<< /Type /Annot /Subtype /Widget /Parent 6 0 R /Rect [0 0 9 9] /AS /%s "
              b"/AP << /N << /%s 5 0 R /Off 5 0 R >> >> >>")
    pdf = _form([b"<< /FT /Btn /Ff 49152 /T (lot) /V /1 /Opt [(Foster) (Residential)] "
                 b"/Kids [7 0 R 8 0 R] >>", widget % (b"Off", b"0"), widget % (b"1", b"1"),
                 b"<< /Type /Annot /Subtype /Widget /FT /Ch /Ff 2097152 /T (regions) "
                 b"/V [(NW) (YH)] /Opt [[(NW) (North West)] [(YH) (Yorkshire)]] "
                 b"/Rect [0 0 9 9] >>"], b"7 0 R 8 0 R 9 0 R", b"6 0 R 9 0 R")
    assert [(field.name, field.value, field.kind) for field in read_pdf(pdf).fields] == [
        ("lot", "Residential", "choice"), ("regions", "North West; Yorkshire", "choice")]


def test_a_field_tree_that_loops_back_on_itself_ends() -> None:
    pdf = _form([b"<< /T (a) /Kids [7 0 R] >>", b"<< /T (b) /Parent 6 0 R /Kids [6 0 R] >>"],
                b"", b"6 0 R")
    assert read_pdf(pdf).fields == ()


@pytest.mark.parametrize(("name", "flags"), [
    ("pysamples__with-attachment.pdf", ("embedded files",)),
    ("pdfplumber__pdffill-demo.pdf", ("JavaScript",)),
    ("pysamples__minimal-document.pdf", ()),
    ("pysamples__pdflatex-forms.pdf", ()),
])
def test_active_content_is_flagged_and_the_document_still_read(name: str, flags: tuple) -> None:
    document = _third_party(name)
    assert document.flags == flags
    assert document.blocks


def test_javascript_spelt_with_escaped_names_is_still_flagged() -> None:
    document = read_pdf((HOSTILE / "javascript-hidden-name.pdf").read_bytes())
    assert b"/JavaScript" not in (HOSTILE / "javascript-hidden-name.pdf").read_bytes()
    assert document.flags == ("JavaScript",)


def test_a_pdf_that_needs_a_password_to_open_is_refused() -> None:
    # (one encrypted with an owner password only is read: tests/extraction/test_protected_pdf.py)
    with pytest.raises(DocumentRefused, match="protected by a password"):
        _third_party("pdfplumber__password-example.pdf")


def test_a_pdf_with_no_pages_or_too_many_is_unreadable() -> None:
    with pytest.raises(DocumentUnreadable, match="no pages"):
        _third_party("pdfplumber__issue-297-example.pdf")
    with pytest.raises(DocumentUnreadable, match="501 pages; the limit is 500"):
        read_pdf((HOSTILE / "too-many-pages.pdf").read_bytes())


def test_pages_are_counted_even_when_the_page_tree_understates_them() -> None:
    data = (HOSTILE / "too-many-pages.pdf").read_bytes().replace(b"/Count 501", b"/Count 001")
    with pytest.raises(DocumentUnreadable, match="501 pages; the limit is 500"):
        read_pdf(data)


def test_a_page_that_prints_a_javascript_key_carries_no_javascript() -> None:
    """Stream data (page text, a scan's pixels) may spell "/JS" by chance; only the document's
    own objects carry actions."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, pageCompression=0, invariant=True)
    page.drawString(72, 720, "Reference /JS and /JavaScript /EmbeddedFiles, as printed")
    page.save()
    assert b"/JS" in buffer.getvalue()  # in the page's content stream, uncompressed
    assert read_pdf(buffer.getvalue()).flags == ()


def test_a_javascript_action_outside_any_stream_is_still_found() -> None:
    assert "JavaScript" in read_pdf((HOSTILE / "javascript.pdf").read_bytes()).flags
