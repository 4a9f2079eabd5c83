"""How the command line shows things: readable text, and the JSON shapes that are a contract."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from cli.terminal import clean
from domain.evidence import ExtractedDocument, InsuranceCover
from domain.form import QUESTIONS_BY_ID
from domain.models import (
    Decision,
    Finding,
    RegisterEntry,
    ReviewItem,
    ReviewSubject,
    SnapshotRecord,
    Submission,
    SubmissionState,
)
from domain.quarantine import QuarantinedRow


def _joined(lines: Sequence[str]) -> str:
    """Lines for a terminal: text from outside (names, ids, what documents and reviewers say)
    is escaped within its line, so it can neither end the line nor forge the next."""
    return "\n".join(clean(line) for line in lines)


def reason_json(found: Finding) -> dict[str, Any]:
    return {
        "code": found.code,
        "outcome": found.outcome.value,
        "message": found.message,
        "document": found.document,
        "page": found.page,
    }


def status_json(
    submission: Submission, decision: Decision | None, notices: Sequence[NoticeFile] = (),
    set_aside: str | None = None,
) -> dict[str, Any]:
    """{"submission_id", "status", "lots": [{"lot", "outcome", "reasons": [...]}],
    "notices": [{"kind", "date", "lot", "file", "pdf"}]}, and "reason" when set aside."""
    lots = (
        []
        if decision is None
        else [
            {
                "lot": lot.lot,
                "outcome": lot.outcome.value,
                "reasons": [reason_json(found) for found in lot.findings],
            }
            for lot in decision.lots
        ]
    )
    state = _state(submission, decision)
    shown = {"submission_id": submission.id, "status": state.value, "lots": lots,
             "notices": [notice._asdict() for notice in notices]}
    return shown | ({"reason": set_aside} if set_aside is not None else {})


def _state(submission: Submission, decision: Decision | None) -> SubmissionState:
    """The decision's state; a submission set aside says so, whatever was stored before."""
    if decision is None or submission.state is SubmissionState.FAILED:
        return submission.state
    return decision.state


class NoticeFile(NamedTuple):
    """A notice as `dps status` lists it: where its letter is."""

    kind: str
    date: str
    lot: str
    file: str
    pdf: str | None


def _where(found: Finding) -> str:
    parts = [
        part
        for part in (
            found.document,
            found.page and f"page {found.page}",
            found.field and f"field {found.field}",
        )
        if part
    ]
    return f" ({', '.join(parts)})" if parts else ""


def lot_lines(decision: Decision) -> list[str]:
    lines = []
    for lot in decision.lots:
        name = "every lot" if lot.lot == "all" else f"lot {lot.lot}"
        lines.append(f"  {name}: {lot.outcome.value}")
        for found in lot.findings:
            lines.append(
                f"    {found.outcome.value:<5} {found.code}: {found.message}{_where(found)}"
            )
    return lines


def status_text(
    submission: Submission, decision: Decision | None, notices: Sequence[NoticeFile] = (),
    set_aside: str | None = None,
) -> str:
    state = _state(submission, decision)
    head = [
        f"Submission {submission.id}: {state.value}",
        f"  provider {decision.provider if decision else submission.provider}, "
        f"{len(submission.files)} file(s), received {submission.received_at:%d %b %Y %H:%M} UTC",
    ]
    if state is SubmissionState.FAILED:
        head += [f"  set aside for the team: {set_aside or 'reason not recorded'}",
                 "  see `dps review list`; `dps process` leaves it alone"]
        return _joined(head)
    if decision is None:
        return _joined([*head, "  not decided yet: run `dps process`"])
    notes = [f"  notice: {n.kind} ({n.date}, lot {n.lot}): {n.pdf or n.file}" for n in notices]
    head.append(
        f"  decided under policy {decision.policy_version} as of "
        f"{decision.evaluation_date:%d %b %Y}"
    )
    return _joined(head + lot_lines(decision) + notes)


def what_if_json(decision: Decision) -> dict[str, Any]:
    """A decision made for comparison only, as `dps status --json` lists it."""
    return {"policy_version": decision.policy_version,
            "evaluation_date": decision.evaluation_date.isoformat(),
            "status": decision.state.value,
            "lots": {lot.lot: lot.outcome.value for lot in decision.lots}}


