"""The portal's FastAPI application, built from settings and repositories passed in."""

from __future__ import annotations

import secrets
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import Response
from starlette.types import Scope

from portal import api, auth, officer_pages, pages, provider_pages
from portal.rendering import render, templates
from portal.security import CsrfProtection, SecurityHeaders
from portal.throttle import LoginThrottle
from portal.wiring import PortalWiring
from services.settings import Settings
from storage.repositories import Repositories

STATIC = Path(__file__).parent / "static"
SESSION_COOKIE = "dps_session"
#: a session ends after a working day unused (each response renews the cookie); signing out
#: ends it at once
SESSION_SECONDS = 8 * 60 * 60
TITLES = {401: "Sign in to continue", 403: "You cannot see this page",
          404: "Page not found", 405: "Page not found", 410: "This link cannot be used",
          500: "Sorry, there is a problem with the service"}
EXPLANATIONS = {
    401: "Sign in to see this page.",
    403: "Your account does not give you access to this page. If you think it should, contact "
         "the commissioning team.",
    404: "If you typed the web address, check it is correct. If you pasted the web address, "
         "check you copied the entire address.",
    500: "Try again later. What you sent before this page was saved.",
}


def create_app(settings: Settings, repositories: Repositories,
               wiring: PortalWiring | None = None) -> FastAPI:
    """The portal over `repositories`, configured by `settings` (no environment read here);
    `wiring`: how letters get their PDF and submissions are announced (default: neither)."""
    # FastAPI's own schema and docs routes would be public, and its docs page loads scripts from
    # a CDN the CSP refuses: the schema is served by pages.openapi_schema, to signed-in callers
    app = FastAPI(title="Children's placements DPS", docs_url=None, redoc_url=None,
                  openapi_url=None)
    app.state.settings = settings
    app.state.repositories = repositories
    app.state.wiring = wiring or PortalWiring()
    app.state.templates = templates()
    app.state.throttle = LoginThrottle()
    app.include_router(pages.router)
    app.include_router(provider_pages.router)
    app.include_router(officer_pages.router)
    app.include_router(api.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _handle_errors(app)
    # added innermost first: headers and the 500 page around the session, around the CSRF check
    app.add_middleware(CsrfProtection, refusal=lambda scope: _plain_error(scope, 403))
    app.add_middleware(
        SessionMiddleware, secret_key=settings.portal_secret or secrets.token_urlsafe(32),
        session_cookie=SESSION_COOKIE, max_age=SESSION_SECONDS, same_site="lax",
        https_only=settings.portal_url.startswith("https://"))
    app.add_middleware(SecurityHeaders, error_page=lambda scope: _plain_error(scope, 500),
                       https=settings.portal_url.startswith("https://"))
    return app


def _handle_errors(app: FastAPI) -> None:
    @app.exception_handler(auth.NotSignedIn)
    async def not_signed_in(request: Request, _error: Exception) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": "Not signed in"}, status_code=401,
                                headers={"WWW-Authenticate": "Bearer"})
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/sign-in?next={_quoted(target)}", status_code=303)

    @app.exception_handler(auth.Forbidden)
    async def forbidden(request: Request, _error: Exception) -> Response:
        return error_page(request, 403)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        return error_page(request, error.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: Exception) -> Response:
        if _is_api(request):
            assert isinstance(error, RequestValidationError)
            return JSONResponse({"detail": error.errors()}, status_code=422)
        return error_page(request, 404)


def error_page(request: Request, status: int, **context: object) -> Response:
    """An error in the portal's layout (JSON under /api/)."""
    title = TITLES.get(status, "Sorry, there is a problem with the service")
    if _is_api(request):
        return JSONResponse({"detail": title}, status_code=status)
    return render(request, "message.html", title=title, status_code=status, **context,
                  paragraphs=[EXPLANATIONS.get(status, EXPLANATIONS[500])],
                  link={"href": "/", "text": "Go to the start page"})


def _plain_error(scope: Scope, status: int) -> Response:
    """An error page drawn from the scope alone, for the middleware (refused CSRF, a crash)."""
    request = Request(scope)
    if status == 403 and not _is_api(request):
        return render(request, "message.html", title="Your form could not be sent",
                      status_code=403, paragraphs=[
                          "For your security, forms expire when you sign out or wait too long. "
                          "Go back, reload the page and try again."],
                      link={"href": "/", "text": "Go to the start page"})
    return error_page(request, status, account=None)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _quoted(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/")
