"""What `dps` prints when the machinery fails: one line of at most about 300 characters, never a
traceback, a run's parameters or a file's contents, saying where the full detail was written.

An error's message can be anything: Prefect's API answers a refused request with the request
echoed back (a 422 holds every parameter of the flow run), a storage service's refusal can run to
pages. So the line keeps only the start of the first line of the message, an HTTP error keeps only
its status and what the server said was wrong, and control characters are shown escaped (a
message cannot forge a second line). The traceback goes to a log file in the user's state folder.

    DPS_LOG_DIR      where errors.log is written (default: $XDG_STATE_HOME/dps, else
                     ~/.local/state/dps)
    DPS_DEBUG=1      print the traceback as well
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from pathlib import Path

#: the longest line an infrastructure error prints (a longer log path may lengthen it)
MAX_LINE = 300
#: errors.log is started afresh (the old one kept as errors.log.1) past this size
MAX_LOG_BYTES = 5 * 2**20


def log_dir(env: dict[str, str] | os._Environ[str] = os.environ) -> Path:
    """The folder errors.log is written to."""
    if env.get("DPS_LOG_DIR"):
        return Path(env["DPS_LOG_DIR"]).expanduser()
    state = env.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state).expanduser() / "dps"


def write_log(error: BaseException, argv: list[str]) -> Path | None:
    """Append the error's traceback to errors.log; its path, None when it cannot be written."""
    path = log_dir() / "errors.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
            path.replace(path.with_name("errors.log.1"))
        stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        detail = "".join(traceback.format_exception(error))
        with path.open("a", encoding="utf-8", errors="backslashreplace") as log:
            log.write(f"--- {stamp} dps {' '.join(argv)}\n{detail}\n")
    except OSError:
        return None
    return path


def failure_line(error: BaseException, log: Path | None) -> str:
    """The one line `dps` prints for an infrastructure error."""
    where = f"details in {log}" if log else "DPS_DEBUG=1 prints the details"
    prefix, suffix = f"dps: failed: {type(error).__name__}", f" ({where})"
    message = shorten(message_of(error), max(40, MAX_LINE - len(prefix) - len(suffix) - 2))
    return f"{prefix}: {message}{suffix}" if message else prefix + suffix


def message_of(error: BaseException) -> str:
    """What went wrong, without what the request carried."""
    import httpx  # Prefect's client; its HTTP errors echo the request's body in their message

    if isinstance(error, httpx.HTTPStatusError):
        response = error.response
        return (f"HTTP {response.status_code} from {error.request.url.path}: "
                f"{_what_the_server_said(response)}")
    return str(error)


def _what_the_server_said(response: object) -> str:
    """The messages of a FastAPI error body (Prefect's), never its echoed `input`."""
    try:
        body = response.json()  # type: ignore[attr-defined]
        details = body.get("exception_detail") or body.get("detail")
        if isinstance(details, list):
            return "; ".join(str(d.get("msg", "")) for d in details if isinstance(d, dict))
        return str(body.get("exception_message") or details or "")
    except (ValueError, AttributeError):
        return str(getattr(response, "reason_phrase", ""))


def shorten(text: str, limit: int) -> str:
    """The first non-blank line of `text`, control characters escaped, at most `limit` long."""
    first = next((line for line in text.splitlines() if line.strip()), "").strip()
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in first[: limit + 1])
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
