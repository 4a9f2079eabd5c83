"""Same content, same bytes: rewriting a zip (a DOCX) with fixed member timestamps, so documents
the product or its fixtures generate are reproducible byte for byte."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def with_fixed_timestamps(
    data: bytes, change: Callable[[str, bytes], bytes] | None = None
) -> bytes:
    """The zip rewritten member by member (deflated, fixed date), `change` applied to each."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if change is not None:
                content = change(item.filename, content)
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return out.getvalue()
