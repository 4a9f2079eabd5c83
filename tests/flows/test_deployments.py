"""The deployments: prefect.yaml and `dps serve` agree (flows/deployments.py), and on a real
Prefect server `prefect deploy --all` registers them, a worker runs the intake, and a stored
submission's event triggers the intake-on-arrival deployment."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from fixtures import OFSTED_SNAPSHOT
from fixtures.applications import SAMPLE_APPLICATIONS
from flows import settings
from flows.deployments import DEPLOYMENTS, TIMEZONE, WORK_POOL, deployment, runner_deployments
from services.regulators import load_ofsted
from services.submissions import Upload, submit
from tests.prefect_server import PREFECT, REPO, PrefectServer, dps, run, wait_until

AS_OF = "2024-06-03"
PREFECT_YAML = yaml.safe_load((REPO / "prefect.yaml").read_text())


def _yaml_deployment(name: str) -> dict[str, Any]:
    return next(d for d in PREFECT_YAML["deployments"] if d["name"] == name)


def test_prefect_yaml_lists_exactly_the_deployments_of_flows_deployments() -> None:
    assert [d["name"] for d in PREFECT_YAML["deployments"]] == [s.name for s in DEPLOYMENTS]
    for spec in DEPLOYMENTS:
        listed = _yaml_deployment(spec.name)
        assert listed["entrypoint"] == spec.entrypoint, spec.name
        assert listed["description"] == spec.description, spec.name
        assert listed["work_pool"] == {"name": WORK_POOL}, spec.name
        assert listed.get("schedules", []) == [
            {"cron": cron, "timezone": TIMEZONE} for cron in spec.crons], spec.name
        assert listed.get("triggers", []) == list(spec.triggers), spec.name


def test_dps_serve_builds_the_deployments_prefect_yaml_lists() -> None:
    from prefect.events.schemas.deployment_triggers import DeploymentEventTrigger

    served = runner_deployments()
    assert [d.name for d in served] == [d["name"] for d in PREFECT_YAML["deployments"]]
    for built in served:
        listed = _yaml_deployment(built.name)
        assert built.entrypoint == listed["entrypoint"]
        assert [(s.schedule.cron, s.schedule.timezone) for s in built.schedules] == [  # type: ignore[union-attr]
            (s["cron"], s["timezone"]) for s in listed.get("schedules", [])]
        assert [t.model_dump(exclude={"name"}) for t in built.triggers] == [
            DeploymentEventTrigger(**t).model_dump(exclude={"name"})
            for t in listed.get("triggers", [])]


@pytest.mark.parametrize("spec", DEPLOYMENTS, ids=lambda s: s.name)
def test_every_entrypoint_loads_its_flow_as_a_worker_would(spec) -> None:  # type: ignore[no-untyped-def]
    from prefect.flows import load_flow_from_entrypoint

    assert load_flow_from_entrypoint(spec.entrypoint).name == spec.flow().name


def test_the_scheduled_jobs_run_on_monday_mornings_in_london_after_the_nightly_checks() -> None:
    assert deployment("regulator-refresh").crons == ("0 6 * * 1",)
    assert deployment("weekly-register-export").crons == ("0 7 * * 1",)


# --- on a real Prefect server -------------------------------------------------------------


@pytest.fixture(scope="module")
def deployed(prefect_server: PrefectServer, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[tuple[PrefectServer, Path]]:
    """The work pool, and every deployment as the README says: `prefect deploy --all`."""
    storage = tmp_path_factory.mktemp("deployed") / "data"
    env = prefect_server.env(storage)
    pool = run([PREFECT, "work-pool", "create", WORK_POOL, "--type", "process", "--overwrite"],
               env)
    assert pool.returncode == 0, pool.stdout + pool.stderr
    deploy = run([PREFECT, "--no-prompt", "deploy", "--all"], env)
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    yield prefect_server, storage


def _submitted(storage: Path, monkeypatch: pytest.MonkeyPatch, sample_index: int = 0) -> str:
    monkeypatch.setenv("DPS_STORAGE", str(storage))
    repos = settings.repositories()
    load_ofsted(repos, OFSTED_SNAPSHOT.read_bytes(), OFSTED_SNAPSHOT.name)
    sample = SAMPLE_APPLICATIONS[sample_index]
    uploads = [Upload(path.name, path.read_bytes()) for path in sample.files()]
    return submit(repos, uploads, sample.provider).id


@pytest.mark.server
@pytest.mark.slow
def test_prefect_deploy_all_registers_every_deployment_as_flows_deployments_says(
    deployed: tuple[PrefectServer, Path],
) -> None:
    from prefect.client.orchestration import get_client

    server, _ = deployed
    with server.settings(), get_client(sync_client=True) as client:
        for spec in DEPLOYMENTS:
            registered = client.read_deployment_by_name(spec.full_name)
            assert registered.entrypoint == spec.entrypoint
            assert registered.work_pool_name == WORK_POOL
            assert [(s.schedule.cron, s.schedule.timezone, s.active)  # type: ignore[union-attr]
                    for s in registered.schedules] == [(c, TIMEZONE, True) for c in spec.crons]
        triggers = {a.name: a for a in client.read_automations()}
    automation = triggers["intake-on-arrival__automation_1"]
    assert automation.trigger.expect == {"dps.submission.received"}  # type: ignore[union-attr]


@pytest.mark.server
@pytest.mark.slow
def test_a_worker_runs_the_intake_deployment_and_the_decision_is_stored(
    deployed: tuple[PrefectServer, Path], monkeypatch: pytest.MonkeyPatch,
) -> None:
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment

    server, storage = deployed
    submission_id = _submitted(storage, monkeypatch)
    with server.settings():
        flow_run = run_deployment(
            deployment("intake-submission").full_name, timeout=0,
            parameters={"submission_id": submission_id, "as_of": AS_OF, "route": True})
    worker = run([PREFECT, "worker", "start", "--pool", WORK_POOL, "--run-once"],
                 server.env(storage))
    assert worker.returncode == 0, worker.stdout + worker.stderr
    with server.settings(), get_client(sync_client=True) as client:
        state = client.read_flow_run(flow_run.id).state
    assert state is not None and state.is_completed(), worker.stdout + worker.stderr
    (decision,) = settings.repositories().decisions.of(submission_id)
    assert decision.state.value == "accepted"
    assert settings.repositories().submissions.get(submission_id).state.value == "accepted"


@pytest.mark.timing  # a wall-clock bound: run alone (./run), never beside a worker
@pytest.mark.server
@pytest.mark.slow
def test_a_stored_submission_triggers_a_run_of_the_intake_on_arrival_deployment(
    deployed: tuple[PrefectServer, Path],
) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

    server, storage = deployed
    sample = SAMPLE_APPLICATIONS[0]
    started = time.monotonic()
    submitted = run(dps("submit", "--provider", sample.provider,
                        *(str(p) for p in sample.files())), server.env(storage))
    took = time.monotonic() - started
    assert submitted.returncode == 0 and submitted.stderr == "", submitted.stderr
    submission_id = submitted.stdout.strip()
    assert took < 20, f"dps submit with a server took {took:.1f} s"

    def triggered_runs() -> list[Any]:
        with server.settings(), get_client(sync_client=True) as client:
            on_arrival = client.read_deployment_by_name(deployment("intake-on-arrival").full_name)
            runs = client.read_flow_runs(deployment_filter=DeploymentFilter(
                id=DeploymentFilterId(any_=[on_arrival.id])))
        return [r for r in runs if r.parameters.get("submission_id") == submission_id]

    (flow_run,) = wait_until(triggered_runs, 30, "the trigger to create a flow run")
    assert flow_run.parameters == {"submission_id": submission_id}
    with server.settings(), get_client(sync_client=True) as client:  # no worker runs it here
        client.delete_flow_run(flow_run.id)


def test_the_schedules_are_in_the_councils_timezone() -> None:
    assert settings.COUNCIL_TIMEZONE.key == TIMEZONE  # 06:00 stays 06:00 across clock changes
