"""Portal accounts: who may be invited, invitations, passwords, signing in and out.

Every invitation, password set, sign-in (successful or not) and sign-out is written to the audit
log. Messages are written for the person at the keyboard, in the GOV.UK style.

    AccountError                 a request the rules refuse; its message can be shown as it is
    └── InvitationUnusable       the link is unknown, used or expired
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from domain.models import AuditEvent
from services.settings import Settings
from storage.accounts import Account, Invitation, Role
from storage.repositories import Repositories
from validators.provider_ids import provider_id_problem

INVITATION_LIFETIME = dt.timedelta(days=7)
MIN_PASSWORD = 12
#: argon2 would hash a megabyte as readily as a word; a cap keeps a login cheap to refuse
MAX_PASSWORD = 256
SET_PASSWORD_PATH = "/set-password/"
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class AccountError(ValueError):
    """The rules refuse the request; the message says why in plain words."""


class InvitationUnusable(AccountError):
    """The invitation link is unknown, was used already, or has expired."""


@dataclass(frozen=True)
class IssuedInvitation:
    account: Account
    link: str  # carries the token: shown once, never stored
    expires_at: dt.datetime


def normalise_email(text: str) -> str:
    """The login for an address as typed: trimmed, lowercased (addresses are case-insensitive)."""
    email = text.strip().lower()
    if not email:
        raise AccountError("Enter your email address")
    if len(email) > 254 or not _EMAIL.fullmatch(email):
        raise AccountError("Enter an email address in the correct format, like name@example.com")
    return email


def password_problem(password: str) -> str | None:
    """Why a new password cannot be used (None: it can)."""
    if not password:
        return "Enter a password"
    if len(password) < MIN_PASSWORD:
        return f"Password must be {MIN_PASSWORD} characters or more"
    if len(password) > MAX_PASSWORD:
        return f"Password must be {MAX_PASSWORD} characters or fewer"
    return None


def invite_provider(repos: Repositories, settings: Settings, *, email: str, provider_id: str,
                    invited_by: str, now: dt.datetime) -> IssuedInvitation:
    """Invite a user of one provider organisation."""
    if problem := provider_id_problem(provider_id):
        raise AccountError(f"{provider_id!r} cannot be a provider id: {problem}")
    account = _new_account(email, Role.PROVIDER, invited_by, now, provider_id=provider_id)
    return _invite(repos, settings, account, now)


def invite_officer(repos: Repositories, settings: Settings, *, email: str, authority: str,
                   decides_reviews: bool, invited_by: str, now: dt.datetime) -> IssuedInvitation:
    """Invite a commissioning officer: the lead council's decide reviews; a partner's only when
    given that role."""
    if authority not in settings.authorities:
        known = "; ".join(settings.authorities)
        raise AccountError(f"{authority!r} is not the council or one of its partners ({known})")
    decides = decides_reviews or authority == settings.council_name
    account = _new_account(email, Role.OFFICER, invited_by, now, authority=authority,
                           decides_reviews=decides)
    return _invite(repos, settings, account, now)


def invite_admin(repos: Repositories, settings: Settings, *, email: str, invited_by: str,
                 now: dt.datetime) -> IssuedInvitation:
    account = _new_account(email, Role.ADMIN, invited_by, now)
    return _invite(repos, settings, account, now)


def _new_account(email: str, role: Role, invited_by: str, now: dt.datetime,
                 **fields: Any) -> Account:
    return Account(email=normalise_email(email), role=role, invited_at=now,
                   invited_by=invited_by, **fields)


def _invite(repos: Repositories, settings: Settings, account: Account,
            now: dt.datetime) -> IssuedInvitation:
    """Create the account (or find it, the same, invited before) and a new one-time link."""
    invited_by = account.invited_by
    if not repos.accounts.create(account):
        existing = repos.accounts.get(account.email)
        assert existing is not None
        if _standing(existing) != _standing(account):
            raise AccountError(f"{account.email} already has an account as {describe(existing)}")
        account = existing
    token = secrets.token_urlsafe(32)
    invitation = Invitation(token_sha256=token_digest(token), email=account.email,
                            created_at=now, expires_at=now + INVITATION_LIFETIME)
    repos.accounts.add_invitation(invitation)
    _audit(repos, now, actor=invited_by, action="account-invited",
           email=account.email, after={"role": describe(account),
                                       "expires_at": invitation.expires_at.isoformat()})
    link = settings.portal_url.rstrip("/") + SET_PASSWORD_PATH + token
    return IssuedInvitation(account, link, invitation.expires_at)


def _standing(account: Account) -> tuple[Any, ...]:
    return (account.role, account.provider_id, account.authority, account.decides_reviews)


def describe(account: Account) -> str:
    """Who an account is, in a few words: 'a user of provider acme-fostering'."""
    if account.role is Role.PROVIDER:
        return f"a user of provider {account.provider_id}"
    if account.role is Role.OFFICER:
        deciding = ", deciding reviews" if account.decides_reviews else ""
        return f"an officer of {account.authority}{deciding}"
    return "an administrator"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_invitation(repos: Repositories, token: str, now: dt.datetime) -> Invitation:
    """The invitation a link carries, if it can still be used."""
    invitation = repos.accounts.invitation(token_digest(token)) if token else None
    if invitation is None:
        raise InvitationUnusable("This link is not valid. Ask the council for a new invitation")
    if invitation.used_at is not None:
        raise InvitationUnusable("This link has already been used. Sign in with your password, "
                                 "or ask the council for a new invitation")
    if now >= invitation.expires_at:
        raise InvitationUnusable("This link has expired. Ask the council for a new invitation")
    return invitation


def set_password(repos: Repositories, *, token: str, password: str,
                 now: dt.datetime) -> Account:
    """Set the invitee's password, using the invitation up (it works once)."""
    if problem := password_problem(password):
        raise AccountError(problem)
    invitation = open_invitation(repos, token, now)
    if repos.accounts.use_invitation(invitation.token_sha256, now) is None:
        raise InvitationUnusable("This link has already been used. Sign in with your password, "
                                 "or ask the council for a new invitation")
    hashed = _hasher().hash(password)
    account = _update(repos, invitation.email, password_hash=hashed, password_set_at=now)
    _audit(repos, now, actor=f"account:{account.email}", action="password-set",
           email=account.email)
    return account


