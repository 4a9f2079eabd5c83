"""What kinds of document a file is, from its content (documents.md). (Placeholder.)"""

from __future__ import annotations

from extraction.application import looks_like_application
from extraction.model import ReadDocument

APPLICATION_FORM = "application-form"


def classify(document: ReadDocument) -> tuple[str, ...]:
    """Every kind the document is; empty when it is none of them."""
    return (APPLICATION_FORM,) if looks_like_application(list(document.blocks)) else ()
