"""Answers from form controls and fields: the published DOCX (content controls tagged with the
question id, or legacy fields named after it) and the fillable PDF (AcroForm fields named by
question id). A field is the provider's own typed value, so it is read with confidence 1.0;
a control found only by its title (alias) rather than its tag, a little less."""

from __future__ import annotations

from domain.evidence import Answer
from domain.form import LOT_CHOICES, LOT_FIELDS, AnswerType, Question
from domain.models import union_box
from extraction.form_text import without_placeholders
from extraction.labels import match_question, question_id
from extraction.model import FormField, ReadDocument
from extraction.parsers import parse_answer

BY_NAME, BY_TITLE = 1.0, 0.95


def answers_from_fields(
    read: ReadDocument, document: str, questions: tuple[Question, ...]
) -> dict[str, Answer]:
    """The first filled field of each question; B1 from its lot checkboxes."""
    answers: dict[str, Answer] = {}
    for found in read.fields:
        question, confidence = _question_of(found, questions)
        if question is None or question.type is AnswerType.TABLE or question.id in answers:
            continue
        if not without_placeholders(found.value):
            # an empty control (LibreOffice keeps the placeholder text but drops Word's
            # showingPlcHdr flag when it saves): the answer may still be typed beside it
            continue
        answers[question.id] = _answer(question, found, document, confidence)
    lots = _lots_answer(read.fields, document)
    if lots is not None and any(q.id == "B1" for q in questions):
        answers.setdefault("B1", lots)
    return answers


def _question_of(
    found: FormField, questions: tuple[Question, ...]
) -> tuple[Question | None, float]:
    by_name = question_id(found.name, questions)
    if by_name is None and "." in found.name:
        by_name = question_id(found.name.rsplit(".", 1)[-1], questions)  # "form1.A1"
    if by_name is not None:
        return by_name, BY_NAME
    if found.label and not found.name.upper().startswith(("B1.", "B2.")):
        return match_question(found.label, questions), BY_TITLE
    return None, 0.0


def _answer(question: Question, found: FormField, document: str, confidence: float) -> Answer:
    value = parse_answer(question.type, found.value, question.choices)
    if question.type is AnswerType.YES_NO and found.kind == "checkbox":
        value = found.value  # a box's state is exact: unticked is No
    return Answer(
        value=value,
        source_text=found.value,
        document=document,
        page=found.page,
        box=found.box,
        confidence=confidence if value is not None else 0.0,
    )


def _lots_answer(fields: tuple[FormField, ...], document: str) -> Answer | None:
    """B1 as the lots whose boxes ("B1.1a" … "B1.4") are ticked, in the form's order."""
    boxes = {f.name.upper(): f for f in fields if f.name.upper() in _LOT_NAMES}
    ticked = [
        code
        for name, code in LOT_FIELDS.items()
        if (box := boxes.get(name.upper())) and box.value == "yes"
    ]
    if not ticked:
        return None
    labels = [choice for choice in LOT_CHOICES if choice.split(" ", 1)[0] in ticked]
    page = next(f.page for f in fields if f.name.upper() in _LOT_NAMES)
    return Answer(
        value="; ".join(ticked),
        source_text="; ".join(labels),
        document=document,
        page=page,
        box=union_box(*(boxes[name.upper()].box for name, code in LOT_FIELDS.items()
                        if code in ticked and boxes[name.upper()].page == page)),
        confidence=BY_NAME,
    )


_LOT_NAMES = {name.upper() for name in LOT_FIELDS}
