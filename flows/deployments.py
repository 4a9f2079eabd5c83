"""Every deployment of the pipeline in one place: `dps serve` builds them from this list, and
prefect.yaml (for `prefect deploy --all` and a worker) lists the same names, entrypoints,
schedules and triggers; tests/flows/test_deployments.py keeps the two in step.

Entrypoints are module paths (flows.intake.process_submission), not file paths: Prefect loads a
file entrypoint (flows/intake.py:…) with its folder first on sys.path, where a module of flows/
named like a top-level package would hide it (services/letters.py was flows/notices.py for that
reason; tests/test_architecture.py keeps the names apart).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from flows import settings
from flows.events import SUBMISSION_ID_LABEL, SUBMISSION_RECEIVED, SUBMISSION_RESOURCE_PREFIX

if TYPE_CHECKING:
    from prefect import Flow
    from prefect.deployments.runner import RunnerDeployment

WORK_POOL = "dps-process"
# the council's (DPS_TIMEZONE): 06:00 stays 06:00 across the clock changes
TIMEZONE = settings.COUNCIL_TIMEZONE.key


@dataclass(frozen=True)
class DeploymentSpec:
    """One deployment: as prefect.yaml writes it, and as `dps serve` builds it."""

    name: str
    entrypoint: str  # module.function
    description: str
    crons: tuple[str, ...] = ()  # each in TIMEZONE
    triggers: tuple[dict[str, Any], ...] = field(default=())  # as in prefect.yaml

    def flow(self) -> Flow[..., Any]:
        """The flow object the entrypoint names."""
        module, _, name = self.entrypoint.rpartition(".")
        found: Flow[..., Any] = getattr(importlib.import_module(module), name)
        return found

    @property
    def full_name(self) -> str:
        """flow-name/deployment-name, as `prefect deployment run` and run_deployment take it."""
        return f"{self.flow().name}/{self.name}"


ON_ARRIVAL = {
    "type": "event",
    "enabled": True,
    "match": {"prefect.resource.id": f"{SUBMISSION_RESOURCE_PREFIX}*"},
    "expect": [SUBMISSION_RECEIVED],
    "for_each": ["prefect.resource.id"],
    "posture": "Reactive",
    "threshold": 1,
    "within": 0,
    # Prefect 3.9 renders the parameters as Jinja over the event; the id is a label of the
    # event's resource (flows/events.py)
    "parameters": {"submission_id": f"{{{{ event.resource['{SUBMISSION_ID_LABEL}'] }}}}"},
}

DEPLOYMENTS = (
    DeploymentSpec(
        "intake-pending", "flows.intake.process_pending",
        "Decide every submission not yet decided and routed (on demand)."),
    DeploymentSpec(
        "intake-submission", "flows.intake.process_submission",
        "Decide one submission (on demand)."),
    DeploymentSpec(
        "intake-on-arrival", "flows.intake.process_submission",
        "Decide a submission as soon as it arrives (its dps.submission.received event).",
        triggers=(ON_ARRIVAL,)),
    DeploymentSpec(
        "nightly-expiry-check", "flows.expiries.check_expiries",
        "Insurance reminders at 28 days, 14 days and on the day; suspension on expiry.",
        crons=("30 1 * * *",)),
    DeploymentSpec(
        "daily-assessment-clock", "flows.revalidation.check_assessment_clock",
        "Flag submissions still undecided after 10 working days.",
        crons=("0 7 * * 1-5",)),
    # Ofsted publishes its social care data monthly, and in-year inspection outcomes between the
    # editions: checking weekly catches a downgrade within days, and the same bytes again change
    # nothing, so the extra runs cost nothing but a read.
    DeploymentSpec(
        "regulator-refresh", "flows.scheduled.refresh_regulator_from_location",
        "Load the Ofsted snapshot at DPS_OFSTED_SOURCE and re-judge the register against it.",
        crons=("0 6 * * 1",)),
    DeploymentSpec(
        "weekly-register-export", "flows.scheduled.export_register_files",
        "Write the register as CSV and XLSX (register-YYYY-MM-DD.*) to DPS_EXPORT_TO.",
        crons=("0 7 * * 1",)),
    DeploymentSpec(
        "review-decision", "flows.review_ui.review_in_prefect_ui",
        "Show a referred lot's evidence and wait for the reviewer's decision in the UI "
        "(dps review ui ID)."),
)


def deployment(name: str) -> DeploymentSpec:
    """The deployment with this name."""
    return next(spec for spec in DEPLOYMENTS if spec.name == name)


def runner_deployments() -> list[RunnerDeployment]:
    """The deployments for `prefect.serve` (no work pool: the serving process runs them)."""
    from prefect.events.schemas.deployment_triggers import DeploymentEventTrigger
    from prefect.schedules import Cron
    from prefect.types.entrypoint import EntrypointType

    return [
        cast("RunnerDeployment", spec.flow().to_deployment(
            name=spec.name,
            description=spec.description,
            schedules=[Cron(cron, timezone=TIMEZONE) for cron in spec.crons],
            triggers=[DeploymentEventTrigger(**trigger) for trigger in spec.triggers],
            entrypoint_type=EntrypointType.MODULE_PATH,
        ))  # to_deployment is sync here (it returns a coroutine only in an async context)
        for spec in DEPLOYMENTS
    ]
