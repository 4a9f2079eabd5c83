"""Text from outside (file names, provider ids, what documents say, a reviewer's words) made safe
to print: a control character could otherwise end a line and forge the next one, move the
cursor, clear the screen or reverse what follows. One helper, used by every print of such text."""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidirectional
# overrides and isolates (which make a terminal show text in another order than it is)
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char, f"\\x{ord(char):02x}"
                                                       if ord(char) < 0x100
                                                       else f"\\u{ord(char):04x}")


def clean(text: object) -> str:
    """`text` on one line with every control character written as an escape (`\\n`, `\\x1b`);
    unpaired surrogates (undecodable bytes of a file name) as `\\udcXX`."""
    as_text = str(text)
    if any(unicodedata.category(c) == "Cs" for c in as_text):
        as_text = as_text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _UNSAFE.sub(_escaped, as_text)
