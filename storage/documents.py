"""JSON documents of domain models over the object-store port: the repositories' shared moves."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from domain.models import Model
from storage.errors import ObjectNotFound, PreconditionFailed, StorageError
from storage.objects import ObjectStore

M = TypeVar("M", bound=Model)

#: how many times an optimistic update re-reads and retries before giving up; with a handful of
#: writers on one document each attempt succeeds for at least one of them, so this is generous
MAX_ATTEMPTS = 64


class UpdateContended(StorageError):
    """An optimistic update lost its race MAX_ATTEMPTS times in a row."""


class Documents:
    """Read, create-once and update-if-unchanged typed documents."""

    def __init__(self, store: ObjectStore) -> None:
        self.store = store

    def read(self, key: str, model: type[M]) -> M:
        """The document at `key`; ObjectNotFound when there is none."""
        return model.model_validate_json(self.store.get(key).data)

    def find(self, key: str, model: type[M]) -> M | None:
        try:
            return self.read(key, model)
        except ObjectNotFound:
            return None

    def create(self, key: str, document: Model) -> bool:
        """Write once: True when written now, False when the key already held a document."""
        try:
            self.store.create(key, document.to_json())
        except PreconditionFailed:
            return False
        return True

    def update(self, key: str, model: type[M], change: Callable[[M | None], M | None]) -> M | None:
        """Apply `change` to the current document (None if absent) with optimistic concurrency.

        `change` may run several times (it must be pure); returning None means "no change".
        """
        for _ in range(MAX_ATTEMPTS):
            try:
                current = self.store.get(key)
            except ObjectNotFound:
                current = None
            before = model.from_json(current.data) if current else None
            after = change(before)
            if after is None:
                return before
            try:
                if current is None:
                    self.store.create(key, after.to_json())
                else:
                    self.store.replace(key, after.to_json(), etag=current.etag)
            except PreconditionFailed:
                continue
            return after
        raise UpdateContended(key)

    def all(self, prefix: str, model: type[M], suffix: str = ".json") -> Iterator[M]:
        for key in self.store.list(prefix):
            if key.endswith(suffix):
                yield self.read(key, model)
