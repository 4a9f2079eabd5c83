"""The commands that need a Prefect server: `dps serve` (the pipeline's deployments served from
this machine, no work pool or worker) and `dps review ui ID` (a review decided in Prefect's UI).
Without PREFECT_API_URL they say in one line what to do; nothing else in `dps` needs a server."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING, cast

from cli.errors import UserError

if TYPE_CHECKING:
    from prefect.client.schemas.objects import FlowRun

    from domain.models import ReviewItem

START_A_SERVER = ("run `prefect server start` and set "
                  "PREFECT_API_URL=http://127.0.0.1:4200/api")
REVIEW_DEPLOYMENT = "review-decision"


def _require_server(command: str) -> str:
    """PREFECT_API_URL, once a server answers there; else a UserError saying what to do."""
    from flows.events import is_server_configured

    if not is_server_configured():
        raise UserError(f"{command} needs a Prefect server: {START_A_SERVER}")
    url = os.environ["PREFECT_API_URL"].strip()
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True, httpx_settings={"timeout": 5.0}) as client:
        problem = client.api_healthcheck()
    if problem is not None:
        raise UserError(f"{command}: no Prefect server answers at PREFECT_API_URL={url} "
                        f"({type(problem).__name__}): {START_A_SERVER}")
    return url


def serve(args: argparse.Namespace) -> int:
    """Register every deployment (flows/deployments.py) and run their flow runs here until
    stopped (Ctrl-C, SIGTERM).

    Prefect's default pauses every served deployment on shutdown. Not here: the deployments
    share their names with prefect.yaml's (a worker may be serving them too), and while nothing
    serves them, scheduled and triggered runs wait and run on the next start rather than being
    lost (every job is idempotent, so a late run is harmless)."""
    _require_server("dps serve")
    from prefect import serve as prefect_serve

    from flows.deployments import runner_deployments

    prefect_serve(*runner_deployments(), limit=args.limit, pause_on_shutdown=False)
    return 0


def review_ui(args: argparse.Namespace) -> int:
    """Start (or find) the run that asks for this review's decision in Prefect's UI; print
    where to decide it."""
    _require_server("dps review ui")
    item = _open_review(args.id)
    from prefect.deployments import run_deployment
    from prefect.exceptions import ObjectNotFound
    from prefect.utilities.urls import url_for

    from flows.deployments import deployment

    spec = deployment(REVIEW_DEPLOYMENT)
    tag = f"review:{item.id}"
    flow_run = _waiting_run(tag)
    if flow_run is None:
        try:
            flow_run = cast("FlowRun", run_deployment(  # sync here: no event loop runs
                spec.full_name, parameters={"review_id": item.id}, tags=[tag], timeout=0))
        except ObjectNotFound as error:
            raise UserError(
                f"the server has no deployment {spec.full_name}: run `DPS_PROJECT_DIR=$PWD "
                "prefect deploy --all` and a worker (`prefect worker start --pool dps-process`),"
                " or `dps serve`") from error
    where = url_for(flow_run) or f"flow run {flow_run.id}"
    print(f"Review {item.id} (provider {item.provider}, lot {item.lot}): decide it at {where}")
    return 0


def _open_review(review_id: str) -> ReviewItem:
    from flows import settings

    try:
        item = settings.repositories().reviews.get(review_id)
    except ValueError:
        item = None
    if item is None:
        raise UserError(f"no review with id {review_id!r}")
    if item.verdict is not None:
        raise UserError(f"review {item.id} was decided ({item.verdict}) by {item.reviewer}")
    if item.status.value != "open":
        raise UserError(f"review {item.id} is {item.status.value}: {item.reason}")
    return item


def _waiting_run(tag: str) -> FlowRun | None:
    """A run for this review that has not ended (scheduled, running or waiting for the form)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
        FlowRunFilterTags,
    )
    from prefect.client.schemas.objects import StateType

    ended = [StateType.COMPLETED, StateType.FAILED, StateType.CANCELLED, StateType.CRASHED]
    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(flow_run_filter=FlowRunFilter(
            tags=FlowRunFilterTags(all_=[tag]),
            state=FlowRunFilterState(type=FlowRunFilterStateType(not_any_=ended))), limit=1)
    return runs[0] if runs else None
