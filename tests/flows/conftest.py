"""Fixtures of the flow tests: flows run in this process on storage of their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows import settings
from storage.repositories import Repositories


@pytest.fixture
def flow_repos(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prefect_harness: None
) -> Repositories:
    """The repositories the flows will use (DPS_STORAGE in this test's folder), with the
    session's temporary Prefect API running."""
    monkeypatch.setenv("DPS_STORAGE", str(tmp_path / "data"))
    return settings.repositories()
