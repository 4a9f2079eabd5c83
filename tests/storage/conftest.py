"""Object-store fixtures: one per adapter, and `any_store` over all of them for other suites."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from functools import wraps
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.s3.responses import S3Response

from storage.local import LocalObjectStore
from storage.memory import InMemoryObjectStore
from storage.objects import ObjectStore
from storage.s3 import S3ObjectStore, ensure_bucket

REGION = "eu-west-2"
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
}
STORE_FIXTURES = {
    "memory": "memory_store",
    "local": "local_store",
    "s3-inprocess": "s3_store",
    "s3-server": "s3_server_store",
}

_moto_put_lock = threading.Lock()


def fresh_bucket_name() -> str:
    """A bucket name no other test uses (the moto server lives for the whole session)."""
    return f"dps-test-{uuid.uuid4().hex[:16]}"


@pytest.fixture
def aws_test_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fake credentials, and none of the developer's real AWS settings leaking into a test."""
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in FAKE_CREDENTIALS.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def atomic_moto_puts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make moto's PutObject check-and-write atomic, as S3's is.

    moto 5.2.5 (moto/s3/responses.py, S3Response.put_object) checks If-Match / If-None-Match and
    then writes, without a lock; racing threads can both pass the check, and the counter race
    test then loses updates (seen in about one run in five, in-process). Real S3 decides
    conditional writes atomically, so the race tests serialise moto's handler to test the
    adapter against what S3 promises. The server runs in this process, so this covers it too.
    """
    original: Callable[..., Any] = S3Response.put_object

    @wraps(original)
    def put_object(self: S3Response, *args: Any, **kwargs: Any) -> Any:
        with _moto_put_lock:
            return original(self, *args, **kwargs)

    monkeypatch.setattr(S3Response, "put_object", put_object)


@pytest.fixture
def memory_store() -> ObjectStore:
    """The in-memory reference adapter."""
    return InMemoryObjectStore()


@pytest.fixture
def local_store(tmp_path: Path) -> ObjectStore:
    """A LocalObjectStore in a fresh temporary folder."""
    return LocalObjectStore(tmp_path / "objects")


@pytest.fixture
def s3_store(aws_test_env: None, atomic_moto_puts: None) -> Iterator[ObjectStore]:
    """An S3ObjectStore on moto in-process, in a fresh versioned bucket, under a key prefix."""
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        bucket = fresh_bucket_name()
        ensure_bucket(client, bucket)
        yield S3ObjectStore(client, bucket, prefix="contract")


@pytest.fixture
def s3_server_client(moto_server: str, aws_test_env: None) -> Any:
    """A boto3 S3 client talking to the session's moto server over HTTP."""
    return boto3.client(
        "s3",
        region_name=REGION,
        endpoint_url=moto_server,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@pytest.fixture
def s3_server_store(s3_server_client: Any, atomic_moto_puts: None) -> ObjectStore:
    """An S3ObjectStore on the moto server, in a fresh versioned bucket, without a prefix."""
    bucket = fresh_bucket_name()
    ensure_bucket(s3_server_client, bucket)
    return S3ObjectStore(s3_server_client, bucket)


@pytest.fixture(
    params=[
        "memory",
        "local",
        "s3-inprocess",
        pytest.param("s3-server", marks=pytest.mark.server),
    ]
)
def any_store(request: pytest.FixtureRequest) -> ObjectStore:
    """Every object-store adapter in turn, for contract suites of ports built on the store."""
    store: ObjectStore = request.getfixturevalue(STORE_FIXTURES[request.param])
    return store
