"""InMemoryObjectStore: the object-store port in a dict, for tests and for `dps` dry runs."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from itertools import count

from storage.errors import ObjectChanged, ObjectExists, ObjectNotFound
from storage.objects import KeyFor, ObjectStore, StoredObject, Streamed, Tally


class InMemoryObjectStore(ObjectStore):
    """Thread-safe: conditional writes are checked and applied under one lock."""

    def __init__(self) -> None:
        self._objects: dict[str, StoredObject] = {}
        self._lock = threading.Lock()
        self._versions = count(1)
        self.location = f"memory://{id(self):x}"

    def get(self, key: str) -> StoredObject:
        with self._lock:
            try:
                return self._objects[key]
            except KeyError as error:
                raise ObjectNotFound(key) from error

    def _store(self, key: str, data: bytes) -> str:
        stored = StoredObject(bytes(data), f"v{next(self._versions)}")
        self._objects[key] = stored
        return stored.etag

    def put(self, key: str, data: bytes) -> str:
        with self._lock:
            return self._store(key, data)

    def create(self, key: str, data: bytes) -> str:
        with self._lock:
            if key in self._objects:
                raise ObjectExists(key)
            return self._store(key, data)

    def replace(self, key: str, data: bytes, *, etag: str) -> str:
        with self._lock:
            current = self._objects.get(key)
            if current is None or current.etag != etag:
                raise ObjectChanged(key)
            return self._store(key, data)

    def create_from(self, key_for: KeyFor, chunks: Iterable[bytes], *, limit: int) -> Streamed:
        # In memory the bytes are held anyway; the limit is still checked chunk by chunk.
        tally, data = Tally(limit), bytearray()
        for chunk in chunks:
            tally.add(chunk)
            data += chunk
        key = key_for(tally.sha256)
        with self._lock:
            existing = self._objects.get(key)
            etag = existing.etag if existing else self._store(key, bytes(data))
        return Streamed(key, etag, tally.size, tally.sha256)

    def list(self, prefix: str = "") -> Iterator[str]:
        with self._lock:
            keys = sorted(key for key in self._objects if key.startswith(prefix))
        return iter(keys)
