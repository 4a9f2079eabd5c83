"""A DOCX letter to PDF with LibreOffice, where it is installed: no soffice, no PDF, no error."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

#: seconds one conversion may take (LibreOffice's first start on a cold machine takes a few)
TIMEOUT = 90.0


def soffice() -> str | None:
    """The LibreOffice command, None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx_bytes: bytes, timeout: float = TIMEOUT) -> bytes | None:
    """The PDF of a DOCX, or None when LibreOffice is missing, fails or runs out of time.

    The DOCX is the notice; a PDF is a convenience, so its absence is logged, never raised.
    """
    command = soffice()
    if command is None:
        return None
    with tempfile.TemporaryDirectory(prefix="dps-notice-pdf-") as folder:
        work = Path(folder)
        source = work / "notice.docx"
        source.write_bytes(docx_bytes)
        # a profile of its own: a user's open LibreOffice, or another conversion, cannot block it
        profile = f"-env:UserInstallation={(work / 'profile').as_uri()}"
        args = [command, profile, "--headless", "--norestore", "--convert-to", "pdf",
                "--outdir", str(work), str(source)]
        if not _run(args, timeout):
            return None
        target = work / "notice.pdf"
        if not target.exists():
            log.warning("LibreOffice made no PDF of the notice")
            return None
        return target.read_bytes()


def _run(args: list[str], timeout: float) -> bool:
    # its own session, so a timeout ends soffice and every process it started
    process = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
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
