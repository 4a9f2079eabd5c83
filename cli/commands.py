"""The handlers of the `dps` commands: parse, call a service or flow, print."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import bootstrap
from cli import render
from cli.errors import UserError
from cli.quiet import announce_local_api

if TYPE_CHECKING:
    from domain.models import Submission
    from services.submissions import Upload
    from storage.repositories import Repositories


def parse_day(text: str) -> dt.date:
    """An argparse type: YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from error


def _repos():  # type: ignore[no-untyped-def]
    from flows import settings

    try:
        return settings.repositories()
    except ValueError as error:
        raise UserError(str(error)) from error


def _read(path_text: str) -> bytes:
    path = Path(path_text)
    if not path.exists():
        raise UserError(f"file not found: {render.clean(path_text)}")
    if not path.is_file():
        raise UserError(f"not a file: {render.clean(path_text)}")
    return path.read_bytes()


def _check_sizes(names: list[str], limit: int) -> None:
    """Refuse in one line, from the file system's size and before any byte is read, a
    provider's file over `limit`."""
    for name in names:
        path = Path(name)
        if path.is_file() and (size := path.stat().st_size) > limit:
            raise UserError(f"{render.clean(name)} is {size / 2**20:.1f} MiB; the limit is "
                            f"{limit / 2**20:g} MiB: it was not read")


def _file_limit() -> int:
    """The largest file a provider may send: the newest policy's (20 MiB)."""
    return int(_policy(None).max_file_bytes)


def ofsted_load(args: argparse.Namespace) -> int:
    data = _read(args.path)
    # a bad file is the user's to fix, not a failed flow run: check it before the flow
    _check_regulator_file(args.path, data, "ofsted", "Ofsted snapshot")
    return _refresh(args.path, data, "ofsted", "Ofsted snapshot", "providers", "judgements")


def gias_load(args: argparse.Namespace) -> int:
    data = _read(args.path)
    _check_regulator_file(args.path, data, "gias", "GIAS extract")
    return _refresh(args.path, data, "gias", "GIAS extract", "establishments", "statuses")


def _check_regulator_file(path: str, data: bytes, source: str, what: str) -> None:
    """One line and exit 2, nothing changed, unless the file is usable and may replace the
    data in force (not cut off, not shrunk past the policy's share, not older)."""
    from services.snapshot_checks import SnapshotImplausible, SnapshotUnreadable, refuse_implausible

    try:
        refuse_implausible(_repos(), source, data, _today(), name=Path(path).name)
    except SnapshotImplausible as error:
        raise UserError(f"{path} is refused and the {what} in force stays: {error}") from error
    except SnapshotUnreadable as error:
        raise UserError(f"{path} is not a usable {what}: {error}") from error


def ofsted_events_load(args: argparse.Namespace) -> int:
    from flows.inspection_events import (
        SnapshotUnreadable,
        apply_inspection_events,
        keep_events_file,
        refuse_unusable_events,
    )

    data = _read(args.path)
    repos = _repos()
    try:  # checked before anything is kept: a refused file changes nothing
        refuse_unusable_events(repos, data)
    except SnapshotUnreadable as error:
        raise UserError(f"{args.path} is not usable in-year inspection events: {error}") from error
    snapshot_id = keep_events_file(repos, data)  # the flow gets the id, not bytes
    announce_local_api()
    summary = apply_inspection_events(snapshot_id, Path(args.path).name)
    print(render.snapshot_summary(summary.record, summary.quarantined, summary.snapshot_created,
                                  "in-year inspection events", "events", "event types"))
    _print_rejudged(summary)
    return 0


def _refresh(path: str, data: bytes, source: str, *labels: str) -> int:
    """Load regulator data and re-judge the register against it (the refresh flow)."""
    from flows.regulator_refresh import keep_regulator_file, refresh_regulator_data

    snapshot_id = keep_regulator_file(_repos(), data, source)  # the flow gets the id, not bytes
    announce_local_api()
    summary = refresh_regulator_data(snapshot_id, Path(path).name, source=source)
    print(render.snapshot_summary(summary.record, summary.quarantined, summary.snapshot_created,
                                  *labels))
    _print_rejudged(summary)
    return 0


def _print_rejudged(summary) -> None:  # type: ignore[no-untyped-def]
    if summary.record.data_date:  # the data's own date, as findings and letters give it
        print(f"  named in findings as: {summary.record.label}")
    print(f"Register re-judged: {summary.changed_rows} registered setting(s) changed, "
          f"{summary.suspended} entr(y/ies) suspended, {summary.reviews_opened} review(s) opened "
          f"({summary.reinstatement_reviews} to reinstate).")