def what_if_line(decision: Decision) -> str:
    lots = ", ".join(f"lot {lot.lot} {lot.outcome.value}" for lot in decision.lots)
    return clean(f"  what-if (for comparison only, not routed): policy {decision.policy_version} "
                 f"as of {decision.evaluation_date:%d %b %Y}: {decision.state.value} ({lots})")


def process_line(result: Mapping[str, object]) -> str:
    """What `dps process` says of one submission."""
    if result["status"] == SubmissionState.FAILED.value:
        return clean(f"set aside: {result.get('reason', '')}")
    what_if = " (what-if, not routed)" if result.get("what_if") else ""
    again = " (already decided; nothing changed)" if result["already_decided"] else ""
    return f"{result['status']}{what_if}{again}"


def entry_json(entry: RegisterEntry) -> dict[str, Any]:
    return {
        "provider": entry.provider,
        "lot": entry.lot,
        "status": entry.status.value,
        "settings": list(entry.settings),
    }


def register_text(entries: list[RegisterEntry]) -> str:
    if not entries:
        return "The register is empty."
    rows = [f"{'provider':<32} {'lot':<4} {'status':<10} settings"]
    rows += [
        f"{e.provider:<32} {e.lot:<4} {e.status.value:<10} {', '.join(e.settings)}" for e in entries
    ]
    return _joined(rows)


def snapshot_summary(
    record: SnapshotRecord,
    quarantined: Sequence[QuarantinedRow],
    created: bool,
    what: str,
    rows: str,
    counted: str,
) -> str:
    """What a load found: rows kept, rows quarantined with the first reasons, the counts."""
    counts = ", ".join(f"{name} {count:,}" for name, count in record.summary.items())
    lines = [
        f"Loaded {what} {record.original_name} ({'new' if created else 'loaded before'}, "
        f"id {record.id}): {record.rows:,} {rows}, {record.quarantined:,} row(s) quarantined.",
        f"  {counted}: {counts}",
    ]
    for row in quarantined[:5]:
        lines.append(f"  quarantined row {row.row}: {row.column} = {row.value!r}: {row.reason}")
    if len(quarantined) > 5:
        lines.append(f"  … and {len(quarantined) - 5:,} more")
    return _joined(lines)


def extracted_json(document: ExtractedDocument) -> dict[str, Any]:
    """The `dps extract --json` shape of one file (a contract)."""
    return {
        "file": document.file,
        "sha256": document.sha256,
        "kinds": list(document.kinds),
        "fields": {
            name: {
                "value": a.value,
                "page": a.page,
                "source_text": a.source_text,
                "confidence": a.confidence,
            }
            for name, a in document.fields.items()
        },
        "settings": [
            s.model_dump(exclude={"schema_version", "document"}) for s in document.settings
        ],
        "covers": [
            {"type": c.type, "limit": c.limit, "insured": c.insured, "expiry": c.expiry}
            for c in document.covers
        ],
        "tables": {name: [row.cells for row in rows] for name, rows in document.tables.items()},
        "findings": [reason_json(found) for found in document.findings],
    }


def extracted_text(document: ExtractedDocument) -> str:
    kinds = ", ".join(document.kinds) or "not recognised"
    lines = [
        f"{document.file}: {kinds} ({document.pages or '?'} page(s), sha256 "
        f"{document.sha256[:12]}…)"
    ]
    for name, answer in document.fields.items():
        question = QUESTIONS_BY_ID.get(name)
        label = f"{name} {question.label}" if question else name
        where = f"page {answer.page}, " if answer.page else ""
        lines.append(
            f"  {label}: {answer.value if answer.value is not None else '(unreadable)'}"
            f"   [{where}read from {answer.source_text!r}, confidence "
            f"{answer.confidence:.2f}]"
        )
    for setting in document.settings:
        lines.append(
            f"  B2 setting: {setting.name}, lot {setting.lot}, Ofsted URN "
            f"{setting.ofsted_urn or '-'}, DfE URN {setting.dfe_urn or '-'}, UKPRN "
            f"{setting.ukprn or '-'}"
        )
    lines.extend(_cover_line(cover) for cover in document.covers)
    for name, rows in document.tables.items():
        for row in rows:
            cells = "; ".join(f"{k}: {v}" for k, v in row.cells.items())
            lines.append(f"  {name} row {row.row} (page {row.page}): {cells}")
    for found in document.findings:
        lines.append(f"  {found.outcome.value} {found.code}: {found.message}")
    return _joined(lines)


def review_json(item: ReviewItem) -> dict[str, Any]:
    return {"id": item.id, "submission_id": item.submission_id, "provider": item.provider,
            "lot": item.lot, "status": item.status.value,
            "verdict": item.verdict.value if item.verdict else None, "reviewer": item.reviewer,
            "reason": item.reason, "opened_at": item.opened_at.isoformat(),
            "reasons": [reason_json(found) for found in item.findings]}


def review_table(items: list[ReviewItem]) -> str:
    if not items:
        return "No reviews."
    width = max(len("review"), *(len(i.id) for i in items))
    rows = [f"{'review':<{width}} {'lot':<4} {'status':<8} reasons"]
    rows += [f"{i.id:<{width}} {i.lot:<4} {i.status.value:<8} "
             f"{', '.join(sorted({f.code for f in i.findings}))}" for i in items]
    return _joined(rows)


def review_text(item: ReviewItem) -> str:
    source = ("a new regulator snapshot" if item.about is ReviewSubject.REGISTER
              else "submission")
    lines = [f"Review {item.id}: {item.status.value}",
             f"  provider {item.provider}, lot {item.lot}, {source} {item.submission_id}, "
             f"opened {item.opened_at:%d %b %Y %H:%M} UTC",
             f"  settings: {', '.join(item.settings) or '-'}"]
    lines += [f"  {f.outcome.value:<5} {f.code}: {f.message}{_where(f)}" for f in item.findings]
    if item.verdict:
        lines.append(f"  decided: {item.verdict.value} by {item.reviewer} on "
                     f"{item.decided_at:%d %b %Y %H:%M} UTC: {item.reason}")
    elif item.decided_at is not None:  # closed without a verdict of its own
        lines.append(f"  {item.status.value} on {item.decided_at:%d %b %Y %H:%M} UTC: "
                     f"{item.reason}")
    else:
        lines.append(f"  decide: dps review decide {item.id} --lot {item.lot} "
                     "(--accept | --reject | --clarify) --reviewer NAME --reason TEXT")
    return _joined(lines)


def history_text(
    entries: list[RegisterEntry],
    letters: Mapping[str, Sequence[NoticeFile]] | None = None,
    reviews: Sequence[ReviewItem] = (),
) -> str:
    """Every event of a provider's entries, oldest first: when, who, what, why; then, per entry,
    the letters sent about it and its reviews."""
    lines = []
    for entry in sorted(entries, key=lambda e: e.lot):
        lines.append(f"{entry.provider}, lot {entry.lot}: {entry.status.value} "
                     f"(settings {', '.join(entry.settings) or '-'})")
        for event in entry.history:
            before = event.status_before.value if event.status_before else "-"
            lines.append(f"  {event.at:%d %b %Y %H:%M} UTC  {event.kind:<11} {before} -> "
                         f"{event.status_after.value}  by {event.actor}: {event.reason}")
        for letter in (letters or {}).get(entry.lot, ()):
            lines.append(f"  letter: {letter.kind} ({letter.date}): {letter.pdf or letter.file}")
        for review in sorted((r for r in reviews if r.lot == entry.lot),
                             key=lambda r: r.opened_at):
            codes = ", ".join(sorted({f.code for f in review.findings}))
            verdict = f"{review.verdict} by {review.reviewer}" if review.verdict else "open"
            lines.append(f"  review {review.id}: {verdict} ({codes})")
    return _joined(lines)


def _cover_line(cover: InsuranceCover) -> str:
    """One cover as a reviewer reads a certificate: the sum in pounds, whose and whose policy,
    and when it runs; what the certificate does not state is said to be missing."""
    limit = f"£{Decimal(cover.limit):,.0f}" if cover.limit else "no limit read"
    period = " to ".join(day for day in (cover.start, cover.expiry) if day) or "no period read"
    policy = f", policy {cover.policy_number}" if cover.policy_number else ""
    insurer = f", insurer {cover.insurer}" if cover.insurer else ""
    confidence = f", confidence {cover.confidence:.2f}" if cover.confidence < 1 else ""
    return (f"  cover {cover.type}: limit {limit}, insured {cover.insured or '(not read)'}"
            f"{insurer}{policy}, {period} [page {cover.page or '?'}{confidence}]")
