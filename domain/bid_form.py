"""The mini-competition bid form's questions (mini-competitions.md): one definition for the
published editions, the extractor and the bid checks, as domain.form is for the application."""

from __future__ import annotations

from domain.form import AnswerType, Form, Question, Required, Section

BID_FORM_TITLE = "Mini-competition bid form"

_T, _M = AnswerType.TEXT, AnswerType.MONEY

#: the most words a quality answer (P9–P11) may have before the bid is referred
QUALITY_WORD_LIMIT = 500

BID_QUESTIONS: tuple[Question, ...] = (
    Question("P1", "Placement reference", _T),
    Question("P2", "Provider legal name", _T),
    Question("P3", "Setting URN", _T),
    Question("P4", "Proposed start date", AnswerType.DATE),
    Question("P5", "Core weekly fee", _M),
    Question("P6", "Education weekly fee", _M, Required.NO),
    Question("P7", "Therapy weekly fee", _M, Required.NO),
    Question("P8", "Total weekly fee", _M),
    Question("P9", "How will you meet the child's needs?", _T, multiline=True),
    Question("P10", "How will you keep the child safe?", _T, multiline=True),
    Question("P11", "How will you support the child's education and health?", _T, multiline=True),
)

BID_QUESTIONS_BY_ID = {question.id: question for question in BID_QUESTIONS}

BID_SECTIONS = (
    Section(
        "P",
        "Your bid",
        f"Answer each quality question in at most {QUALITY_WORD_LIMIT} words. Fees are "
        "per week, in pounds; leave a fee that does not apply blank (it counts as £0).",
    ),
)

BID_FORM = Form(
    BID_FORM_TITLE,
    BID_SECTIONS,
    BID_QUESTIONS,
    "Answer every question in the box beside or under it and return the completed form "
    "before the bid deadline.",
)
