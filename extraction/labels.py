"""Matching question labels as providers write them (application-form.md): case, spacing,
punctuation, a leading question id and a trailing "(£)" or "(if applicable)" do not matter."""

from __future__ import annotations

import re
from functools import cache

from domain.form import QUESTIONS, Question

_QUESTION_ID = re.compile(r"^\s*([A-H]\d{1,2})(?:\s+details)?\b[\s.:)-]*", re.IGNORECASE)
_TRAILING = re.compile(r"\((?:£|gbp|if applicable|optional)[^)]*\)\s*$", re.IGNORECASE)
_PUNCTUATION = re.compile(r"[^\w\s]|_")


def normalise_label(text: str) -> str:
    """Lower-case words only: no id prefix, no trailing (£), no punctuation, single spaces."""
    text = text.replace("\u2019", "'")
    text = _TRAILING.sub("", text.strip())
    text = _PUNCTUATION.sub(" ", text.replace("'", ""))
    return " ".join(text.lower().split())


@cache
def _by_label() -> dict[str, Question]:
    return {normalise_label(question.label): question for question in QUESTIONS}


@cache
def _by_id() -> dict[str, Question]:
    return {question.id.lower(): question for question in QUESTIONS}


def match_question(text: str) -> Question | None:
    """The question a label names, by its words or by a bare id ("A4", "C3 details")."""
    cleaned = text.strip().rstrip(":").strip()
    if not cleaned or len(cleaned) > 200:
        return None
    bare = " ".join(cleaned.lower().split())
    if bare in _by_id():
        return _by_id()[bare]
    question = _by_label().get(normalise_label(_strip_id(cleaned)))
    if question is not None:
        return question
    prefix = _QUESTION_ID.match(cleaned)
    if prefix and "details" in prefix.group(0).lower():
        return _by_id().get(f"{prefix.group(1).lower()} details")
    return None


def _strip_id(text: str) -> str:
    match = _QUESTION_ID.match(text)
    if match and "details" not in match.group(0).lower():
        return text[match.end():]
    return text
