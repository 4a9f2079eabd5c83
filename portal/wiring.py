"""The settings and repositories `dps portal` and `dps accounts` run with.

The only place in portal/ that reads the environment; the lead engineer's bootstrap module will
take it over.
"""

from __future__ import annotations

import os
from pathlib import Path

from services.settings import Settings
from storage.config import open_object_store
from storage.repositories import Repositories


def settings_and_repositories() -> tuple[Settings, Repositories]:
    """Settings from DPS_* variables, and the repositories over the store they name."""
    settings = Settings()
    store = open_object_store(settings.storage or None, cwd=Path.cwd(), env=dict(os.environ))
    return settings, Repositories(store)
