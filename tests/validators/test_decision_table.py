"""The decision table: every rule passing on a complete application, and each of its non-pass
outcomes, with the exact set of codes and the outcome of each lot."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from domain.evidence import ExtractedDocument
from domain.models import LotOutcome
from domain.reasons import finding
from tests.validators.builders import AS_OF, INADEQUATE_HOME, RI_HOME, Submission
from validators.decide import decide_lots, run_rules
from validators.policy import bundled_policy

OK = Submission()
A, R, V = LotOutcome.ACCEPTED, LotOutcome.REJECTED, LotOutcome.IN_REVIEW
SETTINGS_RI = (("Little Acorns Fostering", "3", "SC457688"), ("Keys House", "4", RI_HOME))
SETTINGS_BAD = (("Little Acorns Fostering", "3", "SC457688"), ("Home", "4", INADEQUATE_HOME))
UNREADABLE = ExtractedDocument(
    file="scan.pdf",
    sha256="9" * 64,
    media_type="pdf",
    findings=(finding("unreadable-document", document="scan.pdf", problem="the PDF is damaged"),),
)

CASES = [
    ("a complete application", OK, set(), {"3": A, "4": A}),
    (
        "an unreadable extra file",
        replace(OK, extra=(UNREADABLE,)),
        {"unreadable-document"},
        {"3": R, "4": R},
    ),
    (
        "no application form",
        replace(OK, without=("application-form",)),
        {"missing-application-form"},
        {"all": R},
    ),
    (
        "no insurance certificate",
        replace(OK, without=("insurance-certificate",)),
        {"missing-insurance-certificate"},
        {"3": R, "4": R},
    ),
    (
        "no pricing schedule",
        replace(OK, without=("pricing-schedule",)),
        {"missing-pricing-schedule"},
        {"3": R, "4": R},
    ),
    (
        "no safeguarding policy",
        replace(OK, without=("safeguarding-policy",)),
        {"missing-safeguarding-policy"},
        {"3": R, "4": R},
    ),
    ("no accounts", replace(OK, without=("accounts",)), {"missing-accounts"}, {"3": R, "4": R}),
    (
        "no Ofsted certificate for the home",
        replace(OK, certificates=("SC457688",)),
        {"missing-ofsted-certificate"},
        {"3": A, "4": V},
    ),
    (
        "no statement of purpose",
        replace(OK, without=("statement-of-purpose",)),
        {"missing-statement-of-purpose"},
        {"3": A, "4": R},
    ),
    (
        "a lot without a setting",
        replace(OK, settings=OK.settings[:1], certificates=("SC457688",)),
        {"setting-missing-for-lot"},
        {"3": A, "4": R},
    ),
    ("no contact email", OK.change(A10=""), {"missing-answer"}, {"3": R, "4": R}),
    ("no registered manager for a home", OK.change(G4=""), {"missing-answer"}, {"3": A, "4": R}),
    (
        "a malformed company number",
        OK.change(A4="1234AB"),
        {"invalid-companies-house-number"},
        {"3": R, "4": R},
    ),
    (
        "a charity with a malformed number",
        OK.change(A3="Registered charity", A5="12AB"),
        {"invalid-charity-number"},
        {"3": R, "4": R},
    ),
    (
        "a VAT number failing its check digits",
        OK.change(A6="GB 123 4567 89"),
        {"invalid-vat-number"},
        {"3": V, "4": V},
    ),
    ("a malformed email", OK.change(A10="bids at acorns"), {"invalid-email"}, {"3": R, "4": R}),
    (
        "a malformed URN",
        replace(
            OK,
            settings=(("Fostering", "3", "SC45768"), OK.settings[1]),
            certificates=("SC45768", OK.certificates[1]),
        ),
        {"invalid-identifier", "ofsted-urn-not-found"},
        {"3": R, "4": A},
    ),
    ("a mandatory exclusion", OK.change(C3="Yes"), {"mandatory-exclusion"}, {"3": R, "4": R}),
    (
        "a discretionary exclusion",
        OK.change(D2="Yes"),
        {"discretionary-exclusion"},
        {"3": V, "4": V},
    ),
    (
        "public liability of £2m",
        replace(OK, covers=(OK.covers[0], ("public-liability", "2000000.00"), OK.covers[2])),
        {"public-liability-below-minimum", "insurance-declaration-mismatch"},
        {"3": R, "4": R},
    ),
    (
        "public liability shown without a limit that can be read: a reviewer decides",
        replace(OK, covers=(OK.covers[0], ("public-liability", None), OK.covers[2])),
        {"public-liability-below-minimum"},
        {"3": V, "4": V},
    ),
    (
        "employer's liability of £1m",
        replace(OK, covers=(("employers-liability", "1000000.00"), *OK.covers[1:])),
        {"employers-liability-below-minimum", "insurance-declaration-mismatch"},
        {"3": R, "4": R},
    ),
    (
        "professional indemnity of £1m",
        replace(OK, covers=(*OK.covers[:2], ("professional-indemnity", "1000000.00"))),
        {"professional-indemnity-below-minimum", "insurance-declaration-mismatch"},
        {"3": R, "4": R},
    ),
    (
        "expired insurance",
        replace(OK, expiry="2024-05-31").change(F4="31/05/2024"),
        {"insurance-expired"},
        {"3": R, "4": R},
    ),
    (
        "insurance expiring in 20 days",
        replace(OK, expiry="2024-06-23").change(F4="23/06/2024"),
        {"insurance-expiring-soon"},
        {"3": A, "4": A},
    ),
    (
        "a certificate in another name",
        replace(OK, insured="Oak Tree Care Ltd"),
        {"insurance-name-mismatch"},
        {"3": V, "4": V},
    ),
    (
        "a declared limit unlike the certificate",
        OK.change(F1="£5,000,000"),
        {"insurance-declaration-mismatch"},
        {"3": V, "4": V},
    ),
    (
        "a home rated requires improvement",
        replace(OK, settings=SETTINGS_RI, certificates=("SC457688", RI_HOME)),
        {"ofsted-rating-requires-improvement", "ofsted-owner-mismatch"},
        {"3": A, "4": V},
    ),
    (
        "a home rated inadequate",
        replace(OK, settings=SETTINGS_BAD, certificates=("SC457688", INADEQUATE_HOME)),
        {"ofsted-rating-inadequate", "ofsted-owner-mismatch"},
        {"3": A, "4": R},
    ),
    (
        "an agency listed under the homes lot",
        replace(
            OK,
            settings=(OK.settings[0], ("Agency", "4", "SC469688")),
            certificates=("SC457688", "SC469688"),
        ),
        {"ofsted-provision-type-mismatch", "ofsted-owner-mismatch"},
        {"3": A, "4": R},
    ),
    (
        "accounts 26 months old",
        replace(OK, accounts_year_end="2022-03-31").change(E2="31/03/2022"),
        {"accounts-out-of-date"},
        {"3": V, "4": V},
    ),
    ("a turnover of nothing", OK.change(E1="£0"), {"invalid-turnover"}, {"3": R, "4": R}),
    ("DBS not confirmed", OK.change(G3="No"), {"dbs-not-confirmed"}, {"3": R, "4": R}),
    (
        "a safeguarding policy reviewed 14 months ago",
        replace(OK, safeguarding_reviewed="2023-04-01").change(G2="01/04/2023"),
        {"safeguarding-policy-out-of-date"},
        {"3": V, "4": V},
    ),
    (
        "an unconfirmed declaration",
        OK.change(H4="No"),
        {"declaration-not-signed"},
        {"3": R, "4": R},
    ),
    (
        "a declaration dated after the evaluation date",
        OK.change(H3="04/06/2024"),
        {"declaration-date-invalid"},
        {"3": V, "4": V},
    ),
    (
        "a fee that is not an amount",
        replace(
            OK,
            pricing=(
                OK.pricing[0],
                ("4", "52-week residential", "six thousand", "800", "400", "7,700"),
            ),
        ),
        {"pricing-schedule-invalid"},
        {"3": A, "4": R},
    ),
    (
        "no pricing row for lot 4",
        replace(OK, pricing=OK.pricing[:1]),
        {"pricing-schedule-invalid"},
        {"3": A, "4": R},
    ),
    (
        "a total that is not the sum",
        replace(
            OK,
            pricing=(OK.pricing[0], ("4", "52-week residential", "6,500", "800", "400", "7,600")),
        ),
        {"pricing-total-mismatch"},
        {"3": A, "4": V},
    ),
    (
        "a fee above the lot's ceiling",
        replace(OK, pricing=(("3", "Solo", "1,500", "", "", "1,500"), OK.pricing[1])),
        {"fee-above-ceiling"},
        {"3": V, "4": A},
    ),
]


@pytest.mark.parametrize(
    ("submission", "codes", "lots"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_decision_table(
    submission: Submission, codes: set[str], lots: dict[str, LotOutcome]
) -> None:
    case = submission.case()
    findings = run_rules(case)
    assert {f.code for f in findings} == codes, [f.message for f in findings]
    assert {lot.lot: lot.outcome for lot in decide_lots(case, findings)} == lots


def test_every_finding_says_what_was_found_and_where() -> None:
    submission = replace(
        OK, covers=(OK.covers[0], ("public-liability", "2000000.00"), OK.covers[2])
    )
    (found,) = (
        f for f in run_rules(submission.case()) if f.code == "public-liability-below-minimum"
    )
    assert found.message == "Public liability cover is £2,000,000; the minimum is £5,000,000."
    assert (found.document, found.page) == ("insurance.pdf", 1)


def test_the_fee_ceiling_follows_the_policy_version() -> None:
    near = replace(OK, pricing=(("3", "Solo", "1,450", "", "", "1,450"), OK.pricing[1]))
    codes_2024 = {f.code for f in run_rules(near.case(policy=bundled_policy("2024.1")))}
    codes_2025 = {f.code for f in run_rules(near.case(policy=bundled_policy("2025.1")))}
    assert "fee-above-ceiling" in codes_2024 and "fee-above-ceiling" not in codes_2025


def test_as_of_moves_every_date_rule() -> None:
    later = OK.case(as_of=AS_OF + dt.timedelta(days=200))
    codes = {f.code for f in run_rules(later)}
    assert {"insurance-expired", "declaration-date-invalid"} <= codes
