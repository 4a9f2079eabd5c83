"""A second provider (B) calls every route of the portal with the first provider's (A's) ids, by
session and by API token: every call is refused, and nothing of A's changes. The routes come
from the app itself (tests/portal/routes.py), so a new route cannot escape: one with a path
parameter this test does not know how to fill fails it.

Also: upload names are never used as paths, an oversized upload is cut off while it streams,
and content that is not an accepted type is refused whatever its name or declared type.
"""

from __future__ import annotations

import datetime as dt
import re
import socket
import threading
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from portal import auth
from services import api_tokens
from services.uploads import max_file_bytes
from storage.notices import Notices
from tests.portal.harness import running_portal
from tests.portal.routes import Route, routes
from tests.portal.test_api import (
    A_EMAIL,
    A_PROVIDER,
    B_EMAIL,
    B_PROVIDER,
    SAMPLE,
    World,
    bearer,
    signed_in,
    world,
)
from tests.portal.test_routes import PUBLIC

#: path parameters that name nobody's data: a route with only these is not A's to refuse
NEUTRAL = {"edition": "docx", "file_format": "docx", "index": "0"}
PARAMETER = re.compile(r"\{(\w+)(?::[^}]*)?\}")


def _owned(w: World) -> dict[str, str]:
    """Each path parameter that names something of A's, filled with A's id."""
    return {"submission_id": w.submission_id, "draft_id": w.draft_id, "review_id": w.review_id,
            "notice_id": w.letter_id, "letter_id": w.letter_id, "token_id": w.a_token.record.id,
            "sha256": w.file_sha256, "provider_id": A_PROVIDER}


def _url(route: Route, values: dict[str, str]) -> str:
    names = PARAMETER.findall(route.path)
    unknown = [name for name in names if name not in values]
    assert not unknown, f"{route.method} {route.path}: cannot fill {unknown}; say whose they are"
    return PARAMETER.sub(lambda m: values[m.group(1)], route.path)


def _secrets_of_a(w: World) -> list[str]:
    return [w.submission_id, w.draft_id, w.review_id, w.letter_id, w.a_token.record.id,
            A_EMAIL]


def _state_of_a(w: World) -> dict[str, Any]:
    """Everything of A's, as stored."""
    repos = w.repos
    return {
        "account": repos.accounts.get(A_EMAIL),
        "submissions": repos.submissions.of_provider(A_PROVIDER),
        "files": [repos.submissions.original(w.submission_id, f.sha256)
                  for f in repos.submissions.get(w.submission_id).files],
        "decisions": repos.decisions.of(w.submission_id),
        "reviews": repos.reviews.of_submission(w.submission_id),
        "letters": Notices(repos.store).of(w.submission_id),
        "drafts": repos.drafts.of(A_PROVIDER),
        "tokens": repos.api_tokens.of_provider(A_PROVIDER),
        "register": [e for e in repos.register.entries() if e.provider == A_PROVIDER],
    }


def _call(client: TestClient, route: Route, url: str, **extra: Any) -> Any:
    """The route called with a plausible body (a form with a real file, or JSON)."""
    if route.method != "POST":
        return client.request(route.method, url, follow_redirects=False, **extra)
    if url.endswith("/verdict"):
        return client.post(url, json={"verdict": "accept", "reason": "x"},
                           follow_redirects=False, **extra)
    data = {"reason": "seen", "verdict": "accept", "decision": "accept", "name": "x",
            "lots": "4", "lot": "4"}
    upload = ("insurance-certificate.pdf", (SAMPLE / "insurance-certificate.pdf").read_bytes(),
              "application/pdf")
    return client.post(url, data=data, files=[("files", upload), ("file", upload)],
                       follow_redirects=False, **extra)


