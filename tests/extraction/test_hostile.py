"""The whole pipeline over hostile files (fixtures/hostile, made by code) and real third-party
files (fixtures/third_party): a reason code, never a crash, a hang or a dead process."""

from __future__ import annotations

import hashlib
import json
import os
import random
import resource
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extraction.documents import extract_document
from fixtures import SAMPLES
from fixtures.applications import SAMPLE_APPLICATIONS
from fixtures.hostile import HOSTILE
from fixtures.hostile import MANIFEST as HOSTILE_MANIFEST
from fixtures.third_party import MANIFEST as THIRD_PARTY_MANIFEST
from fixtures.third_party import THIRD_PARTY

HOSTILE_FILES = json.loads(HOSTILE_MANIFEST.read_text())
THIRD_PARTY_FILES = json.loads(THIRD_PARTY_MANIFEST.read_text())
DOCUMENT_PROBLEMS = {"unsupported-file-type", "unreadable-document"}
#: Every code extraction itself may give; anything else (or an exception) is a bug.
EXTRACTION_CODES = DOCUMENT_PROBLEMS | {"active-content", "unrecognised-document"}
PARENT = os.getpid()


@pytest.mark.timing  # a wall-clock bound: run alone (./run), never beside a worker
@pytest.mark.parametrize("entry", HOSTILE_FILES, ids=[entry["file"] for entry in HOSTILE_FILES])
def test_a_hostile_file_ends_as_its_reason_codes_within_ten_seconds(entry: dict) -> None:
    data = (HOSTILE / entry["file"]).read_bytes()
    started = time.monotonic()
    extracted = extract_document(entry["file"], data)
    assert time.monotonic() - started < 10
    assert sorted(finding.code for finding in extracted.findings) == sorted(entry["expect"])
    assert extracted.sha256 == hashlib.sha256(data).hexdigest()  # the original is accounted for
    assert os.getpid() == PARENT


def test_after_every_hostile_file_this_process_is_small_and_still_reads() -> None:
    # the peak of this whole test process (earlier tests included) may only grow a little: the
    # bombs inflate to gigabytes, but only ever inside a reading process
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    for entry in HOSTILE_FILES:
        extract_document(entry["file"], (HOSTILE / entry["file"]).read_bytes())
    growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - peak_before
    assert growth < 100 * 1024**2
    sample = SAMPLE_APPLICATIONS[0]
    form = (sample.folder / sample.file_name).read_bytes()
    assert extract_document(sample.file_name, form).kinds == ("application-form",)


def test_the_hostile_set_is_small_and_listed_in_full() -> None:
    listed = {entry["file"] for entry in HOSTILE_FILES}
    on_disk = {path.name for path in HOSTILE.iterdir() if path.suffix in (".pdf", ".docx", ".doc")}
    assert listed == on_disk
    assert all(entry["bytes"] < 400_000 for entry in HOSTILE_FILES)


@pytest.mark.parametrize("entry", THIRD_PARTY_FILES,
                         ids=[entry["file"] for entry in THIRD_PARTY_FILES])
def test_a_real_third_party_file_has_its_expected_outcome(entry: dict) -> None:
    data = (THIRD_PARTY / entry["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == entry["sha256"]  # still the original bytes
    extracted = extract_document(entry["file"], data)
    codes = {finding.code for finding in extracted.findings}
    problems = codes & DOCUMENT_PROBLEMS
    outcome = problems.pop() if problems else "read"
    assert outcome in entry["outcome"], [finding.message for finding in extracted.findings]
    if outcome == "read":
        flags = sorted(f.message.split(" carries ")[1].split(";")[0]
                       for f in extracted.findings if f.code == "active-content")
        assert flags == sorted(entry["flags"])
        if "pages" in entry:
            assert extracted.pages == entry["pages"]


def _mutations(data: bytes) -> st.SearchStrategy[bytes]:
    """The file cut short, or with some bytes overwritten: what damage in transit looks like."""
    cut = st.integers(0, len(data)).map(lambda n: data[:n])
    flipped = st.tuples(st.integers(0, 2**32), st.integers(1, 64)).map(
        lambda seed_count: _flip(data, *seed_count))
    return st.one_of(cut, flipped)


def _flip(data: bytes, seed: int, count: int) -> bytes:
    rng = random.Random(seed)
    damaged = bytearray(data)
    for _ in range(count):
        damaged[rng.randrange(len(damaged))] = rng.randrange(256)
    return bytes(damaged)


REAL_PDF = (THIRD_PARTY / "pysamples__libreoffice-form.pdf").read_bytes()
REAL_DOCX = sorted(SAMPLES.glob("*/*.docx"))[0].read_bytes()
PROPERTY = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(st.one_of(st.binary(max_size=2048),
                 st.binary(max_size=2048).map(lambda tail: b"%PDF-1.7\n" + tail),
                 st.binary(max_size=2048).map(lambda tail: b"PK\x03\x04" + tail)))
def test_extraction_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    codes = {finding.code for finding in extract_document("upload", data).findings}
    assert codes <= EXTRACTION_CODES


@PROPERTY
@given(st.one_of(_mutations(REAL_PDF), _mutations(REAL_DOCX)))
def test_extraction_never_raises_on_a_damaged_real_pdf_or_docx(data: bytes) -> None:
    extracted = extract_document("upload", data)
    assert extracted.sha256 == hashlib.sha256(data).hexdigest()
