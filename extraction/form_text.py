"""Answers from text: a label | answer table row, a "Label: answer" line, a line that starts
with a label and goes on with the answer (a printed form's row, where page text has no colon),
or a label on its own followed by the answer on the next line(s).

A long answer (an address, an explanation, a quality answer) may run over several lines, and a
long label may wrap onto the next line beside the answer; both are followed until the next
label or a heading of the form. Answers found by words alone (no id, no colon, no table) are
kept only when they read as their type, so prose that happens to start with a label word
("Fraud awareness training …") is not taken for an answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from domain.evidence import Answer
from domain.form import AnswerType, Form, Question
from domain.models import Box, union_box
from extraction.labels import match_label_prefix, match_question, normalise_label, strip_label_words
from extraction.model import TextBlock
from extraction.parsers import BOXES, parse_answer

TABLE, COLON, ID_PREFIX, NEXT_LINE, WORD_PREFIX = range(5)
CONFIDENCE = {TABLE: 0.9, COLON: 0.85, ID_PREFIX: 0.8, NEXT_LINE: 0.7, WORD_PREFIX: 0.7}
_LABEL_LINE = re.compile(r"^(?P<label>[^:]{1,160}):\s*(?P<answer>.*)$", re.DOTALL)
_SECTION_HEADING = re.compile(r"^section [a-z]\b")
#: what Word shows in an empty control, and prints, and the fillable PDF's printed hints:
#: never an answer
_PLACEHOLDERS = re.compile(
    r"click (?:or tap )?here to enter (?:text|a date)\.?|click or tap to enter a date\.?"
    r"|choose an item\.?|tick for yes, leave blank for no|\(tick every lot you apply for\)",
    re.IGNORECASE,
)


def without_placeholders(text: str) -> str:
    """The text with Word's placeholder prompts removed."""
    return _PLACEHOLDERS.sub("", text).strip() if _PLACEHOLDERS.search(text) else text


@dataclass
class _Found:
    question: Question
    page: int | None
    rank: int
    order: int
    parts: list[str] = field(default_factory=list)
    remaining: tuple[str, ...] = ()  # words of a wrapped label still to come
    box: Box | None = None  # the label's line or row and every line the answer runs over

    def __post_init__(self) -> None:
        self.origin = self.rank  # rank changes when the answer is on the next line

    @property
    def text(self) -> str:
        return "\n".join(self.parts).strip()

    def takes_more(self, line: str) -> bool:
        """A further line belongs to this answer: a long text, another box of a list, or
        another bare choice under a label (which makes it the list of options, see _close)."""
        if self.question.type is AnswerType.CHOICES:
            return line.lstrip()[:1] in BOXES or self.is_bare_choice(line)
        return self.question.multiline

    def is_bare_choice(self, line: str) -> bool:
        return normalise_label(line) in {normalise_label(c) for c in self.question.choices}

    @property
    def is_list_of_options(self) -> bool:
        """Every choice printed under its label without a mark: the options, not an answer."""
        return len(self.parts) > 1 and all(self.is_bare_choice(part) for part in self.parts)


def answers_from_text(
    blocks: tuple[TextBlock, ...], document: str, form: Form
) -> dict[str, Answer]:
    """The best answer found in the text for each question (readable first, then by rank)."""
    best: dict[str, tuple[tuple[bool, int, int], Answer]] = {}
    for found in _candidates(blocks, form):
        question = found.question
        value = parse_answer(question.type, found.text, question.choices)
        if value is None and found.rank in (NEXT_LINE, WORD_PREFIX):
            continue
        key = (value is None, found.rank, found.order)
        if question.id not in best or key < best[question.id][0]:
            confidence = CONFIDENCE[found.rank] if value is not None else 0.0
            best[question.id] = (
                key,
                Answer(
                    value=value,
                    source_text=found.text,
                    document=document,
                    page=found.page,
                    box=found.box,
                    confidence=confidence,
                ),
            )
    return {qid: answer for qid, (_, answer) in best.items()}


