"""A provider is told by email when a letter is issued: an outbox folder by default, SMTP where
configured (a real aiosmtpd server on this machine), and never twice."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from domain.notifications import NotificationRecord, NotificationState
from services.notifications import (
    NotificationFailed,
    OutboxNotifications,
    SmtpNotifications,
    notification_key,
    notification_port,
    notify_letter_issued,
)
from services.settings import Settings
from storage.local import LocalObjectStore
from storage.notifications import NotificationLog
from storage.repositories import Repositories

NOW = dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.UTC)
LETTER = "notices/S-20261203-100000-abc123/decision-2026.1.docx"
SUBMISSION = "S-20261203-100000-abc123"
USERS = ["Owner@Acorn.example", "office@acorn.example"]


class Inbox:
    """An aiosmtpd handler keeping what it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"


def authenticate(server: Any, session: Any, envelope: Any, mechanism: str,
                 data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"dps", b"pw-123")
    return AuthResult(success=ok)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# a login over plain text, which aiosmtpd warns about: on localhost, in a test, it is what we want
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on localhost that asks for a login (over plain text: test only)."""
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=authenticate,
                            auth_required=True, auth_require_tls=False)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def repos(tmp_path: Path) -> Repositories:
    return Repositories(LocalObjectStore(tmp_path / "data"))


def smtp_settings(port: int, **more: Any) -> Settings:
    return Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_user="dps",
                    smtp_password="pw-123", smtp_starttls=False, council_name="Shire County "
                    "Council", portal_url="https://dps.shire.example", **more)


def test_each_user_gets_one_email_through_smtp_even_when_told_twice(
    repos: Repositories, smtp_server: tuple[Inbox, int],
) -> None:
    inbox, port = smtp_server
    settings = smtp_settings(port)
    port_ = notification_port(settings, repos.store)
    assert isinstance(port_, SmtpNotifications)
    first = notify_letter_issued(repos, settings, port_, SUBMISSION, LETTER, USERS, now=NOW)
    again = notify_letter_issued(repos, settings, port_, SUBMISSION, LETTER,
                                 [u.upper() for u in USERS], now=NOW)
    assert [r.state for r in first] == [NotificationState.SENT] * 2
    assert [r.state for r in again] == [NotificationState.SENT] * 2
    assert len(inbox.messages) == 2
    message = inbox.messages[0]
    assert message["Subject"] == f"A letter was issued for your application {SUBMISSION}"
    assert message["To"] == "Owner@Acorn.example"
    body = message.get_body().get_content()
    assert "Shire County Council has issued a letter" in body
    assert "https://dps.shire.example" in body
    assert LETTER not in body  # storage keys are no business of the provider's


def test_a_wrong_smtp_password_fails_and_a_later_call_sends_it_once(
    repos: Repositories, smtp_server: tuple[Inbox, int],
) -> None:
    inbox, port = smtp_server
    wrong = SmtpNotifications("127.0.0.1", port, user="dps", password="wrong", starttls=False,
                              timeout=3)
    (failed,) = notify_letter_issued(repos, Settings(), wrong, SUBMISSION, LETTER, USERS[:1],
                                     now=NOW)
    assert failed.state is NotificationState.FAILED and failed.problem
    right = SmtpNotifications("127.0.0.1", port, user="dps", password="pw-123", starttls=False)
    (sent,) = notify_letter_issued(repos, Settings(), right, SUBMISSION, LETTER, USERS[:1],
                                   now=NOW)
    notify_letter_issued(repos, Settings(), right, SUBMISSION, LETTER, USERS[:1], now=NOW)
    assert (sent.state, sent.attempts) == (NotificationState.SENT, 2)
    assert len(inbox.messages) == 1


def test_a_server_that_cannot_be_reached_is_a_failed_delivery(repos: Repositories) -> None:
    nowhere = SmtpNotifications("127.0.0.1", free_port(), starttls=False, timeout=2)
    with pytest.raises(NotificationFailed):
        nowhere.deliver(EmailMessage(), "k")


def test_by_default_each_message_is_an_eml_file_in_the_storage_outbox(
    tmp_path: Path, repos: Repositories,
) -> None:
    outbox = notification_port(Settings(), repos.store)
    assert isinstance(outbox, OutboxNotifications)
    notify_letter_issued(repos, Settings(), outbox, SUBMISSION, LETTER, USERS, now=NOW)
    notify_letter_issued(repos, Settings(), outbox, SUBMISSION, LETTER, USERS, now=NOW)
    files = sorted((tmp_path / "data" / "outbox").glob("*.eml"))
    assert [f.stem for f in files] == sorted(notification_key(LETTER, u) for u in USERS)
    parsed = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert SUBMISSION in parsed["Subject"]


def test_a_configured_outbox_folder_is_used_instead(tmp_path: Path, repos: Repositories) -> None:
    settings = Settings(notification_outbox=tmp_path / "mail")
    port = notification_port(settings, repos.store)
    notify_letter_issued(repos, settings, port, SUBMISSION, LETTER, USERS[:1], now=NOW)
    names = sorted(f.name for f in (tmp_path / "mail").iterdir())
    assert names == [".dps", f"{notification_key(LETTER, USERS[0])}.eml"]  # .dps: the store's


def test_a_notification_left_sending_by_a_crash_is_never_sent_again(
    repos: Repositories, smtp_server: tuple[Inbox, int],
) -> None:
    inbox, port = smtp_server
    key = notification_key(LETTER, USERS[0])
    # what a process killed between recording the notification and delivering it leaves
    NotificationLog(repos.store).claim(NotificationRecord(
        key=key, about=LETTER, submission_id=SUBMISSION, recipient=USERS[0],
        state=NotificationState.SENDING, claim="crashed", claimed_at=NOW))
    settings = smtp_settings(port)
    (left,) = notify_letter_issued(repos, settings, notification_port(settings, repos.store),
                                   SUBMISSION, LETTER, USERS[:1], now=NOW)
    assert (left.state, left.claim) == (NotificationState.SENDING, "crashed")
    assert inbox.messages == []


@pytest.mark.parametrize("recipient", [
    "", "two@a.example, three@b.example", "x@y.example\r\nBcc: z@w.example", "Name <x@y.example>",
])
def test_anything_but_one_email_address_is_refused_before_anything_is_sent(
    repos: Repositories, recipient: str,
) -> None:
    outbox = notification_port(Settings(), repos.store)
    with pytest.raises(ValueError, match="not one email address"):
        notify_letter_issued(repos, Settings(), outbox, SUBMISSION, LETTER,
                             [USERS[0], recipient], now=NOW)
    assert list(repos.store.list()) == []


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, as an internal mail relay might have."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "relay.test")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "relay.pem", folder / "relay.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture
def tls_smtp_server(tmp_path: Path) -> Iterator[tuple[Inbox, int, Path]]:
    """A real SMTP server that requires STARTTLS before a login, with its own certificate."""
    cert, key = self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=authenticate,
                            auth_required=True, require_starttls=True, tls_context=context)
    controller.start()
    try:
        yield inbox, port, cert
    finally:
        controller.stop()


def test_starttls_with_the_relays_certificate_sends_and_without_it_sends_nothing(
    repos: Repositories, tls_smtp_server: tuple[Inbox, int, Path],
) -> None:
    inbox, port, cert = tls_smtp_server
    untrusted = Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_user="dps",
                         smtp_password="pw-123", smtp_timeout_seconds=5)
    (refused,) = notify_letter_issued(repos, untrusted, notification_port(untrusted, repos.store),
                                      SUBMISSION, LETTER, USERS[:1], now=NOW)
    assert refused.state is NotificationState.FAILED
    assert refused.problem and "certificate verify failed" in refused.problem
    trusted = untrusted.model_copy(update={"smtp_ca_file": cert})
    (sent,) = notify_letter_issued(repos, trusted, notification_port(trusted, repos.store),
                                   SUBMISSION, LETTER, USERS[:1], now=NOW)
    assert sent.state is NotificationState.SENT
    assert [m["To"] for m in inbox.messages] == [USERS[0]]
