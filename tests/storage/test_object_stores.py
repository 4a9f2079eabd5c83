"""The object-store contract run against every adapter, plus what is particular to each."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, EndpointConnectionError
from botocore.stub import Stubber
from moto import mock_aws

from storage.config import open_object_store
from storage.errors import ObjectChanged, ObjectExists, ObjectNotFound, StorageUnavailable
from storage.local import LocalObjectStore
from storage.objects import ObjectStore
from storage.s3 import S3ObjectStore, ensure_bucket
from tests.storage.conftest import FAKE_CREDENTIALS, REGION, fresh_bucket_name
from tests.storage.contract import ObjectStoreContract

ROOT = Path(__file__).resolve().parents[2]


class TestInMemory(ObjectStoreContract):
    @pytest.fixture
    def store(self, memory_store: ObjectStore) -> ObjectStore:
        return memory_store


class TestLocal(ObjectStoreContract):
    @pytest.fixture
    def store(self, local_store: ObjectStore) -> ObjectStore:
        return local_store

    def leftovers(self, store: ObjectStore) -> list[str]:
        assert isinstance(store, LocalObjectStore)
        staging = store.root / ".dps" / "staging"
        return sorted(path.name for path in staging.iterdir()) if staging.exists() else []


def s3_leftovers(store: ObjectStore) -> list[str]:
    """Multipart uploads in progress, and any version of a key no longer listed (a staging
    copy deleted only by a delete marker would still be kept by versioning)."""
    assert isinstance(store, S3ObjectStore)
    client, bucket = store.client, store.bucket
    uploads = client.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
    versions = client.list_object_versions(Bucket=bucket)
    kept = {store.prefix + key for key in store.list()}
    stray = [v["Key"] for v in (*versions.get("Versions", []), *versions.get("DeleteMarkers", []))
             if v["Key"] not in kept]
    return sorted([upload["Key"] for upload in uploads] + stray)


class TestS3InProcess(ObjectStoreContract):
    etag_changes_on_equal_bytes = False  # S3's ETag is the MD5 of the bytes

    def leftovers(self, store: ObjectStore) -> list[str]:
        return s3_leftovers(store)

    @pytest.fixture
    def store(self, s3_store: ObjectStore) -> ObjectStore:
        return s3_store


@pytest.mark.server
class TestS3Server(ObjectStoreContract):
    etag_changes_on_equal_bytes = False  # S3's ETag is the MD5 of the bytes

    def leftovers(self, store: ObjectStore) -> list[str]:
        return s3_leftovers(store)

    @pytest.fixture
    def store(self, s3_server_store: ObjectStore) -> ObjectStore:
        return s3_server_store


# --- LocalObjectStore -----------------------------------------------------------------------


ESCAPING_KEYS = ["../up", "a/../../up", "/etc/passwd", "a\\b"]
MALFORMED_KEYS = ["", "a//b", "a/", ".", "a/./b", ".dps/locks/x", "a/.dps-tmp-1"]


@pytest.mark.parametrize("key", ESCAPING_KEYS + MALFORMED_KEYS)
def test_local_rejects_keys_that_are_not_safe_relative_paths(tmp_path: Path, key: str) -> None:
    store = LocalObjectStore(tmp_path)
    with pytest.raises(ValueError, match="invalid key"):
        store.put(key, b"x")
    with pytest.raises(ValueError, match="invalid key"):
        store.get(key)
    assert list(tmp_path.parent.glob("up")) == []


def test_local_writes_each_object_as_a_plain_file_under_the_root(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path)
    store.create("applications/a1/insurance.pdf", b"%PDF-1.7")
    assert (tmp_path / "applications" / "a1" / "insurance.pdf").read_bytes() == b"%PDF-1.7"
    assert store.location == f"file://{tmp_path}"


def test_local_list_hides_locks_sidecars_and_unfinished_writes(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path)
    store.put("a/b.json", b"{}")
    (tmp_path / "a" / ".dps-tmp-left-by-a-crash").write_bytes(b"partial")
    assert list(store.list()) == ["a/b.json"]
    assert (tmp_path / ".dps" / "locks" / "a" / "b.json").exists()


def test_local_reads_and_replaces_a_file_put_there_by_hand(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path)
    (tmp_path / "manual.txt").write_bytes(b"by hand")
    stored = store.get("manual.txt")
    assert stored.data == b"by hand"
    store.replace("manual.txt", b"by store", etag=stored.etag)
    assert store.get("manual.txt").data == b"by store"


def test_local_etag_notices_a_file_edited_by_hand(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path)
    etag = store.create("k.txt", b"original")
    (tmp_path / "k.txt").write_bytes(b"edited")
    with pytest.raises(ObjectChanged):
        store.replace("k.txt", b"overwrite", etag=etag)


def test_local_refuses_a_key_that_needs_a_folder_where_a_file_is(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path)
    store.put("a", b"file")
    with pytest.raises(ValueError, match="clashes"):
        store.put("a/b", b"x")
    with pytest.raises(ObjectNotFound):
        store.get("a/b")


# Kept free of pytest and hypothesis so the four interpreters start quickly.
_INCREMENT_WORKER = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from storage.errors import ObjectChanged, ObjectExists
    from storage.local import LocalObjectStore

    store = LocalObjectStore(Path(sys.argv[1]))
    try:
        store.create("counter.json", json.dumps({"count": 0}).encode())
        print("created")
    except ObjectExists:
        print("found")
    for _ in range(10):
        while True:
            current = store.get("counter.json")
            count = json.loads(current.data)["count"] + 1
            try:
                store.replace("counter.json", b'{"count": %d}' % count, etag=current.etag)
                break
            except ObjectChanged:
                continue
    """
)


