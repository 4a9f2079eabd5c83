"""S3ObjectStore: the object-store port on an S3 bucket, using S3's own conditional writes.

create is PutObject with If-None-Match: * and replace is PutObject with If-Match: <etag>, so S3
decides atomically which writer wins; there is no read-then-write window in this adapter.

The etag is S3's ETag. For a single-part upload it is the MD5 of the bytes, so writing equal bytes
again returns the same etag. That is safe for replace-if-unchanged (a replace based on bytes equal
to the current ones loses nothing), but it is weaker than "a new etag on every write".

A streamed write (create_from) must be named by its sha256, known only at the end. A stream that
ends within one part is a plain conditional PutObject; a longer one goes as a multipart upload to
a staging key, then is copied (If-None-Match: *) to its final key and the staging version
deleted; on any error the multipart upload is aborted. S3 parts are at least 5 MiB, so memory per
stream is one part. (A bucket lifecycle rule aborting incomplete multipart uploads after a day is
the backstop for a process killed mid-stream.)

Provider errors are translated here, at the boundary, and chained with `from`.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from storage.errors import (
    ObjectChanged,
    ObjectExists,
    ObjectNotFound,
    StorageError,
    StorageUnavailable,
)
from storage.objects import KeyFor, ObjectStore, StoredObject, Streamed, Tally

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_s3.type_defs import CompletedPartTypeDef

# A conditional write lost: 412 when the condition was false, 409 when a concurrent conditional
# write to the same key was in flight (S3 then asks the caller to read again and retry).
_LOST_RACE = {"PreconditionFailed", "ConditionalRequestConflict"}
# Only NoSuchKey means a missing object: a 404 can also be NoSuchBucket, which is infrastructure.
_NO_KEY = {"NoSuchKey"}
#: S3's smallest part but the last: what a streamed write holds in memory at most
PART_BYTES = 5 * 1024 * 1024
_STAGING = ".dps-staging/"


class S3ObjectStore(ObjectStore):
    """Objects under `prefix` in `bucket`; the boto3 client is injected, never created here."""

    def __init__(self, client: S3Client, bucket: str, prefix: str = "") -> None:
        if prefix and not prefix.endswith("/"):
            prefix += "/"  # 'runs' means the folder runs/, not every key starting 'runs'
        self.client = client
        self.bucket = bucket
        self.prefix = prefix
        self.location = f"s3://{bucket}/{prefix}"

    def get(self, key: str) -> StoredObject:
        """Read an object; raise ObjectNotFound when the key does not exist."""
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
            data = response["Body"].read()
        except (ClientError, BotoCoreError) as error:
            raise self._translate(error, key) from error
        return StoredObject(data, response["ETag"])

    def exists(self, key: str) -> bool:
        """Whether the key exists, asked with HEAD so the bytes are not downloaded.

        A HEAD answer has no body, so a missing bucket also reads as absent here (get raises
        StorageUnavailable for it); ensure_bucket runs before a store is handed out.
        """
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as error:
            # HEAD responses have no body, so a missing key is only a bare 404.
            if _status(error) == 404:
                return False
            raise self._translate(error, key) from error
        except BotoCoreError as error:
            raise self._translate(error, key) from error
        return True

    def put(self, key: str, data: bytes) -> str:
        """Write unconditionally (last writer wins, versioning keeps the old); return the etag."""
        return self._put(key, data, {})

    def create(self, key: str, data: bytes) -> str:
        """Write only if the key does not exist (If-None-Match: *); else raise ObjectExists."""
        return self._put(key, data, {"IfNoneMatch": "*"}, lost=ObjectExists)

    def replace(self, key: str, data: bytes, *, etag: str) -> str:
        """Write only if the object still has `etag` (If-Match); else raise ObjectChanged."""
        # A missing key answers If-Match with 404 NoSuchKey: for the caller that is a change too.
        return self._put(key, data, {"IfMatch": etag}, lost=ObjectChanged, missing=ObjectChanged)

    def create_from(self, key_for: KeyFor, chunks: Iterable[bytes], *, limit: int) -> Streamed:
        """Stream into S3 a part at a time (see the module docstring); nothing kept on error."""
        tally, buffer = Tally(limit), bytearray()
        staged: _StagedUpload | None = None
        try:
            for chunk in chunks:
                tally.add(chunk)
                buffer += chunk
                if len(buffer) >= PART_BYTES:
                    staged = staged or _StagedUpload(self, _STAGING + uuid.uuid4().hex)
                    staged.add(bytes(buffer))
                    buffer.clear()
            key = key_for(tally.sha256)
            if staged is None:
                etag = self._create_or_existing(key, bytes(buffer))
            else:
                if buffer:
                    staged.add(bytes(buffer))
                etag = staged.publish_as(key)
        except BaseException:
            if staged is not None:
                staged.discard()
            raise
        return Streamed(key, etag, tally.size, tally.sha256)

    def _create_or_existing(self, key: str, data: bytes) -> str:
        """Create `key`; if it exists it holds these bytes (content-addressed): its etag."""
        try:
            return self.create(key, data)
        except ObjectExists:
            return self._head_etag(key)

    def _head_etag(self, key: str) -> str:
        try:
            return self.client.head_object(Bucket=self.bucket, Key=self._key(key))["ETag"]
        except (ClientError, BotoCoreError) as error:
            raise self._translate(error, key) from error

    def list(self, prefix: str = "") -> Iterator[str]:
        """Every key that starts with `prefix`, in lexicographic order."""
        paginator = self.client.get_paginator("list_objects_v2")
        start = len(self.prefix)
        try:
            pages = paginator.paginate(Bucket=self.bucket, Prefix=self.prefix + prefix)
            keys = [item["Key"][start:] for page in pages for item in page.get("Contents", [])]
        except (ClientError, BotoCoreError) as error:
            raise self._translate(error, prefix) from error
        # S3 already lists in UTF-8 byte order, which is code-point order; sorting again costs
        # little and keeps every adapter identical even if an emulator differs.
        return iter(sorted(keys))

    def _key(self, key: str) -> str:
        if not key:
            raise ValueError("invalid key '': must not be empty")
        return self.prefix + key

    def _put(
        self,
        key: str,
        data: bytes,
        conditions: dict[str, Any],
        *,
        lost: type[StorageError] | None = None,
        missing: type[StorageError] = ObjectNotFound,
    ) -> str:
        """PutObject with optional conditions; translate a lost condition into `lost`."""
        try:
            response = self.client.put_object(
                Bucket=self.bucket, Key=self._key(key), Body=bytes(data), **conditions
            )
        except (ClientError, BotoCoreError) as error:
            raise self._translate(error, key, lost=lost, missing=missing) from error
        return response["ETag"]

    def _translate(
        self,
        error: ClientError | BotoCoreError,
        key: str,
        *,
        lost: type[StorageError] | None = None,
        missing: type[StorageError] = ObjectNotFound,
    ) -> StorageError:
        """The port's error for a botocore error (the caller chains it with `from`)."""
        if isinstance(error, ClientError):
            code = error.response.get("Error", {}).get("Code", "")
            if lost is not None and (code in _LOST_RACE or _status(error) == 412):
                return lost(key)
            if code in _NO_KEY:
                return missing(key)
        return StorageUnavailable(f"{self.location}{key}: {error}")


