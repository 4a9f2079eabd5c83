"""The submission's event: sent after the submission is stored, best effort, and only to a
configured server. (Delivery to a real server and its trigger: test_deployments.py.)"""

from __future__ import annotations

import pytest

import bootstrap
from flows import events
from services.submissions import Upload, submit
from storage.memory import InMemoryObjectStore
from storage.repositories import Repositories

UPLOAD = Upload("application.pdf", b"%PDF-1.4 an application")


@pytest.fixture
def repos() -> Repositories:
    return Repositories(InMemoryObjectStore())


def test_without_prefect_api_url_nothing_is_emitted(
    repos: Repositories, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setattr(events, "_emit", lambda *a: pytest.fail("emitted without a server"))
    submission = submit(repos, [UPLOAD], "acme", announce=bootstrap.announce)
    assert repos.submissions.get(submission.id) == submission


def test_the_event_is_emitted_only_once_the_submission_is_stored(
    repos: Repositories, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4200/api")
    sent: list[tuple[str, dict[str, str], dict[str, object]]] = []

    def emit(event: str, resource: dict[str, str], payload: dict[str, object]) -> bool:
        stored = repos.submissions.get(resource[events.SUBMISSION_ID_LABEL])
        assert stored.files[0].original_name == "application.pdf"
        sent.append((event, resource, payload))
        return True

    monkeypatch.setattr(events, "_emit", emit)
    submission = submit(repos, [UPLOAD], "acme", announce=bootstrap.announce)
    ((event, resource, payload),) = sent
    assert event == "dps.submission.received"
    assert resource["prefect.resource.id"] == f"dps.submission.{submission.id}"
    assert (resource["dps.provider"], payload["files"]) == ("acme", ["application.pdf"])


def test_a_failing_event_never_fails_the_submission(
    repos: Repositories, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4200/api")

    def broken(*args: object) -> bool:
        raise ConnectionError("the server went away")

    monkeypatch.setattr(events, "_emit", broken)
    submission = submit(repos, [UPLOAD], "acme", announce=bootstrap.announce)
    assert repos.submissions.get(submission.id) == submission
    assert events.announce_submission(submission) is False
