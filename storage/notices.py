"""Notices: the letters issued to providers, kept with their submission, each written once."""

from __future__ import annotations

import contextlib

from domain.notices import NoticeRecord
from storage import notice_keys
from storage.documents import Documents
from storage.errors import ObjectExists, ObjectNotFound
from storage.objects import ObjectStore


class Notices:
    """Notice records and their letters; create-only, so a re-run never writes a second notice."""

    def __init__(self, store: ObjectStore) -> None:
        self._docs = Documents(store)
        self._store = store

    def add(self, record: NoticeRecord, docx: bytes, pdf: bytes | None = None) -> bool:
        """Keep the letter(s), then the record; False (nothing new) if the record already exists.

        The record is written last, so a record always has its letter; a letter left by a run
        that crashed before its record is the same notice and is kept as it is.
        """
        if self.get(record.submission_id, record.id) is not None:
            return False
        if (pdf is None) != (record.pdf_key is None):
            raise ValueError("a PDF is given exactly when the record has a pdf_key")
        with contextlib.suppress(ObjectExists):
            self._store.create(record.docx_key, docx)
        if pdf is not None and record.pdf_key is not None:
            with contextlib.suppress(ObjectExists):
                self._store.create(record.pdf_key, pdf)
        return self._docs.create(notice_keys.notice_record(record.submission_id, record.id), record)

    def get(self, submission_id: str, notice_id: str) -> NoticeRecord | None:
        """The notice with this id, None when none was issued."""
        return self._docs.find(notice_keys.notice_record(submission_id, notice_id), NoticeRecord)

    def of(self, submission_id: str) -> list[NoticeRecord]:
        """Every notice issued on a submission, oldest first."""
        found = [
            self._docs.read(key, NoticeRecord)
            for key in self._store.list(notice_keys.notices_of(submission_id))
            if notice_keys.is_notice_record(key)
        ]
        return sorted(found, key=lambda record: (record.created_at, record.id))

    def docx(self, record: NoticeRecord) -> bytes:
        """The letter as sent, DOCX."""
        return self._store.get(record.docx_key).data

    def pdf(self, record: NoticeRecord) -> bytes | None:
        """The letter as PDF, None when no PDF could be made when it was issued."""
        if record.pdf_key is None:
            return None
        try:
            return self._store.get(record.pdf_key).data
        except ObjectNotFound:
            return None
