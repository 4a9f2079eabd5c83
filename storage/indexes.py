"""Indexes kept on write, so a list page reads what it shows and nothing else.

An index is a set of empty objects, `index/NAME/GROUP/MEMBER`: listing a group's prefix gives its
members without reading a document (a provider's submissions, a submission's reviews). The
entry is written *before* the document it points to, so a crash between the two leaves an entry
to a document that does not exist (readers skip it), never a document the index misses. Data
written before the index existed is indexed once, by a full scan, on first use in a store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from storage.keys import safe
from storage.objects import ObjectStore

_ROOT = "index"


class KeyIndex:
    """Members (key-safe ids) grouped under any text, e.g. submission ids by provider id."""

    def __init__(self, store: ObjectStore, name: str,
                 everything: Callable[[], Iterable[tuple[str, str]]]) -> None:
        """`everything`: every (group, member) already stored, for the one-off backfill."""
        self._store = store
        self._name = safe(name)
        self._everything = everything
        self._built = False

    def add(self, group: str, member: str) -> None:
        self._store.put(self._key(group, member), b"")

    def members(self, group: str) -> list[str]:
        """The group's members, in key order (ids here start with their time: oldest first)."""
        self._ensure_built()
        prefix = self._group_prefix(group)
        return [key[len(prefix):] for key in self._store.list(prefix)]

    def _ensure_built(self) -> None:
        if self._built:
            return
        marker = f"{_ROOT}/{self._name}/built"
        if not self._store.exists(marker):
            for group, member in self._everything():
                self.add(group, member)
            self._store.put(marker, b"")
        self._built = True

    def _key(self, group: str, member: str) -> str:
        return f"{self._group_prefix(group)}{safe(member)}"

    def _group_prefix(self, group: str) -> str:
        # a group is any text (a provider id an older version let through included): its digest
        # is always one key segment, and two groups never share one
        digest = hashlib.sha256(group.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return f"{_ROOT}/{self._name}/{digest}/"