class _StagedUpload:
    """A multipart upload to a staging key, published by a conditional copy."""

    def __init__(self, store: S3ObjectStore, staging: str) -> None:
        self.store, self.staging = store, staging
        self.parts: list[CompletedPartTypeDef] = []
        self.completed = False
        self.version: str | None = None  # the staging object's version (a versioned bucket)
        with self._translated():
            self.upload_id = store.client.create_multipart_upload(
                Bucket=store.bucket, Key=store._key(staging))["UploadId"]

    def add(self, part: bytes) -> None:
        number = len(self.parts) + 1
        with self._translated():
            response = self.store.client.upload_part(
                Bucket=self.store.bucket, Key=self.store._key(self.staging), PartNumber=number,
                UploadId=self.upload_id, Body=part)
        self.parts.append({"PartNumber": number, "ETag": response["ETag"]})

    def publish_as(self, key: str) -> str:
        """Complete the upload, copy it to `key` unless already there, drop the staging copy."""
        client, bucket, staging = self.store.client, self.store.bucket, self._staging_key
        with self._translated():
            done = client.complete_multipart_upload(
                Bucket=bucket, Key=staging, UploadId=self.upload_id,
                MultipartUpload={"Parts": self.parts})
        self.completed, self.version = True, done.get("VersionId")
        source: dict[str, Any] = {"Bucket": bucket, "Key": staging}
        if self.version:
            source["VersionId"] = self.version
        try:
            copied = client.copy_object(Bucket=bucket, Key=self.store._key(key),
                                        CopySource=source, IfNoneMatch="*")  # type: ignore[arg-type]
            etag = copied["CopyObjectResult"]["ETag"]
        except (ClientError, BotoCoreError) as error:
            failed = self.store._translate(error, key, lost=ObjectExists)
            if not isinstance(failed, ObjectExists):
                raise failed from error
            etag = self.store._head_etag(key)  # content-addressed: these same bytes
        self.discard()
        return etag

    def discard(self) -> None:
        """Remove what the staging left (best effort: the lifecycle rule is the backstop)."""
        client, bucket, staging = self.store.client, self.store.bucket, self._staging_key
        with contextlib.suppress(ClientError, BotoCoreError):
            if not self.completed:
                client.abort_multipart_upload(Bucket=bucket, Key=staging, UploadId=self.upload_id)
            elif self.version:  # deleting the version itself, so versioning keeps no copy
                client.delete_object(Bucket=bucket, Key=staging, VersionId=self.version)
            else:
                client.delete_object(Bucket=bucket, Key=staging)

    @property
    def _staging_key(self) -> str:
        return self.store._key(self.staging)

    @contextlib.contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except (ClientError, BotoCoreError) as error:
            raise self.store._translate(error, self.staging) from error