def _checked_routes(w: World) -> list[Route]:
    signed = [r for r in routes(w.app) if (r.method, r.path) not in PUBLIC]
    assert {(r.method, r.path) for r in routes(w.app)} - {(r.method, r.path) for r in signed} \
        == PUBLIC
    return sorted(signed, key=lambda r: r.path == "/sign-out")  # signing out last


def test_another_provider_is_refused_every_route_with_the_first_providers_ids(
    tmp_path: Path,
) -> None:
    w = world(tmp_path)
    before = _state_of_a(w)
    owned, session = _owned(w), signed_in(w.app, B_EMAIL)
    called = 0
    for route in _checked_routes(w):
        url = _url(route, owned | NEUTRAL)
        answer = _call(session, route, url)
        called += 1
        assert answer.status_code < 500, (route, answer.status_code, answer.text[:300])
        if set(PARAMETER.findall(route.path)) & set(owned):
            # refused: never a redirect to sign in, which a signed-in B is not asked to do
            assert answer.status_code in (403, 404), (route, answer.status_code)
        for secret in _secrets_of_a(w):
            assert secret not in answer.text, (route, secret)
    assert called > 30
    assert _state_of_a(w) == before


def test_another_providers_api_token_is_refused_every_route_with_the_first_providers_ids(
    tmp_path: Path,
) -> None:
    w = world(tmp_path)
    before = _state_of_a(w)
    owned = _owned(w)
    client = TestClient(w.app, headers=bearer(w.b_token.token))
    for route in _checked_routes(w):
        answer = _call(client, route, _url(route, owned | NEUTRAL))
        assert answer.status_code < 500, (route, answer.status_code, answer.text[:300])
        has_owned = bool(set(PARAMETER.findall(route.path)) & set(owned))
        if route.path.startswith("/api/") and has_owned:
            assert answer.status_code in (403, 404), (route, answer.status_code)
        elif not route.path.startswith("/api/"):
            # a token is for /api/ only: a page is not signed in by it (nor by a cookie)
            assert answer.status_code in (303, 403), (route, answer.status_code)
            if answer.status_code == 303:
                assert answer.headers["location"].startswith("/sign-in?next="), route
        for secret in _secrets_of_a(w):
            assert secret not in answer.text, (route, secret)
    assert _state_of_a(w) == before


def test_the_first_provider_reaches_what_the_second_is_refused(tmp_path: Path) -> None:
    """So the refusals above are about whose ids they are, not ids that do not work: every
    provider's page and API call that reads something of A's by id answers A."""
    w = world(tmp_path)
    owned = _owned(w)
    session, token = signed_in(w.app, A_EMAIL), TestClient(w.app, headers=bearer(w.a_token.token))
    reached = []
    for route in routes(w.app):
        if (route.method != "GET" or auth.require_provider not in route.dependencies
                or not set(PARAMETER.findall(route.path)) & set(owned)):
            continue
        url = _url(route, owned | NEUTRAL)
        for client in (session, token) if route.path.startswith("/api/") else (session,):
            assert client.get(url).status_code == 200, url
        reached.append(route.path)
    assert len(reached) >= 6, reached


def test_a_route_whose_parameter_the_test_cannot_fill_fails_it(tmp_path: Path) -> None:
    w = world(tmp_path)
    w.app.get("/api/things/{thing_id}")(lambda thing_id: thing_id)
    new = next(r for r in routes(w.app) if r.path == "/api/things/{thing_id}")
    with pytest.raises(AssertionError, match=r"cannot fill \['thing_id'\]"):
        _url(new, _owned(w) | NEUTRAL)


