"""LocalObjectStore: the object-store port on a local folder, safe across threads and processes.

Layout under the root folder:

    <key>                         the object's exact bytes, so people can open what was written
    <folder>/.dps-tmp-<uuid>      a write in progress; linked or renamed into place, never listed
    .dps/locks/<key>              an empty file that writers hold an exclusive flock on
    .dps/etags/<key>              a random token, rewritten (atomically) by every write
    .dps/staging/<uuid>           a streamed write in progress, linked to its key once complete

The etag is "<token>-<sha256 of the bytes>". The token makes every write produce a new etag, even
of equal bytes; the hash makes a read self-checking, so readers need no lock: if a reader sees the
token of one write and the bytes of another, its etag matches the current one only when the bytes
it read are the current bytes, and then a replace based on them loses nothing. (An etag made of
mtime, inode and size was rejected: ext4 hands a freed inode straight to the next file, and on
kernels with coarse timestamps two writes in one tick would then get equal etags.)

Writers (put, create, replace) take the key's lock, check their condition, write the bytes to a
temporary file in the destination folder, fsync it, then publish it with os.link (create: never
overwrites) or os.replace (atomic), and fsync the folder. flock locks belong to an open file
description, so they exclude threads of one process as well as other processes. POSIX only.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from storage.errors import ObjectChanged, ObjectExists, ObjectNotFound, StorageUnavailable
from storage.objects import KeyFor, ObjectStore, StoredObject, Streamed, Tally

_RESERVED = ".dps"  # segments starting with this are the store's own files, never keys
_TEMP = ".dps-tmp-"
_UNTRACKED = "untracked"  # token of a file put there by hand, without a sidecar
_MISSING = (FileNotFoundError, NotADirectoryError, IsADirectoryError)


def check_key(key: str) -> list[str]:
    """Split a key into its segments; raise ValueError unless it is a safe relative path."""
    if not key or key.startswith("/"):
        raise ValueError(f"invalid key {key!r}: must be a non-empty relative path")
    if "\\" in key or "\x00" in key:
        raise ValueError(f"invalid key {key!r}: backslashes and NUL characters are not allowed")
    segments = key.split("/")
    for segment in segments:
        if segment in ("", ".", ".."):
            raise ValueError(f"invalid key {key!r}: empty, '.' and '..' segments are not allowed")
        if segment.startswith(_RESERVED):
            raise ValueError(f"invalid key {key!r}: segments starting with '.dps' are reserved")
    return segments


class LocalObjectStore(ObjectStore):
    """Objects as files under `root`; conditional writes under a per-key flock."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).absolute()
        self.location = f"file://{self.root}"

    def get(self, key: str) -> StoredObject:
        """Read an object; raise ObjectNotFound when the key does not exist."""
        data_path, token_path, _ = self._paths(key)
        with _translate_os_errors(key):
            token = _read_token(token_path)
            try:
                data = data_path.read_bytes()
            except _MISSING as error:
                raise ObjectNotFound(key) from error
        return StoredObject(data, _etag(token, data))

    def exists(self, key: str) -> bool:
        """Whether the key exists, without reading its bytes."""
        return self._paths(key)[0].is_file()

    def put(self, key: str, data: bytes) -> str:
        """Write unconditionally (last writer wins); return the new etag."""
        return self._write(key, data, mode="put")

    def create(self, key: str, data: bytes) -> str:
        """Write only if the key does not exist; else raise ObjectExists."""
        return self._write(key, data, mode="create")

    def replace(self, key: str, data: bytes, *, etag: str) -> str:
        """Write only if the object still has `etag`; else raise ObjectChanged."""
        return self._write(key, data, mode="replace", expected=etag)

    def create_from(self, key_for: KeyFor, chunks: Iterable[bytes], *, limit: int) -> Streamed:
        """Stream into a staging file in the reserved .dps tree (same filesystem, never
        listed), then link it to `key_for(sha256)` under the key's lock; the staging file is
        removed whatever happens, so a refused or broken stream leaves nothing behind."""
        staging = self.root / _RESERVED / "staging" / uuid.uuid4().hex
        with _translate_os_errors("a streamed upload"):
            _make_dirs(staging.parent)
            try:
                tally = _stream_to(staging, chunks, limit)
                key = key_for(tally.sha256)
                etag = self._link_staged(key, staging, tally.sha256)
            finally:
                staging.unlink(missing_ok=True)
        return Streamed(key, etag, tally.size, tally.sha256)

    def _link_staged(self, key: str, staging: Path, sha256: str) -> str:
        """Publish a complete staging file at `key`, unless the key already holds its bytes."""
        data_path, token_path, lock_path = self._paths(key)
        with _translate_os_errors(key), _locked(lock_path):
            if os.path.lexists(data_path):  # content-addressed: kept before, by this or a twin
                return _etag_of(_read_token(token_path), _file_sha256(data_path))
            _make_dirs(data_path.parent)
            token = uuid.uuid4().hex
            _write_atomically(token_path, token.encode())
            os.link(staging, data_path)
            _fsync_dir(data_path.parent)
        return _etag_of(token, sha256)

    def list(self, prefix: str = "") -> Iterator[str]:
        """Every key that starts with `prefix`, in lexicographic order."""
        keys = []
        for folder, folders, files in os.walk(self._walk_start(prefix)):
            # Our own files (.dps tree, temporaries) start with the reserved prefix; keys never do.
            folders[:] = [name for name in folders if not name.startswith(_RESERVED)]
            parts = Path(folder).relative_to(self.root).parts
            for name in files:
                key = "/".join((*parts, name))
                if not name.startswith(_RESERVED) and key.startswith(prefix):
                    keys.append(key)
        return iter(sorted(keys))

    def _walk_start(self, prefix: str) -> Path:
        """The deepest folder that can hold keys with `prefix`, so listing skips the rest."""
        folder = prefix.rpartition("/")[0]
        try:
            return self.root.joinpath(*check_key(folder)) if folder else self.root
        except ValueError:
            return self.root  # an odd prefix matches nothing, but is not an error

    def _paths(self, key: str) -> tuple[Path, Path, Path]:
        """The key's data file, etag sidecar and lock file."""
        segments = check_key(key)
        meta = self.root / _RESERVED
        return (
            self.root.joinpath(*segments),
            meta.joinpath("etags", *segments),
            meta.joinpath("locks", *segments),
        )

    def _write(self, key: str, data: bytes, *, mode: str, expected: str | None = None) -> str:
        """Check the write's condition and publish `data`, all under the key's lock."""
        data = bytes(data)
        data_path, token_path, lock_path = self._paths(key)
        with _translate_os_errors(key), _locked(lock_path):
            _check_condition(key, data_path, token_path, mode=mode, expected=expected)
            temp = _write_temp(data_path.parent, data)
            try:
                token = uuid.uuid4().hex
                # The token goes first: a crash before the bytes land then leaves an etag no
                # earlier reader holds (a spurious conflict), never an old etag on new bytes.
                _write_atomically(token_path, token.encode())
                _publish(key, temp, data_path, exclusive=mode == "create")
            finally:
                temp.unlink(missing_ok=True)
        return _etag(token, data)


