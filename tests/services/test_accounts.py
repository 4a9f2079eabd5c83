"""Accounts: invitations, passwords, signing in and out (services/accounts.py), over the
in-memory store."""

from __future__ import annotations

import datetime as dt

import pytest

from services import accounts
from services.settings import Settings
from storage.accounts import Role
from storage.memory import InMemoryObjectStore
from storage.repositories import Repositories

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery staple"
SETTINGS = Settings(council_name="Midshire County Council",
                    partner_authorities=("North Borough Council",),
                    portal_url="https://dps.midshire.example/")


@pytest.fixture
def repos() -> Repositories:
    return Repositories(InMemoryObjectStore())


def _token(issued: accounts.IssuedInvitation) -> str:
    return issued.link.rsplit("/", 1)[1]


def _invite(repos: Repositories, email: str = "Ann@Acme.example") -> accounts.IssuedInvitation:
    return accounts.invite_provider(repos, SETTINGS, email=email, provider_id="acme-fostering",
                                    invited_by="cli:admin", now=NOW)


def test_an_invitation_link_is_the_portal_address_and_a_token_kept_only_as_its_sha256(
    repos: Repositories,
) -> None:
    issued = _invite(repos)
    token = _token(issued)
    assert issued.link == f"https://dps.midshire.example/set-password/{token}"
    assert len(token) >= 40
    kept = b"".join(repos.store.get(key).data for key in repos.store.list("invitations/"))
    assert token.encode() not in kept
    assert accounts.token_digest(token).encode() in kept
    assert issued.expires_at == NOW + dt.timedelta(days=7)


def test_email_addresses_are_the_login_whatever_their_case(repos: Repositories) -> None:
    issued = _invite(repos, " Ann.Jones@ACME.example ")
    assert issued.account.email == "ann.jones@acme.example"
    accounts.set_password(repos, token=_token(issued), password=PASSWORD, now=NOW)
    found = accounts.authenticate(repos, email="ANN.JONES@acme.EXAMPLE", password=PASSWORD,
                                  client="test", now=NOW)
    assert found is not None and found.provider_id == "acme-fostering"


def test_a_password_is_stored_only_as_an_argon2_hash(repos: Repositories) -> None:
    account = accounts.set_password(repos, token=_token(_invite(repos)), password=PASSWORD,
                                    now=NOW)
    assert account.password_hash is not None and account.password_hash.startswith("$argon2id$")
    stored = b"".join(repos.store.get(key).data for key in repos.store.list(""))
    assert PASSWORD.encode() not in stored


@pytest.mark.parametrize(("password", "problem"), [
    ("", "Enter a password"),
    ("eleven char", "Password must be 12 characters or more"),
    ("x" * 257, "Password must be 256 characters or fewer"),
    ("twelve chars", None),
])
def test_a_password_needs_at_least_twelve_characters(password: str, problem: str | None) -> None:
    assert accounts.password_problem(password) == problem


def test_an_invitation_sets_a_password_once(repos: Repositories) -> None:
    token = _token(_invite(repos))
    accounts.set_password(repos, token=token, password=PASSWORD, now=NOW)
    with pytest.raises(accounts.InvitationUnusable, match="already been used"):
        accounts.set_password(repos, token=token, password="another long password", now=NOW)


def test_an_invitation_expires_after_seven_days(repos: Repositories) -> None:
    token = _token(_invite(repos))
    with pytest.raises(accounts.InvitationUnusable, match="expired"):
        accounts.set_password(repos, token=token, password=PASSWORD,
                              now=NOW + dt.timedelta(days=7))


def test_an_unknown_token_is_refused(repos: Repositories) -> None:
    with pytest.raises(accounts.InvitationUnusable, match="not valid"):
        accounts.open_invitation(repos, "made-up", NOW)


