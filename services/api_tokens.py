"""Per-provider API tokens: made and revoked by a provider's users, each audited, and the one
check an API call's `Authorization: Bearer` header goes through.

A token reads `dps_<id>_<secret>`: the id finds its record with one read, and only the sha256
of the whole token is kept, so the store never holds a token that works. It is shown once, when
it is made. A token acts for its provider, as the user who made it, while that user still
belongs to the provider: an account moved or removed takes its tokens with it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from domain.models import AuditEvent
from storage.accounts import Account, Role
from storage.api_tokens import ApiToken
from storage.repositories import Repositories

PREFIX = "dps_"
MAX_NAME = 60
#: a token as made here: a caller's header is refused before any read when it is not one
_FORMAT = re.compile(r"^dps_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$")


class TokenRefused(ValueError):
    """The request about a token cannot be done; the message says why in plain words."""


@dataclass(frozen=True)
class IssuedToken:
    record: ApiToken
    token: str  # shown once, never stored


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(repos: Repositories, account: Account, name: str,
                 now: dt.datetime) -> IssuedToken:
    """A new token for the account's provider, named `name` (TokenRefused without a name)."""
    provider_id = _provider_of(account)
    shown = " ".join(name.split())
    if not shown:
        raise TokenRefused("Enter a name for the token, so you know later what uses it")
    if len(shown) > MAX_NAME:
        raise TokenRefused(f"The name must be {MAX_NAME} characters or fewer")
    token_id = secrets.token_hex(8)
    token = f"{PREFIX}{token_id}_{secrets.token_urlsafe(32)}"
    record = ApiToken(id=token_id, provider_id=provider_id, name=shown,
                      token_sha256=digest(token), created_by=account.email, created_at=now)
    if not repos.api_tokens.create(record):  # 64 random bits taken already: never in practice
        raise TokenRefused("The token could not be made. Try again")
    _audit(repos, now, account, "api-token-created", record)
    return IssuedToken(record, token)


def revoke_token(repos: Repositories, account: Account, token_id: str,
                 now: dt.datetime) -> ApiToken:
    """Revoke one of the provider's tokens (revoking it again changes nothing); TokenRefused
    for a token that is not the provider's, in the same words as for one that does not exist."""
    provider_id = _provider_of(account)
    current = repos.api_tokens.get(token_id)
    if current is None or current.provider_id != provider_id:
        raise TokenRefused("There is no such token")

    def revoke(token: ApiToken | None) -> ApiToken | None:
        if token is None or token.revoked_at is not None:
            return None
        return token.model_copy(update={"revoked_at": now, "revoked_by": account.email})

    revoked = repos.api_tokens.update(token_id, revoke)
    assert revoked is not None
    if revoked.revoked_at == now and revoked.revoked_by == account.email:
        _audit(repos, now, account, "api-token-revoked", revoked)
    return revoked


def tokens_of(repos: Repositories, account: Account) -> list[ApiToken]:
    """The account's provider's tokens, newest first."""
    return list(reversed(repos.api_tokens.of_provider(_provider_of(account))))


def authenticate(repos: Repositories, token: str) -> Account | None:
    """The provider user a bearer token acts for, None when the token is unknown, revoked, or
    its maker no longer belongs to its provider."""
    matched = _FORMAT.match(token)
    if matched is None:
        return None
    record = repos.api_tokens.get(matched.group(1))
    if record is None or record.revoked_at is not None:
        return None
    if not hmac.compare_digest(record.token_sha256, digest(token)):
        return None
    account = repos.accounts.get(record.created_by)
    if (account is None or account.role is not Role.PROVIDER or account.password_hash is None
            or account.provider_id != record.provider_id):
        return None
    return account


def _provider_of(account: Account) -> str:
    if account.role is not Role.PROVIDER or not account.provider_id:
        raise TokenRefused("Only a provider's users have API tokens")
    return account.provider_id


def _audit(repos: Repositories, now: dt.datetime, account: Account, action: str,
           token: ApiToken) -> None:
    repos.audit.record(AuditEvent(
        event_id=f"{action}-{token.id}", at=now, actor=f"account:{account.email}",
        action=action, subject=f"provider:{token.provider_id}",
        after={"token": token.id, "name": token.name}))
