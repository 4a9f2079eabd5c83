"""Per-provider API tokens, as documents over the object-store port.

Only the sha256 of a token is kept; the token itself is shown once when it is made. A token's
public id (written into the token, so a call finds its record with one read) names the record,
and a provider's tokens are listed through an index kept on write (storage/indexes.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable

from domain.models import Model
from storage import keys
from storage.documents import Documents
from storage.indexes import KeyIndex
from storage.objects import ObjectStore


class ApiToken(Model):
    """One token: whose it is, who made it, and its digest (never the token)."""

    id: str
    provider_id: str
    name: str  # what the provider calls it ("our case system"), for display only
    token_sha256: str
    created_by: str  # the email of the provider user who made it
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None
    revoked_by: str = ""


class ApiTokens:
    def __init__(self, store: ObjectStore) -> None:
        self._docs = Documents(store)
        self._by_provider = KeyIndex(store, "provider-api-tokens",
                                     lambda: ((t.provider_id, t.id) for t in self._all()))

    def create(self, token: ApiToken) -> bool:
        """Keep a new token once; False when one with its id exists."""
        self._by_provider.add(token.provider_id, token.id)  # before: see storage/indexes
        return self._docs.create(keys.api_token(token.id), token)

    def get(self, token_id: str) -> ApiToken | None:
        with contextlib.suppress(ValueError):  # not a usable id: no such token
            return self._docs.find(keys.api_token(token_id), ApiToken)
        return None

    def of_provider(self, provider_id: str) -> list[ApiToken]:
        """The provider's tokens, oldest first."""
        found = (self.get(token_id) for token_id in self._by_provider.members(provider_id))
        return sorted((t for t in found if t is not None and t.provider_id == provider_id),
                      key=lambda t: t.created_at)

    def update(self, token_id: str,
               change: Callable[[ApiToken | None], ApiToken | None]) -> ApiToken | None:
        return self._docs.update(keys.api_token(token_id), ApiToken, change)

    def _all(self) -> list[ApiToken]:
        return list(self._docs.all(keys.API_TOKENS_PREFIX, ApiToken))
