"""Notice letters: what a provider reads, checked by reading the DOCX back with python-docx."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest

from domain.notices import NoticeKind
from notices import TemplateError, letter_for, render_docx, uk_date
from notices.render import REASONS_HEADER
from tests.notices.builders import (
    AT,
    EXPIRING_SOON,
    LEGAL_NAME,
    LISTED,
    LOW_PUBLIC_LIABILITY,
    docx_text,
    rejected_decision,
)


def _rejection(decision=None) -> str:  # type: ignore[no-untyped-def]
    letter = letter_for(decision or rejected_decision(), "3", NoticeKind.REJECTION, AT)
    return docx_text(render_docx(letter, at=AT))


def test_a_rejection_lists_every_failing_and_referred_finding_with_where_and_remedy() -> None:
    text = _rejection()
    assert "Public liability cover is £2,000,000; the minimum is £5,000,000." in text
    assert "insurance-certificate.pdf, page 1" in text
    assert "Upload a certificate showing public liability cover of at least £5,000,000." in text
    assert "ofsted-certificate-SC367371.pdf, page 1" in text
    assert "Send the setting's improvement plan and the latest monitoring report." in text
    assert "safeguarding-policy.docx, page 2, question G2" in text
    for found in LISTED:
        assert found.message in text


def test_the_reasons_table_has_its_four_columns_and_one_row_per_reason() -> None:
    letter = letter_for(rejected_decision(), "3", NoticeKind.REJECTION, AT)
    document = docx.Document(io.BytesIO(render_docx(letter, at=AT)))
    (table,) = document.tables
    assert tuple(cell.text for cell in table.rows[0].cells) == REASONS_HEADER
    assert [row.cells[1].text for row in table.rows[1:]] == [f.message for f in LISTED]
    assert "{{" not in docx_text(render_docx(letter, at=AT))


def test_a_warning_is_not_given_as_a_reason_for_rejection() -> None:
    assert EXPIRING_SOON.message not in _rejection()


def test_a_rejection_addresses_the_provider_by_legal_name_with_reference_and_uk_date() -> None:
    text = _rejection()
    assert f"Dear {LEGAL_NAME}," in text
    assert "The County Council — Children's placements DPS" in text
    assert "Reference: S-20240603-093000-66c49d, lot 3" in text
    assert "3 June 2024" in text
    assert "We have decided not to admit Hope Fostering Services Limited to lot 3" in text


def test_a_rejection_says_the_provider_may_reapply_at_any_time() -> None:
    assert "You may re-apply at any time." in _rejection()


def test_the_provider_id_is_the_addressee_when_no_legal_name_was_read() -> None:
    assert "Dear hope-fostering," in _rejection(rejected_decision(legal_name=None))
    assert "Dear hope-fostering," in _rejection(rejected_decision(legal_name="  "))


def test_dates_are_written_the_uk_way_on_the_council_calendar() -> None:
    assert uk_date(dt.date(2024, 6, 3)) == "3 June 2024"
    late = dt.datetime(2024, 6, 3, 23, 30, tzinfo=dt.UTC)  # 00:30 on 4 June in London
    assert letter_for(rejected_decision(), "3", "rejection", late).values["date"] == "4 June 2024"


@pytest.mark.parametrize("kind", list(NoticeKind), ids=str)
def test_each_kind_renders_with_every_placeholder_filled(kind: NoticeKind) -> None:
    letter = letter_for(rejected_decision(), "3", kind, AT)
    text = docx_text(render_docx(letter, at=AT))
    assert "{{" not in text and "}}" not in text
    assert LEGAL_NAME in text and "S-20240603-093000-66c49d, lot 3" in text


def test_the_same_letter_gives_the_same_docx_bytes() -> None:
    letter = letter_for(rejected_decision(), "3", NoticeKind.REJECTION, AT)
    assert render_docx(letter, at=AT) == render_docx(letter, at=AT)


def test_a_council_edit_that_splits_a_placeholder_across_runs_is_still_filled() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph()
    for piece in ("To {{prov", "ider_na", "me}}, lot {{lot}}"):
        paragraph.add_run(piece)
    document.add_paragraph("{{reasons}}")
    template = io.BytesIO()
    document.save(template)
    letter = letter_for(rejected_decision(), "3", NoticeKind.REJECTION, AT)
    text = docx_text(render_docx(letter, template.getvalue(), at=AT))
    assert f"To {LEGAL_NAME}, lot 3" in text
    assert LISTED[0].message in text


def test_a_template_asking_for_an_unknown_placeholder_is_refused_by_name() -> None:
    document = docx.Document()
    document.add_paragraph("Dear {{chief_executive}},")
    template = io.BytesIO()
    document.save(template)
    letter = letter_for(rejected_decision(), "3", NoticeKind.REJECTION, AT)
    with pytest.raises(TemplateError, match="chief_executive"):
        render_docx(letter, template.getvalue(), at=AT)


def test_a_lot_the_decision_does_not_cover_is_refused() -> None:
    with pytest.raises(ValueError, match="no lot '1a'"):
        letter_for(rejected_decision(), "1a", NoticeKind.REJECTION, AT)


def test_every_register_remedy_belongs_to_a_reason_code_of_the_table() -> None:
    from domain.reasons import REASONS, REGISTER_REMEDIES

    assert set(REGISTER_REMEDIES) <= set(REASONS)
    assert all("re-apply" not in text for text in REGISTER_REMEDIES.values())


def test_a_control_character_in_a_file_name_or_legal_name_is_left_out_of_the_letter() -> None:
    hostile = LOW_PUBLIC_LIABILITY.model_copy(update={"document": "insurance\x07\x1b.pdf"})
    decision = rejected_decision("Hope\x00 Fostering\x0c Ltd")
    lot = decision.lots[0].model_copy(update={"findings": (hostile,)})
    decision = decision.model_copy(update={"lots": (lot,)})

    text = _rejection(decision)

    assert "insurance.pdf, page 1" in text and "Dear Hope Fostering Ltd," in text