@pytest.mark.slow
def test_local_conditional_writes_are_safe_across_processes(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _INCREMENT_WORKER, str(tmp_path)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [worker.communicate(timeout=60)[0].strip() for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0, 0, 0]
    assert sorted(outputs) == ["created", "found", "found", "found"]
    stored = LocalObjectStore(tmp_path).get("counter.json")
    assert json.loads(stored.data) == {"count": 40}


# --- S3ObjectStore --------------------------------------------------------------------------


def test_s3_missing_key_is_object_not_found_caused_by_no_such_key(s3_store: ObjectStore) -> None:
    with pytest.raises(ObjectNotFound) as raised:
        s3_store.get("missing.json")
    cause = raised.value.__cause__
    assert isinstance(cause, ClientError)
    assert cause.response["Error"]["Code"] == "NoSuchKey"


def test_s3_missing_bucket_is_unavailable_not_a_missing_object(aws_test_env: None) -> None:
    with mock_aws():
        store = S3ObjectStore(boto3.client("s3", region_name=REGION), "no-such-bucket-here")
        with pytest.raises(StorageUnavailable):
            store.get("k.json")


def test_s3_conditional_request_conflict_counts_as_a_lost_race(aws_test_env: None) -> None:
    # moto never answers 409 ConditionalRequestConflict (S3 does, when two conditional writes
    # overlap), so botocore's Stubber plays that rare response.
    client = boto3.client("s3", region_name=REGION)
    store = S3ObjectStore(client, "bucket")
    with Stubber(client) as stub:
        for _ in range(2):
            stub.add_client_error("put_object", "ConditionalRequestConflict", http_status_code=409)
        with pytest.raises(ObjectExists) as created:
            store.create("k.json", b"x")
        with pytest.raises(ObjectChanged) as replaced:
            store.replace("k.json", b"x", etag='"abc"')
    assert isinstance(created.value.__cause__, ClientError)
    assert isinstance(replaced.value.__cause__, ClientError)


def test_s3_unreachable_endpoint_is_storage_unavailable(aws_test_env: None) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=1)
    client = boto3.client(
        "s3", region_name=REGION, endpoint_url=f"http://127.0.0.1:{port}", config=config
    )
    with pytest.raises(StorageUnavailable) as raised:
        S3ObjectStore(client, "bucket").get("k.json")
    assert isinstance(raised.value.__cause__, EndpointConnectionError)


