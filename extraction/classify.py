"""What kinds of document a file is, from its content, never its name (documents.md).

A phrase alone is weak evidence: a safeguarding policy may say "insurance", an application form
asks for the "certificate of insurance". So a kind's phrase must stand as a heading (a short line
or cell), and each kind must also show what it is made of: covers with limits, the pricing
columns, a placement reference, a year end. An application form is only an application form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from domain.form import QUESTIONS
from extraction.accounts import has_statement, year_ends
from extraction.application import looks_like_application, looks_like_bid_form
from extraction.insurance import evidenced, find_covers
from extraction.model import ReadDocument, TextBlock
from extraction.nearby import plain
from extraction.pricing import has_pricing_table
from extraction.sniff import XLSX
from extraction.topics import is_about_safeguarding, is_statement_of_purpose

APPLICATION_FORM = "application-form"
INSURANCE = "insurance-certificate"
OFSTED = "ofsted-certificate"
PRICING = "pricing-schedule"
ACCOUNTS = "accounts"
SAFEGUARDING = "safeguarding-policy"
PURPOSE = "statement-of-purpose"
BID = "bid"

# documents.md's phrases, and the other names insurers, accountants and Ofsted give the same
# documents; a title alone is never enough (see _CHECKS)
_TITLES = {
    INSURANCE: r"certificate of (?:employers'? liability )?insurance|insurance certificate"
               r"|(?:liability|indemnity) (?:insurance )?certificate|certificate of cover"
               r"|evidence of (?:insurance|(?:insurance )?cover)"
               r"|confirmation of (?:insurance )?cover"
               r"|schedule of insurance|insurance schedule|policy schedule|the schedule"
               r"|summary of (?:insurance|cover)|insurance summary|policy summary"
               r"|(?:combined|commercial|package|liability) (?:insurance )?policy",
    OFSTED: r"certificate of registration|registration certificate",
    PRICING: r"pricing schedule|schedule of fees|fee schedule|price schedule",
    # the period a title names ("… for the year ended 31 August 2025") is part of the title
    ACCOUNTS: r"(?:annual report and (?:financial statements|accounts)|financial statements"
              r"|statement of financial (?:position|activities)|balance sheet"
              r"|profit and loss account|income statement|report and accounts"
              r"|(?:abridged|annual|statutory|micro-entity|unaudited|filleted) accounts"
              r"|receipts and payments accounts?|statement of assets and liabilities"
              r"|accounts for the (?:year|period))"
              r"(?:\s+(?:for the (?:year|period)|as at)\b[^|]{0,40}?\b(?:19|20)\d\d\b)?",
    # "Safeguarding and Protecting Children and Young People Policy", "Child Protection and
    # Safeguarding Procedures", "Keeping Children Safe Policy": a few words between the subject
    # and the kind of document
    SAFEGUARDING: r"(?:safeguarding|child protection|keeping (?:children|young people) safe)"
                  r"(?:[\s,&/'-]+[\w']+){0,7}?[\s,&/-]+(?:policy|policies|procedures?)"
                  r"|safeguarding and child protection",
    # a "Statement of Purpose policy" is a policy about writing one
    PURPOSE: r"statement of purpose(?!\s+(?:policy|policies|procedures?|guidance|template))",
    BID: r"mini-competition bid|placement offer|bid form",
}
_AROUND = 6  # words a heading may have besides its phrase
_NARRATIVE_ZONE = 10  # a policy's own title is near its top; later headings are its sections
_HEADER_LINE_WORDS = 8  # a cover page's lines (name, address, version) are short; prose is not
_CONTENTS_LINE = re.compile(r"(?:\.{3,}|…+|(?:\. ){3,})\s*\d+\s*$")  # dot leaders, a page
_PLACEMENT_REFERENCE = re.compile(r"\bPR-\d{4}-\d{3,5}\b", re.IGNORECASE)
_QUESTION_IDS = {question.id.lower() for question in QUESTIONS}


def classify(document: ReadDocument) -> tuple[str, ...]:
    """Every kind the document is, in documents.md order; empty when it is none of them."""
    if document.media_type == XLSX:  # a workbook is accepted only as a pricing schedule
        return (PRICING,) if _is_pricing(document, {}) else ()
    blocks = list(document.blocks)
    if looks_like_application(blocks) or _form_fields(document, _QUESTION_IDS) >= 10:
        return (APPLICATION_FORM,)
    titles = {kind: _title_at(blocks, pattern) for kind, pattern in _TITLES.items()}
    kinds = [kind for kind, check in _CHECKS.items() if check(document, titles)]
    narrative = [kind for kind in (SAFEGUARDING, PURPOSE) if kind in kinds]
    if len(narrative) == 2:  # one is a section of the other: the document's own title comes first
        kinds.remove(max(narrative, key=lambda kind: titles[kind] or 0))
    return tuple(kinds)


def _title_at(blocks: Sequence[TextBlock], pattern: str) -> int | None:
    """Where the phrase first stands as a heading (a short line or cell)."""
    for index, block in enumerate(blocks):
        for cell in block.cells:
            text = " ".join(plain(cell).split())
            if _CONTENTS_LINE.search(text):
                continue  # "1.0 Statement of Purpose ........ 25" lists a section, heads nothing
            match = re.search(pattern, text, re.IGNORECASE)
            # a heading is mostly its phrase: "Statement of purpose – Keys House", not a sentence
            if match and len((text[:match.start()] + text[match.end():]).split()) <= _AROUND:
                return index
    return None


def _form_fields(document: ReadDocument, ids: set[str]) -> int:
    """How many form fields are named by a question id ("A1", "form1.B2")."""
    return len({name for field in document.fields
                if (name := field.name.rsplit(".", 1)[-1].strip().lower()) in ids})


def _is_insurance(document: ReadDocument, titles: dict[str, int | None]) -> bool:
    return titles[INSURANCE] is not None and any(
        cover.limit for cover in evidenced(find_covers(document, "")))


def _is_ofsted(document: ReadDocument, titles: dict[str, int | None]) -> bool:
    text = document.text.lower()
    return titles[OFSTED] is not None and ("ofsted" in text or "care standards act 2000" in text)


def _is_pricing(document: ReadDocument, titles: dict[str, int | None]) -> bool:
    """The pricing columns under a title; in a workbook the columns alone, since a sheet rarely
    has a title (documents.md, "Spreadsheets")."""
    if document.media_type == XLSX:
        return has_pricing_table(document)
    return titles[PRICING] is not None and has_pricing_table(document)


def _is_accounts(document: ReadDocument, titles: dict[str, int | None]) -> bool:
    """Titled accounts with a statement of figures by year and a year end."""
    return titles[ACCOUNTS] is not None and has_statement(document) and bool(
        year_ends(document.blocks, ""))


def _is_safeguarding(document: ReadDocument, titles: dict[str, int | None]) -> bool:
    return _is_narrative(document, titles[SAFEGUARDING], is_about_safeguarding)


def _is_purpose(document: ReadDocument, titles: dict[str, int | None]) -> bool:
    return _is_narrative(document, titles[PURPOSE], is_statement_of_purpose)


def _is_narrative(document: ReadDocument, title: int | None, about: Callable[[str], bool]) -> bool:
    """Titled near the top (or anywhere on a cover page of logo, address and version lines) and
    about what the title says: a covering letter listing "Safeguarding policy" among its
    enclosures is not one, nor an essay called "Statement of purpose" (topics.py)."""
    if title is None:
        return False
    blocks, first_page = document.blocks, document.blocks[0].page
    # a cover page: the first page, and nothing but short header lines before the title
    on_cover = first_page is not None and blocks[title].page == first_page and all(
        len(" ".join(block.cells).split()) <= _HEADER_LINE_WORDS for block in blocks[:title])
    return (title < _NARRATIVE_ZONE or on_cover) and about(document.text)


def _is_bid(document: ReadDocument, titles: dict[str, int | None]) -> bool:
    bid_fields = _form_fields(document, {f"p{number}" for number in range(1, 12)})
    referenced = _PLACEMENT_REFERENCE.search(
        " ".join([document.text, *(field.value for field in document.fields)]))
    return bid_fields >= 6 or looks_like_bid_form(list(document.blocks)) or (
        titles[BID] is not None and referenced is not None)


_CHECKS = {
    INSURANCE: _is_insurance, OFSTED: _is_ofsted, PRICING: _is_pricing, ACCOUNTS: _is_accounts,
    SAFEGUARDING: _is_safeguarding, PURPOSE: _is_purpose, BID: _is_bid,
}