def test_upload_names_are_never_used_as_paths(tmp_path: Path) -> None:
    w = world(tmp_path)
    client = TestClient(w.app, headers=bearer(w.b_token.token))
    data = (SAMPLE / "accounts.pdf").read_bytes()
    names = ["../../x", "/tmp/x", "..\\..\\x", "x/../../../x", "%2e%2e%2fx"]
    answer = client.post("/api/submissions",
                         files=[("files", (name, data + name.encode(), "application/pdf"))
                                for name in names])
    assert answer.status_code == 201, answer.text
    outside = [p for p in tmp_path.rglob("*") if p.name == "x" or p.stem == "x"]
    assert outside == []
    assert not (tmp_path.parent / "x").exists() and not Path("/tmp/x").exists()
    kept = [p.relative_to(w.storage) for p in w.storage.rglob("*") if p.is_file()]
    assert all(".." not in p.parts for p in kept)
    submission = w.repos.submissions.get(answer.json()["id"])
    assert [f.original_name for f in submission.files] == names  # display text only


@pytest.mark.parametrize(("name", "declared", "content"), [
    ("insurance.pdf", "application/pdf", b"MZ\x90\x00\x03" + b"\x00" * 2000),  # a program
    ("policy.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     b"<html><script>alert(1)</script></html>"),
    ("accounts.xlsx", "application/vnd.ms-excel", b"\x7fELF\x02\x01\x01" + b"\x00" * 500),
    ("photo.png", "image/png", b"just some words\n" * 40),
])
def test_content_that_is_not_an_accepted_type_is_refused_whatever_its_name_or_type(
    tmp_path: Path, name: str, declared: str, content: bytes,
) -> None:
    w = world(tmp_path)
    client = TestClient(w.app, headers=bearer(w.b_token.token))
    answer = client.post("/api/submissions", files=[("files", (name, content, declared))])
    assert answer.status_code == 422
    (refused,) = answer.json()["detail"]["files"]
    assert refused["name"] == name and refused["problem"]
    assert w.repos.submissions.of_provider(B_PROVIDER) == []


def test_an_oversized_upload_is_cut_off_while_it_streams(tmp_path: Path) -> None:
    """The portal answers 413 before the body has all arrived: the rest is never read."""
    with running_portal(tmp_path / "storage") as portal:
        portal.provider_user(B_EMAIL, B_PROVIDER)
        account = portal.repositories.accounts.get(B_EMAIL)
        assert account is not None
        token = api_tokens.create_token(portal.repositories, account, "sync",
                                        dt.datetime.now(dt.UTC)).token
        host, port = portal.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=60) as connection:
            sending = _send_upload(connection, host, token, declared=10 * max_file_bytes())
            reply = b""
            while b"\r\n\r\n" not in reply and (more := connection.recv(65536)):
                reply += more
            sent_when_answered = sending.sent
            connection.shutdown(socket.SHUT_RDWR)
            sending.join(60)
        assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
        assert sent_when_answered < 2 * max_file_bytes()  # the declared 200 MiB never read
        kept = [p for p in (tmp_path / "storage").rglob("*")
                if p.is_file() and p.stat().st_size > 1024 * 1024]
        assert kept == []  # nothing of it was kept


class _Sender(threading.Thread):
    """Sends a multipart upload's head, then a file's bytes until the connection is closed."""

    def __init__(self, connection: socket.socket, head: bytes, declared: int) -> None:
        super().__init__(daemon=True)
        self.connection, self.head, self.declared, self.sent = connection, head, declared, 0

    def run(self) -> None:
        chunk = b"%PDF-1.7\n" + b"0" * (1024 * 1024 - 9)
        try:
            self.connection.sendall(self.head)
            while self.sent < self.declared:
                self.connection.sendall(chunk)
                self.sent += len(chunk)
        except OSError:
            pass  # closed: the portal answered


def _send_upload(connection: socket.socket, host: str, token: str, declared: int) -> _Sender:
    boundary = "xyzzy"
    part = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; "
            f"filename=\"big.pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
    head = (f"POST /api/submissions HTTP/1.1\r\nHost: {host}\r\n"
            f"Authorization: Bearer {token}\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
            f"Content-Length: {len(part) + declared}\r\n\r\n{part}").encode()
    sender = _Sender(connection, head, declared)
    sender.start()
    return sender
