"""What a narrative document is about: the topics that make a safeguarding policy or a statement
of purpose, counted so that a kind is decided by its content with a margin, never by a title.

A title is cheap: a covering letter lists "Safeguarding policy" among its enclosures, and a
university application essay is called "Statement of Purpose". A safeguarding policy talks about
its designated lead, allegations, abuse and referrals; a statement of purpose covers what Schedule 1
of the Children's Homes (England) Regulations 2015 (or the Fostering Services (England)
Regulations 2011) asks for: the range of needs met, the ethos, the registered manager, staffing,
behaviour support, complaints, Ofsted. Each topic counts once, however often it is mentioned.
"""

from __future__ import annotations

import re

from extraction.nearby import plain

_Topics = tuple[re.Pattern[str], ...]


def _topics(*patterns: str) -> _Topics:
    return tuple(re.compile(rf"(?<![\w]){pattern}", re.IGNORECASE) for pattern in patterns)


SAFEGUARDING_TOPICS = _topics(
    r"designated (?:safeguarding|child protection) (?:lead|officer|person)|\bd\.?s\.?l\b"
    r"|designated (?:person|officer|teacher)|safeguarding lead",
    r"allegations?\b",
    r"lado\b|local authority designated officer",
    r"disclos(?:e|es|ed|ure|ures)\b",
    r"child protection",
    r"abuse\b|neglect\b|exploitation\b",
    r"significant harm|(?:risk|safe) (?:of|from) harm|\bharm\b",
    r"keep(?:ing|s)? (?:children|young people) safe",
    r"\bdbs\b|disclosure and barring|safer recruitment",
    r"whistle[- ]?blowing",
    r"working together to safeguard children|keeping children safe in education",
    r"\bmash\b|multi[- ]agency safeguarding|children'?s social care|referrals?\b",
    r"promot(?:e|es|ing) (?:the )?welfare|welfare of (?:the |every |all )?(?:children|child)",
    r"adults? at risk|vulnerable adults?|children at risk",
    r"concerns? (?:are|is|must be|should be) (?:reported|raised|shared)"
    r"|report(?:ing)? (?:a |any |all )?concerns?|worried about a child",
)
PURPOSE_TOPICS = _topics(
    r"registered manager|responsible individual|registered provider",
    r"ofsted\b|\bSC\d{6}\b|\burn\b|unique reference number",  # Ofsted registers the setting
    r"children'?s home|fostering (?:service|agency|panel)|foster carers?|residential (?:care|home)",
    r"range of needs|needs of (?:the )?(?:children|young people)",
    r"\bethos\b|(?:our|the home'?s) (?:philosophy|approach to care)|therapeutic (?:approach|care)",
    r"children'?s homes \(england\) regulations|fostering services \(england\) regulations"
    r"|\bregulation \d+|schedule 1\b|quality standards",
    r"complaints?\b",
    r"placing (?:local )?authorit(?:y|ies)|local authorit(?:y|ies)|social workers?",
    r"staffing|staff team|(?:number|ratio) of staff",
    r"location of the home|(?:the home|we) (?:is|are) (?:situated|located)",
    r"care plans?|placement plans?|placement (?:agreement|planning)|matching\b",
    r"behaviour (?:management|support)|positive behaviour|restraint\b|physical intervention",
    # Schedule 1 asks for the number and the age range of the children accommodated
    r"up to (?:\d+|one|two|three|four|five|six|seven|eight|nine|ten) (?:children|young people)",
    r"(?:children|young people) aged (?:between |from )?\d+|age range",
    r"independent reviewing officer|looked after children|children in care",
)
# an essay for a university place is called "Statement of purpose" too
ESSAY_TOPICS = _topics(
    r"\bph\.?\s?d\b|doctoral|doctorate",
    r"graduate (?:school|program(?:me)?|studies)|postgraduate|master'?s (?:degree|program(?:me)?)",
    r"professors?\b|faculty\b|supervisor'?s? research",
    r"research interests?|my research|dissertation|thesis\b",
    r"i am applying|admissions? committee|apply(?:ing)? to (?:the|your) (?:university|program)",
    r"undergraduate|gpa\b|coursework|my (?:academic|career) goals?",
)
SAFEGUARDING_MARGIN = 3  # topics beyond a title: a lead, allegations, abuse…
PURPOSE_MARGIN = 3  # Schedule 1 topics more than the essay's


def count(text: str, topics: _Topics) -> int:
    """How many of the topics the text mentions (each once); "children’s home" with a curly
    apostrophe is a children's home."""
    text = plain(text)
    return sum(1 for topic in topics if topic.search(text))


def is_about_safeguarding(text: str) -> bool:
    """Whether the text is what a safeguarding policy is made of, not only its title."""
    return count(text, SAFEGUARDING_TOPICS) >= SAFEGUARDING_MARGIN


def is_statement_of_purpose(text: str) -> bool:
    """Whether the text covers enough of Schedule 1, by a margin over an essay's topics."""
    return count(text, PURPOSE_TOPICS) - count(text, ESSAY_TOPICS) >= PURPOSE_MARGIN
