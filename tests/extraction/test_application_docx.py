"""Reading the application form from a DOCX: the published form filled through its content
controls (the `dps demo` samples), providers' own label | answer tables and lines."""

from __future__ import annotations

import io

import docx

from domain.form import QUESTIONS_BY_ID, AnswerType
from extraction.documents import extract_document
from extraction.parsers import parse_answer
from fixtures.applications import SAMPLE_APPLICATIONS


def _docx(build) -> bytes:  # type: ignore[no-untyped-def]
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_every_answer_of_each_sample_form_is_read_with_its_document() -> None:
    for sample in SAMPLE_APPLICATIONS:
        data = (sample.folder / sample.file_name).read_bytes()
        extracted = extract_document(sample.file_name, data)
        assert extracted.kinds == ("application-form",)
        for question_id, text in sample.answers.items():
            question = QUESTIONS_BY_ID[question_id]
            answer = extracted.fields[question_id]
            assert answer.value == parse_answer(question.type, text, question.choices)
            if question.type is not AnswerType.DATE:  # a date control keeps the day, ISO
                assert answer.source_text == text, question_id
            assert answer.document == sample.file_name
            assert answer.confidence == 1.0
        assert [s.ofsted_urn for s in extracted.settings] == [
            s["Ofsted URN"] for s in sample.settings
        ]


def test_labels_without_ids_in_a_providers_own_table_and_lines_are_read() -> None:
    def build(document):  # type: ignore[no-untyped-def]
        document.add_paragraph("DPS application form")
        table = document.add_table(rows=0, cols=2)
        for label, answer in [
            ("ORGANISATION LEGAL NAME:", "Acme Care Ltd"),
            ("Employer's liability insurance limit (£)", "£5m"),
        ]:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, answer
        document.add_paragraph("Contact email: bids@acme.example")
        document.add_paragraph("A4: 01234567")

    extracted = extract_document("own.docx", _docx(build))
    assert extracted.fields["A1"].value == "Acme Care Ltd"
    assert extracted.fields["F1"].value == "5000000.00"
    assert extracted.fields["A10"].value == "bids@acme.example"
    assert extracted.fields["A4"].value == "01234567"


def test_a_docx_that_is_not_a_form_is_unrecognised_not_an_error() -> None:
    data = _docx(lambda d: d.add_paragraph("Minutes of the board meeting"))
    extracted = extract_document("minutes.docx", data)
    assert extracted.kinds == ()
    assert [f.code for f in extracted.findings] == ["unrecognised-document"]


def test_garbage_bytes_are_an_unsupported_file_with_a_reason() -> None:
    extracted = extract_document("notes.txt", b"hello world")
    assert [f.code for f in extracted.findings] == ["unsupported-file-type"]
    assert "neither a PDF nor a Word" in extracted.findings[0].message


def test_a_truncated_docx_is_a_finding_not_a_crash() -> None:
    data = (SAMPLE_APPLICATIONS[0].folder / SAMPLE_APPLICATIONS[0].file_name).read_bytes()
    extracted = extract_document("cut.docx", data[: len(data) // 2])
    assert [f.code for f in extracted.findings] in (
        ["unsupported-file-type"],
        ["unreadable-document"],
    )
