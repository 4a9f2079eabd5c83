"""Templates: GOV.UK Frontend's Jinja macros under our own layout, and the page context every
page shares (the council, the service, the signed-in account, the CSRF token, the CSP nonce)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, select_autoescape
from starlette.responses import Response

from portal import auth

SERVICE_NAME = "Children's placements DPS"


def templates() -> Jinja2Templates:
    loader = ChoiceLoader([
        PackageLoader("portal", "templates"),
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    ])
    environment = Environment(loader=loader, autoescape=select_autoescape(default=True))
    return Jinja2Templates(env=environment)


def council_name(full_name: str) -> str:
    """The council as the header names it: the settings' default carries the service's name
    after a dash, which the service navigation shows beside it already."""
    return full_name.split(" — ")[0]


def render(request: Request, name: str, *, title: str, status_code: int = 200,
           **context: Any) -> Response:
    """A page in the portal's layout; `errors` (field id -> message) fills the error summary."""
    field_errors: dict[str, str] = context.pop("field_errors", {})
    page: dict[str, Any] = {
        "title": title,
        "service_name": SERVICE_NAME,
        "council": council_name(auth.settings(request).council_name),
        # an error page passes account=None: it must not need storage, which may be what failed
        "account": context.pop("account") if "account" in context else auth.current_account(
            request),
        "csrf_token": auth.csrf_token(request),
        "field_errors": field_errors,
        "errors": [{"text": text, "href": f"#{field}"} for field, text in field_errors.items()],
        "notice": request.session.pop("notice", None),
        **context,
    }
    renderer: Jinja2Templates = request.app.state.templates
    return renderer.TemplateResponse(request, name, page, status_code=status_code)
