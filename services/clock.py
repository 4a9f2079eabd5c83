"""The services' clock: aware UTC, as every stored time is (shown in the council's timezone)."""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
