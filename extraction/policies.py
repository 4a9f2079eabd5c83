"""Narrative documents: the safeguarding policy (last review, safeguarding lead) and the
statement of purpose (setting name, URN)."""

from __future__ import annotations

import re

from domain.evidence import Answer
from extraction.model import ReadDocument
from extraction.nearby import (
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
# "Next review date", "Reviewed by" and a deputy are labels too, so that their values are never
# taken for the last review or the lead: the longer phrase wins where they overlap.
SAFEGUARDING_LABELS = Labels([
    Label("reviewed", (r"(?:date )?last reviewed", r"reviewed", r"review date", r"date of review",
                       r"date reviewed", r"reviewed on", r"(?:date of )?last review(?: date)?",
                       r"policy reviewed"), "date"),
    Label("next_review", (r"next review(?: date)?", r"date of next review", r"next reviewed",
                          r"(?:next )?review due", r"due for review", r"to be reviewed(?: on)?"),
          "date"),
    Label("decoy", (r"reviewed by", r"to be reviewed by", r"review frequency",
                    r"deputy (?:designated )?safeguarding lead(?: \(d?dsl\))?", r"deputy dsl")),
    Label("lead", (r"designated safeguarding lead(?: \(dsl\))?", r"dsl",
                   r"designated (?:safeguarding )?(?:person|officer|lead)",
                   r"(?:named )?safeguarding lead"), "person"),
])
PURPOSE_LABELS = Labels([
    Label("setting_name", (r"name of (?:the )?(?:home|setting|service|agency|school)",
                           r"(?:setting|home|service) name")),
    Label("urn", (r"(?:ofsted )?urn", r"unique reference number",
                  r"ofsted (?:registration|reference) number", r"registration number"), "urn"),
])
_TITLED = re.compile(r"statement of purpose\s*(?:[:–—-]|\bfor\b)\s*(.+)$", re.IGNORECASE)


def find_safeguarding(read: ReadDocument, document: str) -> dict[str, Answer]:
    """safeguarding-policy.reviewed (the latest review stated) and safeguarding-policy.lead."""
    fields: dict[str, Answer] = {}
    reviews: list[Answer] = []
    for found in find_values(read.blocks, SAFEGUARDING_LABELS):
        if found.key == "reviewed":
            found_dates = dates(found.value)
            iso, confidence = (found_dates[0], found.confidence) if found_dates \
                else (month_year(found.value), 0.7)
            if iso:
                reviews.append(Answer(value=iso, source_text=found.source, document=document,
                                      page=found.page, confidence=confidence))
        elif found.key == "lead" and (name := person(found.value)):
            fields.setdefault(f"{SAFEGUARDING}.lead", Answer(
                value=name, source_text=found.source, document=document, page=found.page,
                confidence=found.confidence))
    if reviews:
        # a document-control table lists every review; the latest is the last review
        fields[f"{SAFEGUARDING}.reviewed"] = max(reviews, key=lambda answer: answer.value or "")
    return fields


def find_statement_of_purpose(read: ReadDocument, document: str) -> dict[str, Answer]:
    """statement-of-purpose.setting_name and, when stated, statement-of-purpose.urn."""
    fields: dict[str, Answer] = {}
    for found in find_values(read.blocks, PURPOSE_LABELS):
        value = urn(found.value) if found.key == "urn" else clean(found.value) or None
        if value:
            fields.setdefault(f"{PURPOSE}.{found.key}", Answer(
                value=value, source_text=found.source, document=document, page=found.page,
                confidence=found.confidence))
    if f"{PURPOSE}.setting_name" not in fields:
        for block in read.blocks[:10]:  # "Statement of purpose – Keys House" as the title
            text = block_text(block)
            if match := _TITLED.search(text):
                fields[f"{PURPOSE}.setting_name"] = Answer(
                    value=clean(match[1]), source_text=text, document=document,
                    page=block.page, confidence=0.8)
                break
    return fields