def authenticate(repos: Repositories, *, email: str, password: str, client: str,
                 now: dt.datetime) -> Account | None:
    """The account whose email and password these are, else None; audited either way."""
    try:
        login = normalise_email(email)
    except AccountError:
        login = email.strip().lower()[:254]
    account = repos.accounts.get(login) if login else None
    ok = _verify(account.password_hash if account else None, password)
    if ok and account is not None and _hasher().check_needs_rehash(account.password_hash or ""):
        rehashed = _hasher().hash(password)
        account = _update(repos, login, password_hash=rehashed)
    _audit(repos, now, actor=f"account:{login}", action="sign-in" if ok else "sign-in-failed",
           email=login, after={"client": client})
    return account if ok else None


def refuse_throttled_sign_in(repos: Repositories, *, email: str, client: str,
                             now: dt.datetime) -> None:
    """Audit a sign-in refused unread, after too many failures (the password is not checked)."""
    login = email.strip().lower()[:254]
    _audit(repos, now, actor=f"account:{login}", action="sign-in-throttled", email=login,
           after={"client": client})


def _verify(password_hash: str | None, password: str) -> bool:
    """Check a password; an unknown account costs one hash too, so timing tells nothing."""
    if len(password) > MAX_PASSWORD or not password:
        return False
    try:
        return _hasher().verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def sign_out(repos: Repositories, account: Account, now: dt.datetime) -> None:
    """End the account's sessions, on every device, and say so in the audit log."""
    _update(repos, account.email, signed_out_at=now)
    _audit(repos, now, actor=f"account:{account.email}", action="sign-out", email=account.email)


def is_session_current(account: Account, signed_in_at: dt.datetime) -> bool:
    """Whether a session begun at `signed_in_at` still stands (no sign-out since)."""
    return account.password_hash is not None and (
        account.signed_out_at is None or signed_in_at > account.signed_out_at)


def _update(repos: Repositories, email: str, **fields: Any) -> Account:
    changed = repos.accounts.update(
        email, lambda current: current.model_copy(update=fields) if current else None)
    if changed is None:
        raise AccountError(f"{email} has no account")
    return changed


def _audit(repos: Repositories, now: dt.datetime, *, actor: str, action: str, email: str,
           after: dict[str, Any] | None = None) -> None:
    # each of these happens many times: a fresh id per event, never a deterministic one
    event_id = f"{action}-{now:%Y%m%dT%H%M%S%f}-{secrets.token_hex(6)}"
    repos.audit.record(AuditEvent(event_id=event_id, at=now, actor=actor, action=action,
                                  subject=f"account:{email}", after=after))


@cache
def _hasher() -> PasswordHasher:
    # OWASP's argon2id setting (19 MiB, 2 passes, 1 lane): ~0.13 s a hash here. argon2-cffi's
    # default (64 MiB, 4 lanes) took 0.7 s on two cores and would need 3 GB for 50 providers
    # signing in at once; hashes made with other settings are upgraded at their next sign-in
    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


@cache
def _dummy_hash() -> str:
    return _hasher().hash(secrets.token_urlsafe(16))
