"""Ofsted's certificate of registration: URN, provider, setting, type, date and conditions.

Ofsted words the certificate ("This is to certify that <provider> is registered … <setting>"), and
providers also send their own tables of the same facts, so both the wording and labels are read.
The conditions (places, ages) are sentences, read by their wording.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from domain.evidence import Answer
from extraction.insurance import organisation
from extraction.model import ReadDocument
from extraction.nearby import Label, Labels, clean, dates, find_values, urn

KIND = "ofsted-certificate"
LABELS = Labels([
    Label("urn", (r"unique reference number", r"urn", r"ofsted urn", r"registration number",
                  r"reference number"), "urn"),
    Label("provider", (r"(?:name of )?registered provider", r"provider(?:'s)? name",
                       r"registered person", r"provider", r"name of provider",
                       r"this is to certify that", r"this certificate confirms that")),
    Label("setting_name", (r"setting name", r"name of (?:the )?(?:setting|establishment|home|agency"
                           r"|service)", r"establishment name",
                           r"is registered (?:as )?(?:a|the) provider (?:of|for) the following "
                           r"(?:establishment|setting|agency|service|home)",
                           # "… is registered as the provider of an Independent Fostering
                           # Agency / known as Harthill Foster Care"
                           r"known as")),
    Label("setting_type", (r"type of (?:establishment|service|setting|provision)",
                           r"(?:establishment|service|setting|provision) type")),
    Label("registered", (r"date of registration", r"registration date", r"date registered",
                         r"registered on", r"registered since"), "date"),
    Label("max_places", (r"maximum (?:number of )?(?:places|children|beds)",
                         r"number of (?:places|beds)", r"places"), "text"),
    Label("age_range", (r"age range(?: of children)?", r"ages?"), "text"),
])
_PLACES = re.compile(
    r"(?:maximum (?:number )?of|up to|no more than|maximum of|accommodated is|accommodate)"
    r"\s+(\d{1,3})\b(?:\s+(?:children|young people|places|beds))?",
    re.IGNORECASE,
)
_AGES = re.compile(r"(\d{1,2})\s*(?:-|–|to|and)\s*(\d{1,2})\b")
_AGED = re.compile(r"aged\s+(?:between|from)?\s*(\d{1,2})\s*(?:-|–|to|and)\s*(\d{1,2})\b",
                   re.IGNORECASE)


def _places(text: str) -> str | None:
    match = re.match(r"\s*(\d{1,3})\b", text) or _PLACES.search(text)
    return match[1] if match else None


def _places_in_words(text: str) -> str | None:
    match = _PLACES.search(text)
    return match[1] if match else None


def _ages(text: str) -> str | None:
    match = _AGED.search(text) or _AGES.search(text)
    return f"{int(match[1])}-{int(match[2])}" if match else None


_READERS: dict[str, Callable[[str], str | None]] = {
    "urn": urn,
    "provider": organisation,
    "setting_name": lambda text: clean(re.split(r",", text, maxsplit=1)[0]) or None,
    "setting_type": lambda text: clean(text) or None,
    "registered": lambda text: next(iter(dates(text)), None),
    "max_places": _places,
    "age_range": _ages,
}


def find_ofsted_certificate(read: ReadDocument, document: str) -> dict[str, Answer]:
    """ofsted-certificate.<field> for every field the certificate states."""
    fields: dict[str, Answer] = {}
    for found in find_values(read.blocks, LABELS):
        name = f"{KIND}.{found.key}"
        value = _READERS[found.key](found.value)
        if value and name not in fields:
            fields[name] = Answer(value=value, source_text=found.source, document=document,
                                  page=found.page, box=found.box, confidence=found.confidence)
    _from_wording(read, document, fields)
    return fields


def _from_wording(read: ReadDocument, document: str, fields: dict[str, Answer]) -> None:
    """Conditions are sentences ("may accommodate up to 4 children aged 8 to 17")."""
    for block in read.blocks:
        text = " ".join(block.cells)
        for key, pattern, reader in (("max_places", _PLACES, _places_in_words),
                                     ("age_range", _AGED, _ages), ("urn", None, urn)):
            name = f"{KIND}.{key}"
            if name in fields or (pattern and not pattern.search(text)):
                continue
            if key == "urn" and not re.search(r"\bSC\s?\d{6}\b", text):
                continue  # a bare 7-digit number is only a URN when labelled
            if value := reader(text):
                fields[name] = Answer(value=value, source_text=text, document=document,
                                      page=block.page, box=block.box, confidence=0.8)
