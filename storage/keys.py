"""Where every document lives in the object store: the one place that knows the key layout."""

from __future__ import annotations

import re

_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def safe(part: str) -> str:
    """Return `part` if it can be one key segment, else raise ValueError (no '/', no '..')."""
    if not _SAFE.match(part) or ".." in part:
        raise ValueError(f"not a valid key segment: {part!r}")
    return part


def submission(submission_id: str) -> str:
    return f"submissions/{safe(submission_id)}/submission.json"


SUBMISSIONS_PREFIX = "submissions/"


def submission_id_of(key: str) -> str | None:
    """The submission id of a submission document's key, None for any other key."""
    parts = key.split("/")
    if len(parts) == 3 and parts[0] == "submissions" and parts[2] == "submission.json":
        return parts[1]
    return None


def original_file(submission_id: str, sha256: str) -> str:
    return f"submissions/{safe(submission_id)}/files/{safe(sha256)}"


def decision(submission_id: str, policy_version: str) -> str:
    return f"decisions/{safe(submission_id)}/{safe(policy_version)}.json"


def decisions_of(submission_id: str) -> str:
    return f"decisions/{safe(submission_id)}/"


def what_if_decision(submission_id: str, policy_version: str, as_of: str) -> str:
    """A decision made for comparison only: apart from the decisions that count."""
    return f"{what_ifs_of(submission_id)}{safe(policy_version)}-{safe(as_of)}.json"


def what_ifs_of(submission_id: str) -> str:
    return f"what-ifs/{safe(submission_id)}/"


def register_entry(provider: str, lot: str) -> str:
    return f"register/{safe(provider)}/{safe(lot)}.json"


REGISTER_PREFIX = "register/"


def review(review_id: str) -> str:
    return f"reviews/{safe(review_id)}.json"


REVIEWS_PREFIX = "reviews/"


def audit_event(event_id: str) -> str:
    return f"audit/{safe(event_id)}.json"


AUDIT_PREFIX = "audit/"


def snapshot_original(source: str, snapshot_id: str) -> str:
    return f"snapshots/{safe(source)}/{safe(snapshot_id)}/original"


def snapshot_record(source: str, snapshot_id: str) -> str:
    return f"snapshots/{safe(source)}/{safe(snapshot_id)}/record.json"


def snapshot_refresh(source: str, snapshot_id: str) -> str:
    return f"snapshots/{safe(source)}/{safe(snapshot_id)}/refresh.json"


def current_snapshot(source: str) -> str:
    return f"snapshots/{safe(source)}/current.json"


def renewal_original(provider: str, sha256: str) -> str:
    """A renewed certificate a registered provider sent, kept byte for byte under its checksum."""
    return f"{renewals_of(provider)}{safe(sha256)}/original"


def renewals_of(provider: str) -> str:
    return f"renewals/{safe(provider)}/"


def account(email_sha256: str) -> str:
    """A portal account, under the sha256 of its lowercased email (an address is no key segment)."""
    return f"accounts/{safe(email_sha256)}.json"


ACCOUNTS_PREFIX = "accounts/"


def invitation(token_sha256: str) -> str:
    """An invitation, under the sha256 of its one-time token (the token itself is never kept)."""
    return f"invitations/{safe(token_sha256)}.json"


def draft(provider: str, draft_id: str) -> str:
    """A provider's unfinished application (its files are kept beside it)."""
    return f"{drafts_of(provider)}{safe(draft_id)}/draft.json"


def drafts_of(provider: str) -> str:
    return f"drafts/{safe(provider)}/"


def draft_file(provider: str, draft_id: str, sha256: str) -> str:
    """A file a provider uploaded to a draft, kept byte for byte under its checksum."""
    return f"{drafts_of(provider)}{safe(draft_id)}/files/{safe(sha256)}"


def notification(key: str) -> str:
    """A notification's record, under the sha256 of what it is about and its recipient."""
    return f"{NOTIFICATIONS_PREFIX}{safe(key)}.json"


NOTIFICATIONS_PREFIX = "notifications/"


def api_token(token_id: str) -> str:
    """A provider's API token's record (its sha256, never the token), under its public id."""
    return f"{API_TOKENS_PREFIX}{safe(token_id)}.json"


API_TOKENS_PREFIX = "api-tokens/"
