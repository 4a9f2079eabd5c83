"""Ids derived from their cause, so a retried change finds what the first attempt wrote. Each id
is one storage key segment: at most 128 characters of letters, digits, '.', '_' and '-'."""

from __future__ import annotations

import hashlib

MAX_ID = 128


def cause_id(*parts: str) -> str:
    """The id of the change caused by `parts`, joined by '-'; ':' becomes '.', and a long id is
    shortened with a digest of the whole, so two causes never share one."""
    text = "-".join(parts).replace(":", ".")
    if len(text) <= MAX_ID:
        return text
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return f"{text[: MAX_ID - 17]}-{digest}"