def test_s3_keeps_keys_under_its_prefix(s3_store: S3ObjectStore) -> None:
    neighbour = S3ObjectStore(s3_store.client, s3_store.bucket, prefix="other/")
    s3_store.put("a.json", b"mine")
    neighbour.put("a.json", b"theirs")
    assert list(s3_store.list()) == ["a.json"]
    assert s3_store.get("a.json").data == b"mine"
    raw = s3_store.client.list_objects_v2(Bucket=s3_store.bucket)["Contents"]
    assert sorted(item["Key"] for item in raw) == ["contract/a.json", "other/a.json"]


def test_ensure_bucket_turns_versioning_on_and_can_run_twice(s3_store: S3ObjectStore) -> None:
    client = s3_store.client
    ensure_bucket(client, s3_store.bucket)
    assert client.get_bucket_versioning(Bucket=s3_store.bucket)["Status"] == "Enabled"
    s3_store.put("k.json", b"1")
    s3_store.put("k.json", b"2")
    versions = client.list_object_versions(Bucket=s3_store.bucket)["Versions"]
    assert len(versions) == 2


# --- open_object_store ----------------------------------------------------------------------


@pytest.mark.parametrize("url", [None, ""])
def test_no_url_means_dps_data_in_the_working_folder(tmp_path: Path, url: str | None) -> None:
    store = open_object_store(url, cwd=tmp_path, env={})
    assert isinstance(store, LocalObjectStore)
    assert store.location == f"file://{tmp_path / 'dps-data'}"


@pytest.mark.parametrize(
    ("url", "relative_root"),
    [("objects", "objects"), ("file://objects", "objects"), ("./a/b", "a/b")],
)
def test_relative_paths_are_taken_from_the_working_folder(
    tmp_path: Path, url: str, relative_root: str
) -> None:
    store = open_object_store(url, cwd=tmp_path, env={})
    assert store.location == f"file://{tmp_path / relative_root}"


@pytest.mark.parametrize("form", ["{root}", "file://{root}", "file://localhost{root}"])
def test_absolute_paths_and_file_urls_open_a_local_store(tmp_path: Path, form: str) -> None:
    store = open_object_store(form.format(root=tmp_path / "x"), cwd=Path("/nowhere"), env={})
    store.put("k", b"v")
    assert (tmp_path / "x" / "k").read_bytes() == b"v"


@pytest.mark.parametrize("url", ["ftp://x", "s3://", "https://bucket.s3.amazonaws.com/x"])
def test_other_urls_are_refused_naming_the_accepted_forms(tmp_path: Path, url: str) -> None:
    with pytest.raises(ValueError, match=r"s3://BUCKET\[/PREFIX\]"):
        open_object_store(url, cwd=tmp_path, env={})


def _server_env(endpoint: str, **extra: str) -> dict[str, str]:
    return {**FAKE_CREDENTIALS, "AWS_ENDPOINT_URL": endpoint, **extra}


@pytest.mark.server
def test_s3_url_opens_a_versioned_bucket_with_the_prefix(
    moto_server: str, aws_test_env: None, tmp_path: Path
) -> None:
    bucket = fresh_bucket_name()
    env = _server_env(moto_server, AWS_REGION="eu-west-1")
    store = open_object_store(f"s3://{bucket}/runs/2024", cwd=tmp_path, env=env)
    assert isinstance(store, S3ObjectStore)
    assert store.location == f"s3://{bucket}/runs/2024/"
    store.create("a.json", b"{}")
    client = store.client
    assert client.get_object(Bucket=bucket, Key="runs/2024/a.json")["Body"].read() == b"{}"
    assert client.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    assert client.get_bucket_location(Bucket=bucket)["LocationConstraint"] == "eu-west-1"


@pytest.mark.server
def test_s3_url_without_a_region_uses_london(
    moto_server: str, aws_test_env: None, tmp_path: Path
) -> None:
    bucket = fresh_bucket_name()
    store = open_object_store(f"s3://{bucket}", cwd=tmp_path, env=_server_env(moto_server))
    assert isinstance(store, S3ObjectStore)
    assert store.location == f"s3://{bucket}/"
    assert store.client.get_bucket_location(Bucket=bucket)["LocationConstraint"] == "eu-west-2"
