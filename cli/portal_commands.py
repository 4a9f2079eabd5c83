"""`dps accounts invite` and `dps portal`: the portal's accounts and its web server."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from typing import TYPE_CHECKING

from cli.errors import UserError

if TYPE_CHECKING:
    from services.settings import Settings
    from storage.repositories import Repositories


def _settings_and_repositories() -> tuple[Settings, Repositories]:
    from pydantic import ValidationError

    import bootstrap

    try:
        settings = bootstrap.settings()
        return settings, bootstrap.repositories(settings)
    except ValidationError as error:
        first = error.errors()[0]
        raise UserError(f"setting DPS_{str(first['loc'][0]).upper()}: {first['msg']}") from error
    except ValueError as error:
        raise UserError(str(error)) from error


def accounts_invite(args: argparse.Namespace) -> int:
    """Invite a provider user, an officer or an administrator; print the one-time link."""
    from services import accounts

    chosen = [name for name in ("provider", "officer", "admin") if getattr(args, name)]
    if len(chosen) != 1:
        raise UserError("say who is invited: --provider ID, --officer --authority NAME, or --admin")
    if args.officer != bool(args.authority):
        raise UserError("--authority goes with --officer: the council or partner they work for")
    if args.decides_reviews and not args.officer:
        raise UserError("--decides-reviews is for officers (with --officer)")
    settings, repos = _settings_and_repositories()
    common = {"email": args.email, "invited_by": f"cli:{getpass.getuser()}",
              "now": dt.datetime.now(dt.UTC)}
    try:
        if args.provider:
            issued = accounts.invite_provider(repos, settings, provider_id=args.provider, **common)
        elif args.officer:
            issued = accounts.invite_officer(repos, settings, authority=args.authority,
                                             decides_reviews=args.decides_reviews, **common)
        else:
            issued = accounts.invite_admin(repos, settings, **common)
    except accounts.AccountError as error:
        raise UserError(str(error)) from error
    until = issued.expires_at.astimezone(settings.zone)
    print(f"Invitation for {issued.account.email} ({accounts.describe(issued.account)}), "
          f"usable once until {until:%-d %B %Y %H:%M}. Send them this link:")
    print(issued.link)
    return 0


def portal(args: argparse.Namespace) -> int:
    """Serve the portal with uvicorn until Ctrl-C."""
    import uvicorn

    import bootstrap
    from portal.app import create_app
    from portal.wiring import PortalWiring

    settings, repos = _settings_and_repositories()
    if not settings.portal_secret:
        print("dps: DPS_PORTAL_SECRET is not set: sessions end when the portal stops "
              "(set it to a long random value for real use)", file=sys.stderr)
    wiring = PortalWiring(make_pdf=bootstrap.pdf_maker(settings), announce=bootstrap.announce,
                          notify=bootstrap.notifier(settings, repos))
    uvicorn.run(create_app(settings, repos, wiring), host=args.host, port=args.port,
                server_header=False)
    return 0