def _check_condition(
    key: str, data_path: Path, token_path: Path, *, mode: str, expected: str | None
) -> None:
    """Raise ObjectExists / ObjectChanged when a conditional write must not happen."""
    if mode == "create" and os.path.lexists(data_path):
        raise ObjectExists(key)
    if mode == "replace":
        try:
            current = _etag(_read_token(token_path), data_path.read_bytes())
        except _MISSING as error:
            raise ObjectChanged(key) from error
        if current != expected:
            raise ObjectChanged(key)


def _publish(key: str, temp: Path, data_path: Path, *, exclusive: bool) -> None:
    """Move the finished temporary file to its key: all or nothing, visible to readers at once."""
    if exclusive:
        try:
            # link, unlike rename, fails if the name exists: a file put there without our lock
            # (by hand, or by another tool) is never overwritten.
            os.link(temp, data_path)
        except FileExistsError as error:
            raise ObjectExists(key) from error
    else:
        os.replace(temp, data_path)
    _fsync_dir(data_path.parent)


def _etag(token: str, data: bytes) -> str:
    return _etag_of(token, hashlib.sha256(data).hexdigest())


def _etag_of(token: str, sha256: str) -> str:
    return f"{token}-{sha256[:32]}"


def _file_sha256(path: Path) -> str:
    """A file's sha256, read a chunk at a time."""
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def _stream_to(path: Path, chunks: Iterable[bytes], limit: int) -> Tally:
    """Write `chunks` to a new file (fsynced) as they come; TooLarge as soon as they pass
    `limit`, before the chunk that passes it is written."""
    tally = Tally(limit)
    with open(path, "xb") as file:
        for chunk in chunks:
            tally.add(chunk)
            file.write(chunk)
        file.flush()
        os.fsync(file.fileno())
    return tally


def _read_token(token_path: Path) -> str:
    try:
        return token_path.read_text(encoding="ascii")
    except _MISSING:
        return _UNTRACKED


@contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive flock on the key's lock file (never replaced, so the lock stays valid)."""
    _make_dirs(lock_path.parent)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


@contextmanager
def _translate_os_errors(key: str) -> Iterator[None]:
    """Turn filesystem errors into the port's errors, keeping the original as the cause."""
    try:
        yield
    except (FileExistsError, NotADirectoryError, IsADirectoryError) as error:
        # Only folder creation gets here: a file stands where the key needs a folder, or back.
        raise ValueError(
            f"key {key!r} clashes with an existing key: a local store cannot hold both "
            "'a' and 'a/b'"
        ) from error
    except OSError as error:
        raise StorageUnavailable(f"cannot access {key!r}: {error}") from error


def _write_temp(folder: Path, data: bytes) -> Path:
    """Write `data` to a new temporary file in `folder` and fsync it."""
    _make_dirs(folder)
    temp = folder / f"{_TEMP}{uuid.uuid4().hex}"
    with open(temp, "xb") as file:
        try:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    return temp


def _write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so readers see either the old or the new content."""
    temp = _write_temp(path.parent, data)
    try:
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    _fsync_dir(path.parent)


def _make_dirs(path: Path) -> None:
    """Create `path` and missing parents, fsyncing each parent so new folders survive a crash."""
    if path.is_dir():
        return
    _make_dirs(path.parent)
    try:
        path.mkdir()
    except FileExistsError:
        if path.is_dir():
            return  # another writer created it first
        raise
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    """Make a folder's entries (a new name, a rename) durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
