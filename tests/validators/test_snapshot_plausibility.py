"""Implausible regulator data is refused (issue 10, Deliver 3): a copy cut off part way, one
missing more than the policy's share of the providers in force, or an older edition. Run on the
real Ofsted file and the GIAS fixture, cut and edited as a damaged copy would be."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from fixtures import OFSTED_SNAPSHOT
from fixtures.gias import GIAS_EXTRACT
from validators.gias import load_gias_extract
from validators.ofsted import load_ofsted_snapshot
from validators.policy import bundled_policy
from validators.snapshot_plausibility import (
    SnapshotImplausible,
    SnapshotShape,
    problems,
    refuse_if_implausible,
    shape_of,
)

ORIGINAL = OFSTED_SNAPSHOT.read_bytes()
POLICY = bundled_policy("2024.1")


def _shape(data: bytes) -> SnapshotShape:
    snapshot = load_ofsted_snapshot(data)
    return shape_of("providers", snapshot.providers.index, snapshot.as_at, snapshot.cut_row)


IN_FORCE = _shape(ORIGINAL)


def _without_lines(data: bytes, first: int, count: int) -> bytes:
    lines = data.split(b"\n")
    return b"\n".join(lines[:first] + lines[first + count :])


def test_the_real_file_is_dated_as_at_31_march_2024_from_its_title() -> None:
    assert IN_FORCE.as_at == dt.date(2024, 3, 31)
    assert len(IN_FORCE.keys) == 3876 and IN_FORCE.cut_row == ""


def test_the_real_file_is_a_plausible_successor_of_itself_and_of_nothing() -> None:
    assert problems(IN_FORCE, IN_FORCE, POLICY) == []
    assert problems(IN_FORCE, None, POLICY) == []


def test_the_first_2500_bytes_are_refused_for_their_cut_last_row_even_with_nothing_in_force(
) -> None:
    cut = _shape(ORIGINAL[:2500])

    (found,) = problems(cut, None, POLICY)

    assert found == ("the last row has 36 of the 40 cells of the rows above it (the file was cut "
                     "off mid-row); a complete file was expected")


def test_the_first_2500_bytes_also_lose_nearly_every_provider_in_force() -> None:
    cut, lost = problems(_shape(ORIGINAL[:2500]), IN_FORCE, POLICY)

    assert cut.startswith("the last row has 36 of the 40 cells")
    assert lost == ("it lacks 3,874 (100%) of the 3,876 providers of the data in force; at most "
                    "10% may go at once (policy 2024.1)")


def test_a_copy_cut_at_a_line_end_is_refused_for_the_providers_it_lost() -> None:
    whole_lines = ORIGINAL[: ORIGINAL.index(b"\n", len(ORIGINAL) // 2)]
    shape = _shape(whole_lines)
    assert shape.cut_row == ""

    (found,) = problems(shape, IN_FORCE, POLICY)

    assert found.startswith("it lacks 1,9") and "at most 10% may go at once" in found


def test_losing_up_to_the_policy_share_is_plausible_and_one_more_is_not() -> None:
    allowed = int(0.10 * 3876)  # 387 providers
    within = _shape(_without_lines(ORIGINAL, 4, allowed))
    beyond = _shape(_without_lines(ORIGINAL, 4, allowed + 1))

    assert problems(within, IN_FORCE, POLICY) == []
    (found,) = problems(beyond, IN_FORCE, POLICY)
    assert found.startswith("it lacks 388 (10%) of the 3,876 providers")


def test_the_loss_share_is_the_policys_to_set() -> None:
    strict = dataclasses.replace(POLICY, snapshot_max_loss_share=0.01)
    shape = _shape(_without_lines(ORIGINAL, 4, 100))

    assert problems(shape, IN_FORCE, POLICY) == []
    assert problems(shape, IN_FORCE, strict) != []


def test_an_edition_older_than_the_one_in_force_is_refused() -> None:
    older = _shape(ORIGINAL.replace(b"as at 31 March 2024", b"as at 31 March 2023", 1))
    assert older.as_at == dt.date(2023, 3, 31)

    (found,) = problems(older, IN_FORCE, POLICY)

    assert found == ("its data are as at 31 March 2023, older than those in force (as at 31 "
                     "March 2024); the same date or a later one was expected")


def test_a_newer_edition_or_one_without_a_date_is_not_refused_for_its_date() -> None:
    newer = _shape(ORIGINAL.replace(b"as at 31 March 2024", b"as at 31 March 2025", 1))
    undated = _shape(ORIGINAL.replace(b"as at 31 March 2024", b"2024", 1))

    assert newer.as_at == dt.date(2025, 3, 31) and undated.as_at is None
    assert problems(newer, IN_FORCE, POLICY) == problems(undated, IN_FORCE, POLICY) == []


def test_refusing_names_every_problem_in_one_line() -> None:
    with pytest.raises(SnapshotImplausible) as refused:
        refuse_if_implausible(_shape(ORIGINAL[:2500]), IN_FORCE, POLICY)

    assert "\n" not in str(refused.value) and str(refused.value).count("; ") >= 2


def test_a_cut_gias_extract_is_refused_and_a_whole_one_is_not() -> None:
    data = GIAS_EXTRACT.read_bytes()
    whole, cut = load_gias_extract(data), load_gias_extract(data[:5000])
    in_force = shape_of("establishments", whole.establishments.index)

    (found,) = problems(shape_of("establishments", cut.establishments.index,
                                 cut_row=cut.cut_row), None, POLICY)
    assert found.startswith("the last row has 22 of the 27 cells")
    assert problems(in_force, in_force, POLICY) == []
    lost = problems(shape_of("establishments", cut.establishments.index), in_force, POLICY)
    assert lost[0].endswith("establishments of the data in force; at most 10% may go at once "
                            "(policy 2024.1)")
