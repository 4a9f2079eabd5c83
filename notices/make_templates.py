"""Make the shipped notice templates (notices/templates/{kind}.docx), one per kind of notice.

The council may edit the templates in Word or LibreOffice: any text, styles, a letterhead in the
header. A {{name}} placeholder is filled from the letter (see notices.letter.letter_for for the
names); {{reasons}}, alone in its paragraph, becomes the reasons table. Deterministic:
`python -m notices.make_templates` gives the same bytes every time (a test checks them).
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.shared import Pt

from domain.notices import NoticeKind
from notices.render import TEMPLATES, reproducible, template_path

_MADE = dt.datetime(2024, 1, 1)
_REASONS_INTRO = (
    "Each reason below says what we found, where we found it, and what would satisfy the "
    "requirement."
)
_REPLY = "Please quote the reference above in any reply."


@dataclass(frozen=True)
class Wording:
    heading: str
    outcome: str  # the outcome in one sentence
    next_steps: tuple[str, ...]
    reasons: bool = False  # whether the letter carries the {{reasons}} table


WORDINGS: dict[NoticeKind, Wording] = {
    NoticeKind.ACCEPTANCE: Wording(
        "Admitted to lot {{lot}} of the children's placements DPS",
        "We are pleased to tell you that {{provider_name}} has been admitted to lot {{lot}} of "
        "the dynamic purchasing system for children's placements.",
        ("You are now on the register of approved providers for lot {{lot}} and will be invited "
         "to its mini-competitions.",
         "Keep your insurance, Ofsted registration and safeguarding policy up to date: we check "
         "them again and will write to you before an insurance certificate expires.", _REPLY),
    ),
    NoticeKind.REJECTION: Wording(
        "Application not successful: lot {{lot}}",
        "We have decided not to admit {{provider_name}} to lot {{lot}} of the dynamic purchasing "
        "system for children's placements, for {{reasons_below}}.",
        ("You may re-apply at any time. When you do, send a complete application with the "
         "answers and documents that satisfy every reason above; we will assess it afresh.",
         "If you think we have made a mistake, reply to this letter. " + _REPLY),
        reasons=True,
    ),
    NoticeKind.CLARIFICATION: Wording(
        "More information needed: lot {{lot}}",
        "Before we can decide the application of {{provider_name}} for lot {{lot}}, we need you "
        "to clarify {{points_below}}.",
        ("Reply to this letter with the information or documents listed under \"What would "
         "satisfy it\". " + _REPLY,
         "Your application stays open while we wait; the commissioning team will then complete "
         "its review."),
        reasons=True,
    ),
    NoticeKind.SUSPENSION: Wording(
        "Suspension from lot {{lot}}",
        "We have suspended the place of {{provider_name}} on lot {{lot}} of the register of "
        "approved providers, for {{reasons_below}}.",
        ("While the suspension lasts you will not be invited to mini-competitions for lot "
         "{{lot}}.",
         "Send us what is listed under \"What would satisfy it\" and we will consider "
         "reinstating you. " + _REPLY),
        reasons=True,
    ),
    NoticeKind.REINSTATEMENT: Wording(
        "Reinstated on lot {{lot}}",
        "We have reinstated the place of {{provider_name}} on lot {{lot}} of the register of "
        "approved providers.",
        ("You will again be invited to mini-competitions for lot {{lot}}. No further action is "
         "needed.", _REPLY),
    ),
    NoticeKind.EXPIRY_REMINDER: Wording(
        "Evidence expiring: lot {{lot}}",
        "Evidence that {{provider_name}} gave for lot {{lot}} has expired or expires soon; the "
        "details are below.",
        ("Upload the renewed certificate before the expiry date shown. If a certificate expires "
         "with no replacement, your place on lot {{lot}} is suspended until a valid certificate "
         "is uploaded.", _REPLY),
        reasons=True,
    ),
}


def template_bytes(kind: NoticeKind) -> bytes:
    """The shipped template of `kind`, as DOCX bytes (the same every time)."""
    wording = WORDINGS[kind]
    document = docx.Document()
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(11)
    document.add_paragraph().add_run("{{council_name}}").bold = True
    document.add_paragraph("{{date}}")
    document.add_paragraph("{{provider_name}}")
    document.add_heading(wording.heading, level=1)
    document.add_paragraph().add_run("Reference: {{reference}}").bold = True
    document.add_paragraph("Dear {{provider_name}},")
    document.add_paragraph(wording.outcome)
    if wording.reasons:
        document.add_heading("Reasons", level=2)
        document.add_paragraph(_REASONS_INTRO)
        document.add_paragraph("{{reasons}}")
    document.add_heading("Next steps", level=2)
    for text in wording.next_steps:
        document.add_paragraph(text)
    document.add_paragraph("Yours faithfully,")
    document.add_paragraph("{{council_name}}")
    document.sections[0].footer.paragraphs[0].text = "{{council_name}} · {{reference}}"
    document.core_properties.author = "{{council_name}}"
    document.core_properties.title = f"DPS notice template: {kind.value}"
    return reproducible(document, _MADE)


def write_templates(folder: Path = TEMPLATES) -> list[Path]:
    """Write every template into `folder`; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in NoticeKind:
        path = template_path(kind, folder)
        path.write_bytes(template_bytes(kind))
        written.append(path)
    return written


def main() -> int:
    for path in write_templates():
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
