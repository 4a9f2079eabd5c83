"""A reviewer's decision through Prefect's UI: the flow shows a referred lot's evidence, waits for
the decision as a form (a RunInput), then records it once and routes it with
`services.review.decide_review`, exactly as `dps review decide` does.

The wait is a *suspension* (`suspend_flow_run`), not a pause: a review may take days, and a
paused run keeps its process (and a worker slot) alive, polling, for all that time, and dies with
it, whereas a suspended run ends its process and is started again from the top when resumed,
where the same suspension (the same key) returns the stored answer at once. Everything before it
here is a read or an idempotent publication, so running it again is harmless. Suspension needs a
deployment (Prefect refuses it for a run started in-process), hence the `review-decision`
deployment that `dps review ui ID` runs.

Every field of the form is required (no defaults): a form with only defaults would resume on an
empty submit. Prefect's server checks the answer against the form's JSON schema before it
resumes the run, so an answer without a verdict, or with a blank name or reason, is refused and
the run stays suspended. A verdict the rules refuse (accepting a lot with a failed rule) is shown
on a new form with the reason, and the run waits again rather than failing: a refused verdict is
the reviewer's to correct, and Failed means the infrastructure failed.
"""

from __future__ import annotations

from typing import Annotated, Literal

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.flow_runs import suspend_flow_run
from prefect.input import RunInput
from pydantic import Field, StringConstraints

from domain.models import ReviewItem, ReviewStatus, ReviewVerdict
from flows import settings
from flows.artifacts import artifact_key, markdown_cell
from services.review import ReviewRefused, decide_review

#: how long a review may wait in the UI before its run fails (start another with dps review ui)
REVIEW_WAIT_SECONDS = 30 * 24 * 3600

# `\S` (a non-space character anywhere) is checked by pydantic, the UI and the server alike
NonBlank = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"\S")]


class ReviewDecisionInput(RunInput):
    """The reviewer's decision on a referred lot; the lot is the review's own."""

    verdict: Literal["accept", "reject", "clarify"] = Field(
        description="accept: onto the register; reject; clarify: ask the provider for documents")
    reviewer: NonBlank = Field(description="Your name, as it will be recorded")
    reason: NonBlank = Field(description="Why, as it will be recorded and sent to the provider")


@flow(name="review-in-prefect-ui", log_prints=False)
def review_in_prefect_ui(review_id: str) -> dict[str, str]:
    """Show the review's evidence, wait for the reviewer's decision in Prefect's UI, then record
    and route it. A refused decision is shown with its reason and asked for again."""
    repos = settings.repositories()
    item = repos.reviews.get(review_id)
    if item is None:
        raise ReviewRefused(f"no review with id {review_id!r}")
    refusal = ""
    attempt = 0
    while item.status is ReviewStatus.OPEN:
        attempt += 1
        page = evidence_markdown(item, refusal)
        create_markdown_artifact(page, key=artifact_key(f"review-{item.id}"),
                                 description=f"Review {item.id}: the evidence")
        form = ReviewDecisionInput.with_initial_data(description=page)
        answer = suspend_flow_run(wait_for_input=form, key=f"decision-{attempt}",
                                  timeout=REVIEW_WAIT_SECONDS)
        try:
            item = decide_review(repos, review_id, item.lot, ReviewVerdict(answer.verdict),
                                 answer.reviewer, answer.reason, settings.now(),
                                 make_pdf=settings.notice_pdf_maker(),
                                 notify=settings.letter_notifier())
        except ReviewRefused as error:
            refusal = str(error)
            get_run_logger().warning("Decision refused, asking again: %s", refusal)
            item = repos.reviews.get(review_id) or item
    return {"review_id": item.id, "lot": item.lot, "verdict": str(item.verdict),
            "reviewer": item.reviewer, "reason": item.reason}


def evidence_markdown(item: ReviewItem, refusal: str = "") -> str:
    """The review as the reviewer sees it: who, which lot, every finding and where it was found."""
    rows = "\n".join(
        f"| {f.outcome.value} | `{f.code}` | {markdown_cell(f.message)} | "
        f"{markdown_cell(f.document or '-')}{f', page {f.page}' if f.page else ''} |"
        for f in item.findings)
    refused = f"> **Not recorded:** {refusal}. Decide again.\n\n" if refusal else ""
    return (
        f"# Review {item.id}\n\n{refused}"
        f"Provider **{item.provider}**, lot **{item.lot}**, from {item.submission_id}, opened "
        f"{item.opened_at:%d %B %Y %H:%M} UTC. Settings: {', '.join(item.settings) or '-'}.\n\n"
        f"| outcome | code | what was found | where |\n| --- | --- | --- | --- |\n{rows}\n\n"
        "A failed rule can never be accepted away. The decision is recorded once, with your name "
        "and reason, and the provider is sent the letter for it.\n")
