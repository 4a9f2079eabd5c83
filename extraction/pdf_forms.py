"""The AcroForm fields of a PDF as FormFields: what a provider typed or ticked in a fillable PDF.

A filled field's value lives in the field dictionary, not in the page's text (a viewer draws it
from the value), so it must be read from the form itself. Names are fully qualified
("parent.child"), as the PDF specification defines them. A checkbox is ticked when its value names
one of its own "on" appearance states, whatever the tool called it (Yes, 1, On, …); radio groups
and choice lists are reported as choices, with an option's display text where the PDF gives one.
The walk is bounded (depth, count, objects seen once) because the field tree comes from outside.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import decode_text

from domain.models import Box, outer_box, union_box
from extraction.model import FormField

_PASSWORD = 1 << 13  # field flag bits (PDF 32000-1, tables 226, 228)
_RADIO = 1 << 15
_PUSHBUTTON = 1 << 16
_INHERITED = ("FT", "Ff", "V", "Opt")
_MAX_DEPTH = 32
_MAX_FIELDS = 10_000


def read_form_fields(doc: PDFDocument, pages: Iterable[PDFPage]) -> tuple[FormField, ...]:
    """Every text, checkbox, radio and choice field of the document's AcroForm, in form order."""
    acroform = _dict(doc.catalog.get("AcroForm"))
    roots = resolve1(acroform.get("Fields"))
    if not isinstance(roots, list):
        return ()
    pages = list(pages)
    walk = _FieldWalk(_page_numbers(pages), _page_origins(pages))
    for ref in roots:
        walk.visit(ref, prefix="", inherited={}, depth=0)
    return tuple(walk.found)


class _FieldWalk:
    def __init__(self, page_numbers: dict[int, int],
                 page_origins: dict[int, tuple[float, float]]) -> None:
        self.page_numbers = page_numbers
        self.page_origins = page_origins
        self.seen: set[int] = set()
        self.found: list[FormField] = []

    def visit(self, ref: Any, prefix: str, inherited: dict[str, Any], depth: int) -> None:
        objid = getattr(ref, "objid", None)
        if depth > _MAX_DEPTH or len(self.found) >= _MAX_FIELDS or objid in self.seen:
            return
        if objid is not None:
            self.seen.add(objid)
        node = _dict(ref)
        attrs = {**inherited, **{key: node[key] for key in _INHERITED if key in node}}
        name = _text(node.get("T"))
        full_name = f"{prefix}.{name}" if prefix and name else name or prefix
        kids = _list(node.get("Kids"))
        child_fields = [kid for kid in kids if "T" in _dict(kid)]
        for kid in child_fields:
            self.visit(kid, full_name, attrs, depth + 1)
        if child_fields or not full_name:
            return
        widgets = kids or [ref]  # a field with one widget is merged with it
        value = _value(attrs, widgets)
        if value is not None:
            self.found.append(FormField(
                name=full_name, value=value[0], kind=value[1],
                page=self._page_of(widgets), label=_text(node.get("TU")),
                box=self._box_of(widgets),
            ))

    def _page_of(self, widgets: list[Any]) -> int | None:
        for widget in widgets:
            page_ref = _dict(widget).get("P")
            for objid in (getattr(widget, "objid", None), getattr(page_ref, "objid", None)):
                if objid in self.page_numbers:
                    return self.page_numbers[objid]
        return None

    def _box_of(self, widgets: list[Any]) -> Box | None:
        """Where the field's widgets stand on their page (top-left origin, as pdfplumber's)."""
        page = self._page_of(widgets)
        origin = self.page_origins.get(page) if page else None
        rects = [_numbers(_dict(widget).get("Rect")) for widget in widgets]
        rects = [rect for rect in rects if len(rect) == 4]
        if origin is None or not rects:
            return None
        left, top = origin
        return union_box(*(outer_box(min(r[0], r[2]) - left, top - max(r[1], r[3]),
                                     max(r[0], r[2]) - left, top - min(r[1], r[3]))
                           for r in rects))