def test_a_provider_id_that_breaks_the_rule_is_refused(repos: Repositories) -> None:
    with pytest.raises(accounts.AccountError, match="cannot be a provider id"):
        accounts.invite_provider(repos, SETTINGS, email="a@b.example", provider_id="../etc",
                                 invited_by="cli:admin", now=NOW)


def test_an_address_already_in_use_for_another_role_is_refused(repos: Repositories) -> None:
    _invite(repos)
    with pytest.raises(accounts.AccountError, match="already has an account as a user of "
                       "provider acme-fostering"):
        accounts.invite_admin(repos, SETTINGS, email="ann@acme.example", invited_by="x", now=NOW)


def test_inviting_the_same_person_again_gives_a_new_link_to_the_same_account(
    repos: Repositories,
) -> None:
    first, second = _invite(repos), _invite(repos)
    assert first.link != second.link
    accounts.set_password(repos, token=_token(second), password=PASSWORD, now=NOW)
    assert [a.email for a in repos.accounts.all()] == ["ann@acme.example"]


def test_lead_council_officers_decide_reviews_and_partner_officers_only_when_given_it(
    repos: Repositories,
) -> None:
    def officer(email: str, authority: str, decides: bool) -> bool:
        return accounts.invite_officer(repos, SETTINGS, email=email, authority=authority,
                                       decides_reviews=decides, invited_by="x",
                                       now=NOW).account.decides_reviews

    assert officer("lead@midshire.example", "Midshire County Council", False) is True
    assert officer("partner@north.example", "North Borough Council", False) is False
    assert officer("deputy@north.example", "North Borough Council", True) is True
    with pytest.raises(accounts.AccountError, match="not the council or one of its partners"):
        officer("x@south.example", "South District Council", True)
    assert repos.accounts.get("lead@midshire.example").role is Role.OFFICER  # type: ignore[union-attr]


def test_a_wrong_password_or_an_unknown_address_signs_nobody_in(repos: Repositories) -> None:
    accounts.set_password(repos, token=_token(_invite(repos)), password=PASSWORD, now=NOW)
    for email, password in [("ann@acme.example", "not the password"),
                            ("nobody@acme.example", PASSWORD), ("not an address", PASSWORD)]:
        assert accounts.authenticate(repos, email=email, password=password, client="test",
                                     now=NOW) is None


def test_an_invited_account_cannot_sign_in_before_its_password_is_set(repos: Repositories) -> None:
    _invite(repos)
    assert accounts.authenticate(repos, email="ann@acme.example", password="", client="t",
                                 now=NOW) is None


def test_invitations_passwords_sign_ins_failures_and_sign_outs_are_audited(
    repos: Repositories,
) -> None:
    account = accounts.set_password(repos, token=_token(_invite(repos)), password=PASSWORD,
                                    now=NOW)
    minute = dt.timedelta(minutes=1)
    accounts.authenticate(repos, email="ann@acme.example", password="wrong password",
                          client="192.0.2.7", now=NOW + minute)
    accounts.authenticate(repos, email="ann@acme.example", password=PASSWORD, client="192.0.2.7",
                          now=NOW + 2 * minute)
    accounts.sign_out(repos, account, NOW + 3 * minute)
    events = repos.audit.events("account:ann@acme.example")
    assert [e.action for e in events] == ["account-invited", "password-set", "sign-in-failed",
                                          "sign-in", "sign-out"]
    assert events[0].actor == "cli:admin"
    assert events[2].after == {"client": "192.0.2.7"}


def test_signing_out_ends_every_session_begun_before_it(repos: Repositories) -> None:
    account = accounts.set_password(repos, token=_token(_invite(repos)), password=PASSWORD,
                                    now=NOW)
    assert accounts.is_session_current(account, NOW)
    accounts.sign_out(repos, account, NOW + dt.timedelta(hours=1))
    signed_out = repos.accounts.get(account.email)
    assert signed_out is not None
    assert not accounts.is_session_current(signed_out, NOW)
    assert accounts.is_session_current(signed_out, NOW + dt.timedelta(hours=2))
