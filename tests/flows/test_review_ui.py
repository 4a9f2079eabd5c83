"""A review decided through Prefect's UI: a form whose every field is required, and on a real
server, `dps review ui` starts the run under `dps serve`, an incomplete answer is refused by the
server, a refused verdict is asked for again, and a valid one is recorded and routed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from domain.models import EntryStatus, Finding, Outcome, ReviewItem, ReviewVerdict
from flows import settings
from flows.review_ui import ReviewDecisionInput, evidence_markdown
from storage.repositories import Repositories
from tests.prefect_server import PrefectServer, dps, run, stop_session, wait_until

AT = dt.datetime(2024, 6, 5, 10, tzinfo=dt.UTC)
RI = Finding(code="ofsted-rating-requires-improvement", outcome=Outcome.REFER,
             message="Ofsted URN SC454901 was judged 'Requires improvement to be good'",
             lot="4", setting="SC454901")
INADEQUATE = Finding(code="ofsted-rating-inadequate", outcome=Outcome.FAIL,
                     message="Ofsted URN SC454902 was judged 'Inadequate'", lot="4",
                     document="ofsted-certificate.pdf", page=1)
VALID = {"verdict": "accept", "reviewer": "J Smith", "reason": "Improvement plan seen"}


def _schema() -> dict[str, Any]:
    from prefect._internal.pydantic.v2_schema import create_v2_schema

    form = ReviewDecisionInput.with_initial_data(description="evidence")
    return create_v2_schema(form.__name__, model_base=form)  # as the flow saves it


@pytest.mark.parametrize(("answer", "problem"), [
    ({}, "'verdict' is a required property"),
    ({"reviewer": "J Smith", "reason": "ok"}, "'verdict' is a required property"),
    ({"verdict": "accept", "reason": "ok"}, "'reviewer' is a required property"),
    ({"verdict": "accept", "reviewer": "J Smith", "reason": "   "}, "does not match"),
    ({"verdict": "maybe", "reviewer": "J Smith", "reason": "ok"}, "is not one of"),
])
def test_the_decision_form_refuses_an_answer_without_a_verdict_a_name_or_a_reason(
    answer: dict[str, str], problem: str
) -> None:
    from prefect.utilities.schema_tools.validation import ValidationError, validate

    with pytest.raises(ValidationError, match=re.escape(problem)):
        validate(answer, _schema(), raise_on_error=True)  # what the server checks on resume


def test_the_decision_form_has_no_defaults_so_an_empty_submit_cannot_resume() -> None:
    schema = _schema()
    assert schema["required"] == ["verdict", "reviewer", "reason"]
    assert not any("default" in field for field in schema["properties"].values())
    assert ReviewDecisionInput(**VALID).reviewer == "J Smith"


def test_the_evidence_page_lists_every_finding_and_where_it_was_found() -> None:
    item = ReviewItem(id="R-1", submission_id="S-1", provider="keys", lot="4", opened_at=AT,
                      findings=(RI, INADEQUATE), settings=("SC454901",))
    page = evidence_markdown(item, refusal="a failed rule cannot be accepted away")
    assert "**Not recorded:** a failed rule cannot be accepted away" in page
    assert "| fail | `ofsted-rating-inadequate` |" in page
    assert "ofsted-certificate.pdf, page 1" in page and "SC454901" in page


# --- on a real Prefect server, served by `dps serve` --------------------------------------


@pytest.fixture(scope="module")
def served(prefect_server: PrefectServer, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[tuple[PrefectServer, Path]]:
    """`dps serve` against the server, over its own storage, polling every second."""
    import subprocess

    from prefect.client.orchestration import get_client

    from flows.deployments import deployment

    folder = tmp_path_factory.mktemp("served")
    storage = folder / "data"
    env = prefect_server.env(storage, PREFECT_RUNNER_POLL_FREQUENCY="1")
    log = (folder / "serve.log").open("wb")
    started = dt.datetime.now(dt.UTC)
    process = subprocess.Popen(dps("serve"), env=env, cwd=folder, stdin=subprocess.DEVNULL,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def registered() -> bool:
        assert process.poll() is None, (folder / "serve.log").read_text()
        with prefect_server.settings(), get_client(sync_client=True) as client:
            try:
                found = client.read_deployment_by_name(deployment("review-decision").full_name)
            except Exception:
                return False
        return found.updated is not None and found.updated >= started

    try:
        wait_until(registered, 60, "dps serve to register its deployments")
        yield prefect_server, storage
    finally:
        stop_session(process)
        log.close()


def _open_review(storage: Path, monkeypatch: pytest.MonkeyPatch, provider: str,
                 findings: tuple[Finding, ...]) -> tuple[Repositories, str]:
    monkeypatch.setenv("DPS_STORAGE", str(storage))
    repos = settings.repositories()
    review_id = f"S-{provider}-2024.1-4"
    assert repos.reviews.open(ReviewItem(
        id=review_id, submission_id=f"S-{provider}", provider=provider, lot="4", opened_at=AT,
        findings=findings, settings=("SC454901",), policy_version="2024.1"))
    return repos, review_id


def _start_in_the_ui(server: PrefectServer, storage: Path, review_id: str) -> UUID:
    started = run(dps("review", "ui", review_id), server.env(storage))
    assert started.returncode == 0, started.stderr
    match = re.search(r"/runs/flow-run/([0-9a-f-]{36})", started.stdout)
    assert match, started.stdout
    return UUID(match.group(1))


def _state(server: PrefectServer, flow_run_id: UUID) -> Any:
    from prefect.client.orchestration import get_client

    with server.settings(), get_client(sync_client=True) as client:
        return client.read_flow_run(flow_run_id).state


def _suspended(server: PrefectServer, flow_run_id: UUID, attempt: int) -> Any:
    """The run's state once it waits for the decision of `attempt` (1: the first form)."""
    def waiting() -> Any:
        state = _state(server, flow_run_id)
        ready = state is not None and state.is_paused() and \
            state.state_details.pause_key == f"decision-{attempt}"
        return state if ready else None

    return wait_until(waiting, 60, f"the run to wait for decision {attempt}")