def _value(attrs: dict[str, Any], widgets: list[Any]) -> tuple[str, str] | None:
    """(value, kind) of a terminal field; None for push buttons, signatures and unknown types."""
    kind = _literal(attrs.get("FT"))
    flags = resolve1(attrs.get("Ff"))
    flags = flags if isinstance(flags, int) else 0
    if kind == "Tx":
        return ("", "text") if flags & _PASSWORD else (_text(attrs.get("V")), "text")
    if kind == "Ch":
        return _choice(attrs.get("V"), attrs.get("Opt")), "choice"
    if kind != "Btn" or flags & _PUSHBUTTON:
        return None
    state = _state(attrs.get("V"), widgets)
    if flags & _RADIO:
        return _option_text(state, attrs.get("Opt")), "choice"
    on_states = {name for widget in widgets for name in _appearance_states(widget)}
    ticked = state not in ("", "Off") and (not on_states or state in on_states)
    return ("yes" if ticked else "no"), "checkbox"


def _state(value: Any, widgets: list[Any]) -> str:
    """The button's state name: its value, or else the appearance state a widget shows."""
    state = _text(value)
    if state:  # some writers store the name as a string, slash and all: "/Yes"
        return state.removeprefix("/")
    for widget in widgets:
        shown = _literal(_dict(widget).get("AS"))
        if shown and shown != "Off":
            return shown
    return ""


def _appearance_states(widget: Any) -> list[str]:
    """The names of a widget's "on" appearances (every state but Off)."""
    appearances = _dict(_dict(widget).get("AP"))
    states = [*_dict(appearances.get("N")), *_dict(appearances.get("D"))]
    return [state for state in states if state != "Off"]


def _option_text(state: str, options: Any) -> str:
    """A radio state may be an index into the group's /Opt export values (PDF 1.5 and later)."""
    entries = _list(options)
    if state == "Off":
        return ""
    if state.isdigit() and int(state) < len(entries):
        return _text(entries[int(state)])
    return state


def _choice(value: Any, options: Any) -> str:
    """The chosen option(s); an option given as [export, display] is shown by its display text."""
    display = {}
    for entry in _list(options):
        pair = _list(entry)
        if len(pair) == 2:
            display[_text(pair[0])] = _text(pair[1])
    chosen = resolve1(value)
    values = chosen if isinstance(chosen, list) else [chosen]
    texts = [_text(item) for item in values]
    return "; ".join(display.get(text, text) for text in texts if text)


def _page_numbers(pages: Iterable[PDFPage]) -> dict[int, int]:
    """Page number by the object id of each page and of each annotation (widget) on it."""
    numbers: dict[int, int] = {}
    for number, page in enumerate(pages, start=1):
        if isinstance(page.pageid, int):
            numbers[page.pageid] = number
        for ref in _list(page.annots):
            if getattr(ref, "objid", None) is not None:
                numbers.setdefault(ref.objid, number)
    return numbers


def _page_origins(pages: Iterable[PDFPage]) -> dict[int, tuple[float, float]]:
    """Each page's top-left corner in PDF space (its media box's left and top)."""
    origins = {}
    for number, page in enumerate(pages, start=1):
        box = _numbers(page.mediabox)
        if len(box) == 4:
            origins[number] = (min(box[0], box[2]), max(box[1], box[3]))
    return origins


def _numbers(value: Any) -> list[float]:
    value = resolve1(value)
    items = list(value) if isinstance(value, list | tuple) else []
    numbers = [resolve1(item) for item in items]
    return [float(n) for n in numbers if isinstance(n, int | float) and not isinstance(n, bool)]


def _text(value: Any) -> str:
    value = resolve1(value)
    if isinstance(value, bytes):
        if value.startswith(b"\xef\xbb\xbf"):  # PDF 2.0 allows UTF-8 text strings
            text = value[3:].decode("utf-8", "replace")
        else:
            text = decode_text(value)
        return text.replace("\r\n", "\n").replace("\r", "\n").strip("\x00")
    if isinstance(value, PSLiteral):
        return _literal(value) or ""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _literal(value: Any) -> str | None:
    value = resolve1(value)
    if not isinstance(value, PSLiteral):
        return None
    name = value.name
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


def _dict(value: Any) -> dict[str, Any]:
    value = resolve1(value)
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    value = resolve1(value)
    return value if isinstance(value, list) else []
