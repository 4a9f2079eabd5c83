"""The portal under test: served by uvicorn on a free port over temporary local storage, and
`check_page`, which runs axe-core in the page and keeps a screenshot of it."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI

from portal.app import create_app
from services import accounts
from services.settings import Settings
from storage.local import LocalObjectStore
from storage.repositories import Repositories

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
#: every WCAG 2.0, 2.1 and 2.2 success criterion at levels A and AA that axe-core checks
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PASSWORD = "correct horse battery staple"


def portal_settings(storage: Path, url: str = "http://127.0.0.1:8000") -> Settings:
    return Settings(storage=str(storage), portal_url=url, portal_secret=secrets.token_urlsafe(32),
                    council_name="Midshire County Council",
                    partner_authorities=("North Borough Council",), notice_pdf=False)


@dataclass
class RunningPortal:
    url: str
    settings: Settings
    repositories: Repositories
    app: FastAPI

    def invite_provider(self, email: str, provider_id: str) -> str:
        """An invitation made as `dps accounts invite --provider` makes it; its link."""
        return accounts.invite_provider(self.repositories, self.settings, email=email,
                                        provider_id=provider_id, invited_by="test",
                                        now=dt.datetime.now(dt.UTC)).link

    def provider_user(self, email: str, provider_id: str) -> str:
        """A provider user with PASSWORD set; their email."""
        link = self.invite_provider(email, provider_id)
        accounts.set_password(self.repositories, token=link.rsplit("/", 1)[1],
                              password=PASSWORD, now=dt.datetime.now(dt.UTC))
        return email


@contextmanager
def running_portal(storage: Path) -> Iterator[RunningPortal]:
    """The portal on 127.0.0.1 and a port the OS chose, in a background thread."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    settings = portal_settings(storage, url)
    repositories = Repositories(LocalObjectStore(storage))
    app = create_app(settings, repositories)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the portal did not start")
        time.sleep(0.02)
    try:
        yield RunningPortal(url, settings, repositories, app)
    finally:
        server.should_exit = True
        thread.join(10)
        listener.close()


def check_page(page: Any, name: str) -> None:
    """Keep a full-page screenshot as test-artifacts/screenshots/NAME.png, then assert axe-core
    finds no WCAG 2.0/2.1/2.2 A or AA violation on the page as it stands."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    # evaluated through the DevTools protocol: the page's CSP (self and a nonce) does not apply,
    # so the portal needs no exception for the test
    page.evaluate(f"() => {{ {AXE}\n }}")
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: "
        "['violations']})", WCAG_TAGS)
    violations = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [node["target"] for node in v["nodes"]]}
        for v in results["violations"]
    ]
    assert violations == [], f"{name}: axe-core violations\n{json.dumps(violations, indent=2)}"


def tab_to(page: Any, selector: str, most: int = 40) -> None:
    """Press Tab until the element matching `selector` has the focus (the keyboard alone)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)",
                         selector):
            return
    raise AssertionError(f"{most} presses of Tab never reached {selector}")


#: the page's own submit button (the header's sign-out is a button too)
SUBMIT = "main button[type=submit]"


def sign_in_by_keyboard(page: Any, email: str) -> None:
    """Sign in as `email` (password PASSWORD) with Tab, typing and Enter alone."""
    page.goto("/sign-in")
    tab_to(page, "#email")
    page.keyboard.type(email)
    tab_to(page, "#password")
    page.keyboard.type(PASSWORD)
    tab_to(page, SUBMIT)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def follow_by_keyboard(page: Any, selector: str) -> None:
    """Tab to the link matching `selector` and follow it with Enter."""
    tab_to(page, selector, most=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")
