"""Narrative documents: the safeguarding policy (last review, safeguarding lead) and the
statement of purpose (setting name, URN)."""

from __future__ import annotations

import re

from domain.evidence import Answer
from extraction.change_control import PLANNED, versions
from extraction.model import ReadDocument, TextBlock
from extraction.nearby import (
    Found,
    Label,
    Labels,
    block_text,
    clean,
    dates,
    find_values,
    month_year,
    person,
    urn,
)

SAFEGUARDING, PURPOSE = "safeguarding-policy", "statement-of-purpose"
# A policy has several dates. "Last reviewed" and "Date of review" say when it was reviewed, as
# does every row of a change-control table (change_control.py); "Next review", "Review due" and
# "to be reviewed" when it will be; "Approval date", "Effective date" and "Issued" when this
# version took effect, which alone is no review. A bare "Review date" is usually the next review,
# sometimes the last: _last_review decides from the other dates. "Reviewed by" and a deputy are
# labels too, so that their values are never taken for a date or the lead: the longer phrase wins
# where they overlap.
SAFEGUARDING_LABELS = Labels([
    Label("reviewed", (r"(?:date )?last reviewed", r"reviewed", r"date of (?:last )?review",
                       r"date reviewed", r"reviewed on", r"(?:date of )?last review(?: date)?",
                       r"policy reviewed", r"reviewed date",
                       # revising a policy is reviewing it
                       r"(?:date )?last (?:updated|revised)", r"date (?:updated|revised)",
                       r"(?:updated|revised) on"), "date"),
    Label("review_date", (r"(?:policy )?review date",), "date"),
    Label("next_review", (r"next review(?: date| due(?: date)?)?", r"date (?:of|for) next review",
                          r"next reviewed", r"(?:policy )?review due(?: date)?", r"due for review",
                          r"date for review", r"review (?:by|before)",
                          r"(?:(?:is|are|will|shall|should|must|due) )?(?:to )?be reviewed"
                          r"(?: on| by| in| before)?", r"renewal date"), "date"),
    Label("dated", (r"approval date", r"date (?:of )?approv(?:al|ed)", r"approved(?: on)?",
                    r"(?:date )?ratified(?: on)?", r"date of issue", r"issue date",
                    r"(?:date )?issued(?: on)?", r"effective (?:date|from)", r"date effective",
                    r"(?:date )?adopted(?: on)?", r"date of (?:this )?version",
                    r"implementation date", r"date"), "date"),
    Label("decoy", (r"reviewed by", r"approved by", r"issued by", r"ratified by",
                    r"review (?:frequency|cycle|period)", r"version", r"author", r"owner",
                    r"deputy (?:designated )?safeguarding lead(?: \(d?dsl\))?", r"deputy dsl")),
    Label("lead", (r"designated safeguarding lead(?: \(dsl\))?", r"dsl",
                   r"designated (?:safeguarding )?(?:person|officer|lead)",
                   r"(?:named )?safeguarding lead"), "person"),
])
_DATED_KEYS = ("reviewed", "review_date", "next_review", "dated")
_HONORIFIC = re.compile(r"^(?:mrs|mr|ms|miss|mx|dr|prof|rev(?:erend)?)\.?\s+", re.IGNORECASE)
_LEAD_IN_PROSE = re.compile(r"(?<!deputy )(?:designated )?safeguarding lead(?: \(dsl\))?"
                            r"\s*(?:,|\bis\b)\s*", re.IGNORECASE)
PURPOSE_LABELS = Labels([
    Label("setting_name", (r"name of (?:the )?(?:home|setting|service|agency|school)",
                           r"(?:setting|home|service) name")),
    Label("urn", (r"(?:ofsted )?urn", r"(?:ofsted )?unique reference number",
                  r"ofsted (?:registration|reference) number", r"registration number"), "urn"),
])
# the title alone, perhaps with its year: "Statement of Purpose 2024–25"
_BARE_TITLE = re.compile(r"\s*statement of purpose(?:\s*[-–—:]?\s*[\d/–-]{4,9})?\s*",
                         re.IGNORECASE)
_TITLED = re.compile(r"statement of purpose\s*(?:[:–—-]|\bfor\b)\s*(.+)$", re.IGNORECASE)


def find_safeguarding(read: ReadDocument, document: str) -> dict[str, Answer]:
    """safeguarding-policy.reviewed (the last review, never a next one) and
    safeguarding-policy.lead."""
    fields: dict[str, Answer] = {}
    stated: dict[str, list[Answer]] = {key: [] for key in _DATED_KEYS}
    for found in find_values(read.blocks, SAFEGUARDING_LABELS):
        if found.key in stated and (answer := _dated(found, document)):
            stated[_planned(found) or found.key].append(answer)
        elif found.key == "lead" and (name := _lead(found.value)):
            fields.setdefault(f"{SAFEGUARDING}.lead", Answer(
                value=name, source_text=found.source, document=document, page=found.page,
                box=found.box, confidence=found.confidence))
    if f"{SAFEGUARDING}.lead" not in fields and (named := _lead_in_prose(read.blocks, document)):
        fields[f"{SAFEGUARDING}.lead"] = named
    for kind, iso, row in versions(read.blocks):
        stated[kind].append(Answer(value=iso, source_text=block_text(row), document=document,
                                   page=row.page, box=row.box, confidence=0.9))
    if reviewed := _last_review(stated):
        fields[f"{SAFEGUARDING}.reviewed"] = reviewed
    return fields


