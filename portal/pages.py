"""Signing in and out, setting a password from an invitation, and each role's home page."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse
from markupsafe import Markup
from starlette.responses import Response

from portal import auth
from portal.rendering import render
from services import accounts, provider_views
from storage.accounts import Account, Role

router = APIRouter()
TOO_MANY = ("You have tried to sign in too many times. Wait 15 minutes, then try again, or ask "
            "the commissioning team for a new invitation")
WRONG = "The email address or password is not right"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@router.get("/health", include_in_schema=False)
def health() -> JSONResponse:
    return JSONResponse({"status": "ok"})


@router.get("/sign-in")
def sign_in_page(request: Request, next: str = "/") -> Response:
    return render(request, "sign_in.html", title="Sign in", next=_safe_next(next), email="")


@router.post("/sign-in")
def sign_in(request: Request, email: Annotated[str, Form()] = "",
            password: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/") -> Response:
    throttle = request.app.state.throttle
    client = request.client.host if request.client else "unknown"
    login, now = email.strip().lower(), _now()
    problems = _sign_in_problems(email, password)
    if not problems and throttle.is_blocked([f"email:{login}", f"client:{client}"], now):
        accounts.refuse_throttled_sign_in(auth.repositories(request), email=email,
                                          client=client, now=now)
        problems = {"email": TOO_MANY}
    account = None
    if not problems:
        account = accounts.authenticate(auth.repositories(request), email=email,
                                        password=password, client=client, now=now)
        if account is None:
            throttle.record_failure([f"email:{login}", f"client:{client}"], now)
            problems = {"email": WRONG}
    if account is None:
        return render(request, "sign_in.html", title="Sign in", status_code=400,
                      field_errors=problems, next=_safe_next(next), email=email)
    throttle.clear(f"email:{login}")
    auth.begin_session(request, account, now)
    return RedirectResponse(_safe_next(next), status_code=303)


def _sign_in_problems(email: str, password: str) -> dict[str, str]:
    problems = {}
    if not email.strip():
        problems["email"] = "Enter your email address"
    if not password:
        problems["password"] = "Enter your password"
    return problems


def _safe_next(target: str) -> str:
    """Only a path on this site: never another site (an open redirect) nor '//host'."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/set-password/{token}")
def set_password_page(request: Request, token: str) -> Response:
    try:
        invitation = accounts.open_invitation(auth.repositories(request), token, _now())
    except accounts.InvitationUnusable as error:
        return _unusable(request, error)
    return render(request, "set_password.html", title="Set your password", token=token,
                  invitee=invitation.email, min_length=accounts.MIN_PASSWORD)


@router.post("/set-password/{token}")
def set_password(request: Request, token: str, password: Annotated[str, Form()] = "",
                 confirm: Annotated[str, Form()] = "") -> Response:
    repos, now = auth.repositories(request), _now()
    try:
        invitation = accounts.open_invitation(repos, token, now)
        problems = _password_problems(password, confirm)
        if not problems:
            accounts.set_password(repos, token=token, password=password, now=now)
    except accounts.InvitationUnusable as error:
        return _unusable(request, error)
    if problems:
        return render(request, "set_password.html", title="Set your password", status_code=400,
                      field_errors=problems, token=token, invitee=invitation.email,
                      min_length=accounts.MIN_PASSWORD)
    request.session["notice"] = "Your password is set. Sign in with it now."
    return RedirectResponse("/sign-in", status_code=303)


def _password_problems(password: str, confirm: str) -> dict[str, str]:
    if problem := accounts.password_problem(password):
        return {"password": problem}
    if not confirm:
        return {"confirm": "Confirm your new password"}
    if confirm != password:
        return {"confirm": "The passwords do not match. Enter the same password twice"}
    return {}


def _unusable(request: Request, error: Exception) -> Response:
    return render(request, "message.html", title="This link cannot be used", status_code=410,
                  paragraphs=[f"{error}."], link={"href": "/sign-in", "text": "Sign in"})


@router.post("/sign-out")
def sign_out(request: Request, account: auth.SignedIn) -> Response:
    accounts.sign_out(auth.repositories(request), account, _now())
    auth.end_session(request)
    request.session["notice"] = "You have signed out."
    return RedirectResponse("/sign-in", status_code=303)


@router.get("/")
def home(request: Request, account: auth.SignedIn) -> Response:
    """Each role's starting page (the next engineers fill them)."""
    if account.role is Role.PROVIDER:
        return render(request, "home_provider.html", title="Your applications",
                      submissions=_submission_rows(request, account),
                      drafts=provider_views.open_drafts(auth.repositories(request),
                                                        account.provider_id or ""))
    if account.role is Role.OFFICER:
        return render(request, "home_officer.html", title="Commissioning",
                      who=accounts.describe(account))
    return render(request, "home_admin.html", title="Administration")


def _submission_rows(request: Request, account: Account) -> list[list[dict[str, str]]]:
    own = auth.repositories(request).submissions.of_provider(account.provider_id or "")
    own.sort(key=lambda s: s.received_at, reverse=True)
    zone = auth.settings(request).zone
    return [[{"html": Markup('<a class="govuk-link" href="/submissions/{0}">{0}</a>').format(s.id)},
             {"text": f"{s.received_at.astimezone(zone):%-d %B %Y}"},
             {"text": s.state.value.replace("-", " ").capitalize()}] for s in own]


@router.get("/api/openapi.json", include_in_schema=False)
def openapi_schema(request: Request, _account: auth.SignedIn) -> JSONResponse:
    """The HTTP API's OpenAPI schema, for signed-in callers."""
    return JSONResponse(request.app.openapi())


@router.get("/accessibility")
def accessibility(request: Request) -> Response:
    return render(request, "accessibility.html", title="Accessibility statement")
