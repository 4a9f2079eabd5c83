"""Concurrent uploads into the uploads service over local storage: throughput, latency, memory.

    PYTHONPATH=. python benchmarks/bench_uploads.py [--uploads 50] [--megabytes 2]

50 providers each stream a different 2 MB Word document (the sample safeguarding policy with a
stored part of random bytes, so no two are alike) into a draft of their own, all at once, in
64 KiB pieces as an HTTP body arrives; each file is kept (ObjectStore.create_from) and checked
(extract_document, in the reading processes) before its call returns. The files are read from
disk as they are sent, so this process holds only what the service holds.

Prints uploads per second, p50/p99 latency, and this process's peak resident memory for the 50
against its peak for one upload alone (VmHWM, reset between runs through /proc/self/clear_refs):
streaming keeps the ratio near 1, where holding each file whole would grow it with the count.
Then checks that nothing was lost and nothing kept twice.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import io
import os
import statistics
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from services.uploads import receive_file, start_draft
from storage.local import LocalObjectStore
from storage.repositories import Repositories

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "fixtures/samples/accepted-fostering-agency/safeguarding-policy.docx"
PIECE = 64 * 1024
STREAM_ONLY = threading.Event()
_MB = 1024**2
T = TypeVar("T")


def padded_docx(index: int, size: int) -> bytes:
    """The sample policy with a stored part of random bytes, `size` bytes in all."""
    out = io.BytesIO()
    with zipfile.ZipFile(SOURCE) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        room = max(0, size - out.tell() - 300)
        target.writestr(zipfile.ZipInfo(f"word/media/scan-{index}.bin"), os.urandom(room),
                        compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


def pieces_of(path: Path) -> Iterator[bytes]:
    """A file sent the way a request body arrives: a piece at a time."""
    with open(path, "rb") as file:
        while piece := file.read(PIECE):
            yield piece


def peak_rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def reset_peak() -> None:
    """Start VmHWM again from the current resident size (Linux: clear_refs 5)."""
    Path("/proc/self/clear_refs").write_text("5")


def upload(repos: Repositories, provider: str, path: Path) -> tuple[float, str]:
    """One provider's upload into a new draft: (seconds, sha256 kept)."""
    now = dt.datetime.now(dt.UTC)
    start = time.perf_counter()
    draft = start_draft(repos, provider, now=now)
    if STREAM_ONLY.is_set():  # the storage's part alone: kept, not checked
        kept = repos.drafts.keep_file(provider, draft.id, pieces_of(path), limit=10**9)
        return time.perf_counter() - start, kept.sha256
    checked = receive_file(repos, provider, draft.id, path.name, pieces_of(path), now=now)
    seconds = time.perf_counter() - start
    if not checked.usable:
        raise RuntimeError(f"{path.name} was refused: {checked.problem}")
    return seconds, checked.sha256


def run_together(repos: Repositories, files: list[Path]) -> list[tuple[float, str]]:
    """Every upload in its own thread, released at once."""
    return all_at_once([functools.partial(upload, repos, f"provider-{index:03d}", path)
                        for index, path in enumerate(files)])


def all_at_once(jobs: list[Callable[[], T]]) -> list[T]:
    """Each job in a thread of its own, all released together; their results in order (a
    RuntimeError naming the first failure if any failed)."""
    barrier = threading.Barrier(len(jobs))
    results: list[T | BaseException] = [RuntimeError("not run")] * len(jobs)

    def one(index: int) -> None:
        barrier.wait()
        try:
            results[index] = jobs[index]()
        except BaseException as error:  # noqa: BLE001 - reported below
            results[index] = error

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    failed = [r for r in results if isinstance(r, BaseException)]
    if failed:
        raise RuntimeError(f"{len(failed)} uploads failed; the first: {failed[0]!r}")
    return [r for r in results if not isinstance(r, BaseException)]


def check_kept(repos: Repositories, files: list[Path], kept: list[tuple[float, str]]) -> None:
    """Every file kept once, byte for byte, in its own provider's draft."""
    stored = [key for key in repos.store.list("drafts/") if "/files/" in key]
    assert len(stored) == len(files), f"{len(stored)} files kept for {len(files)} uploads"
    for index, (path, (_, sha)) in enumerate(zip(files, kept, strict=True)):
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sha, path
        (draft,) = repos.drafts.of(f"provider-{index:03d}")
        if not STREAM_ONLY.is_set():
            assert [f.sha256 for f in draft.files] == [sha]


def stream_only(folder: Path, files: list[Path]) -> tuple[float, list[float]]:
    """The same uploads kept without the check: (seconds in all, latencies)."""
    STREAM_ONLY.set()
    try:
        repos = Repositories(LocalObjectStore(folder / "data-stream-only"))
        start = time.perf_counter()
        kept = run_together(repos, files)
        wall = time.perf_counter() - start
        check_kept(repos, files, kept)
    finally:
        STREAM_ONLY.clear()
    return wall, sorted(seconds for seconds, _ in kept)


def percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, round(share * (len(values) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--megabytes", type=float, default=2.0)
    args = parser.parse_args()
    size = int(args.megabytes * 1_000_000)
    with tempfile.TemporaryDirectory(prefix="dps-bench-uploads-") as folder:
        sent = Path(folder) / "sent"
        sent.mkdir()
        files = []
        for index in range(args.uploads + 2):
            path = sent / f"safeguarding-policy-{index:03d}.docx"
            path.write_bytes(padded_docx(index, size))
            files.append(path)
        repos = Repositories(LocalObjectStore(Path(folder) / "data"))
        upload(repos, "warm-up", files[-1])  # imports, the reading processes' first start
        reset_peak()
        before = peak_rss()
        one_seconds, _ = upload(repos, "provider-one", files[-2])
        peak_one = peak_rss()
        repos = Repositories(LocalObjectStore(Path(folder) / "data-concurrent"))
        reset_peak()
        start = time.perf_counter()
        kept = run_together(repos, files[: args.uploads])
        wall = time.perf_counter() - start
        peak_all = peak_rss()
        check_kept(repos, files[: args.uploads], kept)
        stream_wall, stream_latencies = stream_only(Path(folder), files[: args.uploads])
    latencies = sorted(seconds for seconds, _ in kept)
    p99 = percentile(latencies, 0.99)
    print(f"{args.uploads} concurrent uploads of {size / 1e6:.1f} MB, local storage, "
          f"{os.cpu_count()} cores")
    print(f"  throughput        {args.uploads / wall:8.1f} uploads/s  ({wall:.1f} s in all)")
    print(f"  latency           p50 {statistics.median(latencies):6.2f} s   p99 {p99:6.2f} s   "
          f"(one alone: {one_seconds:.2f} s)")
    print(f"  peak RSS          one upload {peak_one / _MB:7.1f} MB   {args.uploads} at once "
          f"{peak_all / _MB:7.1f} MB   ratio {peak_all / peak_one:5.2f}x   "
          f"(resident before: {before / _MB:.1f} MB)")
    print(f"  data streamed     {args.uploads * size / 1e6:7.1f} MB; every file kept once, "
          "byte for byte, in its own draft")
    print(f"  kept, not checked {args.uploads / stream_wall:8.1f} uploads/s   p50 "
          f"{statistics.median(stream_latencies):6.2f} s   p99 "
          f"{percentile(stream_latencies, 0.99):6.2f} s   (the storage's part alone)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