def _lead(text: str) -> str | None:
    """The lead's name without a courtesy title: "Mrs Claire Fenwick" is Claire Fenwick."""
    name = person(text)
    if name and (bare := _HONORIFIC.sub("", name)) != name:
        return bare if len(bare.split()) > 1 else None
    return name


def _lead_in_prose(blocks: tuple[TextBlock, ...], document: str) -> Answer | None:
    """"Concerns are reported to the Safeguarding Lead, Grace Mwangi (Registered Manager)": a
    name set off by a comma after the role, which a label reader does not take for a value."""
    for block in blocks:
        text = block_text(block)
        for match in _LEAD_IN_PROSE.finditer(text):
            if name := _lead(text[match.end():]):
                return Answer(value=name, source_text=text, document=document,
                              page=block.page, box=block.box, confidence=0.8)
    return None


def _planned(found: Found) -> str | None:
    """"next_review" for a row of a change-control table that plans a review, not records one
    (the row carries no label of its own: its column header named the date)."""
    if PLANNED.search(found.source) and not SAFEGUARDING_LABELS.segments(found.source):
        return "next_review"
    return None


def _dated(found: Found, document: str) -> Answer | None:
    """The labelled date; a month alone ("January 2024") counts from its first day."""
    found_dates = dates(found.value)
    iso, confidence = (found_dates[0], found.confidence) if found_dates \
        else (month_year(found.value), 0.7)
    if not iso:
        return None
    return Answer(value=iso, source_text=found.source, document=document, page=found.page,
                  box=found.box, confidence=confidence)


def _last_review(stated: dict[str, list[Answer]]) -> Answer | None:
    """The latest review stated.

    A bare "Review date" counts as a review only where the document shows it is not the next
    one: it is no later than the policy's own dates (approval, issue, a review, a change-control
    row), or earlier than a review labelled next. A policy with only a next review has none.
    """
    own = [answer.value or "" for answer in stated["reviewed"] + stated["dated"]]
    upcoming = [answer.value or "" for answer in stated["next_review"]]
    past = [answer.model_copy(update={"confidence": answer.confidence * 0.9})
            for answer in stated["review_date"]
            if (own and (answer.value or "") <= max(own))
            or (upcoming and (answer.value or "") < max(upcoming))]
    reviews = stated["reviewed"] + past
    # a document-control table lists every review; the latest is the last review. An approval
    # or effective date alone says when a version took effect, not that it was reviewed.
    return max(reviews, key=lambda answer: answer.value or "") if reviews else None


def find_statement_of_purpose(read: ReadDocument, document: str) -> dict[str, Answer]:
    """statement-of-purpose.setting_name and, when stated, statement-of-purpose.urn."""
    fields: dict[str, Answer] = {}
    for found in find_values(read.blocks, PURPOSE_LABELS):
        value = urn(found.value) if found.key == "urn" else clean(found.value) or None
        if value:
            fields.setdefault(f"{PURPOSE}.{found.key}", Answer(
                value=value, source_text=found.source, document=document, page=found.page,
                box=found.box, confidence=found.confidence))
    if f"{PURPOSE}.setting_name" not in fields and (named := _named_by_title(read.blocks)):
        text, block = named
        fields[f"{PURPOSE}.setting_name"] = Answer(
            value=text, source_text=block_text(block), document=document, page=block.page,
            box=block.box, confidence=0.8)
    return fields


def _named_by_title(blocks: tuple[TextBlock, ...]) -> tuple[str, TextBlock] | None:
    """The setting a statement's title names: "Statement of purpose – Keys House", or a title
    page's name just above the title ("Larkspur House" / "Statement of Purpose") or, failing
    that, just below it ("Statement of Purpose" / "Harthill Foster Care")."""
    for index, block in enumerate(blocks[:10]):
        text = block_text(block)
        if (match := _TITLED.search(text)) and re.search(r"[A-Za-z]{2}", match[1]):
            return clean(match[1]), block
        if _BARE_TITLE.fullmatch(text):
            neighbours = [blocks[index - 1]] if index else []
            neighbours += [blocks[index + 1]] if index + 1 < len(blocks) else []
            for neighbour in neighbours:
                if _is_setting_name(name := clean(block_text(neighbour))):
                    return name, neighbour
            return None
    return None


def _is_setting_name(text: str) -> bool:
    """A short capitalised name, not a label, a date, a URN or another heading."""
    words = text.split()
    return 1 < len(words) <= 6 and text[0].isupper() and not re.search(
        r"[:|\d]|statement|policy|contents|regulation|\b(?:our|about|introduction|aims?"
        r"|objectives|ethos|values|section|part|chapter|version|reviewed|updated|welcome)\b",
        text, re.IGNORECASE)
