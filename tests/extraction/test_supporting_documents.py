"""Fields of accounts, Ofsted certificates, safeguarding policies and statements of purpose."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extraction.accounts import find_accounts
from extraction.classify import ACCOUNTS, INSURANCE, OFSTED, PRICING, PURPOSE, SAFEGUARDING
from extraction.model import ReadDocument, TextBlock
from extraction.ofsted_certificate import find_ofsted_certificate
from extraction.policies import find_safeguarding, find_statement_of_purpose
from extraction.supporting import find_supporting
from tests.extraction.builders import lines, values
from tests.extraction.builders import word_table as table


def test_turnover_is_the_current_years_figure_of_two_columns() -> None:
    accounts = lines("Profit and loss account", "Note 2024 £ 2023 £",
                     "Turnover 3 4,250,118 3,980,442")
    assert values(find_accounts(accounts, "a.pdf"))["accounts.turnover"] == "4250118.00"


def test_turnover_follows_the_latest_year_whichever_side_it_is_on() -> None:
    accounts = table(("", "2023", "2024"), ("Revenue", "3,980,442", "4,250,118"))
    assert values(find_accounts(accounts, "a.docx"))["accounts.turnover"] == "4250118.00"


def test_figures_under_a_thousands_header_are_thousands_of_pounds() -> None:
    accounts = lines("Group income statement", "Note 2024 £'000 2023 £'000",
                     "Revenue 2 42,501 39,804")
    assert values(find_accounts(accounts, "a.pdf"))["accounts.turnover"] == "42501000.00"


def test_other_income_and_notes_are_not_the_turnover() -> None:
    accounts = lines("Directors' report", "Turnover for the year rose to £4.25m.",
                     "Other operating income 12,000", "Income from charitable activities 9,000")
    assert "accounts.turnover" not in find_accounts(accounts, "a.pdf")


def test_a_charitys_total_income_is_read_from_the_current_total_column() -> None:
    sofa = lines("Note Unrestricted funds Restricted funds Total 2024 Total 2023",
                 "Donations 2 45,000 10,000 55,000 48,000",
                 "Total income 1,195,000 - 1,195,000 1,098,000")
    assert values(find_accounts(sofa, "a.pdf"))["accounts.turnover"] == "1195000.00"


def test_a_sofa_total_under_its_income_heading_is_the_income() -> None:
    sofa = table(("", "Unrestricted funds", "Restricted funds", "Total 2024", "Total 2023"),
                 ("Income and endowments from:", "", "", "", ""),
                 ("Donations", "5,000", "-", "5,000", "4,000"),
                 ("Total", "805,000", "20,000", "825,000", "704,000"),
                 ("Expenditure on:", "", "", "", ""), ("Total", "(790,000)", "", "", ""))
    assert values(find_accounts(sofa, "a.docx"))["accounts.turnover"] == "825000.00"


def test_the_year_end_is_the_date_the_statements_repeat() -> None:
    accounts = lines("Acme Care Ltd", "Financial statements for the year ended 31 March 2024",
                     "Balance sheet as at 31 March 2024", "Comparatives as at 31 March 2023")
    found = values(find_accounts(accounts, "a.pdf"))
    assert found["accounts.year_end"] == "2024-03-31"
    assert found["accounts.organisation"] == "Acme Care Ltd"


def test_accounts_without_a_profit_and_loss_account_have_no_turnover() -> None:
    accounts = lines("Balance sheet as at 31 December 2023", "2023 £ 2022 £",
                     "Net current assets 302,000 285,000")
    assert "accounts.turnover" not in find_accounts(accounts, "a.pdf")


def test_an_ofsted_certificate_is_read_from_its_wording() -> None:
    certificate = lines(
        "Certificate of registration", "This is to certify that", "Keys Child Care Ltd",
        "is registered as a provider of the following establishment:", "Keys House",
        "Unique reference number: SC454901", "Type of establishment: Children's home",
        "Date of registration: 12 June 2015", "1. The home may accommodate up to 4 children.",
        "2. The home may accommodate children aged from 8 to 17 years.")
    assert values(find_ofsted_certificate(certificate, "o.pdf")) == {
        "ofsted-certificate.provider": "Keys Child Care Ltd",
        "ofsted-certificate.setting_name": "Keys House", "ofsted-certificate.urn": "SC454901",
        "ofsted-certificate.setting_type": "Children's home",
        "ofsted-certificate.registered": "2015-06-12", "ofsted-certificate.max_places": "4",
        "ofsted-certificate.age_range": "8-17"}


def test_an_ofsted_certificate_table_gives_the_same_fields() -> None:
    certificate = table(("Registered provider", "Acme Care Ltd"), ("URN", "sc 123456"),
                        ("Type of service", "Independent Fostering Agency"),
                        ("Maximum number of places", "40"), ("Age range", "0 – 18"))
    assert values(find_ofsted_certificate(certificate, "o.docx")) == {
        "ofsted-certificate.provider": "Acme Care Ltd", "ofsted-certificate.urn": "SC123456",
        "ofsted-certificate.setting_type": "Independent Fostering Agency",
        "ofsted-certificate.max_places": "40", "ofsted-certificate.age_range": "0-18"}


def test_the_next_review_date_is_never_taken_for_the_last_review() -> None:
    policy = lines("Child protection policy", "Next review date: 1 March 2025",
                   "Date of next review 1 March 2025", "Last reviewed: 1 March 2024")
    assert values(find_safeguarding(policy, "s.pdf")) == {
        "safeguarding-policy.reviewed": "2024-03-01"}


def test_the_last_review_is_the_latest_of_a_document_control_table_read_as_lines() -> None:
    policy = lines("Version Date of review Next review date Approved by",
                   "2.0 10/01/2023 10/01/2024 Board", "3.0 15/01/2024 15/01/2025 Board")
    answer = find_safeguarding(policy, "s.pdf")["safeguarding-policy.reviewed"]
    assert (answer.value, answer.source_text) == ("2024-01-15", "3.0 15/01/2024 15/01/2025 Board")


def test_a_review_stated_as_a_month_counts_from_its_first_day_with_less_confidence() -> None:
    answer = find_safeguarding(lines("Reviewed: January 2024"), "s.pdf")[
        "safeguarding-policy.reviewed"]
    assert (answer.value, answer.confidence) == ("2024-01-01", 0.7)


def test_the_safeguarding_lead_is_a_name_without_role_or_telephone() -> None:
    for text in ("Designated Safeguarding Lead: Alex Morgan (Registered Manager), 01245 000111",
                 "Our Designated Safeguarding Lead is Alex Morgan, who can be reached daily.",
                 "Designated Safeguarding Lead (DSL) Alex Morgan Registered Manager 01245 000"):
        found = values(find_safeguarding(lines("Deputy DSL: Sam Lee", text), "s.pdf"))
        assert found == {"safeguarding-policy.lead": "Alex Morgan"}, text


def test_a_statement_of_purpose_gives_its_setting_and_urn() -> None:
    statement = table(("Name of home", "Keys House"), ("Ofsted URN", "SC454901"))
    assert values(find_statement_of_purpose(statement, "p.docx")) == {
        "statement-of-purpose.setting_name": "Keys House",
        "statement-of-purpose.urn": "SC454901"}


def test_a_statement_titled_with_its_setting_gives_the_setting_name() -> None:
    statement = lines("Statement of Purpose – Willow Lodge", "About us")
    assert values(find_statement_of_purpose(statement, "p.pdf")) == {
        "statement-of-purpose.setting_name": "Willow Lodge"}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.text(max_size=50), min_size=1, max_size=5), max_size=20))
def test_reading_any_text_as_every_kind_never_raises(rows: list[list[str]]) -> None:
    read = ReadDocument("application/pdf",
                        tuple(TextBlock(tuple(row), len(row) > 1, page=1) for row in rows))
    kinds = (INSURANCE, OFSTED, PRICING, ACCOUNTS, SAFEGUARDING, PURPOSE)
    found = find_supporting(read, kinds, "any.pdf")
    assert all(name.split(".")[0] in kinds for name in found.fields)