def extract(args: argparse.Namespace) -> int:
    from services.reading import read_file

    limit = _file_limit()
    _check_sizes(args.files, limit)  # every size first: nothing read if one is too large
    documents = []
    for number, name in enumerate(args.files, start=1):
        if len(args.files) > 2:
            print(f"[{number}/{len(args.files)}] reading {render.clean(name)} …",
                  file=sys.stderr, flush=True)
        documents.append(read_file(Path(name).name, _read(name)))
    if args.json:
        print(json.dumps({"files": [render.extracted_json(d) for d in documents]}, indent=2))
    else:
        print("\n\n".join(render.extracted_text(d) for d in documents))
    return 0


def submit(args: argparse.Namespace) -> int:
    from services.intake_rules import provider_id_problem
    from services.submissions import SubmissionRefused, Upload
    from services.submissions import submit as submit_files

    if args.provider is not None and (problem := provider_id_problem(args.provider)):
        raise UserError(f"--provider {render.clean(args.provider)!r} is refused: {problem}")
    limit = _file_limit()
    _check_sizes(args.files, limit)  # every size first: nothing read if one is too large
    received_at = _received_at(args.received)
    uploads = [Upload(Path(name).name, _read(name)) for name in args.files]
    if args.clarifies:
        return _answer_clarification(args, uploads, received_at)
    if args.lots:
        raise UserError("--lot is for answering a clarification request (with --clarifies)")
    try:
        submission = submit_files(_repos(), uploads, args.provider, received_at=received_at,
                                  announce=bootstrap.announce)
    except SubmissionRefused as error:
        raise UserError(str(error)) from error
    if args.json:
        print(json.dumps({"submission_id": submission.id}))
    else:
        print(submission.id)
    return 0


def _received_at(day: dt.date | None) -> dt.datetime | None:
    from flows import settings
    from services.intake_rules import DateRefused, received_at

    try:
        return None if day is None else received_at(day, _today(), settings.COUNCIL_TIMEZONE)
    except DateRefused as error:
        raise UserError(str(error)) from error


def _answer_clarification(args: argparse.Namespace, uploads: list[Upload],
                          received_at: dt.datetime | None) -> int:
    from services.clarifications import ClarificationRefused, answer_clarification
    from services.submissions import SubmissionRefused
    from storage.repositories import UnknownSubmission

    if args.provider:
        raise UserError("--provider cannot change with --clarifies: the answer is the "
                        "application's own provider's")
    try:
        answer = answer_clarification(_repos(), args.clarifies, uploads, args.lots,
                                      received_at=received_at, announce=bootstrap.announce)
    except SubmissionRefused as error:  # a ValueError, but not an unknown id
        raise UserError(str(error)) from error
    except (UnknownSubmission, ValueError) as error:
        raise UserError(f"no submission with id {args.clarifies!r}") from error
    except ClarificationRefused as error:
        raise UserError(str(error)) from error
    assert answer.answers is not None
    if args.json:
        print(json.dumps({"submission_id": answer.id, "answers": args.clarifies,
                          "lots": list(answer.answers.lots)}))
    else:
        print(answer.id)
        print(f"answers the clarification request of {args.clarifies}, lot "
              f"{', '.join(answer.answers.lots)}: `dps process` re-validates the application "
              "with these files", file=sys.stderr)
    return 0


#: `dps process` decided what it could and set the rest aside for the team
EXIT_SET_ASIDE = 3


def process(args: argparse.Namespace) -> int:
    from flows.intake import (
        is_real_decision,
        pending_submissions,
        pending_what_ifs,
        process_submission,
    )

    repos = _repos()
    today = _today()
    as_of = args.as_of or today
    _check_evaluation_date(as_of)
    policy = _policy(args.policy) if args.policy else _policy_on(as_of)
    if repos.snapshots.current("ofsted") is None:
        raise UserError("no Ofsted snapshot is loaded: load one with `dps ofsted load FILE` "
                        "before `dps process`")
    route = bool(args.route) or is_real_decision(policy, as_of, today)
    if route:
        pending = pending_submissions(repos, policy.version)
    else:
        pending = pending_what_ifs(repos, policy.version, as_of)
    _check_received_by(repos, pending, as_of)
    if not route:
        print(f"What-if: deciding under policy {policy.version} as of {as_of:%d %b %Y} for "
              "comparison only: no routing, no letters, no register change (--route decides "
              "for real).", file=sys.stderr, flush=True)
    if not pending:
        done = "decided" if route else "compared"
        print(f"Nothing to process: every submission is {done} under policy {policy.version}.")
    set_aside = []
    if pending:
        announce_local_api()
    for number, submission_id in enumerate(pending, start=1):
        result = process_submission(submission_id, as_of, policy.version, route)
        print(f"[{number}/{len(pending)}] {submission_id}: {render.process_line(result)}",
              file=sys.stderr, flush=True)
        if result["status"] == "failed":
            set_aside.append(f"  {submission_id}: {render.clean(str(result['reason']))}")
    if set_aside:
        print(f"Set aside {len(set_aside)} submission(s) for the team (status failed, a review "
              "each in `dps review list`):", *set_aside, sep="\n", file=sys.stderr)
        return EXIT_SET_ASIDE
    return 0


