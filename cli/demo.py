"""`dps demo`: the main job on the bundled samples, end to end, with a readable summary."""

from __future__ import annotations

import datetime as dt
import sys

from cli import render
from cli.quiet import announce_local_api
from fixtures import OFSTED_SNAPSHOT
from fixtures.applications import SAMPLE_APPLICATIONS
from fixtures.sample_dates import sample_files
from storage.repositories import Repositories


def _progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def run_demo(repos: Repositories, as_of: dt.date | None) -> int:
    """Load the bundled Ofsted snapshot, submit the samples as they would be sent to be decided
    on `as_of` (today by default), decide them, print the decisions."""
    from flows import settings
    from flows.intake import process_submission
    from services.regulators import load_ofsted
    from services.submissions import Upload, submit

    as_of = as_of or settings.today()
    # a demo of another day keeps one story in time: what it decides was received by then
    received_at = (dt.datetime.combine(as_of, dt.time(9), tzinfo=settings.COUNCIL_TIMEZONE)
                   if as_of < settings.today() else None)
    _progress(f"Loading the Ofsted snapshot {OFSTED_SNAPSHOT.name} …")
    record, _, _ = load_ofsted(repos, OFSTED_SNAPSHOT.read_bytes(), OFSTED_SNAPSHOT.name)
    _progress(f"  {record.rows:,} providers.")
    submitted = []
    for number, sample in enumerate(SAMPLE_APPLICATIONS, start=1):
        # dated for `as_of`, so that the register the demo leaves is true by the clock too
        uploads = [Upload(name, data) for name, data in sample_files(sample, as_of).items()]
        submission = submit(repos, uploads, sample.provider, received_at=received_at)
        _progress(
            f"[{number}/{len(SAMPLE_APPLICATIONS)}] submitted {sample.folder.name} "
            f"({len(uploads)} files) as {submission.id}; deciding …"
        )
        announce_local_api()
        process_submission(submission.id, as_of, route=True)  # for real, even --as-of another day
        submitted.append(submission.id)
    print(f"\nDecisions as of {as_of:%d %B %Y}:\n")
    for submission_id in submitted:
        submission = repos.submissions.get(submission_id)
        decision = repos.decisions.of(submission_id)[-1]
        print(render.status_text(submission, decision) + "\n")
    print(render.register_text(sorted(repos.register.entries(), key=lambda e: (e.provider, e.lot))))
    print(
        f"\nWritten to {repos.store.location}: decisions/, register/, reviews/, audit/, "
        "submissions/ (originals kept byte for byte)."
    )
    _invite_demo_accounts(repos, sorted({s.provider for s in SAMPLE_APPLICATIONS}))
    print("Next: `dps status ID`, `dps register list --json`, or `dps portal` and open a link.")
    return 0


#: the demo's portal accounts: an officer of the council, and a user of each sample provider
DEMO_OFFICER = "officer@council.example"


def demo_provider_email(provider: str) -> str:
    return f"{provider}@provider.example"


def _invite_demo_accounts(repos: Repositories, providers: list[str]) -> None:
    """One-time links (7 days) where the demo's accounts set their password: the portal's own
    way in, so the demo has no password anyone could know."""
    import bootstrap
    from services import accounts, clock

    settings, now, by = bootstrap.settings(), clock.now(), "dps demo"
    links = [("officer of " + settings.council_name, accounts.invite_officer(
        repos, settings, email=DEMO_OFFICER, authority=settings.council_name,
        decides_reviews=True, invited_by=by, now=now))]
    links += [(f"user of {provider}", accounts.invite_provider(
        repos, settings, email=demo_provider_email(provider), provider_id=provider,
        invited_by=by, now=now)) for provider in providers]
    print("\nPortal accounts (`dps portal`, then open a link to set the password; each link "
          "works once, for 7 days):")
    for who, issued in links:
        print(render.clean(f"  {issued.account.email} ({who}): {issued.link}"))
