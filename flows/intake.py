"""The intake flow: a submission's files read, the rules run, the decision stored exactly once
and routed. A rejected application is a Completed run whose result is the decision; a Failed
run means the infrastructure failed."""

from __future__ import annotations

import datetime as dt

import httpx
from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from domain.evidence import ExtractedDocument
from domain.models import Decision, StoredFile, SubmissionState
from domain.providers import provider_id
from extraction.documents import extract_document
from flows import settings
from flows.artifacts import publish_decision
from services.failpoints import failpoint
from services.regulators import current_gias, current_ofsted
from services.routing import ROUTED, mark_routed, route_decision, routed_event_id
from services.set_aside import SetAside, reason_of, set_aside
from services.submissions import UNASSIGNED
from storage.errors import StorageUnavailable
from storage.repositories import Repositories
from validators.case import Case
from validators.decide import decide_lots, judgements_of, run_rules
from validators.evidence_expiry import evidence_expiry_of
from validators.policy import Policy, bundled_policy, policy_in_force
from validators.provider_ids import provider_id_problem


def _is_infrastructure_error(task, task_run, state) -> bool:  # type: ignore[no-untyped-def]
    """Retry only when storage could not be reached; a bad document is a result, not an error."""
    try:
        state.result()
    except StorageUnavailable:
        return True
    except Exception:
        return False
    return False


#: what fails every submission alike (storage, the disk, the network to Prefect's API): the run
#: fails and the next one retries, rather than setting aside submissions that did nothing wrong
INFRASTRUCTURE_ERRORS = (StorageUnavailable, OSError, httpx.HTTPError)

IO_RETRIES = {
    "retries": 3,
    "retry_delay_seconds": 1,
    "retry_condition_fn": _is_infrastructure_error,
    "cache_policy": NO_CACHE,
}


@task(**IO_RETRIES)
def extract_file(submission_id: str, stored: StoredFile) -> ExtractedDocument:
    """Read one kept original and extract what it says."""
    data = settings.repositories().submissions.original(submission_id, stored.sha256)
    return extract_document(stored.original_name, data)


@task(**IO_RETRIES)
def evaluate(
    submission_id: str, documents: list[ExtractedDocument], as_of: dt.date, policy: Policy
) -> Decision:
    """Run every rule against the documents and the Ofsted snapshot in force; decide each lot."""
    repos = settings.repositories()
    submission = repos.submissions.get(submission_id)
    providers, label = current_ofsted(repos)
    schools, schools_label = current_gias(repos)
    case = Case(
        tuple(documents),
        policy,
        as_of,
        providers,
        label,
        schools,
        schools_label,
        files=submission.files,
    )
    lots = decide_lots(case, run_rules(case))
    if submission.answers is not None:  # an answer to a clarification: those lots only
        asked = [lot for lot in lots if lot.lot in submission.answers.lots]
        lots = tuple(asked) or lots  # a form that no longer applies for them: judge it whole
    return Decision(
        submission_id=submission_id,
        provider=_provider_of(submission.provider, case),
        policy_version=policy.version,
        evaluation_date=as_of,
        decided_at=settings.now(),
        lots=lots,
        organisation={"legal_name": case.value("A1") or ""},
        judgements=judgements_of(case),
        evidence_expiry=evidence_expiry_of(case.covers),
    )


def _provider_of(given: str, case: Case) -> str:
    if given and given != UNASSIGNED:
        return given
    answer = case.answer("A4")
    return provider_id(case.value("A1"), answer.source_text if answer else None)


@task(**IO_RETRIES)
def record_and_route(decision: Decision) -> tuple[Decision, bool]:
    """Store the decision once and route it; a decision stored before is routed, not remade."""
    repos = settings.repositories()
    created = repos.decisions.record(decision)
    stored = (
        decision
        if created
        else repos.decisions.get(decision.submission_id, decision.policy_version)
    )
    assert stored is not None
    failpoint("after-decision-stored")
    route_decision(repos, stored, settings.now(), make_pdf=settings.notice_pdf_maker(),
                   notify=settings.letter_notifier())
    repos.submissions.set_state(decision.submission_id, stored.state)
    failpoint("after-state-set")
    mark_routed(repos, stored, settings.now())
    return stored, created


def is_real_decision(policy: Policy, as_of: dt.date, today: dt.date) -> bool:
    """Whether deciding under `policy` as of `as_of` counts: the policy in force, today.
    Anything else is a what-if, kept for comparison (`route` overrides, deliberately)."""
    return as_of == today and policy.version == policy_in_force(as_of).version


