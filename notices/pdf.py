"""A DOCX letter to PDF with LibreOffice, where it is installed: no soffice, no PDF, no error.

Its working files (the DOCX, LibreOffice's profile and temporary files, the PDF) go in a folder
of their own inside `scratch`: for local storage, the storage's own scratch area, so a run killed
mid-conversion leaves nothing outside the storage (the next conversion clears what it left).
Without a scratch area (S3 storage) they go in the system's temporary folder, removed when the
conversion ends, however it ends, short of a kill.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from domain.child_env import child_env

log = logging.getLogger(__name__)

#: seconds one conversion may take (LibreOffice's first start on a cold machine takes a few)
TIMEOUT = 90.0


def soffice() -> str | None:
    """The LibreOffice command, None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


#: a conversion's folder left in the scratch area for longer than this was left by a killed run
STALE_SECONDS = 6 * 3600
PREFIX = "dps-notice-pdf-"


def to_pdf(docx_bytes: bytes, timeout: float = TIMEOUT,
           scratch: Path | None = None) -> bytes | None:
    """The PDF of a DOCX, or None when LibreOffice is missing, fails or runs out of time; its
    working files in a folder of their own inside `scratch` (default: the system's temporary
    folder), removed when it ends.

    The DOCX is the notice; a PDF is a convenience, so its absence is logged, never raised.
    """
    command = soffice()
    if command is None:
        return None
    if scratch is not None:
        scratch.mkdir(parents=True, exist_ok=True)
        clear_stale(scratch)
    with tempfile.TemporaryDirectory(prefix=PREFIX, dir=scratch) as folder:
        work = Path(folder)
        source = work / "notice.docx"
        source.write_bytes(docx_bytes)
        # a profile of its own: a user's open LibreOffice, or another conversion, cannot block it
        profile = f"-env:UserInstallation={(work / 'profile').as_uri()}"
        args = [command, profile, "--headless", "--norestore", "--convert-to", "pdf",
                "--outdir", str(work), str(source)]
        if not _run(args, timeout, work):
            return None
        target = work / "notice.pdf"
        if not target.exists():
            log.warning("LibreOffice made no PDF of the notice")
            return None
        return target.read_bytes()


def clear_stale(scratch: Path, now: float | None = None) -> None:
    """Remove the conversion folders a killed run left in `scratch` (older than STALE_SECONDS;
    a younger one may belong to a conversion still running)."""
    limit = (now if now is not None else time.time()) - STALE_SECONDS
    for folder in scratch.glob(f"{PREFIX}*"):
        with contextlib.suppress(OSError):
            if folder.is_dir() and folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)


def _run(args: list[str], timeout: float, work: Path) -> bool:
    # its own session, so a timeout ends soffice and every process it started; its temporary
    # files in the conversion's folder, not the system's
    # and only what it needs of the environment: never the service's credentials
    env = child_env(os.environ, home=str(work), TMPDIR=str(work), TMP=str(work), TEMP=str(work))
    process = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, env=env
    )
    try:
        _, errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        log.warning("LibreOffice took more than %.0f s to convert a notice; no PDF", timeout)
        return False
    if process.returncode != 0:
        log.warning("LibreOffice failed to convert a notice (%s): %s", process.returncode,
                    errors.decode(errors="replace").strip()[:500])
        return False
    return True
