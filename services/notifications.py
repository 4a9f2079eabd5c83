"""Telling providers by email: the notification port, its two adapters, and the one use the
product has for it so far, "a letter was issued for your application".

    NotificationPort           deliver one message, or raise NotificationFailed
    ├── OutboxNotifications    one .eml file per message in an object store: the storage's own
    │                          outbox/ by default, or a configured folder (nothing to set up)
    └── SmtpNotifications      an SMTP server (host, port, STARTTLS, login from settings)

Sent once, whatever happens: each notification has a key (the letter and the recipient) and is
recorded write-once *before* it is sent (storage/notifications.py). A retry or a second caller
finds the record and sends nothing. A crash between the record and the sending leaves it
"sending", and it is never sent automatically: we chose at most once, because a provider told
twice that a letter was issued is confused, while one not told still sees the letter on the
portal, and the unconfirmed record is there for the team to look at. A delivery the server
refused, or that never reached it, is "failed", and the next call sends it (we know it was not
delivered).
"""

from __future__ import annotations

import abc
import contextlib
import datetime as dt
import hashlib
import re
import smtplib
import ssl
import uuid
from collections.abc import Iterable
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path

from domain.notifications import NotificationRecord, NotificationState
from services.settings import Settings
from storage.errors import ObjectExists
from storage.local import LocalObjectStore
from storage.notifications import OUTBOX_PREFIX, NotificationLog
from storage.objects import ObjectStore
from storage.repositories import Repositories

_ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")


class NotificationFailed(Exception):
    """The message was not delivered: the server refused it or could not be reached."""


class NotificationPort(abc.ABC):
    """Delivers one email message."""

    #: where messages go, in words an operator understands
    location: str

    @abc.abstractmethod
    def deliver(self, message: EmailMessage, key: str) -> None:
        """Deliver `message` (its notification's `key` names it); NotificationFailed if not."""


class OutboxNotifications(NotificationPort):
    """Each message an .eml file (RFC 5322, as the email package writes it) under its key."""

    def __init__(self, store: ObjectStore, prefix: str = OUTBOX_PREFIX) -> None:
        self.store, self.prefix = store, prefix
        self.location = f"{store.location.rstrip('/')}/{prefix}"

    def deliver(self, message: EmailMessage, key: str) -> None:
        with contextlib.suppress(ObjectExists):  # written before: the same message
            self.store.create(f"{self.prefix}{key}.eml", message.as_bytes())


class SmtpNotifications(NotificationPort):
    """One SMTP connection per message, upgraded with STARTTLS and logged in when configured."""

    def __init__(self, host: str, port: int, *, user: str = "", password: str = "",
                 starttls: bool = True, timeout: float = 30.0,
                 ca_file: Path | None = None) -> None:
        self.host, self.port, self.user, self._password = host, port, user, password
        self.starttls, self.timeout, self.ca_file = starttls, timeout, ca_file
        self.location = f"smtp://{host}:{port}"

    def deliver(self, message: EmailMessage, key: str) -> None:
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    # the server's certificate and name are checked: a password never goes
                    # to a server that is not the one configured
                    smtp.starttls(context=ssl.create_default_context(cafile=self.ca_file))
                if self.user:
                    smtp.login(self.user, self._password)
                smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as error:
            raise NotificationFailed(f"{self.location}: {error}") from error


def notification_port(settings: Settings, store: ObjectStore) -> NotificationPort:
    """SMTP when DPS_SMTP_HOST is set; else the outbox folder DPS_NOTIFICATION_OUTBOX; else the
    storage's own outbox/."""
    if settings.smtp_host:
        return SmtpNotifications(
            settings.smtp_host, settings.smtp_port, user=settings.smtp_user,
            password=settings.smtp_password, starttls=settings.smtp_starttls,
            timeout=settings.smtp_timeout_seconds, ca_file=settings.smtp_ca_file)
    if settings.notification_outbox is not None:
        return OutboxNotifications(LocalObjectStore(settings.notification_outbox), prefix="")
    return OutboxNotifications(store)


