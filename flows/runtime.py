"""How flows are run in-process (the CLI, the tests): without the per-run heartbeat."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings


@contextmanager
def without_heartbeat() -> Iterator[None]:
    """Prefect 3.9 makes each sync flow run wait ~1 s for its heartbeat thread; a run in this
    process is watched by this process, so the heartbeat adds nothing. Only code can turn it off
    (the setting's environment variable does not accept "none")."""
    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):  # type: ignore[dict-item]
        yield


def uses_temporary_api() -> bool:
    """Whether a flow run here starts Prefect's temporary local API (no server is configured)."""
    return not PREFECT_API_URL.value()
