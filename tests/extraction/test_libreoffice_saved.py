"""A filled form saved by LibreOffice reads as the original (fixtures/corpus/libreoffice)."""

from __future__ import annotations

from extraction.documents import extract_document
from fixtures import FIXTURES
from fixtures.applications import SAMPLE_APPLICATIONS

SAVED = FIXTURES / "corpus" / "libreoffice" / "accepted-fostering-agency-saved-by-libreoffice.docx"


def test_every_answer_survives_a_save_in_libreoffice_and_no_placeholder_is_read_as_an_answer() -> (
    None
):
    sample = SAMPLE_APPLICATIONS[0]
    original = extract_document("original.docx", (sample.folder / sample.file_name).read_bytes())
    saved = extract_document("saved.docx", SAVED.read_bytes())
    assert saved.kinds == ("application-form",)
    assert {k: a.value for k, a in saved.fields.items()} == {
        k: a.value for k, a in original.fields.items()
    }
    assert [s.ofsted_urn for s in saved.settings] == ["SC034253"]
    assert not any("click or tap" in (a.source_text or "").lower() for a in saved.fields.values())
