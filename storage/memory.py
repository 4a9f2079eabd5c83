"""InMemoryObjectStore: the object-store port in a dict, for tests and for `dps` dry runs."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from itertools import count

from storage.errors import ObjectChanged, ObjectExists, ObjectNotFound
from storage.objects import ObjectStore, StoredObject


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

    def list(self, prefix: str = "") -> Iterator[str]:
        with self._lock:
            keys = sorted(key for key in self._objects if key.startswith(prefix))
        return iter(keys)
