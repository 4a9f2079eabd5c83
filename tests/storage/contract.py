"""The object-store contract: every adapter subclasses ObjectStoreContract and binds `store`.

Like fsspec's AbstractPipeTests, the base class holds the tests and pytest collects only the
subclasses (the base name does not start with 'Test').
"""

from __future__ import annotations

import json
import random
import threading
import time
import uuid
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.errors import ObjectChanged, ObjectExists, ObjectNotFound
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


class ObjectStoreContract:
    """What every ObjectStore adapter must do; subclasses provide the `store` fixture."""

    #: S3's ETag is the MD5 of the bytes, so its adapters set this False (see storage/s3.py).
    etag_changes_on_equal_bytes = True

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