def _resume(server: PrefectServer, flow_run_id: UUID, answer: dict[str, str]) -> None:
    from prefect.flow_runs import resume_flow_run

    with server.settings():
        resume_flow_run(flow_run_id, run_input=answer)


def _finished(server: PrefectServer, flow_run_id: UUID) -> Any:
    state = wait_until(lambda: (s := _state(server, flow_run_id)) is not None and s.is_final()
                       and s, 60, "the run to finish")
    assert state.is_completed(), state
    return state


@pytest.mark.server
@pytest.mark.slow
def test_a_reviewer_decides_in_the_ui_and_the_decision_is_recorded_and_routed(
    served: tuple[PrefectServer, Path], monkeypatch: pytest.MonkeyPatch,
) -> None:
    server, storage = served
    repos, review_id = _open_review(storage, monkeypatch, "keys-child-care", (RI,))
    flow_run_id = _start_in_the_ui(server, storage, review_id)
    assert _start_in_the_ui(server, storage, review_id) == flow_run_id  # the same form again
    _suspended(server, flow_run_id, 1)

    without_verdict = {"reviewer": "J Smith", "reason": "ok"}
    with pytest.raises(RuntimeError, match="'verdict' is a required property"):
        _resume(server, flow_run_id, without_verdict)
    with pytest.raises(RuntimeError, match="does not match"):
        _resume(server, flow_run_id, {**VALID, "reason": " "})
    assert _state(server, flow_run_id).is_paused()  # still waiting, nothing recorded
    assert repos.reviews.get(review_id).verdict is None  # type: ignore[union-attr]

    _resume(server, flow_run_id, VALID)
    _finished(server, flow_run_id)
    item = repos.reviews.get(review_id)
    assert item is not None and item.verdict is ReviewVerdict.ACCEPT
    assert (item.reviewer, item.reason) == ("J Smith", "Improvement plan seen")
    entry = repos.register.get("keys-child-care", "4")
    assert entry is not None and entry.status is EntryStatus.ACTIVE
    assert entry.history[-1].actor == "reviewer:J Smith"
    again = run(dps("review", "ui", review_id), server.env(storage))
    assert again.returncode == 2 and "was decided (accept) by J Smith" in again.stderr


@pytest.mark.server
@pytest.mark.slow
def test_a_refused_verdict_is_shown_with_its_reason_and_asked_for_again(
    served: tuple[PrefectServer, Path], monkeypatch: pytest.MonkeyPatch,
) -> None:
    from prefect.client.orchestration import get_client

    server, storage = served
    repos, review_id = _open_review(storage, monkeypatch, "hope-homes", (RI, INADEQUATE))
    flow_run_id = _start_in_the_ui(server, storage, review_id)
    _suspended(server, flow_run_id, 1)
    _resume(server, flow_run_id, VALID)  # a failed rule cannot be accepted away

    state = _suspended(server, flow_run_id, 2)
    with server.settings(), get_client(sync_client=True) as client:
        page = client.read_flow_run_input(
            flow_run_id, state.state_details.run_input_keyset["description"])
    assert "Not recorded:** a failed rule cannot be accepted away: ofsted-rating-inadequate" in page
    assert repos.reviews.get(review_id).verdict is None  # type: ignore[union-attr]

    _resume(server, flow_run_id, {**VALID, "verdict": "reject", "reason": "Inadequate home"})
    _finished(server, flow_run_id)
    assert repos.reviews.get(review_id).verdict is ReviewVerdict.REJECT  # type: ignore[union-attr]
    assert repos.register.get("hope-homes", "4") is None
