"""50 providers upload 2 MB files to one portal process at once, over HTTP: throughput, latency
and the portal's memory.

    PYTHONPATH=. python benchmarks/bench_portal_uploads.py [--uploads 50] [--megabytes 2]

`dps portal` runs in a process of its own over local storage. Each of 50 provider accounts sends
an application of one 2 MB Word document (all different) to `POST /api/submissions` with its own
API token, all at once; the client streams each file from disk. The portal streams each file to
storage, checks it (the reading processes), and makes the submission.

Prints uploads per second, p50/p99 latency, and the portal process's peak resident memory while
the 50 were sent against its peak while one was sent alone (VmHWM, reset between runs through
/proc/PID/clear_refs): streamed uploads keep the ratio near 1, where holding each file whole
would grow it with the count. Then checks that every upload became exactly one submission of
its provider, byte for byte.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from benchmarks.bench_uploads import all_at_once, padded_docx, percentile
from services import accounts, api_tokens
from services.settings import Settings
from storage.local import LocalObjectStore
from storage.repositories import Repositories

ROOT = Path(__file__).resolve().parents[1]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_MB = 1024**2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def provider_tokens(repos: Repositories, count: int) -> list[str]:
    """An account and an API token for each of `count` providers (and two to warm up with)."""
    now, settings = dt.datetime.now(dt.UTC), Settings()
    tokens = []
    for index in range(count + 2):
        issued = accounts.invite_provider(repos, settings, email=f"p{index}@bench.example",
                                          provider_id=f"provider-{index:03d}",
                                          invited_by="bench", now=now)
        # a token acts only for a user who has set a password (an account in use)
        account = accounts.set_password(repos, token=issued.link.rsplit("/", 1)[1],
                                        password="bench-password-" + "x" * 12, now=now)
        tokens.append(api_tokens.create_token(repos, account, "bench", now).token)
    return tokens


def start_portal(data: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DPS_STORAGE": str(data), "DPS_NOTICE_PDF": "0",
           "DPS_PORTAL_SECRET": "bench-" + "x" * 40, "PYTHONPATH": str(ROOT)}
    env.pop("PREFECT_API_URL", None)  # nothing to announce to: the upload path alone
    portal = subprocess.Popen([sys.executable, "-m", "cli.main", "portal", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return portal
        except httpx.TransportError:
            time.sleep(0.1)
    portal.kill()
    raise RuntimeError("the portal did not start")


def peak_rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def reset_peak(pid: int) -> None:
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def send(port: int, token: str, path: Path) -> tuple[float, str]:
    """One application of one file: (seconds, submission id)."""
    start = time.perf_counter()
    with path.open("rb") as file:
        response = httpx.post(f"http://127.0.0.1:{port}/api/submissions",
                              headers={"Authorization": f"Bearer {token}"},
                              files={"files": (path.name, file, DOCX)}, timeout=300)
    seconds = time.perf_counter() - start
    if response.status_code != 201:
        raise RuntimeError(f"{path.name}: {response.status_code} {response.text[:300]}")
    return seconds, str(response.json()["id"])


def send_together(port: int, tokens: list[str], files: list[Path]) -> list[tuple[float, str]]:
    """Every provider's upload in a thread of its own, all released at once."""
    return all_at_once([functools.partial(send, port, token, path)
                        for token, path in zip(tokens, files, strict=False)])


def check_kept(repos: Repositories, files: list[Path], sent: list[tuple[float, str]]) -> None:
    """Each upload is one submission of its own provider, holding the file byte for byte."""
    for index, (path, (_, submission_id)) in enumerate(zip(files, sent, strict=True)):
        (submission,) = repos.submissions.of_provider(f"provider-{index:03d}")
        assert submission.id == submission_id, (submission.id, submission_id)
        (kept,) = submission.files
        assert kept.sha256 == hashlib.sha256(path.read_bytes()).hexdigest(), path
        assert repos.submissions.original(submission.id, kept.sha256) == path.read_bytes()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--megabytes", type=float, default=2.0)
    args = parser.parse_args()
    size, port = int(args.megabytes * 1_000_000), free_port()
    with tempfile.TemporaryDirectory(prefix="dps-bench-portal-") as folder:
        data, sent_folder = Path(folder) / "data", Path(folder) / "sent"
        sent_folder.mkdir()
        files = []
        for index in range(args.uploads + 2):
            files.append(sent_folder / f"safeguarding-policy-{index:03d}.docx")
            files[-1].write_bytes(padded_docx(index, size))
        repos = Repositories(LocalObjectStore(data))
        tokens = provider_tokens(repos, args.uploads)
        portal = start_portal(data, port)
        try:
            send(port, tokens[-1], files[-1])  # imports, the reading processes' first start
            reset_peak(portal.pid)
            one_seconds, _ = send(port, tokens[-2], files[-2])
            peak_one = peak_rss(portal.pid)
            reset_peak(portal.pid)
            start = time.perf_counter()
            sent = send_together(port, tokens, files[: args.uploads])
            wall = time.perf_counter() - start
            peak_all = peak_rss(portal.pid)
        finally:
            portal.terminate()
            portal.wait(timeout=30)
        check_kept(Repositories(LocalObjectStore(data)), files[: args.uploads], sent)
    latencies = sorted(seconds for seconds, _ in sent)
    print(f"{args.uploads} providers upload {size / 1e6:.1f} MB each to one portal process "
          f"over HTTP, local storage, {os.cpu_count()} cores")
    print(f"  throughput   {args.uploads / wall:8.1f} uploads/s  ({wall:.1f} s in all)")
    print(f"  latency      p50 {statistics.median(latencies):6.2f} s   p99 "
          f"{percentile(latencies, 0.99):6.2f} s   (one alone: {one_seconds:.2f} s)")
    print(f"  portal RSS   one upload {peak_one / _MB:7.1f} MB   {args.uploads} at once "
          f"{peak_all / _MB:7.1f} MB   ratio {peak_all / peak_one:5.2f}x")
    print(f"  kept         {args.uploads} submissions, one per upload, each file byte for byte")
    return 0


if __name__ == "__main__":
    sys.exit(main())
