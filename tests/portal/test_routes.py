"""Every route of the portal requires a signed-in caller, but the few that must not."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from portal.app import create_app
from storage.memory import InMemoryObjectStore
from storage.repositories import Repositories
from tests.portal.harness import portal_settings
from tests.portal.routes import routes

#: what a caller who is not signed in may reach (and the static files): signing in, setting a
#: password from an invitation, the health check, and the accessibility statement, which the
#: footer of the sign-in page links to
PUBLIC = {
    ("GET", "/health"),
    ("GET", "/sign-in"),
    ("POST", "/sign-in"),
    ("GET", "/set-password/{token}"),
    ("POST", "/set-password/{token}"),
    ("GET", "/accessibility"),
}


def _app(tmp_path):  # type: ignore[no-untyped-def]
    return create_app(portal_settings(tmp_path), Repositories(InMemoryObjectStore()))


def test_every_route_but_the_public_ones_requires_a_signed_in_caller(tmp_path) -> None:  # type: ignore[no-untyped-def]
    listed = routes(_app(tmp_path))
    assert {(r.method, r.path) for r in listed if not r.requires_sign_in} == PUBLIC
    assert len(listed) > len(PUBLIC)


def test_an_anonymous_caller_of_each_protected_route_is_sent_to_sign_in_or_refused(
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    app = _app(tmp_path)
    client = TestClient(app)
    page = client.get("/sign-in").text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    # with the session's CSRF token, so that what refuses the call is the missing sign-in
    headers = {"X-CSRF-Token": found.group(1)}
    for route in routes(app):
        if not route.requires_sign_in:
            continue
        answer = client.request(route.method, route.url(), headers=headers,
                                follow_redirects=False)
        if route.path.startswith("/api/"):
            assert answer.status_code == 401, route
        else:
            assert answer.status_code == 303, route
            assert answer.headers["location"].startswith("/sign-in?next="), route


def test_the_route_list_sees_routes_of_included_routers_and_their_dependencies(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from fastapi import APIRouter, Depends

    from portal import auth

    app = _app(tmp_path)
    guarded = APIRouter(prefix="/reviews", dependencies=[Depends(auth.require_reviewer)])
    guarded.add_api_route("/{review_id}", lambda review_id: review_id, methods=["GET", "POST"])
    open_router = APIRouter()
    open_router.add_api_route("/forgotten", lambda: "", methods=["GET"])
    app.include_router(guarded)
    app.include_router(open_router)
    listed = {(r.method, r.path): r.requires_sign_in for r in routes(app)}
    assert listed[("GET", "/reviews/{review_id}")] is True
    assert listed[("POST", "/reviews/{review_id}")] is True
    assert listed[("GET", "/forgotten")] is False  # so the first test would fail
