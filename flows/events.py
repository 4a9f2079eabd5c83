"""Prefect events the pipeline emits, so deployments can react (the intake-on-arrival trigger).

An event is best effort: it is sent only when a Prefect server is configured (PREFECT_API_URL in
the environment, as `prefect server start` tells you to set), never fails the caller, prints
nothing, and waits a bounded time. Measured on Prefect 3.9.1 (2-core machine):

- with no PREFECT_API_URL, `prefect.events.emit_event` starts a temporary server in the background
  (11.5 s), then prints "Still processing items" at exit; the event dies with that server, as
  nobody listens to it. So nothing is sent then, and Prefect is not even imported (1.4 s).
- with a PREFECT_API_URL nobody answers, emit_event returns at once but the process waits about
  7 s at exit retrying, and logs two warnings. So the server's health is asked first (~1.5 s
  when refused).
- with a server, emit_event queues the event for a background thread; the first event of a
  process takes ~0.6 s to arrive (the websocket connects). The caller waits for it at most
  FLUSH_SECONDS, so a command that exits right after has delivered its event.
"""

from __future__ import annotations

import logging
import os
import threading

from domain.models import Submission

SUBMISSION_RECEIVED = "dps.submission.received"
SUBMISSION_RESOURCE_PREFIX = "dps.submission."
SUBMISSION_ID_LABEL = "dps.submission.id"
HEALTH_SECONDS = 3.0
FLUSH_SECONDS = 5.0

logger = logging.getLogger(__name__)


def is_server_configured() -> bool:
    """Whether a Prefect server is configured in the environment (PREFECT_API_URL)."""
    return bool(os.environ.get("PREFECT_API_URL", "").strip())


def submission_received(submission: Submission) -> tuple[dict[str, str], dict[str, object]]:
    """The resource and payload of the event announcing a stored submission."""
    resource = {
        "prefect.resource.id": f"{SUBMISSION_RESOURCE_PREFIX}{submission.id}",
        "prefect.resource.name": submission.id,
        SUBMISSION_ID_LABEL: submission.id,
        "dps.provider": submission.provider,
    }
    payload: dict[str, object] = {
        "submission_id": submission.id,
        "provider": submission.provider,
        "received_at": submission.received_at.isoformat(),
        "files": [f.original_name for f in submission.files],
    }
    return resource, payload


def announce_submission(submission: Submission) -> bool:
    """Emit `dps.submission.received` for a stored submission; whether it was delivered. Never
    raises: the submission is kept whatever happens here, and `dps process` (or the
    intake-pending deployment) decides it anyway."""
    if not is_server_configured():
        return False
    try:
        resource, payload = submission_received(submission)
        return _emit(SUBMISSION_RECEIVED, resource, payload)
    except Exception:  # best effort by design: an event must never fail a submission
        logger.info("event %s for %s not sent", SUBMISSION_RECEIVED, submission.id, exc_info=True)
        return False


def _emit(event: str, resource: dict[str, str], payload: dict[str, object]) -> bool:
    if not _is_server_healthy():
        logger.info("event %s not sent: the Prefect server does not answer", event)
        return False
    from prefect.events import emit_event

    if emit_event(event, resource=resource, payload=payload) is None:
        return False
    return _flush(FLUSH_SECONDS)


def _is_server_healthy() -> bool:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True, httpx_settings={"timeout": HEALTH_SECONDS}) as client:
        return client.api_healthcheck() is None


def _flush(timeout: float) -> bool:
    """Wait (at most `timeout` seconds) until Prefect's events thread has sent what is queued."""
    from prefect.events.worker import EventsWorker

    worker = EventsWorker.instance()
    sent = threading.Event()

    def wait() -> None:
        worker.wait_until_empty()
        sent.set()

    threading.Thread(target=wait, name="dps-events-flush", daemon=True).start()
    return sent.wait(timeout)
