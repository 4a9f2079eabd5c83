"""Finding the application form's answers in blocks of text: label | answer table rows,
"Label: answer" lines, and the settings table (B2)."""

from __future__ import annotations

import re

from domain.evidence import Answer, SettingRow
from domain.form import QUESTIONS, SETTINGS_COLUMNS, AnswerType, Question
from extraction.model import ReadDocument, TextBlock
from extraction.labels import match_question, normalise_label
from extraction.parsers import parse_answer

_COLUMN_FIELDS = dict(
    zip(
        (normalise_label(column) for column in SETTINGS_COLUMNS),
        ("name", "lot", "ofsted_urn", "dfe_urn", "ukprn", "places"),
        strict=True,
    )
)
_LABEL_LINE = re.compile(r"^(?P<label>[^:]{1,160}):\s*(?P<answer>.*)$")


def find_answers(read: ReadDocument, document: str) -> dict[str, Answer]:
    """The first answer found for each question, with where it was read."""
    answers: dict[str, Answer] = {}
    for block in read.blocks:
        pair = _label_and_answer(block)
        if pair is None:
            continue
        question, text = pair
        if question.id in answers or question.type is AnswerType.TABLE or not text:
            continue
        value = parse_answer(question.type, text)
        answers[question.id] = Answer(
            value=value, source_text=text, document=document, page=block.page,
            confidence=1.0 if value is not None else 0.0,
        )
    return answers


def _label_and_answer(block: TextBlock) -> tuple[Question, str] | None:
    if block.in_table and len(block.cells) >= 2:
        question = match_question(block.cells[0])
        answer = next((cell for cell in block.cells[1:] if cell), "")
        return (question, answer.strip()) if question else None
    match = _LABEL_LINE.match(" ".join(block.cells).strip())
    if match:
        question = match_question(match["label"])
        return (question, match["answer"].strip()) if question else None
    return None


def find_settings(read: ReadDocument, document: str) -> tuple[SettingRow, ...]:
    """Rows of every table whose header names the settings columns (Setting name, Lot, …)."""
    rows: list[SettingRow] = []
    columns: list[str | None] | None = None
    for block in read.blocks:
        if not block.in_table:
            columns = None
            continue
        header = [_COLUMN_FIELDS.get(normalise_label(cell)) for cell in block.cells]
        if "name" in header and "lot" in header:
            columns = header
            continue
        if columns is None or not any(block.cells):
            continue
        values = {field: cell.strip() for field, cell in zip(columns, block.cells, strict=False)
                  if field}
        if values.get("name") or values.get("ofsted_urn") or values.get("dfe_urn"):
            rows.append(SettingRow(**values, document=document, page=block.page))
    return tuple(rows)


def looks_like_application(blocks: list[TextBlock]) -> bool:
    """The form's title, or most of its question labels."""
    text = " ".join(" ".join(block.cells) for block in blocks[:40]).lower()
    if "application to join the dynamic purchasing system" in text or "dps application form" in text:
        return True
    labelled = {pair[0].id for block in blocks if (pair := _label_and_answer(block))}
    return len(labelled) >= len(QUESTIONS) // 2
