"""Readers for the answer types of application-form.md: money, dates, yes/no, emails, choices
(one of a list, or ticked boxes), lots.

Each returns the canonical text of domain.evidence.Answer.value, or None when the text is not
of that type (never a guess).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from domain.form import LOT_CHOICES, ORGANISATION_TYPES, AnswerType

TICKED_MARKS = "☒☑✓✔✗✘"
BOXES = TICKED_MARKS + "☐□"

_MONEY = re.compile(r"^£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(m|million|k|thousand)?$")
_MULTIPLIERS = {"m": 1_000_000, "million": 1_000_000, "k": 1_000, "thousand": 1_000}


def parse_money(text: str) -> str | None:
    """'£5,000,000', '5000000', '£5m', '£5 million', 'GBP 5,000,000', '£1,234.50',
    'five million pounds' → '5000000.00'."""
    if (worded := _worded_money(text)) is not None:
        return worded
    cleaned = " ".join(text.lower().replace("£ ", "£").split())
    cleaned = re.sub(r"^gbp\s*", "gbp", cleaned)
    cleaned = re.sub(r"\s*(pounds|gbp|per week|pw|a week)$", "", cleaned)
    cleaned = re.sub(r"^gbp(\d)", r"\1", cleaned)
    cleaned = re.sub(r"(\d)\s+(m|million|k|thousand)$", r"\1\2", cleaned)
    match = _MONEY.match(cleaned)
    if not match:
        return None
    whole, pence, scale = match.groups()
    if "," in whole and scale:
        return None
    try:
        amount = Decimal(whole.replace(",", "") + (f".{pence}" if pence else ""))
    except InvalidOperation:
        return None
    amount *= _MULTIPLIERS.get(scale or "", 1)
    return f"{amount:.2f}"


_UNITS = {word: number for number, word in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen"))}
_TENS = {word: 10 * number for number, word in enumerate(
    ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), start=2)}
_SCALES = {"thousand": 1_000, "million": 1_000_000}
#: the words of an amount written out, as certificates do: "five million pounds"
NUMBER_WORDS = "|".join(["a", "and", "hundred", *_UNITS, *_TENS])
WORDED_MONEY = (rf"\b(?:(?:{NUMBER_WORDS})[\s-]+)*(?:{NUMBER_WORDS})\s+(?:million|thousand)"
                r"(?:\s+(?:pounds|pound)(?:\s+sterling)?)?\b")


def _worded_money(text: str) -> str | None:
    """'five million pounds', 'ten million', 'one hundred thousand pounds sterling'.

    Only a whole amount written in words with a scale (million or thousand): a lone "five" is a
    count, not money."""
    words = re.sub(r"\s+(?:pounds?|sterling)\b", "", text.lower().strip()).replace("-", " ")
    words = words.split()
    if len(words) < 2 or words[-1] not in _SCALES or len(words) > 12 or words[0] in _SCALES:
        return None
    total, current = 0, 0
    for word in words:
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
        elif word not in {"a", "and"}:
            return None
    return f"{total}.00" if total else None


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_NUMERIC_DATE = re.compile(r"^(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?(\d{4}|\d{2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:t[\d:.]+z?)?$")
# "1st June 2019" and "1 st June 2019" (a superscript ordinal read as a word of its own)
_WORDED_DATE = re.compile(
    r"^(\d{1,2})\s?(?:st|nd|rd|th)?(?:\s+(?:day\s+)?of)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{4})$")
_MONTH_FIRST_DATE = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})\s?(?:st|nd|rd|th)?,?\s+(\d{4})$")


def parse_date(text: str) -> str | None:
    """'01/04/2027', '1 April 2027', '1st April 2027', '2027-04-01' → '2027-04-01'.

    Numeric dates are read day first, as in the UK; "April 1, 2027" is unambiguous."""
    cleaned = " ".join(text.strip().lower().split())
    cleaned = re.sub(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+", "", cleaned)
    parts: tuple[int, int, int] | None = None
    if match := _ISO_DATE.match(cleaned):
        parts = int(match[1]), int(match[2]), int(match[3])
    elif match := _NUMERIC_DATE.match(cleaned):
        year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
        parts = year, int(match[2]), int(match[1])
    elif (match := _WORDED_DATE.match(cleaned)) and match[2] in _MONTHS:
        parts = int(match[3]), _MONTHS[match[2]], int(match[1])
    elif (match := _MONTH_FIRST_DATE.match(cleaned)) and match[1] in _MONTHS:
        parts = int(match[3]), _MONTHS[match[1]], int(match[2])
    if parts is None:
        return None
    try:
        return dt.date(*parts).isoformat()
    except ValueError:
        return None


_YES = {"yes", "y", "true", "x", "☒", "☑", "✓", "✔", "ticked", "checked"}
_NO = {"no", "n", "false", "☐", "unticked", "unchecked", "none"}


_MARK = rf"(?:[{TICKED_MARKS}]|\[\s*x\s*\]|\(\s*x\s*\))"
_MARK_BEFORE = re.compile(rf"{_MARK}\s*(yes|no)\b")
_MARK_AFTER = re.compile(rf"\b(yes|no)\s*{_MARK}")


def parse_yes_no(text: str) -> str | None:
    """A ticked box, X, ☒, Yes/No, Y/N, true/false, or "☒ Yes ☐ No" → 'yes' or 'no'."""
    cleaned = " ".join(text.strip().lower().split()).rstrip(".")
    if cleaned in _YES:
        return "yes"
    if cleaned in _NO:
        return "no"
    ticked = _MARK_BEFORE.findall(cleaned) or _MARK_AFTER.findall(cleaned)
    return ticked[0] if len(set(ticked)) == 1 else None


_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")


def parse_email(text: str) -> str | None:
    """A single well-formed address (no display name), as written."""
    cleaned = text.strip()
    if cleaned.lower().startswith("mailto:"):
        cleaned = cleaned[7:]
    return cleaned if _EMAIL.match(cleaned) and ".." not in cleaned else None


_LOT_CODE = re.compile(r"\b(1[a-d]|2|3|4)\b", re.IGNORECASE)


def parse_lots(text: str) -> str | None:
    """'1a, 3', 'Lot 3 Independent fostering agencies; Lot 4' → '1a; 3; 4' (codes, in order);
    from a list of boxes ("☒ 1a …", "☐ 1b …") only the ticked lots."""
    if any(box in text for box in BOXES):
        ticked = re.findall(rf"[{TICKED_MARKS}]([^{BOXES}]*)", text)
        return _lot_codes("; ".join(ticked)) if ticked else None
    return _lot_codes(text)


def _lot_codes(text: str) -> str | None:
    codes: list[str] = []
    for piece in re.split(r"[;,\n]|\band\b", text):
        piece = piece.strip()
        if not piece:
            continue
        named = [
            choice.split()[0]
            for choice in LOT_CHOICES
            if choice.split(" ", 1)[1].lower() in piece.lower()
        ]
        found = named or [m.group(1).lower() for m in _LOT_CODE.finditer(piece)][:1]
        codes.extend(code for code in found if code not in codes)
    return "; ".join(codes) if codes else None


_CHOICE_SYNONYMS = {
    "ltd": "Limited company",
    "limited": "Limited company",
    "private limited company": "Limited company",
    "company limited by guarantee": "Limited company",
    "company limited by shares": "Limited company",
    "plc": "Limited company",
    "llp": "Limited liability partnership",
    "cic": "Community interest company",
    "charity": "Registered charity",
    "cio": "Charitable incorporated organisation",
    "sole trader": "Sole trader",
    "self employed": "Sole trader",
}


def parse_choice(text: str, choices: tuple[str, ...] = ORGANISATION_TYPES) -> str | None:
    """One of `choices` as written in the list, matched without case or punctuation, or
    from a ticked box among several, or by a common short name ("Ltd", "CIC", "LLP")."""
    if any(box in text for box in BOXES):
        ticked = re.findall(rf"[{TICKED_MARKS}]([^{BOXES}]*)", text)
        return parse_choice(ticked[0], choices) if len(ticked) == 1 else None
    wanted = _words(text)
    for choice in choices:
        if _words(choice) == wanted:
            return choice
    synonym = _CHOICE_SYNONYMS.get(wanted)
    return synonym if synonym in choices else None


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]|_", " ", text.lower().replace("'", "")).split())


def parse_answer(answer_type: AnswerType, text: str, choices: tuple[str, ...] = ()) -> str | None:
    """The canonical value of `text` read as `answer_type` (a choice among `choices`)."""
    if answer_type is AnswerType.CHOICE and choices:
        return parse_choice(text, choices)
    readers = {
        AnswerType.MONEY: parse_money,
        AnswerType.DATE: parse_date,
        AnswerType.YES_NO: parse_yes_no,
        AnswerType.EMAIL: parse_email,
        AnswerType.CHOICES: parse_lots,
    }
    reader = readers.get(answer_type)
    if reader is None:
        cleaned = " ".join(text.split())
        return cleaned or None
    return reader(text)
