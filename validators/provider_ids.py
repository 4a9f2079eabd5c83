"""The provider-id rule: which ids a submission may carry. Pure.

A provider id names the provider's register entries and folders in the store, and is printed in
letters and on terminals, so it must be one plain word. The rule admits the ids councils use:
Companies House numbers (`01234567`, `SC123456`, `ch-01234567`), charity numbers (`1234567`,
`1234567-1`, `SC012345`), Ofsted URNs (`SC034253`, `EY123456`), DfE URNs (`100000`) and slugs
(`children-first-fostering`, `acme_care.ltd`).
"""

from __future__ import annotations

import re

MAX_LENGTH = 64
RULE = (f"letters and digits, '-', '_' and '.' (not first, no '..'), at most {MAX_LENGTH} "
        "characters")
_ID = re.compile(rf"[A-Za-z0-9][A-Za-z0-9._-]{{0,{MAX_LENGTH - 1}}}")


def provider_id_problem(text: str) -> str | None:
    """Why `text` cannot be a provider id (None: it can); the reason is plain words."""
    if not text:
        return "it is empty"
    if len(text) > MAX_LENGTH:
        return f"it is {len(text)} characters long; the most is {MAX_LENGTH}"
    if not _ID.fullmatch(text) or ".." in text:  # fullmatch: '$' would let a final newline in
        return f"a provider id is {RULE}"
    return None


def is_valid_provider_id(text: str) -> bool:
    """Whether `text` may be a provider id."""
    return provider_id_problem(text) is None
