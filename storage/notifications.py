"""The notification log: one record per notification, created before it is sent (write-once), so
that a retry, a second caller or a restart after a crash never sends it again."""

from __future__ import annotations

from collections.abc import Callable

from domain.notifications import NotificationRecord
from storage import keys
from storage.documents import Documents
from storage.objects import ObjectStore

OUTBOX_PREFIX = "outbox/"


class NotificationLog:
    def __init__(self, store: ObjectStore) -> None:
        self._docs = Documents(store)

    def claim(self, record: NotificationRecord) -> bool:
        """Record a notification about to be sent; False when it was recorded before."""
        return self._docs.create(keys.notification(record.key), record)

    def get(self, key: str) -> NotificationRecord | None:
        return self._docs.find(keys.notification(key), NotificationRecord)

    def update(self, key: str, change: Callable[[NotificationRecord], NotificationRecord | None]
               ) -> NotificationRecord | None:
        """Change a record with optimistic concurrency (`change` gets None for no record: it
        must then return None)."""
        return self._docs.update(keys.notification(key), NotificationRecord,
                                 lambda current: change(current) if current else None)

    def all(self) -> list[NotificationRecord]:
        return sorted(self._docs.all(keys.NOTIFICATIONS_PREFIX, NotificationRecord),
                      key=lambda record: record.claimed_at)
