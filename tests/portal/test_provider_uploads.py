"""Uploads to the running portal (uvicorn, a real socket): a file over the limit is cut off while
it streams, and the portal never holds it whole."""

from __future__ import annotations

import re
import tracemalloc
from collections.abc import Iterator

import httpx

from services.uploads import max_file_bytes
from tests.portal.harness import PASSWORD, RunningPortal

BOUNDARY = "----dps-test-boundary"
CHUNK = bytes(range(256)) * 256  # 64 KiB, the same object each time: the client holds one


def _signed_in(portal: RunningPortal, email: str, provider: str) -> tuple[httpx.Client, str]:
    portal.provider_user(email, provider)
    client = httpx.Client(base_url=portal.url, timeout=120)
    token = _token(client, "/sign-in")
    client.post("/sign-in", data={"csrf_token": token, "email": email, "password": PASSWORD})
    return client, _token(client, "/applications")


def _token(client: httpx.Client, path: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert found is not None
    return found.group(1)


def _form(token: str, name: str, size: int) -> Iterator[bytes]:
    """A multipart body made as it is sent: the token first, then a file of `size` bytes."""
    yield (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}'
           f'\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; '
           f'filename="{name}"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n').encode()
    for _ in range(size // len(CHUNK)):
        yield CHUNK
    yield f"\r\n--{BOUNDARY}--\r\n".encode()


def test_a_file_over_the_limit_is_cut_off_while_streaming_and_never_held_whole(
    portal: RunningPortal,
) -> None:
    client, token = _signed_in(portal, "stream@acme-fostering.example", "acme-fostering")
    started = client.post("/drafts", data={"csrf_token": token}, follow_redirects=False)
    draft_id = started.headers["location"].rsplit("/", 1)[1]
    size = max_file_bytes() + 10 * 1024 * 1024  # 30 MB against a 20 MB limit
    tracemalloc.start()
    try:
        answer = client.post(
            f"/drafts/{draft_id}/files", content=_form(token, "huge.pdf", size),
            headers={"content-type": f"multipart/form-data; boundary={BOUNDARY}",
                     "accept": "application/json"})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    (result,) = answer.json()["files"]
    assert (result["name"], result["kept"]) == ("huge.pdf", False)
    assert result["problem"] == "huge.pdf is larger than the 21 MB limit"
    assert portal.repositories.drafts.get("acme-fostering", draft_id).files == ()
    # client and portal in this process together: far below the file, let alone the body
    assert peak < size / 10, f"peak {peak:,} bytes for a {size:,}-byte upload"
