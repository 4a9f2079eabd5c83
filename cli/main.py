"""`dps`: run the DPS pipeline from the command line.

Errors a user can cause (a missing file, an unknown id, a file that is not a snapshot) print one
line and exit 2; a failure of the machinery prints one short line and exits 1, its traceback
written to errors.log in the user's state folder (cli/failures.py; DPS_DEBUG=1 prints it too).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence

from cli.errors import UserError
from cli.quiet import configure_prefect

#: the handlers that run Prefect flows; the others only read or write storage, start no
#: Prefect and answer in a second or two
FLOW_HANDLERS = {"demo", "process", "revalidate", "register_renew", "ofsted_load",
                 "ofsted_events_load", "gias_load"}

EXAMPLES = {
    "demo": "dps demo",
    "ofsted load": "dps ofsted load provider-level-at-31-march-2024.csv",
    "ofsted events load": "dps ofsted events load provider-level-in-year-2024-25.csv",
    "gias load": "dps gias load edubasealldata20250109.csv",
    "extract": "dps extract application.pdf insurance.pdf --json",
    "submit": "dps submit --provider acme-fostering application.docx insurance.pdf\n"
    "         dps submit --clarifies S-20260101-120000-1a2b3c improvement-plan.pdf",
    "process": "dps process\n         dps process --policy 2025.1 --as-of 2024-06-03   (a what-if)",
    "status": "dps status S-20260101-120000-1a2b3c --json",
    "register list": "dps register list --as-of 2024-06-30 --json",
    "register history": "dps register history children-first-fostering",
    "register export": "dps register export --format xlsx register.xlsx",
    "register renew": "dps register renew children-first-fostering insurance-2025.pdf",
    "policy show": "dps policy show --version 2024.1",
    "review list": "dps review list --json",
    "revalidate": "dps revalidate --as-of 2024-06-20",
    "serve": "PREFECT_API_URL=http://127.0.0.1:4200/api dps serve",
    "review ui": "dps review ui S-20260101-120000-1a2b3c-2024.1-4",
    "review show": "dps review show S-20260101-120000-1a2b3c-2024.1-4",
    "review decide": "dps review decide S-20260101-120000-1a2b3c-2024.1-4 --lot 4 --accept "
    "--reviewer 'J Smith' --reason 'Improvement plan seen; monitoring visit positive'",
    "accounts invite": "dps accounts invite --provider acme-fostering --email ann@acme.example\n"
    "         dps accounts invite --officer --authority 'North Borough Council' "
    "--decides-reviews --email raj@north.example",
    "portal": "DPS_PORTAL_SECRET=… dps portal --host 127.0.0.1 --port 8000",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dps",
        description="Run the children's placements DPS pipeline: intake, "
        "validation against the selection criteria and Ofsted, and the register.",
        epilog="example: dps demo\nStorage: DPS_STORAGE=path | file://path | s3://bucket/prefix "
        "(default ./dps-data).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    from cli import commands as c

    def add(name: str, help_text: str, handler, parent=commands):  # type: ignore[no-untyped-def]
        sub = parent.add_parser(
            name.split()[-1],
            help=help_text,
            description=help_text,
            epilog=f"example: {EXAMPLES[name]}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(handler=handler)
        return sub

    demo = add(
        "demo", "Run the whole pipeline on the bundled samples and print the decisions.", c.demo
    )
    demo.add_argument(
        "--as-of", type=c.parse_day, help="evaluation date (default: the samples' date)"
    )
    ofsted = commands.add_parser("ofsted", help="Ofsted social care snapshots").add_subparsers(
        dest="ofsted_command", required=True, metavar="COMMAND"
    )
    add(
        "ofsted load", "Load an Ofsted social care provider snapshot (CSV, XLSX or ODS).",
        c.ofsted_load, ofsted,
    ).add_argument("path", help="the snapshot file")
    events = ofsted.add_parser("events", help="Ofsted in-year inspection events").add_subparsers(
        dest="ofsted_events_command", required=True, metavar="COMMAND"
    )
    add(
        "ofsted events load",
        "Apply Ofsted's in-year inspection events (the 'Provider level in year' sheet) to the "
        "snapshot in force, and re-judge the register with the judgements published since.",
        c.ofsted_events_load,
        events,
    ).add_argument("path", help="the events file (CSV, XLSX or ODS)")
    gias = commands.add_parser("gias", help="DfE GIAS establishment extracts").add_subparsers(
        dest="gias_command", required=True, metavar="COMMAND"
    )
    add(
        "gias load",
        "Load a GIAS establishment extract (edubasealldataYYYYMMDD.csv).",
        c.gias_load,
        gias,
    ).add_argument("path", help="the extract file")
    extract = add(
        "extract",
        "Show what the system reads in each file: its kinds and every field, "
        "with the page and text it came from.",
        c.extract,
    )
    extract.add_argument("files", nargs="+", metavar="FILE")
    extract.add_argument("--json", action="store_true", help="print JSON")
    submit = add("submit", "Store a new submission of one or more files; print its id.", c.submit)
    submit.add_argument("files", nargs="+", metavar="FILE")
    submit.add_argument("--provider", help="the provider's id (default: from the form)")
    submit.add_argument(
        "--clarifies", metavar="SUBMISSION",
        help="answer a clarification request on that submission: its application is "
        "re-validated with these files (a file of the same name replaces the earlier one)")
    submit.add_argument("--lot", action="append", default=[], dest="lots",
                        help="with --clarifies: the lot answered (repeatable; default: every "
                        "lot a reviewer asked about)")
    submit.add_argument(
        "--received", type=c.parse_day, metavar="DATE",
        help="the day the council received it, for a submission sent by post or email and "
        "entered later (default: now); the assessment clock runs from it")
    submit.add_argument("--json", action="store_true", help="print JSON")
    process = add("process", "Decide every submission not yet decided, and wait.", c.process)
    process.add_argument("--as-of", type=c.parse_day, help="evaluation date (default: today)")
    process.add_argument("--policy", help="policy version to decide under (default: the one in "
                         "force on the evaluation date)")
    process.add_argument(
        "--route", action="store_true",
        help="route the decisions (register, letters, reviews) even under a policy not in force "
        "on the evaluation date or on a date other than today; without it such a run is a "
        "what-if, recorded for comparison only")
    status = add(
        "status", "Show a submission's state and, per lot, the outcome and reasons.", c.status
    )
    status.add_argument("id", help="the submission id printed by `dps submit`")
    status.add_argument("--json", action="store_true", help="print JSON")
    register = commands.add_parser("register", help="the register of approved providers")
    listing = add(
        "register list",
        "List the register's entries.",
        c.register_list,
        registers := register.add_subparsers(
            dest="register_command", required=True, metavar="COMMAND"),
    )
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--as-of", type=c.parse_day,
                         help="rebuild the register as it stood at the end of that day")
    add("register history", "Show every change to a provider's entries: who, when, why.",
        c.register_history, registers).add_argument("provider", help="the provider's id")
    renew = add("register renew", "Record a registered provider's renewed insurance "
                "certificate(s): each valid cover updates the provider's entries; an entry "
                "suspended for the expired one is reinstated (with a letter).", c.register_renew,
                registers)
    renew.add_argument("provider", help="the provider's id, as `dps register list` shows it")
    renew.add_argument("files", nargs="+", metavar="FILE")
    renew.add_argument("--lot", action="append", default=[], dest="lots",
                       help="only this lot's entry (repeatable; default: every entry)")
    renew.add_argument("--as-of", type=c.parse_day,
                       help="the day the certificate is received (default: today)")
    export = add("register export", "Write the register for the commissioning team.",
                 c.register_export, registers)
    export.add_argument("--format", choices=("csv", "xlsx"), required=True)
    export.add_argument("path", help="the file to write")
    review = commands.add_parser("review", help="the commissioning team's review queue")
    reviews = review.add_subparsers(dest="review_command", required=True, metavar="COMMAND")
    add("review list", "List the reviews, open ones first.", c.review_list, reviews).add_argument(
        "--json", action="store_true", help="print JSON")
    add("review show", "Show a review with its evidence.", c.review_show, reviews).add_argument(
        "id", help="the review id from `dps review list`")
    decide = add("review decide", "Decide a referred lot: accept, reject or ask for clarification.",
                 c.review_decide, reviews)
    decide.add_argument("id", help="the review id")
    decide.add_argument("--lot", required=True, help="the lot under review")
    verdict = decide.add_mutually_exclusive_group(required=True)
    for name in ("accept", "reject", "clarify"):
        verdict.add_argument(f"--{name}", dest="verdict", action="store_const", const=name)
    decide.add_argument("--reviewer", required=True, help="your name, as it will be recorded")
    decide.add_argument("--reason", required=True, help="why, as it will be recorded")
    revalidate = add("revalidate", "Run the scheduled checks now: the assessment clock "
                     "(submissions undecided after 10 working days are flagged).", c.revalidate)
    revalidate.add_argument("--as-of", type=c.parse_day, help="the date to check as of")
    policy = commands.add_parser("policy", help="the selection policy in force")
    show = add(
        "policy show",
        "Print the rules and thresholds in force, as tables.",
        c.policy_show,
        policy.add_subparsers(dest="policy_command", required=True, metavar="COMMAND"),
    )
    show.add_argument("--version", help="a policy version (default: the newest)")
    from cli import serve as served  # the commands that need a Prefect server (PREFECT_API_URL)

    add("serve", "Serve the pipeline's deployments (schedules, the intake trigger, review forms) "
        "from this machine until Ctrl-C; needs a Prefect server.", served.serve).add_argument(
        "--limit", type=int, help="most flow runs at once (default: no limit)")
    add("review ui", "Decide a review in Prefect's UI: start its form and print its address; "
        "needs a Prefect server.", served.review_ui, reviews).add_argument(
        "id", help="the review id from `dps review list`")
    _add_portal_commands(commands, add)
    return parser


def _add_portal_commands(commands, add) -> None:  # type: ignore[no-untyped-def]
    """`dps accounts invite` and `dps portal` (cli/portal_commands.py)."""
    from cli import portal_commands as p

    accounts = commands.add_parser("accounts", help="the portal's accounts").add_subparsers(
        dest="accounts_command", required=True, metavar="COMMAND")
    invite = add("accounts invite", "Invite someone to the portal: print a one-time link "
                 "(valid 7 days) where they set their password.", p.accounts_invite, accounts)
    invite.add_argument("--email", required=True, help="their email address: their login")
    invite.add_argument("--provider", metavar="ID", help="a user of this provider")
    invite.add_argument("--officer", action="store_true", help="a commissioning officer")
    invite.add_argument("--authority", help="with --officer: the council or partner authority")
    invite.add_argument("--decides-reviews", action="store_true",
                        help="with --officer: a partner's officer who may decide reviews (the "
                        "lead council's officers always may)")
    invite.add_argument("--admin", action="store_true", help="an administrator")
    serve = add("portal", "Serve the provider and commissioning pages on this machine until "
                "Ctrl-C (FastAPI on uvicorn).", p.portal)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: "
                       "127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `dps` console script."""
    configure_prefect()
    args = _parser().parse_args(argv)
    try:
        if getattr(args.handler, "__name__", "") in FLOW_HANDLERS:
            from flows.runtime import without_heartbeat

            with without_heartbeat():
                return int(args.handler(args) or 0)
        return int(args.handler(args) or 0)
    except UserError as error:
        print(f"dps: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dps: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `dps extract --json … | head`: the reader has what it wanted
        # stdout is gone; point it at nothing so that flushing at exit does not complain again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as error:  # the last line of defence: one short line, never a traceback
        from cli.failures import failure_line, write_log

        if os.environ.get("DPS_DEBUG"):
            traceback.print_exc()
        print(failure_line(error, write_log(error, list(argv or sys.argv[1:]))), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