def _candidates(blocks: tuple[TextBlock, ...], form: Form) -> Iterator[_Found]:
    questions = tuple(q for q in form.questions if q.type is not AnswerType.TABLE)
    boilerplate = _boilerplate(form)
    current: _Found | None = None
    for order, block in enumerate(blocks):
        block = replace(block, cells=tuple(without_placeholders(c) for c in block.cells))
        if block.in_table and len(block.cells) >= 2:
            yield from _close(current)
            current = _table_row(block, questions, order)
            if current and current.text:
                yield from _close(current)
                current = None
            continue
        line = " ".join(cell for cell in block.cells if cell).strip()
        if not normalise_label(line):
            continue  # a rule, a lone mark: nothing to read, nothing ended
        if _is_boilerplate(line, boilerplate):
            yield from _close(current)
            current = None
            continue
        started = _label_line(line, questions, block.page, order)
        if started and not _is_continuation(current, started):
            yield from _close(current)
            current, started.box = started, block.box
        elif current is not None and _continue(current, line):
            # an answer running onto the next page keeps the box of its first page's lines
            current.box = union_box(current.box, block.box) if block.page == current.page \
                else current.box
        elif current is not None:
            yield from _close(current)
            current = None
    yield from _close(current)


def _close(found: _Found | None) -> Iterator[_Found]:
    if found is not None and found.text and not found.is_list_of_options:
        yield found


def _table_row(block: TextBlock, questions: tuple[Question, ...], order: int) -> _Found | None:
    """The first cell naming a question, and the first non-empty cell after it; or a first
    cell that starts with a question's id and label (cut short where a row broke across
    pages, or followed by the answer itself)."""
    for index, cell in enumerate(block.cells):
        question = match_question(cell, questions)
        if question is None:
            continue
        after = [
            c.strip()
            for c in block.cells[index + 1 :]
            if c.strip() and match_question(c, questions) is not question
        ]
        found = _Found(question, block.page, TABLE, order, box=block.box)
        found.parts = after[:1]
        return found
    prefix = match_label_prefix(block.cells[0], questions)
    if prefix is None or not prefix.by_id:
        return None
    found = _Found(prefix.question, block.page, TABLE, order, box=block.box)
    found.parts = [c.strip() for c in (prefix.answer, *block.cells[1:]) if c.strip()][:1]
    return found


def _label_line(
    line: str, questions: tuple[Question, ...], page: int | None, order: int
) -> _Found | None:
    colon = _LABEL_LINE.match(line)
    question = match_question(colon["label"], questions) if colon else None
    if colon and question is not None:
        found = _Found(question, page, COLON, order)
        found.parts = [colon["answer"].strip()] if colon["answer"].strip() else []
        return found
    prefix = match_label_prefix(line, questions)
    if prefix is None:
        return None
    found = _Found(prefix.question, page, ID_PREFIX if prefix.by_id else WORD_PREFIX, order)
    found.parts = [prefix.answer] if prefix.answer else []
    found.remaining = prefix.remaining
    return found


def _is_continuation(current: _Found | None, started: _Found) -> bool:
    """Inside a long answer of a form whose labels carry ids (a printed form), a line starting
    with a label's words alone is more of the answer; in a provider's own lines, where labels
    have no ids, it is the next answer."""
    return (
        current is not None
        and current.question.multiline
        and bool(current.parts)
        and started.rank == WORD_PREFIX
        and current.origin in (TABLE, ID_PREFIX)
    )


def _continue(current: _Found, line: str) -> bool:
    """Add the line to the open answer if it belongs there; False closes the answer."""
    text, beside_label = line, False
    if current.remaining:
        stripped = strip_label_words(line, current.remaining)
        if stripped is not None:
            (text, current.remaining), beside_label = stripped, True
            if not text:
                return True
    if not current.parts:  # a label on its own: the answer is on the next line
        current.parts.append(text)
        current.rank = max(current.rank, NEXT_LINE)
        return current.takes_more(text) or current.question.multiline
    if current.takes_more(text) or beside_label:
        current.parts.append(text)
        return True
    return False


def _boilerplate(form: Form) -> set[str]:
    texts = {
        form.title,
        form.instructions,
        *(f"Section {s.letter}: {s.title}" for s in form.sections),
        *(s.intro for s in form.sections if s.intro),
    }
    return {normalise_label(text) for text in texts}


def _is_boilerplate(line: str, boilerplate: set[str]) -> bool:
    """A heading or instruction of the form itself, which is never an answer."""
    words = normalise_label(line)
    if _SECTION_HEADING.match(words):
        return True
    return words in boilerplate or (len(words) >= 25 and any(words in b for b in boilerplate))