def _check_evaluation_date(as_of: dt.date) -> None:
    from services.intake_rules import DateRefused, check_decidable_day

    try:
        check_decidable_day(as_of)
    except DateRefused as error:
        raise UserError(str(error)) from error


def _check_received_by(repos: Repositories, pending: list[str], as_of: dt.date) -> None:
    from flows import settings
    from services.intake_rules import DateRefused, refuse_before_receipt

    try:
        refuse_before_receipt((repos.submissions.get(sid) for sid in pending), as_of,
                              settings.COUNCIL_TIMEZONE)
    except DateRefused as error:
        raise UserError(str(error)) from error


def status(args: argparse.Namespace) -> int:
    from storage.repositories import UnknownSubmission

    repos = _repos()
    try:
        submission = repos.submissions.get(args.id)
    except (UnknownSubmission, ValueError) as error:
        raise UserError(f"no submission with id {args.id!r}") from error
    from services.review import decision_after_reviews
    from services.set_aside import set_aside_reason

    decisions = repos.decisions.of(submission.id)
    decision = decision_after_reviews(repos, decisions[-1]) if decisions else None
    notices = _notice_files(repos, submission.id)
    links = _clarification_links(repos, submission)
    what_ifs = repos.decisions.what_ifs(submission.id)
    reason = set_aside_reason(repos, submission.id) if submission.state == "failed" else None
    if args.json:
        print(json.dumps({**render.status_json(submission, decision, notices, reason),
                          "what_ifs": [render.what_if_json(w) for w in what_ifs],
                          "clarifications": links}, indent=2))
    else:
        print(render.status_text(submission, decision, notices, reason))
        for what_if in what_ifs:
            print(render.what_if_line(what_if))
        for link in links:
            print(f"  clarification, lot {link['lot']}: {link['text']}")
    return 0


def _clarification_links(repos: Repositories, submission: Submission) -> list[dict[str, str]]:
    """How the submission and its clarifications refer to each other, for `dps status`."""
    from services.clarifications import clarification_requests

    links = []
    if submission.answers is not None:
        for lot in submission.answers.lots:
            links.append({"lot": lot, "answers": submission.answers.submission_id,
                          "text": f"answers the request on {submission.answers.submission_id}"})
    for lot, review in sorted(clarification_requests(repos, submission.id).items()):
        answered = review.answered_by
        links.append({"lot": lot, "review": review.id, "answered_by": answered,
                      "text": f"answered by {answered}" if answered else
                      "requested; waiting for the provider (`dps submit --clarifies "
                      f"{submission.id} FILE…`)"})
    return links


def _end_of(day: dt.date | None) -> dt.datetime | None:
    """The last moment of a day in the council's timezone (None: now)."""
    from flows import settings

    if day is None:
        return None
    return dt.datetime.combine(day, dt.time.max, tzinfo=settings.COUNCIL_TIMEZONE)


def register_list(args: argparse.Namespace) -> int:
    entries = sorted(_repos().register.entries(_end_of(args.as_of)),
                     key=lambda e: (e.provider, e.lot))
    if args.json:
        print(json.dumps([render.entry_json(entry) for entry in entries], indent=2))
    else:
        print(render.register_text(entries))
    return 0


def demo(args: argparse.Namespace) -> int:
    from cli.demo import run_demo

    return run_demo(_repos(), args.as_of)


def _policy(version: str | None):  # type: ignore[no-untyped-def]
    from services.intake_rules import PolicyInvalid, policy_named

    try:
        return policy_named(version)
    except PolicyInvalid as error:
        raise UserError(str(error)) from error


def _today() -> dt.date:
    from flows import settings

    return settings.today()


def _policy_on(day: dt.date):  # type: ignore[no-untyped-def]
    from services.intake_rules import policy_on

    return policy_on(day)


def policy_show(args: argparse.Namespace) -> int:
    from services.intake_rules import described

    print(described(_policy(args.version)))
    return 0


def review_list(args: argparse.Namespace) -> int:
    items = sorted(_repos().reviews.all(), key=lambda r: (r.status.value != "open", r.opened_at))
    if args.json:
        print(json.dumps([render.review_json(item) for item in items], indent=2))
    else:
        print(render.review_table(items))
    return 0


def review_show(args: argparse.Namespace) -> int:
    item = _review(args.id)
    print(render.review_text(item))
    return 0