def ensure_bucket(client: S3Client, bucket: str) -> None:
    """Create `bucket` if it is missing, then make sure versioning is on (history is kept)."""
    try:
        client.head_bucket(Bucket=bucket)
    except ClientError as error:
        if _status(error) != 404:
            raise StorageUnavailable(f"s3://{bucket}: {error}") from error
        _create_bucket(client, bucket)
    except BotoCoreError as error:
        raise StorageUnavailable(f"s3://{bucket}: {error}") from error
    try:
        if client.get_bucket_versioning(Bucket=bucket).get("Status") != "Enabled":
            client.put_bucket_versioning(
                Bucket=bucket, VersioningConfiguration={"Status": "Enabled"}
            )
    except (ClientError, BotoCoreError) as error:
        raise StorageUnavailable(f"s3://{bucket}: cannot enable versioning: {error}") from error


def _create_bucket(client: S3Client, bucket: str) -> None:
    """Create the bucket in the client's region; losing a creation race to ourselves is fine."""
    region = client.meta.region_name
    try:
        if region and region != "us-east-1":
            # Every region but us-east-1 must be named again in the request body (the stubs type
            # it as a Literal of known regions; ours is a plain str from settings).
            client.create_bucket(
                Bucket=bucket,
                CreateBucketConfiguration={"LocationConstraint": region},  # type: ignore[typeddict-item]
            )
        else:
            client.create_bucket(Bucket=bucket)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "BucketAlreadyOwnedByYou":
            raise StorageUnavailable(f"s3://{bucket}: cannot create: {error}") from error
    except BotoCoreError as error:
        raise StorageUnavailable(f"s3://{bucket}: cannot create: {error}") from error


def _status(error: ClientError) -> int | None:
    return error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
