"""The application form's questions: the one definition that the published forms, the extractor
and the rules all read, so they cannot drift apart (application-form.md).

Naming in the published editions (fixtures/forms/ writes them from this module):

- every answer is one control / field named by its question id: "A1", "C3 details";
- B1 is one checkbox per lot, "B1.1a" … "B1.4" (LOT_FIELDS);
- B2 is a table; in the DOCX each cell of the repeating row is a control tagged "B2.<key>"
  (Word copies the tags when a row is added), in the PDF each cell is a field "B2.<row>.<key>",
  rows numbered from 1, keys as in SETTINGS_KEYS ("name", "lot", "ofsted_urn", …).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class AnswerType(StrEnum):
    TEXT = "text"
    YES_NO = "yes/no"
    MONEY = "money"
    DATE = "date"
    EMAIL = "email"
    CHOICE = "choice"
    CHOICES = "choices"  # several may be ticked
    TABLE = "table"


class Required(StrEnum):
    YES = "yes"
    NO = "no"
    CONDITIONAL = "conditional"  # required in some cases, decided by a rule


@dataclass(frozen=True)
class Question:
    id: str
    label: str
    type: AnswerType
    required: Required = Required.YES
    choices: tuple[str, ...] = ()
    #: answers that run over several lines (an address, an explanation, a quality answer)
    multiline: bool = False


@dataclass(frozen=True)
class Section:
    letter: str
    title: str
    intro: str = ""


@dataclass(frozen=True)
class Form:
    """A published form: its title, its sections and its questions, in order."""

    title: str
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    instructions: str = ""

    def section_questions(self, section: Section) -> tuple[Question, ...]:
        """The section's questions in the order printed: an explanation follows its question."""
        ids = [q.id for q in self.questions]
        own = [q for q in self.questions if q.id[0] == section.letter]
        return tuple(sorted(own, key=lambda q: (ids.index(q.id.split(" ")[0]), " " in q.id)))

    @property
    def by_id(self) -> dict[str, Question]:
        return {question.id: question for question in self.questions}


ORGANISATION_TYPES = (
    "Limited company",
    "Limited liability partnership",
    "Community interest company",
    "Registered charity",
    "Charitable incorporated organisation",
    "Partnership",
    "Sole trader",
    "Other",
)

LOT_CHOICES = (
    "1a Residential special schools",
    "1b Day special schools",
    "1c Children's homes with education",
    "1d Residential short breaks",
    "2 Specialist post-16 institutions",
    "3 Independent fostering agencies",
    "4 Children's residential homes",
)

LOT_CODES = tuple(choice.split(" ", 1)[0] for choice in LOT_CHOICES)
LOT_FIELDS = {f"B1.{code}": code for code in LOT_CODES}

SETTINGS_COLUMNS = ("Setting name", "Lot", "Ofsted URN", "DfE URN", "UKPRN", "Places")
#: the SettingRow attribute (and the B2 control / field key) of each settings column
SETTINGS_KEYS = ("name", "lot", "ofsted_urn", "dfe_urn", "ukprn", "places")
#: rows of B2 in the fillable PDF (the DOCX row repeats as often as the provider needs)
SETTINGS_PDF_ROWS = 8

_T, _Y, _M, _D = AnswerType.TEXT, AnswerType.YES_NO, AnswerType.MONEY, AnswerType.DATE
_NO, _IF = Required.NO, Required.CONDITIONAL

MANDATORY_EXCLUSIONS = {
    "C1": "Participation in a criminal organisation",
    "C2": "Corruption or bribery",
    "C3": "Fraud",
    "C4": "Terrorist offences or offences linked to terrorist activities",
    "C5": "Money laundering or terrorist financing",
    "C6": "Child labour or trafficking in human beings",
    "C7": "Breach of obligations to pay tax or social security contributions, "
    "established by a final decision",
}

DISCRETIONARY_EXCLUSIONS = {
    "D1": "Breach of environmental, social or labour law obligations",
    "D2": "Bankruptcy, insolvency, administration or arrangement with creditors",
    "D3": "Grave professional misconduct",
    "D4": "Agreements with other organisations aimed at distorting competition",
    "D5": "Significant or persistent deficiencies in a prior public contract leading to "
    "termination or damages",
    "D6": "Serious misrepresentation in supplying information for a selection process",
}

QUESTIONS: tuple[Question, ...] = (
    Question("A1", "Organisation legal name", _T),
    Question("A2", "Trading name", _T, _NO),
    Question("A3", "Organisation type", AnswerType.CHOICE, choices=ORGANISATION_TYPES),
    Question("A4", "Companies House registration number", _T, _IF),
    Question("A5", "Registered charity number", _T, _IF),
    Question("A6", "VAT registration number", _T, _NO),
    Question("A7", "Registered address", _T, multiline=True),
    Question("A8", "Postcode", _T),
    Question("A9", "Contact name", _T),
    Question("A10", "Contact email", AnswerType.EMAIL),
    Question("A11", "Contact telephone", _T),
    Question("B1", "Lots applied for", AnswerType.CHOICES, choices=LOT_CHOICES),
    Question("B2", "Settings", AnswerType.TABLE, choices=SETTINGS_COLUMNS),
    *(Question(qid, label, _Y) for qid, label in MANDATORY_EXCLUSIONS.items()),
    *(
        Question(f"{qid} details", f"{qid} details", _T, _NO, multiline=True)
        for qid in MANDATORY_EXCLUSIONS
    ),
    *(Question(qid, label, _Y) for qid, label in DISCRETIONARY_EXCLUSIONS.items()),
    *(
        Question(f"{qid} details", f"{qid} details", _T, _NO, multiline=True)
        for qid in DISCRETIONARY_EXCLUSIONS
    ),
    Question("E1", "Annual turnover for the latest full financial year", _M),
    Question("E2", "Year end date of latest accounts", _D),
    Question("F1", "Employer's liability insurance limit", _M),
    Question("F2", "Public liability insurance limit", _M),
    Question("F3", "Professional indemnity insurance limit", _M),
    Question("F4", "Earliest insurance expiry date", _D),
    Question("G1", "Designated safeguarding lead", _T),
    Question("G2", "Date safeguarding policy last reviewed", _D),
    Question(
        "G3",
        "All staff working with children hold an enhanced DBS check with barred list check",
        _Y,
    ),
    Question("G4", "Registered manager name", _T, _IF),
    Question("H1", "Name of authorised signatory", _T),
    Question("H2", "Position", _T),
    Question("H3", "Date signed", _D),
    Question("H4", "I confirm that the information given is accurate and complete", _Y),
)

QUESTIONS_BY_ID = {question.id: question for question in QUESTIONS}

FORM_TITLE = "Application to join the Dynamic Purchasing System"

SECTIONS = (
    Section("A", "Organisation"),
    Section("B", "Lots and settings"),
    Section(
        "C",
        "Mandatory exclusion grounds",
        "Within the last five years, has the organisation, or any person with powers of "
        "representation, decision or control in it, been convicted of:",
    ),
    Section("D", "Discretionary exclusion grounds", "Within the last three years:"),
    Section("E", "Economic and financial standing"),
    Section("F", "Insurance"),
    Section("G", "Safeguarding and quality"),
    Section("H", "Declaration"),
)

APPLICATION_FORM = Form(
    FORM_TITLE,
    SECTIONS,
    QUESTIONS,
    "Answer every question in the box beside it. Answer each exclusion question Yes or No; if "
    "Yes, give details. Tick every lot you apply for and list each setting (home, branch, "
    "school or college) in the settings table. Return the completed form as it is: do not "
    "retype it.",
)
