"""The object-store contract: every adapter subclasses ObjectStoreContract and binds `store`.

Like fsspec's AbstractPipeTests, the base class holds the tests and pytest collects only the
subclasses (the base name does not start with 'Test').
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.errors import ObjectChanged, ObjectExists, ObjectNotFound, TooLarge
from storage.objects import ObjectStore, StoredObject

# Segments every adapter accepts: printable text, no '/', '\\', '.', '..' or reserved '.dps…'.
_segment = st.text(
    alphabet=st.characters(
        categories=("L", "N", "P", "S", "Zs"),
        exclude_characters="/\\",
    ),
    min_size=1,
    max_size=20,
).filter(lambda segment: segment not in (".", "..") and not segment.startswith(".dps"))
valid_keys = st.lists(_segment, min_size=1, max_size=4).map("/".join)


def run_together(count: int, work: Callable[[int], None]) -> None:
    """Run `work(i)` in `count` threads released at the same moment; re-raise the first error."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait()
            work(index)
        except BaseException as error:  # noqa: B036 - handed to the main thread below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def increment(store: ObjectStore, key: str) -> None:
    """Add one to a JSON counter by read-modify-replace, retrying when someone else wrote first."""
    while True:
        current = store.get(key)
        count = json.loads(current.data)["count"]
        try:
            store.replace(key, json.dumps({"count": count + 1}).encode(), etag=current.etag)
            return
        except ObjectChanged:
            # A little jitter stops 8 threads re-reading in lockstep (and keeps the HTTP run fast).
            time.sleep(random.uniform(0, 0.002))


MIB = 1024 * 1024


def original(sha256: str) -> str:
    """A content-addressed key, as the uploads keep originals."""
    return f"originals/{sha256}"


def pieces(data: bytes, size: int = MIB) -> Iterator[bytes]:
    """`data` as a stream of `size`-byte chunks, the way an upload arrives."""
    for start in range(0, len(data), size):
        yield data[start : start + size]


class ClientWentAway(Exception):
    """The sender stopped mid-stream (the test's stand-in for a dropped connection)."""


