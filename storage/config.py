"""Choose and build the object store from one URL: the only storage module that reads settings.

    (none) or ""          LocalObjectStore(<cwd>/dps-data)
    PATH or file://PATH   LocalObjectStore(PATH), relative paths taken from `cwd`
    s3://BUCKET[/PREFIX]  S3ObjectStore, bucket created (versioned) if missing

The environment is passed in as a mapping, so callers and tests decide what it holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from storage.local import LocalObjectStore
from storage.objects import ObjectStore

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

DEFAULT_FOLDER = "dps-data"
DEFAULT_REGION = "eu-west-2"
ACCEPTED_FORMS = "a folder path, file://PATH or s3://BUCKET[/PREFIX]"


def open_object_store(url: str | None, *, cwd: Path, env: Mapping[str, str]) -> ObjectStore:
    """Build the object store named by `url` (see the module docstring for the accepted forms)."""
    if not url:
        return LocalObjectStore(cwd / DEFAULT_FOLDER)
    scheme = url.partition("://")[0].lower() if "://" in url else ""
    if scheme == "":
        return LocalObjectStore(cwd / Path(url).expanduser())
    if scheme == "file":
        return LocalObjectStore(cwd / _file_url_path(url))
    if scheme == "s3":
        return _open_s3(url, env)
    raise ValueError(f"unsupported object store URL {url!r}: use {ACCEPTED_FORMS}")


def _file_url_path(url: str) -> Path:
    """The path of a file:// URL; 'file://data' is read as the relative folder 'data'."""
    parts = urlsplit(url)
    if parts.netloc in ("", "localhost"):
        return Path(unquote(parts.path))
    return Path(unquote(parts.netloc + parts.path))


def _open_s3(url: str, env: Mapping[str, str]) -> ObjectStore:
    """An S3ObjectStore for s3://bucket/prefix, with the bucket created and versioned if needed."""
    from storage.s3 import S3ObjectStore, ensure_bucket  # boto3 only loads when S3 is used

    parts = urlsplit(url)
    if not parts.netloc:
        raise ValueError(f"object store URL {url!r} names no bucket: use {ACCEPTED_FORMS}")
    client = build_s3_client(env)
    ensure_bucket(client, parts.netloc)
    return S3ObjectStore(client, parts.netloc, unquote(parts.path.lstrip("/")))


def build_s3_client(env: Mapping[str, str]) -> S3Client:
    """A boto3 S3 client from the standard AWS_* settings in `env`.

    Settings absent from `env` fall back to boto3's own chain (profiles, instance roles), which is
    how credentials reach a deployed service.
    """
    import boto3

    session = boto3.session.Session(profile_name=env.get("AWS_PROFILE") or None)
    return session.client(
        "s3",
        region_name=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or DEFAULT_REGION,
        endpoint_url=env.get("AWS_ENDPOINT_URL_S3") or env.get("AWS_ENDPOINT_URL") or None,
        aws_access_key_id=env.get("AWS_ACCESS_KEY_ID") or None,
        aws_secret_access_key=env.get("AWS_SECRET_ACCESS_KEY") or None,
        aws_session_token=env.get("AWS_SESSION_TOKEN") or None,
    )
