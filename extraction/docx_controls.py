"""What a DOCX form control holds: content controls (w:sdt) and legacy form fields (FORMTEXT,
FORMCHECKBOX, FORMDROPDOWN), read from their XML because python-docx skips both.

The rules are Word's own, checked against real files (fixtures/third_party, docx2python's
expectations): a legacy checkbox is ticked when it has a bare <w:checked/> or w:checked
w:val="1"/"true", unticked when w:val="0"/"false", and falls back to w:default when it has no
w:checked; an empty FORMTEXT shows five en spaces; a date control's true value is w:fullDate,
not the text it displays in its own format; a control still showing its placeholder ("Click or
tap here to enter text.", "Choose an item.") holds no answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree

from extraction.model import FormField

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
TICKED, UNTICKED = "\u2612", "\u2610"  # ☒ ☐, the glyphs Word shows
_TRUE = {"1", "true", "on"}
_FALSE = {"0", "false", "off"}
# controls that hold other controls or whole rows, not an answer of their own
_CONTAINERS = (
    f"{{{W15}}}repeatingSection",
    f"{{{W15}}}repeatingSectionItem",
    qn("w:group"),
    qn("w:docPartObj"),
    qn("w:docPartList"),
)


def _val(element: etree._Element | None, attribute: str = "w:val") -> str | None:
    if element is None:
        return None
    name = attribute if attribute.startswith("{") else qn(attribute)
    return element.get(name)


def is_showing_placeholder(props: etree._Element | None) -> bool:
    """The control displays its placeholder text, so the provider has typed nothing in it."""
    flag = None if props is None else props.find(qn("w:showingPlcHdr"))
    return flag is not None and (_val(flag) or "1").lower() not in _FALSE


def is_container(props: etree._Element | None) -> bool:
    return props is not None and any(props.find(tag) is not None for tag in _CONTAINERS)


def checkbox_state(props: etree._Element | None) -> bool | None:
    """A Word 2010 checkbox control's state (w14:checked), None when the control is not one."""
    box = None if props is None else props.find(f"{{{W14}}}checkbox")
    if box is None:
        return None
    checked = box.find(f"{{{W14}}}checked")
    return (_val(checked, f"{{{W14}}}val") or "0").lower() in _TRUE


def control_field(props: etree._Element | None, text: str) -> FormField | None:
    """The FormField of a content control whose content reads `text`; None for containers."""
    if props is None or is_container(props):
        return None
    name = _val(props.find(qn("w:tag"))) or ""
    label = _val(props.find(qn("w:alias"))) or ""
    state = checkbox_state(props)
    if state is not None:
        return FormField(name, "yes" if state else "no", "checkbox", label=label)
    value = "" if is_showing_placeholder(props) else text.strip()
    date = props.find(qn("w:date"))
    if date is not None:
        full = _val(date, "w:fullDate")
        return FormField(name, full[:10] if full and value else value, "date", label=label)
    if props.find(qn("w:dropDownList")) is not None or props.find(qn("w:comboBox")) is not None:
        return FormField(name, value, "choice", label=label)
    return FormField(name, value, "text", label=label)


def _flag(element: etree._Element | None) -> bool | None:
    if element is None:
        return None
    return (_val(element) or "1").lower() not in _FALSE


@dataclass
class LegacyField:
    """One field being read between its begin and end fldChar."""

    data: etree._Element | None  # w:ffData of a form field, None for PAGE, HYPERLINK, …
    instruction: str = ""
    in_result: bool = False
    result: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        words = self.instruction.split()
        return words[0].upper() if words else ""

    def display(self) -> str:
        """What Word shows for the field: a box glyph, the chosen entry, or the result text."""
        shown = "".join(self.result)
        if self.kind == "FORMCHECKBOX":
            return TICKED if self.is_ticked() else UNTICKED
        if self.kind == "FORMDROPDOWN":
            return shown or self.selected()
        if self.kind == "FORMTEXT" and not shown.strip():
            return ""
        return shown

    def is_ticked(self) -> bool:
        box = None if self.data is None else self.data.find(qn("w:checkBox"))
        if box is None:
            return False
        checked = _flag(box.find(qn("w:checked")))
        return checked if checked is not None else bool(_flag(box.find(qn("w:default"))))

    def selected(self) -> str:
        entries = None if self.data is None else self.data.find(qn("w:ddList"))
        if entries is None:
            return ""
        choices = [_val(entry) or "" for entry in entries.findall(qn("w:listEntry"))]
        index = _val(entries.find(qn("w:result"))) or _val(entries.find(qn("w:default"))) or "0"
        position = int(index) if index.isdigit() else 0
        return choices[position] if position < len(choices) else ""

    def form_field(self) -> FormField | None:
        """The FormField of a legacy form field, named by its bookmark name (w:ffData/w:name)."""
        kinds = {"FORMCHECKBOX": "checkbox", "FORMDROPDOWN": "choice", "FORMTEXT": "text"}
        if self.data is None or self.kind not in kinds:
            return None
        name = _val(self.data.find(qn("w:name"))) or ""
        label = _val(self.data.find(qn("w:statusText"))) or ""
        if self.kind == "FORMCHECKBOX":
            value = "yes" if self.is_ticked() else "no"
        else:
            value = self.display().strip()
        return FormField(name, value, kinds[self.kind], label=label)
