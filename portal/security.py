"""Security headers on every response, and the CSRF check on every unsafe request.

Both are plain ASGI middleware, so no route can be added that escapes them, and the CSRF check
reads no more of an upload than its first part: uploads still stream.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from urllib.parse import parse_qs

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
#: a form without files is small; the check reads it whole, so it is bounded
MAX_FORM_BYTES = 256 * 1024
#: the token is the first field of a multipart form (forms put it first): this much is enough
MAX_MULTIPART_PREFIX = 16 * 1024

log = logging.getLogger(__name__)


def content_security_policy(nonce: str) -> str:
    # govuk-frontend's one inline script (it marks the body as JavaScript-enabled) runs by nonce
    return (f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; "
            "img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'")


class SecurityHeaders:
    """Gives each request a CSP nonce, adds the security headers, and turns an unhandled error
    into the 500 page (inside this middleware, so that page has the headers too)."""

    def __init__(self, app: ASGIApp, *, error_page: Callable[[Scope], Response],
                 https: bool = False) -> None:
        self.app = app
        self.error_page = error_page
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})["csp_nonce"] = nonce
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = content_security_policy(nonce)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "same-origin"
                headers["X-Frame-Options"] = "DENY"
                if self.https:
                    headers["Strict-Transport-Security"] = "max-age=31536000"
                if not scope["path"].startswith("/static/"):
                    # pages show a person's applications: never kept by a shared browser's cache
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("unhandled error in %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            await self.error_page(scope)(scope, receive, send_with_headers)


class CsrfProtection:
    """Refuses an unsafe request whose CSRF token (form field or header) is not the session's.

    API calls with an Authorization header are left to their token check: a browser cannot
    send that header to another site's API without its consent (CORS), so they carry no
    ambient credential to abuse. Must sit inside the session middleware.
    """

    def __init__(self, app: ASGIApp, *, refusal: Callable[[Scope], Response]) -> None:
        self.app = app
        self.refusal = refusal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS or _is_token_api(scope):
            await self.app(scope, receive, send)
            return
        expected = scope.get("session", {}).get("csrf", "")
        headers = Headers(scope=scope)
        given = headers.get(CSRF_HEADER)
        buffered: list[Message] = []
        if given is None:
            given, buffered = await _token_from_body(headers, receive)
        if not expected or not given or not secrets.compare_digest(given, expected):
            await self.refusal(scope)(scope, receive, send)
            return
        await self.app(scope, _replaying(buffered, receive), send)


def _is_token_api(scope: Scope) -> bool:
    path: str = scope["path"]
    return path.startswith("/api/") and "authorization" in Headers(scope=scope)


async def _token_from_body(headers: Headers, receive: Receive) -> tuple[str | None, list[Message]]:
    """The token field of a form body, and the messages read to find it (to be replayed)."""
    kind = headers.get("content-type", "")
    if kind.startswith("application/x-www-form-urlencoded"):
        body, messages = await _read(receive, MAX_FORM_BYTES, until=None)
        if body is None:
            return None, messages
        values = parse_qs(body.decode("latin-1"), keep_blank_values=True).get(CSRF_FIELD, [])
        return (values[0] if len(values) == 1 else None), messages
    if kind.startswith("multipart/form-data") and "boundary=" in kind:
        boundary = kind.split("boundary=", 1)[1].split(";")[0].strip().strip('"').encode()
        delimiter = b"\r\n--" + boundary
        prefix, messages = await _read(receive, MAX_MULTIPART_PREFIX, until=delimiter)
        return (_first_part_token(prefix, boundary) if prefix else None), messages
    return None, []


async def _read(receive: Receive, limit: int, until: bytes | None
                ) -> tuple[bytes | None, list[Message]]:
    """Read the body until it ends or `until` appears (a multipart form's first part has
    ended); None when that takes more than `limit` bytes."""
    messages: list[Message] = []
    body = b""
    while True:
        message = await receive()
        messages.append(message)
        body += message.get("body", b"")
        # a whole upload may come in one message: look for the end of the first part first
        if until is not None and until in body[: limit + len(until)]:
            return body, messages
        if len(body) > limit:
            return None, messages
        if not message.get("more_body", False):
            return body, messages


def _first_part_token(body: bytes, boundary: bytes) -> str | None:
    opening = b"--" + boundary + b"\r\n"
    if not body.startswith(opening):
        return None
    part = body[len(opening):].split(b"\r\n--" + boundary, 1)[0]
    head, _, value = part.partition(b"\r\n\r\n")
    if f'name="{CSRF_FIELD}"'.encode() not in head.lower() or b"filename=" in head.lower():
        return None
    return value.decode("latin-1")


def _replaying(messages: list[Message], receive: Receive) -> Receive:
    """A receive that gives back what was read, then reads on."""
    pending = list(messages)

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay
