"""What the Prefect UI shows of a run: a table of decisions, and the reasons of each rejection."""

from __future__ import annotations

from prefect.artifacts import create_markdown_artifact, create_table_artifact

from domain.models import Decision, LotOutcome


def artifact_key(text: str) -> str:
    """Artifact keys are lower-case letters, digits and dashes."""
    return "".join(c if c.isalnum() else "-" for c in text.lower())


def markdown_cell(text: str) -> str:
    """Text for one cell of a markdown table: no pipes or line breaks to break the row."""
    return text.replace("|", "\\|").replace("\n", " ")


def publish_decision(decision: Decision) -> None:
    """A table row per lot, and a markdown page per rejected lot with every reason."""
    create_table_artifact(
        [{"submission": decision.submission_id, "provider": decision.provider, "lot": lot.lot,
          "outcome": lot.outcome.value, "policy": decision.policy_version,
          "reasons": ", ".join(f.code for f in lot.findings)} for lot in decision.lots],
        key=artifact_key(f"decision-{decision.submission_id}"),
        description=f"Decision on {decision.submission_id} ({decision.state.value})",
    )
    for lot in decision.lots:
        if lot.outcome is LotOutcome.REJECTED:
            rows = "\n".join(
                f"| `{f.code}` | {f.outcome.value} | {markdown_cell(f.message)} | "
                f"{markdown_cell(f.document or '-')}{', page ' + str(f.page) if f.page else ''} |"
                for f in lot.findings)
            create_markdown_artifact(
                f"# Rejected: {decision.provider}, lot {lot.lot}\n\n"
                f"Submission {decision.submission_id}, policy {decision.policy_version}, as of "
                f"{decision.evaluation_date:%d %B %Y}.\n\n| code | outcome | what was found | "
                f"where |\n| --- | --- | --- | --- |\n{rows}\n",
                key=artifact_key(f"rejection-{decision.submission_id}-{lot.lot}"),
                description=f"Why lot {lot.lot} of {decision.submission_id} was rejected",
            )
