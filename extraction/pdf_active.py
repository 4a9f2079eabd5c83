"""Active content in a PDF: JavaScript and embedded files. Never run or opened, only reported,
so a reviewer knows the file carries more than its text (the active-content warning).

Two looks, because neither alone sees everything: a scan of the raw bytes finds the keys in every
uncompressed object (cheap, whatever the object graph), and a walk of the catalog and each page's
annotations finds them inside compressed object streams, where the raw scan is blind.
"""

from __future__ import annotations

import re
from typing import Any

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral

JAVASCRIPT = "JavaScript"
EMBEDDED_FILES = "embedded files"

_RAW_JAVASCRIPT = re.compile(rb"/J(?:S|avaScript)(?![A-Za-z0-9])")
_RAW_EMBEDDED = re.compile(rb"/EmbeddedFiles?(?![A-Za-z0-9])")


# A stream's data is page content or an image: its bytes may spell "/JS" by chance (a scan's
# pixels, a page that prints the characters), and a key there is no key of the document.
_STREAM_DATA = re.compile(rb"(?<![A-Za-z])stream\r?\n.*?(?<![A-Za-z])endstream", re.DOTALL)


def document_active_content(doc: PDFDocument, data: bytes) -> set[str]:
    """What the raw bytes (outside stream data) and the catalog say the document carries."""
    found = set()
    objects = _STREAM_DATA.sub(b"stream endstream", data)
    if _RAW_JAVASCRIPT.search(objects):
        found.add(JAVASCRIPT)
    if _RAW_EMBEDDED.search(objects):
        found.add(EMBEDDED_FILES)
    catalog = _dict(doc.catalog)
    names = _dict(catalog.get("Names"))
    if "JavaScript" in names or _runs_javascript(catalog.get("OpenAction")):
        found.add(JAVASCRIPT)
    if any(_runs_javascript(action) for action in _dict(catalog.get("AA")).values()):
        found.add(JAVASCRIPT)
    if "EmbeddedFiles" in names:
        found.add(EMBEDDED_FILES)
    return found


def page_active_content(page: PDFPage) -> set[str]:
    """What the page's own actions and annotations carry (links that run scripts, attachments)."""
    found = set()
    attrs = _dict(page.attrs)
    if any(_runs_javascript(action) for action in _dict(attrs.get("AA")).values()):
        found.add(JAVASCRIPT)
    annotations = resolve1(page.annots)
    for ref in annotations if isinstance(annotations, list) else ():
        annotation = _dict(ref)
        if _name(annotation.get("Subtype")) == "FileAttachment":
            found.add(EMBEDDED_FILES)
        actions = [annotation.get("A"), *_dict(annotation.get("AA")).values()]
        if any(_runs_javascript(action) for action in actions):
            found.add(JAVASCRIPT)
    return found


def _runs_javascript(action: Any) -> bool:
    action = _dict(action)
    return _name(action.get("S")) == "JavaScript" or "JS" in action


def _dict(value: Any) -> dict[str, Any]:
    value = resolve1(value)
    return value if isinstance(value, dict) else {}


def _name(value: Any) -> str | None:
    value = resolve1(value)
    if not isinstance(value, PSLiteral):
        return None
    name = value.name
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)
