"""The object-store port: keys to bytes, with the two conditional writes the product relies on.

Every adapter (InMemory…, Local…, S3…) passes the same contract suite (tests/storage/contract.py).
"""

from __future__ import annotations

import abc
from collections.abc import Iterator
from dataclasses import dataclass

from storage.errors import ObjectNotFound


@dataclass(frozen=True)
class StoredObject:
    data: bytes
    etag: str  # opaque; changes whenever the bytes change (may repeat for identical bytes: S3)


class ObjectStore(abc.ABC):
    """Bytes under string keys ('a/b/c.json'); never silently overwrites when asked not to."""

    #: a human-readable location, printed so users know where things were written
    location: str

    @abc.abstractmethod
    def get(self, key: str) -> StoredObject:
        """Read an object; raise ObjectNotFound when the key does not exist."""

    @abc.abstractmethod
    def put(self, key: str, data: bytes) -> str:
        """Write unconditionally (last writer wins); return the new etag."""

    @abc.abstractmethod
    def create(self, key: str, data: bytes) -> str:
        """Write only if the key does not exist (S3 If-None-Match: *); else raise ObjectExists."""

    @abc.abstractmethod
    def replace(self, key: str, data: bytes, *, etag: str) -> str:
        """Write only if the object still has `etag` (S3 If-Match); else raise ObjectChanged."""

    @abc.abstractmethod
    def list(self, prefix: str = "") -> Iterator[str]:
        """Every key that starts with `prefix`, in lexicographic order."""

    def exists(self, key: str) -> bool:
        try:
            self.get(key)
        except ObjectNotFound:
            return False
        return True
