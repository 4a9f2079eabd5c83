"""A renewed insurance certificate from a registered provider: read from a real PDF, each valid
cover recorded, the entry suspended for the expired certificate reinstated with a letter; a
cover below the minimum or already expired records nothing and says why."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from domain.models import Decision, EntryStatus
from fixtures.applications import SAMPLE_APPLICATIONS
from fixtures.demo_documents import insurance_certificate
from fixtures.supporting.render import to_pdf
from flows import settings
from storage.notices import Notices
from storage.repositories import Repositories
from tests.register_entries import admit

PROVIDER, LOT = "children-first-fostering", "3"
OLD_EXPIRY = dt.date(2024, 9, 30)  # the sample certificate's period ends then
ITEMS = ("insurance:employers-liability", "insurance:public-liability",
         "insurance:professional-indemnity")
AT = dt.datetime(2024, 10, 3, 9, tzinfo=dt.UTC)


def _certificate(period: str, pl: str = "£5,000,000", insured: str = "") -> bytes:
    supporting = dataclasses.replace(SAMPLE_APPLICATIONS[0].supporting, insurance_period=period,
                                     pl=pl, insured=insured)
    return to_pdf(insurance_certificate(supporting))


def _renew(provider: str, files: list[tuple[str, bytes]]):  # type: ignore[no-untyped-def]
    """Keep the files, then record them by their keys, as every caller does (the flow's
    parameters are references, never the files)."""
    from flows.renewals import keep_renewals, record_renewed_certificates

    kept = keep_renewals(settings.repositories(), provider, files)
    return record_renewed_certificates(provider, kept, at=AT)


@pytest.fixture
def repos(flow_repos: Repositories, monkeypatch: pytest.MonkeyPatch) -> Repositories:
    """The entry admitted with the sample's certificate, suspended when it expired."""
    from flows.expiries import check_expiries

    admit(flow_repos, PROVIDER, LOT, ("SC034253",), dict.fromkeys(ITEMS, OLD_EXPIRY))
    monkeypatch.setattr(settings, "now", lambda: dt.datetime(2024, 10, 1, 6, tzinfo=dt.UTC))
    assert len(check_expiries(dt.date(2024, 10, 1)).suspended) == 3
    return flow_repos


def test_a_valid_renewal_reinstates_the_entry_with_a_letter_once(repos: Repositories) -> None:
    renewed = _certificate("From 1 October 2024 to 30 September 2025")
    result = _renew(PROVIDER, [("insurance-2025.pdf", renewed)])

    outcomes = [(line.item, line.outcome) for line in result.lines]
    assert outcomes == [(ITEMS[0], "recorded"), (ITEMS[1], "recorded"),
                        (ITEMS[2], "reinstated")]  # the last of the three expired causes
    entry = repos.register.get(PROVIDER, LOT)
    assert entry is not None and entry.status is EntryStatus.ACTIVE
    assert entry.evidence_expiry == dict.fromkeys(ITEMS, dt.date(2025, 9, 30))
    again = _renew(PROVIDER, [("insurance-2025.pdf", renewed)])
    assert {line.outcome for line in again.lines} == {"not newer"}
    # one letter for the certificate, listing its three covers, not one per cover
    letters = [(n.kind.value, n.reasons) for n in Notices(repos.store).of("S-1")]
    assert letters == [("suspension", ("insurance-expired",) * 3), ("reinstatement", ())]
    assert list(repos.store.list("renewals/")) != []  # the upload is kept


def test_a_cover_below_the_minimum_or_expired_is_not_recorded(repos: Repositories) -> None:
    from flows.renewals import describe

    low = _certificate("From 1 October 2024 to 30 September 2025", pl="£2,000,000")
    stale = _certificate("From 1 October 2023 to 30 September 2024")
    result = _renew(
        PROVIDER, [("low.pdf", low), ("stale.pdf", stale)])

    problems = [describe(line) for line in result.lines if line.lot is None]
    assert "low.pdf: public liability: not recorded: the public liability cover is " \
        "£2,000,000; the minimum is £5,000,000" in problems
    assert "stale.pdf: employer's liability: not recorded: the employer's liability cover " \
        "expired on 30 September 2024" in problems
    entry = repos.register.get(PROVIDER, LOT)
    assert entry is not None and entry.status is EntryStatus.SUSPENDED
    with pytest.raises(LookupError, match="no register entry for provider 'nobody'"):
        _renew("nobody", [("low.pdf", low)])


def test_a_certificate_insuring_someone_else_is_not_recorded(repos: Repositories) -> None:
    repos.decisions.record(Decision(  # the admitting decision names the provider
        submission_id="S-1", provider=PROVIDER, policy_version="2024.1",
        evaluation_date=dt.date(2024, 6, 3), decided_at=AT, lots=(),
        organisation={"legal_name": "Children First Fostering Agency Limited"}))
    period = "From 1 October 2024 to 30 September 2025"
    other = _certificate(period, insured="Northgate Care Holdings Ltd")
    result = _renew(PROVIDER, [("other.pdf", other)])
    assert {line.outcome for line in result.lines} == {
        "the certificate insures 'Northgate Care Holdings Ltd', not "
        "'Children First Fostering Agency Limited'"}
    own = _renew(PROVIDER, [("own.pdf", _certificate(period))])
    assert [line.outcome for line in own.lines][-1] == "reinstated"


def test_a_renewal_kept_for_another_provider_is_not_read(repos: Repositories) -> None:
    from flows.renewals import keep_renewals, record_renewed_certificates

    renewed = _certificate("From 1 October 2024 to 30 September 2025")
    (theirs,) = keep_renewals(repos, "northgate-care", [("insurance-2025.pdf", renewed)])
    with pytest.raises(ValueError, match="is not a renewal kept for provider"):
        record_renewed_certificates(PROVIDER, [theirs], at=AT)
    entry = repos.register.get(PROVIDER, LOT)
    assert entry is not None and entry.status is EntryStatus.SUSPENDED


def test_the_run_records_the_certificates_keys_not_their_bytes(repos: Repositories) -> None:
    import hashlib

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName

    renewed = _certificate("From 1 October 2024 to 30 September 2025")
    key = f"renewals/{PROVIDER}/{hashlib.sha256(renewed).hexdigest()}/original"
    _renew(PROVIDER, [("insurance-2025.pdf", renewed)])

    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(flow_filter=FlowFilter(
            name=FlowFilterName(any_=["record-renewed-certificates"])))
    assert [{"name": "insurance-2025.pdf", "key": key}] in [r.parameters["files"] for r in runs]
    # every run of this session, each test's: names and keys only, never a file's bytes
    assert all(set(file) == {"name", "key"} and file["key"].startswith("renewals/")
               for run in runs for file in run.parameters["files"])
    assert repos.store.get(key).data == renewed  # where the flow read it from