class ObjectStoreContract:
    """What every ObjectStore adapter must do; subclasses provide the `store` fixture."""

    #: S3's ETag is the MD5 of the bytes, so its adapters set this False (see storage/s3.py).
    etag_changes_on_equal_bytes = True

    def leftovers(self, store: ObjectStore) -> list[str]:
        """What a streamed write may leave outside the keys (staging files, uploads)."""
        return []

    def test_create_from_keeps_streamed_bytes_exactly_under_their_checksum(
        self, store: ObjectStore
    ) -> None:
        data = random.Random(11).randbytes(12 * MIB + 12345)  # several S3 parts, a short last
        streamed = store.create_from(original, pieces(data, 700_000), limit=13 * MIB)
        sha = hashlib.sha256(data).hexdigest()
        assert (streamed.key, streamed.size, streamed.sha256) == (original(sha), len(data), sha)
        assert store.get(streamed.key) == StoredObject(data, streamed.etag)
        assert list(store.list()) == [streamed.key]
        assert self.leftovers(store) == []

    @pytest.mark.parametrize("size", [3, 6 * MIB])
    def test_create_from_of_bytes_kept_before_is_not_an_error(
        self, store: ObjectStore, size: int
    ) -> None:
        data = random.Random(size).randbytes(size)
        first = store.create_from(original, pieces(data), limit=size)
        again = store.create_from(original, pieces(data), limit=size)
        assert again.key == first.key
        assert store.get(first.key).etag == again.etag
        assert list(store.list()) == [first.key]
        assert self.leftovers(store) == []

    def test_create_from_stops_reading_as_soon_as_the_limit_is_passed_and_keeps_nothing(
        self, store: ObjectStore
    ) -> None:
        read = []

        def twelve_mib() -> Iterator[bytes]:
            for index in range(12):
                read.append(index)
                yield bytes([index]) * MIB

        with pytest.raises(TooLarge) as refused:
            store.create_from(original, twelve_mib(), limit=7 * MIB)
        assert refused.value.limit == 7 * MIB
        assert len(read) == 8  # the eighth MiB passed the limit; no further chunk was asked for
        assert list(store.list()) == []
        assert self.leftovers(store) == []

    def test_create_from_keeps_nothing_when_the_stream_breaks_off(
        self, store: ObjectStore
    ) -> None:
        def broken() -> Iterator[bytes]:
            yield b"x" * (6 * MIB)
            raise ClientWentAway

        with pytest.raises(ClientWentAway):
            store.create_from(original, broken(), limit=100 * MIB)
        assert list(store.list()) == []
        assert self.leftovers(store) == []

    def test_create_from_an_empty_stream_keeps_an_empty_object(self, store: ObjectStore) -> None:
        streamed = store.create_from(original, iter([b"", b""]), limit=10)
        assert streamed.size == 0
        assert store.get(streamed.key).data == b""

    def test_get_returns_the_bytes_and_etag_that_create_wrote(self, store: ObjectStore) -> None:
        etag = store.create("applications/a1/form.json", b'{"name": "Acorn"}')
        stored = store.get("applications/a1/form.json")
        assert stored.data == b'{"name": "Acorn"}'
        assert stored.etag == etag

    def test_create_refuses_an_existing_key_and_keeps_its_bytes(self, store: ObjectStore) -> None:
        etag = store.create("k.json", b"first")
        with pytest.raises(ObjectExists):
            store.create("k.json", b"second")
        assert store.get("k.json").data == b"first"
        assert store.get("k.json").etag == etag

    def test_replace_with_the_current_etag_writes_and_gives_a_new_etag(
        self, store: ObjectStore
    ) -> None:
        first = store.create("k.json", b"1")
        second = store.replace("k.json", b"2", etag=first)
        assert second != first
        assert store.get("k.json") == StoredObject(b"2", second)

    def test_replace_with_a_stale_etag_raises_object_changed(self, store: ObjectStore) -> None:
        stale = store.create("k.json", b"1")
        store.replace("k.json", b"2", etag=stale)
        with pytest.raises(ObjectChanged):
            store.replace("k.json", b"3", etag=stale)
        assert store.get("k.json").data == b"2"

    def test_replace_of_a_missing_key_raises_object_changed(self, store: ObjectStore) -> None:
        etag = store.create("other.json", b"x")
        with pytest.raises(ObjectChanged):
            store.replace("missing.json", b"x", etag=etag)
        assert not store.exists("missing.json")

    def test_put_overwrites_and_gives_a_new_etag_each_time(self, store: ObjectStore) -> None:
        etags = [store.put("k.bin", bytes([n])) for n in range(3)]
        assert len(set(etags)) == 3
        assert store.get("k.bin").data == bytes([2])
        assert store.get("k.bin").etag == etags[-1]

    def test_put_of_equal_bytes_gives_a_new_etag_unless_the_adapter_says_not(
        self, store: ObjectStore
    ) -> None:
        first = store.put("k.bin", b"same")
        second = store.put("k.bin", b"same")
        assert (first != second) is self.etag_changes_on_equal_bytes
        if self.etag_changes_on_equal_bytes:
            with pytest.raises(ObjectChanged):
                store.replace("k.bin", b"other", etag=first)

    def test_get_of_a_missing_key_raises_object_not_found(self, store: ObjectStore) -> None:
        with pytest.raises(ObjectNotFound):
            store.get("nothing/here.json")

    def test_exists_is_true_only_once_written(self, store: ObjectStore) -> None:
        assert not store.exists("a/b.json")
        store.put("a/b.json", b"")
        assert store.exists("a/b.json")
        assert not store.exists("a")  # a folder-like prefix is not an object

    def test_list_gives_the_keys_under_a_prefix_in_order(self, store: ObjectStore) -> None:
        for key in ["b/2", "a/1", "b/10", "b/1", "ba", "c/x/y"]:
            store.put(key, key.encode())
        assert list(store.list("b/")) == ["b/1", "b/10", "b/2"]
        assert list(store.list("b")) == ["b/1", "b/10", "b/2", "ba"]
        assert list(store.list("c/x/")) == ["c/x/y"]
        assert list(store.list()) == ["a/1", "b/1", "b/10", "b/2", "ba", "c/x/y"]

    def test_list_of_an_unknown_prefix_is_empty(self, store: ObjectStore) -> None:
        store.put("a/1", b"x")
        assert list(store.list("z/")) == []
        assert list(store.list("a/1/")) == []

    def test_every_byte_value_round_trips_exactly(self, store: ObjectStore) -> None:
        data = bytes(range(256)) * 3 + b"\r\n\x00"
        store.put("binary.bin", data)
        assert store.get("binary.bin").data == data

    def test_an_empty_object_round_trips(self, store: ObjectStore) -> None:
        store.create("empty", b"")
        assert store.get("empty").data == b""
        assert list(store.list("empty")) == ["empty"]

    def test_keys_with_spaces_and_unicode_round_trip(self, store: ObjectStore) -> None:
        keys = ["Ofsted reports/Naïve Café – 2024.pdf", "東京/ファイル.txt", "emoji/😀 + % ?.json"]
        for key in keys:
            store.create(key, key.encode())
        for key in keys:
            assert store.get(key).data == key.encode()
        assert list(store.list()) == sorted(keys)

    @pytest.mark.slow
    def test_concurrent_increments_lose_no_update(self, store: ObjectStore) -> None:
        store.create("counter.json", json.dumps({"count": 0}).encode())

        def add_ten(_: int) -> None:
            for _ in range(10):
                increment(store, "counter.json")

        run_together(8, add_ten)
        assert json.loads(store.get("counter.json").data) == {"count": 80}

    @pytest.mark.slow
    def test_concurrent_creates_have_exactly_one_winner(self, store: ObjectStore) -> None:
        winners: list[int] = []

        def try_create(index: int) -> None:
            try:
                store.create("once.json", str(index).encode())
                winners.append(index)
            except ObjectExists:
                pass

        run_together(8, try_create)
        assert len(winners) == 1
        assert store.get("once.json").data == str(winners[0]).encode()

    @settings(
        max_examples=30,
        deadline=None,
        # One store serves every example, each writing under a fresh prefix; and the test is
        # inherited by design, so each adapter's subclass is a different executor.
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.differing_executors,
        ],
    )
    @given(key=valid_keys, data=st.binary(max_size=64))
    def test_any_valid_key_round_trips(self, store: ObjectStore, key: str, data: bytes) -> None:
        full_key = f"prop-{uuid.uuid4().hex}/{key}"
        etag = store.create(full_key, data)
        assert store.get(full_key).data == data
        assert store.get(full_key).etag == etag
        assert store.exists(full_key)
        assert list(store.list(full_key.partition("/")[0] + "/")) == [full_key]