@flow(name="process-submission", log_prints=False)
def process_submission(
    submission_id: str, as_of: dt.date | None = None, policy_version: str | None = None,
    route: bool | None = None,
) -> dict[str, object]:
    """Decide one submission under a policy version (default: the one in force on the
    evaluation date): extract, evaluate, record once, route. Not today, or not the policy in
    force, is a what-if (recorded, never routed) unless `route` says otherwise. A submission
    that cannot be decided is set aside (state failed, a review for the team); the run still
    completes, so the next submission is decided."""
    repos = settings.repositories()
    as_of = as_of or settings.today()
    policy = bundled_policy(policy_version) if policy_version else policy_in_force(as_of)
    counts = route if route is not None else is_real_decision(policy, as_of, settings.today())
    try:
        if not counts:
            return _what_if(repos, submission_id, as_of, policy)
        return _decide_and_route(repos, submission_id, as_of, policy)
    except INFRASTRUCTURE_ERRORS:
        raise  # the infrastructure failed: a Failed run, retried later, nothing set aside
    except Exception as error:  # noqa: BLE001 (this submission only: the others go on)
        reason = reason_of(error)
        set_aside(repos, submission_id, policy.version, reason, settings.now())
        return {"submission_id": submission_id, "status": SubmissionState.FAILED.value,
                "policy_version": policy.version, "already_decided": False, "what_if": False,
                "reason": reason}


def _decide_and_route(
    repos: Repositories, submission_id: str, as_of: dt.date, policy: Policy
) -> dict[str, object]:
    submission = repos.submissions.get(submission_id)
    existing = repos.decisions.get(submission_id, policy.version)
    if existing is not None:  # decided before (a re-run, or a crash after recording): re-route
        decision, created = record_and_route(_routable(existing))
    else:
        if submission.provider != UNASSIGNED:  # refused before any file is read
            _refuse_unusable_provider(submission.provider)
        if not submission.state.is_decided:
            repos.submissions.set_state(submission_id, SubmissionState.PROCESSING)
        documents = [extract_file(submission_id, stored) for stored in submission.files]
        fresh = evaluate(submission_id, documents, as_of, policy)
        decision, created = record_and_route(_routable(fresh))
    if created:
        publish_decision(decision)
    return _result(decision, created, what_if=False)


def _routable(decision: Decision) -> Decision:
    """The decision, if its provider id can name register entries (else SetAside)."""
    _refuse_unusable_provider(decision.provider)
    return decision


def _refuse_unusable_provider(provider: str) -> None:
    """Set aside a provider id that an older version accepted at submit (`a/b`, `../x`, a
    500-character one): it cannot name register entries, nor be printed safely."""
    problem = provider_id_problem(provider)
    if problem is not None:
        shown = provider if len(provider) <= 40 else f"{provider[:40]}…"
        raise SetAside(f"provider id {shown!r} cannot be used: {problem}")


def _what_if(
    repos: Repositories, submission_id: str, as_of: dt.date, policy: Policy
) -> dict[str, object]:
    """Decide for comparison only: recorded apart, no routing, no letter, no state change."""
    existing = repos.decisions.what_if(submission_id, policy.version, as_of)
    if existing is not None:
        return _result(existing, False, what_if=True)
    submission = repos.submissions.get(submission_id)
    documents = [extract_file(submission_id, stored) for stored in submission.files]
    decision = evaluate(submission_id, documents, as_of, policy).model_copy(
        update={"what_if": True})
    created = repos.decisions.record_what_if(decision)
    return _result(decision, created, what_if=True)


def _result(decision: Decision, created: bool, *, what_if: bool) -> dict[str, object]:
    return {
        "submission_id": decision.submission_id,
        "status": decision.state.value,
        "policy_version": decision.policy_version,
        "already_decided": not created,
        "what_if": what_if,
    }


@flow(name="process-pending", log_prints=False)
def process_pending(
    as_of: dt.date | None = None, policy_version: str | None = None, route: bool | None = None
) -> list[dict[str, object]]:
    """Decide every submission that has no decision under the policy version yet, each on its
    own: one set aside (status failed) does not stop the others."""
    repos = settings.repositories()
    as_of = as_of or settings.today()
    policy = bundled_policy(policy_version) if policy_version else policy_in_force(as_of)
    counts = route if route is not None else is_real_decision(policy, as_of, settings.today())
    pending = (pending_submissions(repos, policy.version) if counts
               else pending_what_ifs(repos, policy.version, as_of))
    return [process_submission(submission_id, as_of, policy.version, counts)
            for submission_id in pending]


def pending_submissions(repos: Repositories, policy_version: str) -> list[str]:
    """The submissions not yet decided and routed under `policy_version`, oldest first: a run
    killed after storing a decision but before routing it all is picked up again. One set
    aside waits for the team (its review), not for the next run."""
    # from the keys: the ids, less those routed; only what is left is read (for its state)
    routed = repos.audit.event_ids(ROUTED)
    unrouted = [sid for sid in repos.submissions.ids()
                if routed_event_id(sid, policy_version) not in routed]
    return [sid for sid in unrouted
            if repos.submissions.get(sid).state is not SubmissionState.FAILED]


def pending_what_ifs(repos: Repositories, policy_version: str, as_of: dt.date) -> list[str]:
    """The submissions without a what-if decision under `policy_version` as of `as_of`."""
    return [s.id for s in repos.submissions.all()
            if repos.decisions.what_if(s.id, policy_version, as_of) is None]
