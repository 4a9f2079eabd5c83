"""Drafts: a provider's unfinished applications, and the files streamed into them."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from domain.drafts import Draft
from storage import keys
from storage.documents import Documents
from storage.errors import ObjectNotFound
from storage.objects import ObjectStore, Streamed


class UnknownDraft(ObjectNotFound):
    """The provider has no draft with that id."""


class Drafts:
    """Each draft a document changed with optimistic concurrency; its files write-once, by
    checksum, so the same file uploaded twice is kept once."""

    def __init__(self, store: ObjectStore) -> None:
        self._docs = Documents(store)
        self._store = store

    def create(self, draft: Draft) -> bool:
        """Keep a new draft; False when one with that id exists."""
        return self._docs.create(keys.draft(draft.provider, draft.id), draft)

    def get(self, provider: str, draft_id: str) -> Draft:
        """The provider's draft (UnknownDraft when there is none: another provider's id too)."""
        found = self._docs.find(keys.draft(provider, draft_id), Draft)
        if found is None:
            raise UnknownDraft(draft_id)
        return found

    def of(self, provider: str) -> list[Draft]:
        """A provider's drafts, newest first."""
        found = self._docs.all(keys.drafts_of(provider), Draft, suffix="/draft.json")
        return sorted(found, key=lambda draft: draft.created_at, reverse=True)

    def update(self, provider: str, draft_id: str,
               change: Callable[[Draft], Draft | None]) -> Draft:
        """Apply `change` (pure, may run more than once; None means no change)."""

        def guarded(current: Draft | None) -> Draft | None:
            if current is None:
                raise UnknownDraft(draft_id)
            return change(current)

        updated = self._docs.update(keys.draft(provider, draft_id), Draft, guarded)
        assert updated is not None
        return updated

    def keep_file(self, provider: str, draft_id: str, chunks: Iterable[bytes], *,
                  limit: int) -> Streamed:
        """Stream a file into the draft's files (TooLarge past `limit`, nothing kept)."""
        return self._store.create_from(
            lambda sha256: keys.draft_file(provider, draft_id, sha256), chunks, limit=limit)

    def file(self, provider: str, draft_id: str, sha256: str) -> bytes:
        return self._store.get(keys.draft_file(provider, draft_id, sha256)).data
