"""Slowing down password guessing: failed sign-ins counted per email address and per client.

The counts are kept in memory, per process: a restart forgets them, and two portal processes
count separately (each still stops a guesser at its own limit). The portal runs as one process
(`dps portal`); a deployment with several would move the counts into storage.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import deque

LIMIT = 5
WINDOW = dt.timedelta(minutes=15)
#: most keys remembered: a flood of made-up addresses cannot grow the process without bound
MAX_KEYS = 100_000


class LoginThrottle:
    """After LIMIT failures for a key within WINDOW, that key is refused until they age out."""

    def __init__(self, limit: int = LIMIT, window: dt.timedelta = WINDOW) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[dt.datetime]] = {}
        self._lock = threading.Lock()

    def is_blocked(self, keys: list[str], now: dt.datetime) -> bool:
        """Whether any of the keys (an email address, a client) has used up its attempts."""
        with self._lock:
            return any(len(self._recent(key, now)) >= self.limit for key in keys)

    def record_failure(self, keys: list[str], now: dt.datetime) -> None:
        with self._lock:
            if len(self._failures) >= MAX_KEYS:
                self._forget_oldest()
            for key in keys:
                self._recent(key, now).append(now)

    def clear(self, key: str) -> None:
        """Forget a key's failures (its owner signed in)."""
        with self._lock:
            self._failures.pop(key, None)

    def _recent(self, key: str, now: dt.datetime) -> deque[dt.datetime]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] >= self.window:
            times.popleft()
        return times

    def _forget_oldest(self) -> None:
        oldest = sorted(self._failures, key=lambda k: self._failures[k][-1]
                        if self._failures[k] else dt.datetime.min.replace(tzinfo=dt.UTC))
        for key in oldest[: len(oldest) // 10 or 1]:
            del self._failures[key]
