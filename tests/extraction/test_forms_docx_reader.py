"""Reading DOCX form controls and tables, checked on real files from other projects' test
suites (origins in /work/shared/data/third-party/README.md: docx2python @ fd4f0653,
docx-form @ 6d9fdd26, python-docx @ e4545460; expectations from docx2python's own tests and
from the documents themselves) and on small documents made here for one behaviour each."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from extraction.docx_reader import read_docx
from extraction.model import ReadDocument

_REPO = Path(__file__).resolve().parents[2]
_PLACES = (
    _REPO / "fixtures" / "third_party",
    _REPO.parent / "shared" / "data" / "third-party",
    Path("/work/shared/data/third-party"),
)


def third_party(name: str) -> ReadDocument:
    """A third-party file: the project's copy when it has one, else the shared data set."""
    for place in _PLACES:
        if (place / name).exists():
            return read_docx((place / name).read_bytes())
    pytest.skip(f"third-party file {name} is not available")


def _fields(read: ReadDocument, kind: str) -> list[tuple[str, str]]:
    return [(f.name, f.value) for f in read.fields if f.kind == kind]


def test_a_referral_form_has_44_legacy_checkboxes_with_exactly_the_12_ticked_ones() -> None:
    read = third_party("docx2python__checked_boxes.docx")
    boxes = _fields(read, "checkbox")
    assert len(boxes) == 44
    assert [name for name, value in boxes if value == "yes"] == [
        "chkMember_APS",
        "chkMember_GENESIS",
        "chkMember_DA",
        "chkMember_Regional",
        "chkMember_CoronerME",
        "chkMember_LawEnforce",
        "chkMember_AttorneyOt",
        "chkMember_Psych",
        "chkMember_Medical",
        "chkMember_Ombudsman",
        "chkMember_PublicGuar",
        "chkMember_Other",
    ]
    assert read.text.count("\u2612") == 12 and read.text.count("\u2610") == 32


def test_empty_legacy_text_fields_of_five_en_spaces_read_as_empty() -> None:
    read = third_party("docx2python__checked_boxes.docx")
    texts = _fields(read, "text")
    assert len(texts) == 46
    assert all(value == "" for _, value in texts)
    assert "\u2002" not in read.text


def test_a_row_of_ticked_boxes_reads_as_docx2python_expects() -> None:
    read = third_party("docx2python__checked_boxes.docx")
    assert (
        "☒ Adult Protective Services",
        "☒ Older Adult Mental Health",
        "☒ Prosecutor’s Office",
        "☒ Regional Center",
    ) in [b.cells for b in read.blocks]


def test_legacy_and_word_2010_checkboxes_and_drop_downs_read_their_state_and_choice() -> None:
    read = third_party("docx2python__check_drop_my.docx")
    assert _fields(read, "checkbox") == [("", "no"), ("Check1", "yes"), ("", "no"), ("", "yes")]
    # a drop-down still showing "Choose an item." holds no answer
    assert _fields(read, "choice") == [
        ("Dropdown2", "Piihan B"),
        ("Shay's Drop", ""),
        ("Shay's Drop", "my_item_A"),
        ("Shay's Drop", "my_item_B"),
    ]
    assert read.blocks[0].cells == ("[user unchecked]☐[user unchecked]",)


def test_a_bare_checked_element_ticks_and_a_zero_unticks_whatever_the_default() -> None:
    ticked = third_party("docx2python__checked_drop1.docx")
    unticked = third_party("docx2python__unchecked_drop0.docx")
    assert _fields(ticked, "checkbox") == [("Check1", "yes")]
    assert _fields(ticked, "choice") == [("Dropdown2", "PIlihan A")]  # w:result 1
    assert _fields(unticked, "checkbox") == [("Check1", "no")]  # default 1, checked 0
    assert _fields(unticked, "choice") == [("Dropdown2", "Piihan B")]


def test_checkbox_values_written_as_true_and_false_count_like_one_and_zero() -> None:
    read = third_party("docx2python__checked-true-false.docx")
    states = [value for _, value in _fields(read, "checkbox")]
    assert states == ["no"] * 4 + ["yes"] * 4


def test_a_block_level_control_keeps_its_tag_title_and_every_paragraph() -> None:
    read = third_party("docx2python__ControlTest.docx")
    assert [(f.name, f.label, f.kind) for f in read.fields] == [
        ("Test_Control", "Test_Control", "text")
    ]
    assert read.fields[0].value.splitlines() == [
        "This is a test",
        "For a content control or content container in word.",
    ]
    assert read.blocks[0].cells == ("This is a test",)


