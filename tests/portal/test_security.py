"""Sessions, CSRF, the sign-in throttle, anonymous requests and the security headers, over
HTTP (Starlette's test client: no browser needed)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient

from portal.app import SESSION_COOKIE, create_app
from portal.throttle import LIMIT
from services import accounts
from storage.memory import InMemoryObjectStore
from storage.repositories import Repositories
from tests.portal.harness import PASSWORD, RunningPortal, portal_settings

EMAIL = "ann@acme-fostering.example"


@pytest.fixture
def client(tmp_path) -> TestClient:  # type: ignore[no-untyped-def]
    repositories = Repositories(InMemoryObjectStore())
    settings = portal_settings(tmp_path)
    app = create_app(settings, repositories)
    RunningPortal("", settings, repositories, app).provider_user(EMAIL, "acme-fostering")
    return TestClient(app)


def _token(client: TestClient, path: str = "/sign-in") -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert found is not None
    return found.group(1)


def _sign_in(client: TestClient, password: str = PASSWORD, email: str = EMAIL):  # type: ignore[no-untyped-def]
    return client.post("/sign-in", data={"csrf_token": _token(client), "email": email,
                                         "password": password}, follow_redirects=False)


def test_a_correct_sign_in_starts_a_session_and_a_wrong_one_does_not(client: TestClient) -> None:
    assert _sign_in(client, "not the password").status_code == 400
    assert client.get("/", follow_redirects=False).status_code == 303
    answer = _sign_in(client)
    assert (answer.status_code, answer.headers["location"]) == (303, "/")
    assert client.get("/").status_code == 200


def test_the_session_cookie_is_signed_http_only_and_same_site_lax(client: TestClient) -> None:
    cookie = client.get("/sign-in").headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
    assert "secure" not in cookie.lower()  # the portal's address is http://
    client.cookies.set(SESSION_COOKIE, "eyJlbWFpbCI6ICJhbm5AYWNtZS1mb3N0ZXJpbmcuZXhhbXBsZSJ9")
    assert client.get("/", follow_redirects=False).status_code == 303  # unsigned: ignored


def test_the_session_cookie_is_secure_when_the_portal_is_served_over_https(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = portal_settings(tmp_path, "https://dps.midshire.example")
    app = create_app(settings, Repositories(InMemoryObjectStore()))
    answer = TestClient(app).get("/sign-in")
    cookie = answer.headers["set-cookie"].lower()
    assert "; secure" in cookie and "httponly" in cookie
    assert answer.headers["strict-transport-security"] == "max-age=31536000"


def test_a_form_without_its_csrf_token_is_refused(client: TestClient) -> None:
    _token(client)  # a session exists, with its token
    for data in ({}, {"csrf_token": "guessed"}, {"csrf_token": ["a", "b"]}):
        answer = client.post("/sign-in", data={"email": EMAIL, "password": PASSWORD, **data})
        assert answer.status_code == 403
        assert "Your form could not be sent" in answer.text
    assert client.get("/", follow_redirects=False).status_code == 303


def test_signing_out_needs_the_csrf_token(client: TestClient) -> None:
    _sign_in(client)
    assert client.post("/sign-out").status_code == 403
    assert client.get("/").status_code == 200  # still signed in
    answer = client.post("/sign-out", data={"csrf_token": _token(client, "/")},
                         follow_redirects=False)
    assert answer.headers["location"] == "/sign-in"
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_multipart_form_is_checked_by_its_first_field_and_still_reaches_the_route(
    client: TestClient,
) -> None:
    token = _token(client)
    form = {"email": EMAIL, "password": PASSWORD}
    refused = client.post("/sign-in", data=form, files={"f": ("a.txt", b"x" * 50_000)})
    assert refused.status_code == 403
    # httpx writes the data fields first, in order: the token is the first part
    answer = client.post("/sign-in", data={"csrf_token": token, **form},
                         files={"f": ("a.txt", b"x" * 50_000)}, follow_redirects=False)
    assert answer.status_code == 303


def test_a_token_in_a_header_is_accepted_for_scripts(client: TestClient) -> None:
    token = _token(client)
    answer = client.post("/sign-in", data={"email": EMAIL, "password": PASSWORD},
                         headers={"X-CSRF-Token": token}, follow_redirects=False)
    assert answer.status_code == 303


def test_sign_ins_are_refused_after_five_failures_for_an_address(client: TestClient) -> None:
    for _ in range(LIMIT):
        assert "is not right" in _sign_in(client, "not the password").text
    refused = _sign_in(client)  # even the right password, for a while
    assert refused.status_code == 400
    assert "You have tried to sign in too many times. Wait 15 minutes" in refused.text
    assert client.get("/", follow_redirects=False).status_code == 303
    audit = client.app.state.repositories.audit.events(f"account:{EMAIL}")  # type: ignore[attr-defined]
    assert [e.action for e in audit][-LIMIT - 1:] == ["sign-in-failed"] * LIMIT + [
        "sign-in-throttled"]


def test_sign_ins_are_refused_after_five_failures_from_one_client(client: TestClient) -> None:
    for n in range(LIMIT):
        _sign_in(client, "not the password", email=f"guess{n}@acme-fostering.example")
    assert "too many times" in _sign_in(client).text


def test_a_success_clears_the_address_count(client: TestClient) -> None:
    for _ in range(LIMIT - 1):
        _sign_in(client, "not the password")
    assert _sign_in(client).status_code == 303
    client.cookies.clear()
    assert "is not right" in _sign_in(client, "not the password").text  # counting from one


def test_anonymous_pages_redirect_to_sign_in_and_the_api_answers_401(client: TestClient) -> None:
    page = client.get("/?tab=1", follow_redirects=False)
    assert (page.status_code, page.headers["location"]) == (303, "/sign-in?next=/%3Ftab%3D1")
    api = client.get("/api/openapi.json")
    assert api.status_code == 401
    assert api.json() == {"detail": "Not signed in"}


def test_an_api_call_with_a_token_is_not_signed_in_by_the_cookie(client: TestClient) -> None:
    _sign_in(client)
    assert client.get("/api/openapi.json").status_code == 200
    borrowed = client.get("/api/openapi.json", headers={"Authorization": "Bearer x"})
    assert borrowed.status_code == 401


def test_sign_in_returns_only_to_a_page_of_this_site(client: TestClient) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        answer = client.post("/sign-in", data={"csrf_token": _token(client), "email": EMAIL,
                                               "password": PASSWORD, "next": target},
                             follow_redirects=False)
        assert answer.headers["location"] == "/"
        client.cookies.clear()


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/sign-in", "/no-such-page", "/static/portal.css"):
        headers = client.get(path).headers
        policy = headers["content-security-policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert re.search(r"script-src 'self' 'nonce-[\w-]{16,}'", policy)
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert "strict-transport-security" not in headers  # http://: browsers ignore it
    assert client.get("/sign-in").headers["cache-control"] == "no-store"
    assert "no-store" not in client.get("/static/portal.css").headers.get("cache-control", "")


def test_the_inline_script_carries_the_nonce_of_its_response(client: TestClient) -> None:
    answer = client.get("/sign-in")
    nonce = re.search(r"'nonce-([^']+)'", answer.headers["content-security-policy"])
    assert nonce is not None
    assert f'<script nonce="{nonce.group(1)}">' in answer.text
    assert answer.text.count("<script") == 2  # that one, and the module file (no other inline)


def test_a_crash_is_the_500_page_with_the_headers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    class Broken(Repositories):
        @property
        def accounts(self):  # type: ignore[no-untyped-def]
            raise RuntimeError("storage is down")

        @accounts.setter
        def accounts(self, _value) -> None:  # type: ignore[no-untyped-def]
            pass

    app = create_app(portal_settings(tmp_path), Broken(InMemoryObjectStore()))
    client = TestClient(app, raise_server_exceptions=False)
    answer = client.post("/sign-in", data={"csrf_token": _token(client), "email": EMAIL,
                                           "password": PASSWORD})
    assert answer.status_code == 500
    assert "Sorry, there is a problem with the service" in answer.text
    assert "storage is down" not in answer.text
    assert "content-security-policy" in answer.headers


def test_the_invitation_link_is_refused_once_used(client: TestClient) -> None:
    app_repos = client.app.state.repositories  # type: ignore[attr-defined]
    settings = client.app.state.settings  # type: ignore[attr-defined]
    link = accounts.invite_provider(app_repos, settings, email="new@acme-fostering.example",
                                    provider_id="acme-fostering", invited_by="t",
                                    now=dt.datetime.now(dt.UTC)).link
    path = link.removeprefix(settings.portal_url)
    form = {"csrf_token": _token(client, path), "password": PASSWORD, "confirm": PASSWORD}
    assert client.post(path, data=form, follow_redirects=False).status_code == 303
    assert client.post(path, data=form).status_code == 410


def test_a_signed_in_user_gets_the_500_page_when_storage_fails(client: TestClient) -> None:
    _sign_in(client)

    class Unreachable(InMemoryObjectStore):
        def get(self, key: str):  # type: ignore[no-untyped-def]
            raise OSError("storage is unreachable")

    client.app.state.repositories = Repositories(Unreachable())  # type: ignore[attr-defined]
    answer = TestClient(client.app, raise_server_exceptions=False,  # type: ignore[arg-type]
                        cookies=client.cookies).get("/")
    assert answer.status_code == 500
    assert "Sorry, there is a problem with the service" in answer.text
    assert "content-security-policy" in answer.headers
