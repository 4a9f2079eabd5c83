"""Where notices live: with their submission, one folder per notice (the key layout of notices).

    submissions/{submission_id}/notices/{notice_id}/notice.json   the record, written last
    submissions/{submission_id}/notices/{notice_id}/{notice_id}.docx
    submissions/{submission_id}/notices/{notice_id}/{notice_id}.pdf   where one could be made

Four segments or more, so `storage.keys.submission_id_of` never mistakes them for a submission.
"""

from __future__ import annotations

from storage.keys import safe

RECORD_NAME = "notice.json"


def notices_of(submission_id: str) -> str:
    """The prefix under which every notice of a submission is kept."""
    return f"submissions/{safe(submission_id)}/notices/"


def notice_folder(submission_id: str, notice_id: str) -> str:
    return f"{notices_of(submission_id)}{safe(notice_id)}/"


def notice_record(submission_id: str, notice_id: str) -> str:
    return f"{notice_folder(submission_id, notice_id)}{RECORD_NAME}"


def notice_docx(submission_id: str, notice_id: str) -> str:
    return f"{notice_folder(submission_id, notice_id)}{safe(notice_id)}.docx"


def notice_pdf(submission_id: str, notice_id: str) -> str:
    return f"{notice_folder(submission_id, notice_id)}{safe(notice_id)}.pdf"


def is_notice_record(key: str) -> bool:
    """Whether `key` is a notice's record (not its letter files, not anything else)."""
    parts = key.split("/")
    return (
        len(parts) == 5
        and parts[0] == "submissions"
        and parts[2] == "notices"
        and parts[4] == RECORD_NAME
    )