def _review(review_id: str):  # type: ignore[no-untyped-def]
    try:
        item = _repos().reviews.get(review_id)
    except ValueError:
        item = None
    if item is None:
        raise UserError(f"no review with id {review_id!r}")
    return item


def review_decide(args: argparse.Namespace) -> int:
    from domain.models import ReviewVerdict
    from flows import settings
    from services.review import ReviewRefused, decide_review

    _review(args.id)
    try:
        item = decide_review(_repos(), args.id, args.lot, ReviewVerdict(args.verdict),
                             args.reviewer, args.reason, settings.now(),
                             make_pdf=settings.notice_pdf_maker(),
                             notify=settings.letter_notifier())
    except ReviewRefused as error:
        raise UserError(str(error)) from error
    print(render.clean(f"Review {item.id}: {item.verdict} by {item.reviewer} ({item.reason})."))
    return 0


def revalidate(args: argparse.Namespace) -> int:
    from flows.revalidation import check_assessment_clock

    announce_local_api()
    overdue = check_assessment_clock(args.as_of)
    if not overdue:
        print("Assessment clock: every undecided submission is within its deadline.")
    for item in overdue:
        new = " (flagged now)" if item.newly_flagged else ""
        print(f"Assessment overdue: {item.submission_id} ({item.provider}), received "
              f"{item.received:%d %b %Y}, due by {item.due:%d %b %Y}{new}")
    from flows.expiries import check_expiries
    from services.intake_rules import cover_words

    expiries = check_expiries(args.as_of)
    for reminder in expiries.reminders:
        when = "today" if reminder.milestone == 0 else f"within {reminder.milestone} days"
        print(f"Reminder: {reminder.provider} lot {reminder.lot}, the "
              f"{cover_words(reminder.item)} cover expires {when} ({reminder.expiry:%d %b %Y})")
    for change in expiries.suspended:
        print(f"Suspended: {change.provider} lot {change.lot}, {change.reason}")
    if not expiries.reminders and not expiries.suspended:
        print("Expiries: no reminders due and no certificate newly expired.")
    return 0


def register_history(args: argparse.Namespace) -> int:
    from services.letters import admission_of

    repos = _repos()
    entries = [e for e in repos.register.entries() if e.provider == args.provider]
    if not entries:
        raise UserError(f"no register entry for provider {args.provider!r}")
    letters: dict[str, list[render.NoticeFile]] = {}
    for entry in entries:  # the letters about the entry, kept with its admitting submission
        kept = _notice_files(repos, admission_of(entry)[0])
        letters[entry.lot] = [n for n in kept if n.lot == entry.lot]
    reviews = [r for r in repos.reviews.all() if r.provider == args.provider]
    print(render.history_text(entries, letters, reviews))
    return 0


def register_renew(args: argparse.Namespace) -> int:
    from flows.renewals import describe, keep_renewals, record_renewed_certificates

    files = [(Path(name).name, _read(name)) for name in args.files]
    lots = {e.lot for e in _repos().register.entries() if e.provider == args.provider}
    if not lots or not set(args.lots) <= lots:  # the user's to fix: before the flow runs
        held = f" (it holds lot {', '.join(sorted(lots))})" if lots else ""
        raise UserError(f"no register entry for provider {args.provider!r}"
                        + (f" on lot {', '.join(args.lots)}" if args.lots else "") + held)
    at = None
    if args.as_of is not None:  # noon of that day in the council's timezone
        from flows import settings

        at = dt.datetime.combine(args.as_of, dt.time(12), tzinfo=settings.COUNCIL_TIMEZONE)
    kept = keep_renewals(_repos(), args.provider, files)  # the flow gets keys, not bytes
    announce_local_api()
    result = record_renewed_certificates(args.provider, kept, args.lots or None, at)
    for line in result.lines:
        print(describe(line))
    return 0


def register_export(args: argparse.Namespace) -> int:
    from services.register_export import register_file  # reading only: no flow, no Prefect

    data = register_file(_repos().register.entries(), args.format)
    Path(args.path).write_bytes(data)
    print(f"Wrote the register ({args.format.upper()}, {len(data):,} bytes) to {args.path}")
    return 0


def _notice_files(repos, submission_id: str) -> list[render.NoticeFile]:  # type: ignore[no-untyped-def]
    from storage.notices import Notices

    location = repos.store.location.rstrip("/")
    return [
        render.NoticeFile(
            kind=str(record.kind), date=f"{record.created_at:%Y-%m-%d}", lot=record.lot,
            file=f"{location}/{record.docx_key}",
            pdf=f"{location}/{record.pdf_key}" if record.pdf_key else None)
        for record in Notices(repos.store).of(submission_id)
    ]
