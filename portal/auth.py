"""Who is calling, and what they may do: the one place pages and API routes ask.

Each route states who may call it by depending on one of the `require_*` helpers; a route with
none of them is public, and tests/portal/test_routes.py lists the few that may be.

    NotSignedIn     no valid session: pages redirect to sign in, /api/ answers 401
    Forbidden       signed in, but not allowed: 403
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Annotated

from fastapi import Depends, Request

from portal.wiring import PortalWiring
from services import accounts, api_tokens
from services.settings import Settings
from storage.accounts import Account, Role
from storage.repositories import Repositories


class NotSignedIn(Exception):
    """The request carries no valid session."""


class Forbidden(Exception):
    """The caller is signed in but their role does not allow this."""


def repositories(request: Request) -> Repositories:
    repos: Repositories = request.app.state.repositories
    return repos


def settings(request: Request) -> Settings:
    configured: Settings = request.app.state.settings
    return configured


def wiring(request: Request) -> PortalWiring:
    wired: PortalWiring = request.app.state.wiring
    return wired


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use (every form carries it)."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


def begin_session(request: Request, account: Account, now: dt.datetime) -> None:
    """A fresh session for a signed-in account: nothing carried over from before (no fixation),
    a new CSRF token."""
    request.session.clear()
    request.session.update({"email": account.email, "signed_in_at": now.isoformat(),
                            "csrf": secrets.token_urlsafe(32)})


def end_session(request: Request) -> None:
    request.session.clear()


def current_account(request: Request) -> Account | None:
    """The signed-in account, None when there is none (or it signed out since)."""
    if "account" in request.scope.get("state", {}):
        found: Account | None = request.state.account
        return found
    request.state.account = _session_account(request)
    return request.state.account


def _session_account(request: Request) -> Account | None:
    email, since = request.session.get("email"), request.session.get("signed_in_at")
    if not isinstance(email, str) or not isinstance(since, str):
        return None
    account = repositories(request).accounts.get(email)
    try:
        signed_in_at = dt.datetime.fromisoformat(since)
    except ValueError:
        return None
    if account is None or not accounts.is_session_current(account, signed_in_at):
        return None
    return account


def require_user(request: Request) -> Account:
    """Any signed-in account."""
    # an API call carrying a token is that token's alone, never signed in by its cookie: the
    # CSRF check let it through (portal/security.py), so a session must not ride along
    if request.url.path.startswith("/api/") and "authorization" in request.headers:
        return _token_account(request)
    account = current_account(request)
    if account is None:
        raise NotSignedIn
    return account


def _token_account(request: Request) -> Account:
    """The provider user an `Authorization: Bearer <token>` header acts for (NotSignedIn for
    any other header, or a token unknown or revoked)."""
    scheme, _, token = request.headers["authorization"].partition(" ")
    account = None
    if scheme.lower() == "bearer" and token.strip():
        account = api_tokens.authenticate(repositories(request), token.strip())
    if account is None:
        raise NotSignedIn
    request.state.account = account
    return account


SignedIn = Annotated[Account, Depends(require_user)]


def require_provider(account: SignedIn) -> Account:
    """A user of a provider organisation (account.provider_id is theirs)."""
    if account.role is not Role.PROVIDER or not account.provider_id:
        raise Forbidden
    return account


def require_officer(account: SignedIn) -> Account:
    """A commissioning officer of the lead council or of a partner authority."""
    if account.role is not Role.OFFICER:
        raise Forbidden
    return account


def require_reviewer(account: Annotated[Account, Depends(require_officer)]) -> Account:
    """An officer who may decide reviews (accept, reject, clarify)."""
    if not account.decides_reviews:
        raise Forbidden
    return account


def require_admin(account: SignedIn) -> Account:
    if account.role is not Role.ADMIN:
        raise Forbidden
    return account


def require_own_provider(provider_id: str, account: Account) -> None:
    """Refuse a provider user anything of another provider (Forbidden)."""
    if account.role is not Role.PROVIDER or account.provider_id != provider_id:
        raise Forbidden


#: what a route's parameter is annotated with to state who may call it
ProviderUser = Annotated[Account, Depends(require_provider)]
Officer = Annotated[Account, Depends(require_officer)]
Reviewer = Annotated[Account, Depends(require_reviewer)]
Administrator = Annotated[Account, Depends(require_admin)]
