"""The object-store port: keys to bytes, with the two conditional writes the product relies on.

Every adapter (InMemory…, Local…, S3…) passes the same contract suite (tests/storage/contract.py).
"""

from __future__ import annotations

import abc
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from storage.errors import ObjectNotFound, TooLarge

#: how a streamed write names its object once the bytes' sha256 is known (content addressing)
KeyFor = Callable[[str], str]
#: the piece size callers stream in: large enough to be cheap, small enough to keep memory flat
CHUNK_BYTES = 1024 * 1024


@dataclass(frozen=True)
class StoredObject:
    data: bytes
    etag: str  # opaque; changes whenever the bytes change (may repeat for identical bytes: S3)


@dataclass(frozen=True)
class Streamed:
    """Where a streamed write landed, and what it was."""

    key: str
    etag: str
    size: int
    sha256: str


class Tally:
    """The running size and sha256 of a stream; raises TooLarge the moment it passes `limit`."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self._hash = hashlib.sha256()

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            raise TooLarge(self.limit)
        self._hash.update(chunk)

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()


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
    def create_from(self, key_for: KeyFor, chunks: Iterable[bytes], *, limit: int) -> Streamed:
        """Stream `chunks` into the object `key_for(sha256)`, written once: the same bytes kept
        before are not an error (the key names the content). Memory stays at about a chunk;
        past `limit` bytes raise TooLarge at once. On any error nothing is left behind."""

    @abc.abstractmethod
    def list(self, prefix: str = "") -> Iterator[str]:
        """Every key that starts with `prefix`, in lexicographic order."""

    def exists(self, key: str) -> bool:
        try:
            self.get(key)
        except ObjectNotFound:
            return False
        return True
