"""Flows get references, not file contents: a regulator file of any size and encoding loads,
and the Prefect flow run records the snapshot id it was given, never the file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.cli.conftest import Dps
from tests.prefect_server import PrefectServer

REPO = Path(__file__).resolve().parents[2]
OFSTED_2024 = REPO / "fixtures" / "ofsted" / "provider-level-at-31-march-2024.csv"
PREFECT_PARAMETER_LIMIT = 524_288  # bytes, serialised: Prefect's API refuses a larger run


@pytest.fixture
def utf8_ofsted(tmp_path: Path) -> Path:
    """The bundled 2024 file (Mac Roman) as Ofsted publishes now: UTF-8 with a byte-order mark."""
    path = tmp_path / "provider-level-at-31-march-2024-utf8.csv"
    path.write_bytes(OFSTED_2024.read_bytes().decode("mac_roman").encode("utf-8-sig"))
    return path


def _refresh_runs(server: PrefectServer, snapshot_id: str) -> list[dict[str, object]]:
    """The parameters of every refresh run the server recorded for this snapshot id."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName

    with server.settings(), get_client(sync_client=True) as client:
        runs = client.read_flow_runs(
            flow_filter=FlowFilter(name=FlowFilterName(any_=["refresh-regulator-data"])))
        return [run.parameters for run in runs
                if run.parameters.get("snapshot_id") == snapshot_id]


def test_the_2024_ofsted_file_in_utf8_with_a_bom_loads_and_its_run_holds_only_its_id(
    dps_served: Dps, utf8_ofsted: Path, prefect_server: PrefectServer
) -> None:
    data = utf8_ofsted.read_bytes()
    assert len(data) > PREFECT_PARAMETER_LIMIT  # as Prefect would have counted it, and more

    result = dps_served("ofsted", "load", str(utf8_ofsted))

    assert result.returncode == 0, result.stderr[:2000]
    assert "Traceback" not in result.stderr
    assert "Register re-judged" in result.stdout
    snapshot_id = hashlib.sha256(data).hexdigest()[:16]
    runs = _refresh_runs(prefect_server, snapshot_id)  # this test's, and any earlier one's
    assert runs, "the server recorded no refresh run for the file's snapshot id"
    for parameters in runs:
        assert set(parameters) <= {"snapshot_id", "original_name", "at", "source"}
        assert (parameters["original_name"], parameters["source"]) == (utf8_ofsted.name, "ofsted")
        assert len(json.dumps(parameters)) < 300  # a reference, whatever the file's size
    # the flow read the file from storage, where it is kept byte for byte under that id
    kept = utf8_ofsted.parent / "data" / "snapshots" / "ofsted" / snapshot_id / "original"
    assert kept.read_bytes() == data


def test_loading_the_same_file_again_runs_again_from_the_same_reference(
    dps_served: Dps, utf8_ofsted: Path, prefect_server: PrefectServer
) -> None:
    """What Prefect's UI does when a run is started again: the same parameters, the same file."""
    first = dps_served("ofsted", "load", str(utf8_ofsted))
    again = dps_served("ofsted", "load", str(utf8_ofsted))

    assert (first.returncode, again.returncode) == (0, 0), again.stderr[:2000]
    assert "Register re-judged: 0 registered setting(s) changed" in again.stdout
    snapshot_id = hashlib.sha256(utf8_ofsted.read_bytes()).hexdigest()[:16]
    runs = _refresh_runs(prefect_server, snapshot_id)
    assert len(runs) >= 2 and all(run == runs[0] for run in runs)
