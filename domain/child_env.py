"""What a child process is given of its parent's environment: what it needs to run, never a
credential.

The document reader reads files strangers send, Tesseract and LibreOffice read what it hands
them; none of them needs the storage's AWS keys, the portal's secret, Prefect's API key or an
SMTP password, and a reader that a hostile file took over must find none of them. So children
get an allowlist (PATH, the locale, the timezone, the temporary folder), a HOME of the caller's
choosing (a scratch folder, not the service's home with its dotfiles), and the variables the
caller names; never a name that looks like a credential, and no DPS_* setting unless named.

A pure function over a mapping (the caller passes os.environ): the reader pool (extraction/)
and the letters' PDF export (notices/) both use it, and notices may not import extraction.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: what every child may inherit: how to find programs and Tesseract's language data, and how to
#: read and write text and dates
PASSED = frozenset({"PATH", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TESSDATA_PREFIX"})
PASSED_PREFIXES = ("LC_",)
#: names that hold, or may hold, a credential: refused even when a caller names them
_CREDENTIAL = re.compile(
    r"^AWS_|^PREFECT_|_TOKEN$|TOKEN_|SECRET|PASSWORD|PASSWD|_KEY|^KEY|CREDENTIAL|^SMTP_",
    re.IGNORECASE,
)
#: the service's own settings: a child gets one only when its caller names it
_SERVICE = re.compile(r"^DPS_", re.IGNORECASE)


class CredentialRefused(ValueError):
    """A caller asked to hand a child a variable whose name looks like a credential."""


def looks_like_credential(name: str) -> bool:
    """Whether a variable's name says it may hold a key, a token, a secret or a password."""
    return bool(_CREDENTIAL.search(name))


def child_env(parent: Mapping[str, str], *, home: str, **named: str) -> dict[str, str]:
    """The environment for a child: the allowlisted part of `parent`, HOME set to `home`, and
    the variables `named` by the caller (CredentialRefused for one that looks like a secret)."""
    refused = sorted(name for name in named if looks_like_credential(name))
    if refused:
        raise CredentialRefused(f"a child process is never given {', '.join(refused)}")
    env = {
        name: value
        for name, value in parent.items()
        if (name in PASSED or name.startswith(PASSED_PREFIXES))
        and not looks_like_credential(name)
        and not _SERVICE.search(name)
    }
    env["HOME"] = home
    env.update(named)
    return env