def test_every_content_control_type_is_read() -> None:
    read = third_party("docxform__test.docx")
    assert [(f.kind, f.value) for f in read.fields] == [
        ("text", "Rich Text Content Control"),
        ("text", "Another Rich Text Content Control"),
        ("text", "Plain Text Content Control"),
        ("text", "Another Plain Text Content Control"),
        ("checkbox", "no"),
        ("checkbox", "yes"),
        ("choice", "Combo t Option 1"),
        ("choice", ""),
        ("choice", "Drop-Down Content Control"),
        ("choice", "Another Drop-Down Content Control"),
        # the date controls' w:fullDate, not the text they show ("9/6/2022", US order)
        ("date", "2022-09-06"),
        ("date", "2022-09-07"),
    ]


def test_merged_cells_are_one_cell_across_and_repeat_down() -> None:
    read = third_party("pydocx__tbl-cell-access.docx")
    rows = [b.cells for b in read.blocks if b.in_table]
    assert rows[3:6] == [("1", "2", "3"), ("4", "6"), ("7", "8", "9")]  # gridSpan
    assert rows[6:9] == [("1", "2", "3"), ("4", "5", "6"), ("7", "5", "9")]  # vMerge
    assert rows[9:12] == [("1", "2", "3"), ("4", "6"), ("4", "9")]  # both


def test_merged_cells_of_docx2python_read_once_per_row() -> None:
    read = third_party("docx2python__merged_cells.docx")
    assert [b.cells for b in read.blocks] == [
        ("0-0", "0-12", "0-3"),
        ("12-0", "1-1", "1-2", "1-3"),
        ("12-0", "2-1", "2-2", "2-3"),
        ("3-0", "34-123"),
        ("4-0", "34-123"),
    ]


def test_headers_come_before_the_body_and_footers_after() -> None:
    read = third_party("pydocx__hdr-header-footer.docx")
    assert [b.cells[0] for b in read.blocks] == [
        "Header for section-1",
        "section with header",
        "section without header of its own.",
        "Footer for section 1",
    ]
    assert all(block.page is None for block in read.blocks)


def _document(body_xml: str) -> ReadDocument:
    document = docx.Document()
    body = document.element.body
    for element in parse_xml(f"<w:body {nsdecls('w')}>{body_xml}</w:body>"):
        body.insert(len(body) - 1, element)
    out = io.BytesIO()
    document.save(out)
    return read_docx(out.getvalue())


def _sdt(tag: str, content: str, props: str = "") -> str:
    return (
        f'<w:sdt><w:sdtPr><w:tag w:val="{tag}"/>{props}</w:sdtPr>'
        f"<w:sdtContent>{content}</w:sdtContent></w:sdt>"
    )


def _cell(content: str) -> str:
    return f"<w:tc><w:p>{content}</w:p></w:tc>"


def _run(text: str) -> str:
    return f"<w:r><w:t>{text}</w:t></w:r>"


def test_a_cell_level_control_and_a_row_level_control_are_read_with_their_cells() -> None:
    row = f"<w:tr>{_cell(_run('A1'))}{_sdt('A1', _cell(_run('Acme Ltd')))}</w:tr>"
    read = _document(f"<w:tbl>{_sdt('rows', row)}</w:tbl>")
    assert read.blocks[0].cells == ("A1", "Acme Ltd")
    # a control around whole rows holds rows, not an answer: only the cell's control is a field
    assert [(f.name, f.value) for f in read.fields] == [("A1", "Acme Ltd")]


def test_a_control_showing_its_placeholder_adds_no_text_and_no_value() -> None:
    placeholder = _run("Click or tap here to enter text.")
    read = _document(
        f"<w:p>{_run('Trading name: ')}{_sdt('A2', placeholder, '<w:showingPlcHdr/>')}</w:p>"
    )
    assert read.blocks[0].cells == ("Trading name: ",)
    assert [(f.name, f.value) for f in read.fields] == [("A2", "")]


def test_tracked_deletions_are_skipped_and_insertions_kept() -> None:
    read = _document(
        f"<w:p>{_run('Fraud ')}<w:del w:id='1' w:author='x'><w:r><w:delText>Yes"
        f"</w:delText></w:r></w:del><w:ins w:id='2' w:author='x'>{_run('No')}"
        "</w:ins></w:p>"
    )
    assert read.blocks[0].cells == ("Fraud No",)


def test_a_legacy_text_field_is_named_by_its_bookmark_and_shows_its_result() -> None:
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="A1"/><w:textInput/>'
        "</w:ffData></w:fldChar></w:r><w:r><w:instrText> FORMTEXT </w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + _run("Acme Care Ltd")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    read = _document(f"<w:p>{_run('Organisation legal name: ')}{field}</w:p>")
    assert read.blocks[0].cells == ("Organisation legal name: Acme Care Ltd",)
    assert [(f.name, f.value, f.kind) for f in read.fields] == [("A1", "Acme Care Ltd", "text")]
