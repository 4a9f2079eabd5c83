"""Portal accounts and their invitations, as documents over the object-store port.

The record types live here beside their repository: they are what is kept, and the rules about
them (who may be invited, how long an invitation lasts, what a password must be) are
services/accounts.py's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from enum import StrEnum

from domain.models import Model
from storage import keys
from storage.documents import Documents
from storage.objects import ObjectStore


class Role(StrEnum):
    PROVIDER = "provider"  # a user of one provider organisation
    OFFICER = "officer"  # a commissioning officer of the lead council or a partner authority
    ADMIN = "admin"


class Account(Model):
    """Someone who signs in to the portal; the email address (lowercased) is the login."""

    email: str
    role: Role
    provider_id: str | None = None  # providers only
    authority: str | None = None  # officers only
    decides_reviews: bool = False  # officers only: may accept, reject or clarify a review
    password_hash: str | None = None  # argon2; None until the invitation is used
    invited_at: dt.datetime
    invited_by: str
    password_set_at: dt.datetime | None = None
    #: sessions begun before this moment are over (signing out ends them on every device)
    signed_out_at: dt.datetime | None = None


class Invitation(Model):
    """A one-time link to set a password; only the token's sha256 is kept."""

    token_sha256: str
    email: str
    created_at: dt.datetime
    expires_at: dt.datetime
    used_at: dt.datetime | None = None


def email_key(email: str) -> str:
    return keys.account(hashlib.sha256(email.encode("utf-8")).hexdigest())


class Accounts:
    """Accounts by email address, and invitations by the sha256 of their token."""

    def __init__(self, store: ObjectStore) -> None:
        self._docs = Documents(store)

    def get(self, email: str) -> Account | None:
        return self._docs.find(email_key(email), Account)

    def create(self, account: Account) -> bool:
        """Write a new account once; False when that email address has one."""
        return self._docs.create(email_key(account.email), account)

    def update(
        self, email: str, change: Callable[[Account | None], Account | None]
    ) -> Account | None:
        """Change an account with optimistic concurrency (`change` may run more than once)."""
        return self._docs.update(email_key(email), Account, change)

    def all(self) -> list[Account]:
        return sorted(self._docs.all(keys.ACCOUNTS_PREFIX, Account), key=lambda a: a.email)

    def add_invitation(self, invitation: Invitation) -> bool:
        return self._docs.create(keys.invitation(invitation.token_sha256), invitation)

    def invitation(self, token_sha256: str) -> Invitation | None:
        return self._docs.find(keys.invitation(token_sha256), Invitation)

    def use_invitation(self, token_sha256: str, at: dt.datetime) -> Invitation | None:
        """Mark an unused invitation used, once: None when it is absent or was used already
        (two requests racing with one token: only one of them gets the invitation back)."""
        won: list[Invitation] = []

        def use(current: Invitation | None) -> Invitation | None:
            won.clear()
            if current is None or current.used_at is not None:
                return None
            used = current.model_copy(update={"used_at": at})
            won.append(used)
            return used

        self._docs.update(keys.invitation(token_sha256), Invitation, use)
        return won[0] if won else None
