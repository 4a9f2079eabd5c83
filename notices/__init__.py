"""Notices to providers: letters made from council-editable DOCX templates (and a PDF where
LibreOffice is installed). Pure of storage and flows: a decision in, bytes out.

    letter_for(decision, lot, kind, at) -> Letter      what the letter says (notices.letter)
    render_docx(letter, template=None, at=at) -> bytes  the DOCX (notices.render)
    to_pdf(docx_bytes) -> bytes | None                  the PDF, None without LibreOffice
"""

from notices.letter import COUNCIL_NAME, Letter, ReasonRow, letter_for, uk_date
from notices.pdf import to_pdf
from notices.render import TemplateError, render_docx, template_path

__all__ = [
    "COUNCIL_NAME",
    "Letter",
    "ReasonRow",
    "TemplateError",
    "letter_for",
    "render_docx",
    "template_path",
    "to_pdf",
    "uk_date",
]
