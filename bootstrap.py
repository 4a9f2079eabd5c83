"""The one place the deployment is wired together.

It reads the environment once into the typed Settings, opens the repositories over the storage
they name, and says how letters get their PDF and how a new submission is announced to Prefect.
The flows, the command line and the portal take what they need from here; the services get it
as arguments, so a worker, a test or the portal can run them with settings of its own.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path

from domain.models import Submission
from domain.notices import NoticeRecord
from services.settings import Settings
from storage.accounts import Role
from storage.config import open_object_store
from storage.local import LocalObjectStore
from storage.repositories import Repositories


def settings() -> Settings:
    """The settings of this process's environment (read again when a DPS_* variable changes)."""
    return _settings(tuple(sorted((k, v) for k, v in os.environ.items()
                                  if k.startswith("DPS_"))))


@functools.cache
def _settings(_dps_environment: tuple[tuple[str, str], ...]) -> Settings:
    return Settings()


def repositories(configured: Settings | None = None) -> Repositories:
    """The repositories over the configured store (one per process, storage and folder)."""
    return _repositories((configured or settings()).storage, os.getcwd())


@functools.cache
def _repositories(url: str, cwd: str) -> Repositories:
    # the S3 adapter reads AWS_* (credentials, endpoint) as boto3 does: they are not ours to type
    return Repositories(open_object_store(url or None, cwd=Path(cwd), env=dict(os.environ)))


def scratch_folder(repos: Repositories) -> Path | None:
    """Where a run's temporary files go: inside local storage (its reserved .dps tree, never
    listed as keys), so a killed run leaves nothing outside the storage; None for S3 storage
    (the system's temporary folder, each file removed when its work ends)."""
    store = repos.store
    return store.root / ".dps" / "scratch" if isinstance(store, LocalObjectStore) else None


def pdf_maker(configured: Settings | None = None) -> Callable[[bytes], bytes | None]:
    """How letters get their PDF: LibreOffice where installed, unless DPS_NOTICE_PDF=0 (tests,
    or a machine where the DOCX is enough)."""
    from notices.pdf import to_pdf

    configured = configured or settings()
    if not configured.notice_pdf:
        return lambda _docx: None
    return functools.partial(to_pdf, scratch=scratch_folder(repositories(configured)))


def announce(submission: Submission) -> bool:
    """Tell Prefect a submission arrived (best effort: the intake-on-arrival deployment decides
    it at once; otherwise the next run picks it up)."""
    from flows.events import announce_submission

    return announce_submission(submission)


def notifier(configured: Settings | None = None,
             repos: Repositories | None = None) -> Callable[[NoticeRecord], object]:
    """How the provider's users are told that a letter was issued: an email each, through the
    notification port the settings name (SMTP where DPS_SMTP_HOST is set, else an outbox
    folder), sent once per letter and user whatever calls it again."""
    from services.notifications import notification_port, notify_letter_issued

    configured = configured or settings()
    repos = repos or repositories(configured)
    port = notification_port(configured, repos.store)

    def notify(record: NoticeRecord) -> object:
        recipients = provider_users(repos, record.provider)
        if not recipients:
            return []
        return notify_letter_issued(repos, configured, port, record.submission_id,
                                    record.docx_key, recipients)

    return notify


def provider_users(repos: Repositories, provider_id: str) -> list[str]:
    """The email addresses of the provider's portal users (invited ones too: their invitation
    lets them sign in to read the letter)."""
    return [account.email for account in repos.accounts.all()
            if account.role is Role.PROVIDER and account.provider_id == provider_id]