def notification_key(about: str, recipient: str) -> str:
    """The key of the notification about `about` to `recipient` (an address, any case)."""
    return hashlib.sha256(f"{about}\n{recipient.strip().lower()}".encode()).hexdigest()


def notify_letter_issued(
    repos: Repositories, settings: Settings, port: NotificationPort, submission_id: str,
    letter_key: str, recipients: Iterable[str], *, now: dt.datetime | None = None,
) -> list[NotificationRecord]:
    """Email each recipient that a letter was issued for their application, once each: the
    records as they stand after this call (sent, failed, or left sending by an earlier crash).
    ValueError, before anything is sent, for a recipient that is not one email address."""
    addresses = list(dict.fromkeys(_address(recipient) for recipient in recipients))
    now = now or dt.datetime.now(dt.UTC)
    log = NotificationLog(repos.store)
    records = []
    for address in addresses:
        key = notification_key(letter_key, address)
        message = letter_issued_message(settings, submission_id, address, key, now)
        records.append(_send_once(log, port, message, NotificationRecord(
            key=key, about=letter_key, submission_id=submission_id, recipient=address,
            state=NotificationState.SENDING, claim=uuid.uuid4().hex, claimed_at=now)))
    return records


def letter_issued_message(settings: Settings, submission_id: str, recipient: str, key: str,
                          now: dt.datetime) -> EmailMessage:
    """The email, in plain words: which application, and where to read the letter."""
    message = EmailMessage()
    message["Subject"] = f"A letter was issued for your application {submission_id}"
    message["From"] = settings.smtp_from
    message["To"] = recipient
    message["Date"] = format_datetime(now)
    domain = parseaddr(settings.smtp_from)[1].rpartition("@")[2] or "localhost"
    message["Message-ID"] = f"<{key}@{domain}>"  # the same notification, the same id
    message.set_content(
        "Hello,\n\n"
        f"{settings.council_name} has issued a letter about your application {submission_id}."
        "\n\nSign in to read it and download it:\n"
        f"{settings.portal_url}\n\n"
        "You do not need to reply to this email.\n")
    return message


def _send_once(log: NotificationLog, port: NotificationPort, message: EmailMessage,
               record: NotificationRecord) -> NotificationRecord:
    """Claim the notification, deliver it, and record how that went."""
    if not log.claim(record):
        held = log.update(record.key, lambda current: _retry(current, record))
        if held is None or held.claim != record.claim:
            return held or record  # sent, being sent, or left by a crash: not again
    try:
        port.deliver(message, record.key)
    except NotificationFailed as error:
        problem = str(error)
        return _finish(log, record, NotificationState.FAILED, problem=problem)
    return _finish(log, record, NotificationState.SENT)


def _retry(current: NotificationRecord, attempt: NotificationRecord) -> NotificationRecord | None:
    """Take over a notification whose last delivery failed; leave any other alone."""
    if current.state is not NotificationState.FAILED:
        return None
    return current.model_copy(update={
        "state": NotificationState.SENDING, "claim": attempt.claim, "problem": None,
        "claimed_at": attempt.claimed_at, "attempts": current.attempts + 1})


def _finish(log: NotificationLog, record: NotificationRecord, state: NotificationState,
            problem: str | None = None) -> NotificationRecord:
    def mark(current: NotificationRecord) -> NotificationRecord | None:
        if current.claim != record.claim:
            return None  # another attempt holds it now
        sent_at = record.claimed_at if state is NotificationState.SENT else None
        return current.model_copy(update={"state": state, "sent_at": sent_at,
                                          "problem": problem})

    return log.update(record.key, mark) or record


def _address(recipient: str) -> str:
    """One bare email address (no display name, no second address, no line break)."""
    address = recipient.strip()
    if not _ADDRESS.match(address):
        raise ValueError(f"not one email address: {recipient!r}")
    return address
