"""Finding a published form's answers in a read document, whichever way it was filled
(application-form.md): the DOCX's content controls or legacy fields, the fillable PDF's fields,
a printed copy's page text, or a provider's own document with the labels.

Fields come first (confidence 1.0). Text fills in what no field holds, except in a PDF whose
field for the question exists: a fillable PDF keeps its answers in the fields, so its page text
holds only the labels, and an empty field is an unanswered question. In a DOCX, text typed
beside an empty control is the provider's answer.
"""

from __future__ import annotations

from domain.bid_form import BID_FORM
from domain.evidence import Answer, SettingRow
from domain.form import APPLICATION_FORM, LOT_FIELDS, Form
from extraction.form_fields import answers_from_fields
from extraction.form_text import answers_from_text
from extraction.labels import question_id
from extraction.model import ReadDocument, TextBlock
from extraction.settings_table import (
    settings_from_fields,
    settings_from_lines,
    settings_from_tables,
)
from extraction.sniff import PDF


def find_answers(read: ReadDocument, document: str) -> dict[str, Answer]:
    """The application form's answers, by question id, each with where it was read."""
    return find_form_answers(read, document, APPLICATION_FORM)


def find_bid_answers(read: ReadDocument, document: str) -> dict[str, Answer]:
    """The mini-competition bid form's answers (P1–P11), by question id."""
    return find_form_answers(read, document, BID_FORM)


def find_form_answers(read: ReadDocument, document: str, form: Form) -> dict[str, Answer]:
    """A form's answers: from its fields first, then from the text for the rest."""
    answers = answers_from_fields(read, document, form.questions)
    with_fields = _questions_with_fields(read, form) if read.media_type == PDF else set()
    for qid, answer in answers_from_text(read.blocks, document, form).items():
        if qid not in answers and qid not in with_fields:
            answers[qid] = answer
    return answers


def _questions_with_fields(read: ReadDocument, form: Form) -> set[str]:
    named = {q.id for f in read.fields if (q := question_id(f.name, form.questions))}
    if any(f.name.upper() in {n.upper() for n in LOT_FIELDS} for f in read.fields):
        named.add("B1")
    return named


def find_settings(read: ReadDocument, document: str) -> tuple[SettingRow, ...]:
    """The settings table (B2): its controls or fields, else a table, else lines of text."""
    return (
        settings_from_fields(read, document)
        or settings_from_tables(read, document)
        or settings_from_lines(read, document)
    )


def looks_like_application(blocks: list[TextBlock]) -> bool:
    """The form's title, or most of its question labels."""
    return _looks_like(blocks, APPLICATION_FORM, ("dps application form",))


def looks_like_bid_form(blocks: list[TextBlock]) -> bool:
    """The bid form's title, or most of its question labels."""
    return _looks_like(blocks, BID_FORM, ())


def _looks_like(blocks: list[TextBlock], form: Form, other_titles: tuple[str, ...]) -> bool:
    text = " ".join(" ".join(block.cells) for block in blocks[:40]).lower()
    if any(title in text for title in (form.title.lower(), *other_titles)):
        return True
    labelled = answers_from_text(tuple(blocks), "", form)
    return len(labelled) >= len(form.questions) // 2
