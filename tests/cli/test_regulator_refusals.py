"""`dps ofsted load` refuses implausible data in one line, exit 2, and nothing changes
(issue 10, Deliver 3): the first 2,500 bytes of the Ofsted file, an older edition. `dps ofsted
events load` applies the in-year events to the snapshot in force, and refuses them without one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Dps

REPO = Path(__file__).resolve().parents[2]
OFSTED_2024 = REPO / "fixtures" / "ofsted" / "provider-level-at-31-march-2024.csv"
IN_YEAR = REPO.parent / "shared" / "data" / "ofsted" / "provider-level-in-year-2024-25.csv"


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr[:2000]
    return lines[0]


def test_the_first_2500_bytes_are_refused_in_one_line_and_nothing_is_kept(
    dps_served: Dps, tmp_path: Path
) -> None:
    cut = tmp_path / "provider-level-cut.csv"
    cut.write_bytes(OFSTED_2024.read_bytes()[:2500])

    result = dps_served("ofsted", "load", str(cut))

    assert result.returncode == 2
    line = _one_line(result.stderr)
    assert "provider-level-cut.csv is refused" in line
    assert "the last row has 36 of the 40 cells of the rows above it" in line
    assert "a complete file was expected" in line
    assert not (tmp_path / "data" / "snapshots").exists()  # nothing kept, nothing in force


def test_an_older_edition_is_refused_and_the_one_in_force_stays(
    dps_served: Dps, tmp_path: Path
) -> None:
    older = tmp_path / "provider-level-2023.csv"
    older.write_bytes(OFSTED_2024.read_bytes().replace(
        b"as at 31 March 2024", b"as at 31 March 2023", 1))
    first = dps_served("ofsted", "load", str(OFSTED_2024))
    assert first.returncode == 0
    assert ("named in findings as: provider-level-at-31-march-2024.csv (as at 31 March 2024, "
            "loaded ") in first.stdout
    current = tmp_path / "data" / "snapshots" / "ofsted" / "current.json"
    in_force = current.read_bytes()

    result = dps_served("ofsted", "load", str(older))

    assert result.returncode == 2
    line = _one_line(result.stderr)
    assert "the Ofsted snapshot in force stays" in line
    assert "its data are as at 31 March 2023, older than those in force (as at 31 March 2024)" in (
        line)
    assert current.read_bytes() == in_force


@pytest.mark.skipif(not IN_YEAR.exists(), reason=f"{IN_YEAR} is not laid out here")
def test_in_year_events_need_a_snapshot_then_load_onto_it(dps_served: Dps) -> None:
    refused = dps_served("ofsted", "events", "load", str(IN_YEAR))
    assert refused.returncode == 2
    assert "no Ofsted snapshot is loaded" in _one_line(refused.stderr)

    assert dps_served("ofsted", "load", str(OFSTED_2024)).returncode == 0
    loaded = dps_served("ofsted", "events", "load", str(IN_YEAR))

    assert loaded.returncode == 0, loaded.stderr[:2000]
    assert "Loaded in-year inspection events provider-level-in-year-2024-25.csv (new" in (
        loaded.stdout)
    assert "4,921 events, 0 row(s) quarantined" in loaded.stdout
    assert "named in findings as: provider-level-in-year-2024-25.csv (as at " in loaded.stdout
    assert "Register re-judged: 0 registered setting(s) changed" in loaded.stdout
