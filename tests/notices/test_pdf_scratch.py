"""A letter's PDF is made in the storage's scratch area: LibreOffice's working files (the DOCX,
its profile, its temporary files) stay inside the storage and are gone when it ends, and what a
killed conversion left is cleared by the next one."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from notices.pdf import PREFIX, STALE_SECONDS, to_pdf

# LibreOffice's command line as notices.pdf uses it: a PDF into --outdir, a temporary file of
# its own in $TMPDIR (as soffice makes), and where that was, for the test to see
SOFFICE = """#!/bin/sh
for last; do :; done
while [ "$1" != "--outdir" ]; do shift; done
echo "$TMPDIR" > "{seen}"
echo scratch > "$TMPDIR/lu1234.tmp"
printf '%%PDF-1.4 made from %s' "$(basename "$last")" > "$2/notice.pdf"
"""


@pytest.fixture
def soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for LibreOffice (not installed on every machine) on PATH; the file it writes
    the temporary folder it was given to."""
    folder, seen = tmp_path / "bin", tmp_path / "soffice-tmpdir.txt"
    folder.mkdir()
    script = folder / "soffice"
    script.write_text(SOFFICE.format(seen=seen))
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return seen


def test_the_conversion_works_inside_the_scratch_area_and_leaves_nothing(
    tmp_path: Path, soffice: Path
) -> None:
    scratch = tmp_path / "data" / ".dps" / "scratch"

    pdf = to_pdf(b"PK docx bytes", scratch=scratch)

    assert pdf == b"%PDF-1.4 made from notice.docx"
    used = Path(soffice.read_text().strip())
    assert used.parent == scratch and used.name.startswith(PREFIX)  # its temporary files too
    assert list(scratch.iterdir()) == []


def test_what_a_killed_conversion_left_is_cleared_by_the_next(tmp_path: Path,
                                                              soffice: Path) -> None:
    scratch = tmp_path / "scratch"
    left, running = scratch / f"{PREFIX}killed", scratch / f"{PREFIX}running"
    for folder in (left, running):
        (folder / "profile").mkdir(parents=True)
        (folder / "notice.docx").write_bytes(b"PK")
    old = time.time() - STALE_SECONDS - 60
    os.utime(left, (old, old))

    assert to_pdf(b"PK docx bytes", scratch=scratch) is not None

    assert sorted(p.name for p in scratch.iterdir()) == [running.name]


def test_local_storage_has_a_scratch_area_that_holds_no_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows import settings

    monkeypatch.setenv("DPS_STORAGE", str(tmp_path / "data"))
    scratch = settings.scratch_folder()
    assert scratch is not None and scratch.is_relative_to(tmp_path / "data")
    scratch.mkdir(parents=True)
    (scratch / "left-behind.docx").write_bytes(b"PK")
    assert list(settings.repositories().store.list("")) == []
