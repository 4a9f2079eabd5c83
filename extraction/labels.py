"""Matching question labels as providers write them (application-form.md): case, spacing,
punctuation, a leading question id and a trailing "(£)" or "(if applicable)" do not matter.

Besides whole labels ("Organisation legal name", "A4", "C3 details"), a line of page text may
start with a label and go on with the answer, with no colon between them: a printed form's
table row becomes "A1 Organisation legal name Acme Care Ltd", and a long label wraps, leaving
"C7 Breach of obligations to pay tax … No" on one line and the label's last words on the next.
match_label_prefix reads such lines word by word against the labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from domain.form import QUESTIONS, Question

_ID = r"[A-Z]\d{1,2}"
_QUESTION_ID = re.compile(rf"^\s*({_ID})(?:\s+details)?\b[\s.:)-]*", re.IGNORECASE)
_FIELD_NAME = re.compile(rf"^({_ID})(?:[\s_.-]*(details))?$", re.IGNORECASE)
_TRAILING = re.compile(r"\((?:£|gbp|if applicable|optional)[^)]*\)\s*$", re.IGNORECASE)
_PUNCTUATION = re.compile(r"[^\w\s]|_")
_TOKEN = re.compile(r"\S+")
_ANSWER_LEAD = re.compile(
    r"^[\s:\-–—]*(?:\((?:£|gbp|if applicable|optional)\)[\s:\-–—]*)?", re.IGNORECASE
)


def normalise_label(text: str) -> str:
    """Lower-case words only: no id prefix, no trailing (£), no punctuation, single spaces."""
    text = text.replace("\u2019", "'")
    text = _TRAILING.sub("", text.strip())
    text = _PUNCTUATION.sub(" ", text.replace("'", ""))
    return " ".join(text.lower().split())


def question_id(name: str, questions: tuple[Question, ...] = QUESTIONS) -> Question | None:
    """The question a control or field is named after: "A1", "c3 details", "C3_details"."""
    match = _FIELD_NAME.match(name.strip())
    if not match:
        return None
    key = match[1].upper() + (" details" if match[2] else "")
    return _by_id(questions).get(key.lower())


@cache
def _by_label(questions: tuple[Question, ...]) -> dict[str, Question]:
    return {normalise_label(question.label): question for question in questions}


@cache
def _by_id(questions: tuple[Question, ...]) -> dict[str, Question]:
    return {question.id.lower(): question for question in questions}


@cache
def _by_first_word(questions: tuple[Question, ...]) -> dict[str, tuple[Question, ...]]:
    """Questions by the first word of their label: a line is tried only against its own."""
    grouped: dict[str, list[Question]] = {}
    for question in questions:
        words = normalise_label(question.label).split()
        grouped.setdefault(words[0] if words else "", []).append(question)
    return {word: tuple(group) for word, group in grouped.items()}


def match_question(text: str, questions: tuple[Question, ...] = QUESTIONS) -> Question | None:
    """The question a label names, by its words or by a bare id ("A4", "C3 details")."""
    cleaned = text.strip().rstrip(":").strip()
    if not cleaned or len(cleaned) > 200:
        return None
    bare = " ".join(cleaned.lower().split())
    if bare in _by_id(questions):
        return _by_id(questions)[bare]
    question = _by_label(questions).get(normalise_label(_strip_id(cleaned)))
    if question is not None:
        return question
    prefix = _QUESTION_ID.match(cleaned)
    if prefix and "details" in prefix.group(0).lower():
        return _by_id(questions).get(f"{prefix.group(1).lower()} details")
    return None


def _strip_id(text: str) -> str:
    match = _QUESTION_ID.match(text)
    if match and "details" not in match.group(0).lower():
        return text[match.end() :]
    return text


@dataclass(frozen=True)
class LabelPrefix:
    """A line read as a label followed by an answer."""

    question: Question
    answer: str  # the rest of the line, as written
    by_id: bool  # the line named the question's id, not only its words
    remaining: tuple[str, ...]  # label words not on this line (the label wrapped)


def _words(token: str) -> list[str]:
    return normalise_label(token).split()


def match_label_prefix(
    line: str, questions: tuple[Question, ...] = QUESTIONS
) -> LabelPrefix | None:
    """The question whose label (with or without its id) starts the line, and the answer after.

    Without an id the whole label must be there; with one, its first two words suffice (a long
    label wraps in a narrow column) and the words missing are returned to be skipped later.
    """
    tokens = list(_TOKEN.finditer(line))
    if not tokens:
        return None
    named = question_id(tokens[0].group().rstrip(".:)"), questions)
    if named is not None and len(tokens) > 1 and tokens[1].group().lower() == "details":
        named = question_id(f"{tokens[0].group().rstrip('.:)')} details", questions) or named
        tokens = tokens[1:]
    if named is not None:
        found = _after_label(line, named, tokens[1:], tokens[0].end(), by_id=True)
        if found is None and tokens[0].group().endswith((":", ".", ")")):
            answer = line[tokens[0].end() :].strip()
            return LabelPrefix(named, answer, True, ()) if answer else None
        return found
    best: LabelPrefix | None = None
    first = next((words[0] for token in tokens[:3] if (words := _words(token.group()))), "")
    for question in _by_first_word(questions).get(first, ()):
        found = _after_label(line, question, tokens, 0, by_id=False)
        if found and not found.remaining and (best is None or len(found.answer) < len(best.answer)):
            best = found
    return best


def _after_label(
    line: str, question: Question, tokens: list[re.Match[str]], end: int, by_id: bool
) -> LabelPrefix | None:
    label = normalise_label(question.label).split()
    if by_id and question.id.endswith("details"):
        label = []  # "C3 details" is all of its label
    consumed = 0
    for token in tokens:
        words = _words(token.group())
        if not words:  # punctuation such as "–" or "(£)" between label and answer
            if consumed:
                end = token.end()
            continue
        if label[consumed : consumed + len(words)] != words:
            break
        consumed += len(words)
        end = token.end()
        if consumed == len(label):
            break
    if by_id and consumed < min(2, len(label)) and consumed != len(label):
        rest = line[end:]
        if not rest.lstrip().startswith((":", "-", "–")):
            return None  # "A4 paper" is not question A4 without a separator
    if not by_id and consumed < len(label):
        return None
    answer = _ANSWER_LEAD.sub("", line[end:], count=1).strip()
    return LabelPrefix(question, answer, by_id, tuple(label[consumed:]))


def strip_label_words(line: str, words: tuple[str, ...]) -> tuple[str, tuple[str, ...]] | None:
    """The line without the leading words of a wrapped label, and the words still missing.

    None when the line does not start with them.
    """
    consumed, end = 0, 0
    for token in _TOKEN.finditer(line):
        token_words = _words(token.group())
        if not token_words:
            continue
        if (
            consumed >= len(words)
            or list(words[consumed : consumed + len(token_words)]) != token_words
        ):
            break
        consumed += len(token_words)
        end = token.end()
    if not consumed:
        return None
    return _ANSWER_LEAD.sub("", line[end:], count=1).strip(), words[consumed:]
