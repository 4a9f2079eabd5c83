"""Accounts, safeguarding policies and statements of purpose as real ones are written
(documents.md, "What real documents look like"): CC16a and SORP accounts, micro-entities,
policies with several dates, and what is and is not a statement of purpose."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extraction.accounts import find_accounts
from extraction.classify import ACCOUNTS, PURPOSE, SAFEGUARDING, classify
from extraction.model import ReadDocument, TextBlock
from extraction.policies import find_safeguarding, find_statement_of_purpose
from tests.extraction.builders import lines, values
from tests.extraction.builders import word_table as table

CC16A = (
    "Charity Name | No (if any)",
    "Friends of Oakfield Children's Centre | 1098765",
    "Receipts and payments accounts CC16a",
    "For the period from 2023-04-01 To 2024-03-31",
    "Section A Receipts and payments",
    "Unrestricted funds Restricted funds Endowment funds Total funds Last year",
    "to the nearest £ to the nearest £ to the nearest £ to the nearest £ to the nearest £",
    "A1 Receipts",
    "Donations 6,500 1,500 - 8,000 7,200",
    "Fundraising events 2,000 - - 2,000 1,300",
    "Sub total (Gross income for AR) 8,500 1,500 - 10,000 8,500",
    "Total receipts 8,500 1,500 - 10,000 8,500",
    "A3 Payments",
    "Total payments 7,900 1,200 - 9,100 8,000",
)


def test_a_cc16a_year_ends_with_its_period_and_its_turnover_is_the_total_receipts() -> None:
    found = values(find_accounts(lines(*CC16A), "cc16a.pdf"))
    assert found["accounts.year_end"] == "2024-03-31"
    assert found["accounts.turnover"] == "10000.00"


def test_a_cc16a_names_its_charity_under_the_charity_name_label() -> None:
    form = table(("Charity Name", "No (if any)"),
                 ("Friends of Oakfield Children's Centre", "1098765"),
                 ("Receipts and payments accounts", ""),
                 ("For the period from 01/04/2023 To 31/03/2024", ""))
    found = values(find_accounts(form, "cc16a.docx"))
    assert found["accounts.organisation"] == "Friends of Oakfield Children's Centre"
    assert found["accounts.year_end"] == "2024-03-31"


def test_a_cc16a_table_takes_the_total_funds_column_not_last_year() -> None:
    form = table(("A1 Receipts", "Unrestricted funds", "Restricted funds", "Endowment funds",
                  "Total funds", "Last year"),
                 ("Total receipts", "8,500", "1,500", "-", "10,000", "12,400"))
    assert values(find_accounts(form, "cc16a.docx"))["accounts.turnover"] == "10000.00"


def test_a_cc16a_is_recognised_as_accounts() -> None:
    assert classify(lines(*CC16A)) == (ACCOUNTS,)


def test_a_sofa_gives_the_latest_years_total_income_never_last_years() -> None:
    sofa = lines("Statement of Financial Activities for the year ended 31st March 2024",
                 "Note Unrestricted funds Restricted funds Total 2024 Total 2023",
                 "Donations and legacies 2 45,000 10,000 55,000 61,000",
                 "Total income 1,195,000 50,000 1,245,000 1,398,000")
    found = values(find_accounts(sofa, "sofa.pdf"))
    assert found["accounts.turnover"] == "1245000.00"
    assert found["accounts.year_end"] == "2024-03-31"


def test_a_statement_with_last_years_column_first_still_gives_this_years_figure() -> None:
    accounts = table(("", "2023 £", "2024 £"), ("Turnover", "3,980,442", "4,250,118"))
    assert values(find_accounts(accounts, "a.docx"))["accounts.turnover"] == "4250118.00"


MICRO = ("BLUEBELL FOSTERING LIMITED", "Company Registration Number 08123456",
         "Micro-entity Accounts", "Balance Sheet as at 31 December 2023",
         "2023 £ 2022 £", "Fixed assets 85,000 90,000", "Current assets 512,000 480,000",
         "Net current assets 302,000 285,000", "Capital and reserves 387,000 375,000",
         "These financial statements have been prepared in accordance with the provisions "
         "applicable to companies subject to the micro-entities regime.")


def test_micro_entity_accounts_without_turnover_say_so_and_guess_none() -> None:
    found = find_accounts(lines(*MICRO), "micro.pdf")
    assert "accounts.turnover" not in found
    assert found["accounts.turnover_not_stated"].value == "micro-entity"
    assert "micro-entities regime" in found["accounts.turnover_not_stated"].source_text
    assert values(found)["accounts.year_end"] == "2023-12-31"
    assert values(found)["accounts.organisation"] == "BLUEBELL FOSTERING LIMITED"


def test_micro_entity_accounts_are_recognised_as_accounts() -> None:
    assert classify(lines(*MICRO)) == (ACCOUNTS,)


def test_accounts_that_state_turnover_do_not_say_it_is_not_stated() -> None:
    accounts = lines("Micro-entity accounts for the year ended 31 March 2024", "2024 £ 2023 £",
                     "Turnover 120,000 110,000")
    found = values(find_accounts(accounts, "a.pdf"))
    assert found["accounts.turnover"] == "120000.00"
    assert "accounts.turnover_not_stated" not in found


def test_small_company_accounts_filed_without_profit_and_loss_say_so() -> None:
    filleted = lines("Harbour Care Services Ltd", "Balance sheet as at 30 June 2024",
                     "2024 £ 2023 £", "Net assets 120,000 98,000",
                     "The company has elected not to file the profit and loss account in "
                     "accordance with section 444 of the Companies Act 2006.")
    found = values(find_accounts(filleted, "a.pdf"))
    assert "accounts.turnover" not in found
    assert found["accounts.turnover_not_stated"] == "profit and loss account not delivered"
    included = lines("Balance sheet as at 30 June 2024", "2024 £ 2023 £", "Net assets 1 2",
                     "The directors of the company have elected not to include a copy of the "
                     "profit and loss account within the financial statements.")
    assert values(find_accounts(included, "a.pdf"))["accounts.turnover_not_stated"] == (
        "profit and loss account not delivered")


def test_the_year_end_may_be_a_period_end_with_an_ordinal_date() -> None:
    for text in ("Period end: 30th September 2024", "for the period ending 30 September 2024",
                 "Financial statements for the year ended 30th September 2024"):
        found = values(find_accounts(lines(text), "a.pdf"))
        assert found["accounts.year_end"] == "2024-09-30", text


def test_the_organisation_is_the_name_above_its_registration_number() -> None:
    accounts = lines("Unaudited financial statements", "The Fostering Collective",
                     "Company registration number 08123456", "for the year ended 31 March 2024")
    assert values(find_accounts(accounts, "a.pdf"))["accounts.organisation"] == (
        "The Fostering Collective")


def test_a_letter_mentioning_the_accounts_is_not_accounts() -> None:
    letter = lines("Dear team,", "Receipts and payments accounts",
                   "Our accounts for the period from 1 April 2023 to 31 March 2024 follow.")
    assert classify(letter) == ()


def reviewed(*texts: str) -> str | None:
    answer = find_safeguarding(lines(*texts), "s.pdf").get("safeguarding-policy.reviewed")
    return answer.value if answer else None


def test_a_next_review_is_not_the_last_review() -> None:
    assert reviewed("Next review due: 1 September 2025") is None
    assert reviewed("Date of next review: 1 September 2025") is None
    assert reviewed("This policy will be reviewed on 1 September 2025.") is None


def test_a_review_date_after_the_approval_date_is_the_next_review_not_the_last() -> None:
    assert reviewed("Approval Date: 1st September 2023", "Review Date: 1st September 2024") is None
    assert reviewed("Effective Date: June 2025", "Review Date: June 2026") is None


def test_an_approval_date_and_a_next_review_state_no_last_review() -> None:
    # approval says when a version took effect, not that it was reviewed: the form's G2 stands
    assert reviewed("Approved by: Board of Trustees", "Date approved: 14/03/2024",
                    "Next review due: March 2025") is None


def test_a_review_date_no_later_than_the_approval_date_is_the_last_review() -> None:
    assert reviewed("Review date: 2 September 2024", "Approval date: 20 September 2024") == (
        "2024-09-02")


def test_the_lead_is_named_without_a_courtesy_title() -> None:
    for text in ("Designated Safeguarding Lead | Mrs Claire Fenwick | 01632 960 411",
                 "Designated Safeguarding Lead: Dr Claire Fenwick, Head of Care"):
        lead = find_safeguarding(table(tuple(text.split(" | "))), "s.docx")[
            "safeguarding-policy.lead"]
        assert lead.value == "Claire Fenwick", text


def test_a_lead_named_after_a_comma_in_prose_is_read() -> None:
    policy = lines("1.3 Safeguarding Lead. Concerns are reported to the Safeguarding Lead, Grace "
                   "Mwangi (Registered Manager), on the day they arise.")
    assert values(find_safeguarding(policy, "s.pdf")) == {
        "safeguarding-policy.lead": "Grace Mwangi"}


def test_a_lone_review_date_is_the_next_review_and_no_last_review() -> None:
    assert reviewed("Review Date: September 2025") is None


def test_a_review_date_beside_a_next_review_is_the_last_review() -> None:
    assert reviewed("Review date: 1 March 2024", "Next review date: 1 March 2025") == (
        "2024-03-01")


def test_date_last_reviewed_wins_over_an_earlier_approval() -> None:
    assert reviewed("Approval Date: 01/09/2022", "Date last reviewed: 04/09/2023",
                    "Review Date: 01/09/2024") == "2023-09-04"


def test_a_change_control_table_takes_the_latest_past_review() -> None:
    policy = table(("Version", "Date", "Author", "Summary of changes"),
                   ("1.0", "01/09/2021", "J Smith", "First issue"),
                   ("2.0", "05/09/2022", "J Smith", "Annual review"),
                   ("3.0", "04/09/2023", "A Khan", "Updated for KCSIE 2023"),
                   ("4.0", "01/09/2024", "", "Next scheduled review"))
    assert values(find_safeguarding(policy, "s.docx")) == {
        "safeguarding-policy.reviewed": "2023-09-04"}


def test_a_change_control_tables_review_dates_are_next_reviews_after_its_version_dates() -> None:
    policy = table(("Version", "Date", "Review date"),
                   ("1.0", "01/09/2022", "01/09/2023"), ("2.0", "01/09/2023", "01/09/2024"))
    assert values(find_safeguarding(policy, "s.docx")) == {
        "safeguarding-policy.reviewed": "2023-09-01"}


CONTENT = ("Our Designated Safeguarding Lead (DSL) is Alex Morgan.",
           "Any allegation against a member of staff is referred to the LADO.",
           "Staff are trained to recognise the signs of abuse and neglect.")


def test_safeguarding_policies_go_by_many_titles() -> None:
    for title in ("Safeguarding and Protecting Children and Young People Policy",
                  "Child Protection and Safeguarding Procedures", "Safeguarding Children Policy",
                  "Keeping Children Safe Policy", "Safeguarding Policy and Procedures"):
        assert classify(lines("Acorn Care Ltd", title, *CONTENT)) == (SAFEGUARDING,), title


def test_a_safeguarding_title_without_safeguarding_content_is_not_a_policy() -> None:
    notice = lines("Safeguarding policy", "Last reviewed: 1 March 2024",
                   *(f"Item {n} of the staff handbook covers annual leave." for n in range(20)))
    assert classify(notice) == ()


SCHEDULE_1 = (
    "Statement of Purpose", "Willow Lodge Children's Home",
    "This statement of purpose is written in line with the Children's Homes (England) "
    "Regulations 2015 and the Quality Standards.",
    "Range of needs: we care for up to four young people aged 11 to 17 with social, "
    "emotional and mental health needs.",
    "Our ethos is therapeutic: relationships come first.",
    "Registered manager: Jo Bennett. Responsible individual: Sam Patel.",
    "Location of the home: a quiet village ten miles from Norwich.",
    "Staffing: a staff team of twelve residential support workers.",
    "Complaints can be made to the manager or to Ofsted, Piccadilly Gate, Manchester.",
)


def test_a_schedule_1_statement_of_purpose_is_one() -> None:
    assert classify(lines(*SCHEDULE_1)) == (PURPOSE,)


ESSAY = (
    "Statement of Purpose",
    "I am applying to the PhD programme in Social Policy because my research interests lie in "
    "how local authorities support children in care.",
    "During my master's degree I volunteered at a children's home and saw how care plans are "
    "made; my dissertation studied complaints by young people to Ofsted.",
    "Graduate school will let me work with Professor Hale, whose research on residential care "
    "I admire.",
)


def test_an_essay_titled_statement_of_purpose_is_not_one() -> None:
    assert classify(lines(*ESSAY)) == ()


def test_a_statement_of_purpose_with_only_a_title_is_not_one() -> None:
    assert classify(lines("Statement of purpose", "To be completed.")) == ()


def test_a_cc16a_period_split_across_cells_still_ends_the_year() -> None:
    form = table(("Hollins Lane Youth Club", "1180443"),
                 ("Receipts and payments accounts", "CC16a"),
                 ("For the period from 2024-04-01 To", "2025-03-31"))
    found = values(find_accounts(form, "cc16a.pdf"))
    assert found["accounts.year_end"] == "2025-03-31"
    assert found["accounts.organisation"] == "Hollins Lane Youth Club"


def test_change_control_rows_that_say_reviewed_are_still_read_by_their_date_column() -> None:
    rows = (("Version", "Date", "Change", "Author"),
            ("3.0", "02/05/2022", "Rewritten for KCSIE 2022", "S. Patel"),
            ("3.1", "11/04/2023", "Reviewed; contact numbers updated", "S. Patel"),
            ("4.0", "15/04/2025", "Reviewed; Working Together 2023", "L. Marsh"))
    assert values(find_safeguarding(table(*rows), "s.docx")) == {
        "safeguarding-policy.reviewed": "2025-04-15"}
    as_lines = lines(*(" ".join(row) for row in rows), "Next review April 2026")
    assert values(find_safeguarding(as_lines, "s.pdf")) == {
        "safeguarding-policy.reviewed": "2025-04-15"}


def test_a_policy_about_writing_the_statement_of_purpose_is_not_one() -> None:
    policy = lines("Statement of Purpose policy",
                   "Our fostering service compiles a Statement of Purpose (regulation 3(5)).",
                   "It is reviewed at least annually and a copy is provided to Ofsted.",
                   "Copies are available to any foster carer and to any child placed.")
    assert classify(policy) == ()


def test_a_statements_title_page_names_the_setting_above_or_below_the_title() -> None:
    above = lines("Larkspur House", "Statement of Purpose", "Ofsted URN: SC498812")
    below = lines("Statement of Purpose", "Harthill Foster Care",
                  "Independent fostering agency – Fostering Services (England) Regulations 2011")
    assert values(find_statement_of_purpose(above, "p.pdf")) == {
        "statement-of-purpose.setting_name": "Larkspur House",
        "statement-of-purpose.urn": "SC498812"}
    assert values(find_statement_of_purpose(below, "p.pdf")) == {
        "statement-of-purpose.setting_name": "Harthill Foster Care"}


def test_a_statement_gives_the_urn_after_ofsted_unique_reference_number() -> None:
    statement = table(("Name of home", "Brookside Lodge"),
                      ("Ofsted Unique Reference Number", "SC501774"))
    assert values(find_statement_of_purpose(statement, "p.pdf")) == {
        "statement-of-purpose.setting_name": "Brookside Lodge",
        "statement-of-purpose.urn": "SC501774"}


def test_a_receipts_and_payments_account_titled_with_its_year_is_accounts() -> None:
    account = table(("Friends of Elmwood Family Centre",),
                    ("Receipts and Payments Account for the year ended 31 August 2025",),
                    ("", "2025 £", "2024 £"), ("Total receipts", "14,078", "13,345"))
    assert classify(account) == (ACCOUNTS,)
    assert values(find_accounts(account, "a.docx"))["accounts.turnover"] == "14078.00"


def test_columns_headed_by_their_year_end_dates_give_the_latest_years_figure() -> None:
    as_table = table(("", "Year ended 31 March 2023", "Year ended 31 March 2024"),
                     ("Turnover", "980,400", "1,120,300"))
    as_line = lines("Year ended 31.03.24 £ Year ended 31.03.23 £", "Turnover 1,120,300 980,400")
    for accounts in (as_table, as_line):
        assert values(find_accounts(accounts, "a.pdf"))["accounts.turnover"] == "1120300.00"


def test_a_heading_stating_its_date_is_not_a_column_header() -> None:
    # "as at 31 March 2024" names the statement, not a single 2024 column: no figure is taken
    # from the right-hand (last year's) column on its authority
    accounts = lines("Balance sheet as at 31 March 2024", "Turnover 1,120,300 980,400")
    answer = find_accounts(accounts, "a.pdf")["accounts.turnover"]
    assert (answer.value, answer.confidence) == ("1120300.00", 0.8)


def test_a_policy_last_updated_was_reviewed_then() -> None:
    assert reviewed("Last updated: 3 February 2025", "Next review: February 2026") == "2025-02-03"


def test_a_statement_titled_with_its_year_names_the_setting_beside_the_title() -> None:
    statement = lines("Statement of Purpose 2024–25", "Meadow View Children's Home",
                      "Registered manager: Jo Bennett")
    assert values(find_statement_of_purpose(statement, "p.pdf")) == {
        "statement-of-purpose.setting_name": "Meadow View Children's Home"}
    dated = lines("Statement of Purpose – 2025", "Meadow View")  # the year is no setting
    assert values(find_statement_of_purpose(dated, "p.pdf")) == {
        "statement-of-purpose.setting_name": "Meadow View"}


def test_the_organisation_may_stand_just_below_its_registration_number() -> None:
    accounts = lines("Company Registration No. 08855130 (England and Wales)",
                     "The Fostering Collective", "Unaudited accounts",
                     "for the year ended 31 March 2025")
    assert values(find_accounts(accounts, "a.pdf"))["accounts.organisation"] == (
        "The Fostering Collective")


def test_a_sofa_with_a_year_over_every_fund_takes_this_years_total() -> None:
    sofa = table(("", "Unrestricted", "Restricted", "Total", "Unrestricted", "Restricted", "Total"),
                 ("", "2024", "2024", "2024", "2023", "2023", "2023"),
                 ("Income from:", "", "", "", "", "", ""),
                 ("Investments", "35,549", "-", "35,549", "35,081", "-", "35,081"),
                 ("Total income", "35,842", "-", "35,842", "35,081", "-", "35,081"))
    assert values(find_accounts(sofa, "a.docx"))["accounts.turnover"] == "35842.00"


def test_a_notes_column_on_the_right_left_blank_on_the_total_row_is_not_counted() -> None:
    sofa = lines("Unrestricted funds £'000 Restricted funds £'000 Total 2022 £'000 "
                 "Total 2021 £'000 Notes", "Income and endowments from:",
                 "Donations and legacies 13,377 186,384 200,160 166,893 2",
                 "Total 17,165 216,062 234,180 182,940")
    assert values(find_accounts(sofa, "a.pdf"))["accounts.turnover"] == "234180000.00"


WORDS = ("Version", "Date", "Review date", "Next review", "Reviewed", "01/09/2024", "2023-04-01",
         "To", "For the period from", "Total receipts", "Total funds", "Last year", "2024", "2023",
         "£", "1,234", "-", "Notes", "Micro-entity", "Charity Name", "1180443", "Statement of "
         "Purpose", "Safeguarding Lead,", "Approval Date", "Year ended 31 March 2024", "")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6), max_size=15),
       st.booleans())
def test_any_mix_of_these_documents_words_reads_without_raising(
        rows: list[list[str]], in_table: bool) -> None:
    read = ReadDocument("application/pdf", tuple(
        TextBlock(tuple(row) if in_table else (" ".join(row),), in_table, page=1)
        for row in rows))
    assert isinstance(classify(read), tuple)
    for answer in [*find_accounts(read, "a.pdf").values(),
                   *find_safeguarding(read, "a.pdf").values(),
                   *find_statement_of_purpose(read, "a.pdf").values()]:
        assert answer.source_text and answer.document == "a.pdf"


def test_only_next_review_dates_never_give_a_last_review() -> None:
    for label in ("Next review", "Next review due", "Date of next review", "Review due",
                  "Due for review", "To be reviewed", "Review by"):
        assert reviewed(f"{label}: 1 March 2026", "Version 3") is None, label


def test_companies_house_accounts_made_up_to_a_date_end_their_year_then() -> None:
    accounts = lines("Annual accounts made up to 31 March 2024", "Note 2024 £ 2023 £",
                     "Turnover (note 3) 2,145,880 1,987,300")
    found = values(find_accounts(accounts, "a.pdf"))
    assert found["accounts.year_end"] == "2024-03-31"
    assert found["accounts.turnover"] == "2145880.00"


def test_topics_written_with_curly_apostrophes_count() -> None:
    statement = lines("Statement of Purpose", "Larkspur House is a children\u2019s home.",
                      "Our ethos is relational.",
                      "The home\u2019s registered manager is Jo Bennett.")
    assert classify(statement) == (PURPOSE,)


def test_a_year_header_without_statement_lines_is_not_accounts() -> None:
    letter = lines("Annual accounts", "for the year ended 31 March 2024", "2024 2023",
                   "Staff 14 12", "Homes 3 3")
    assert classify(letter) == ()


def test_a_section_heading_below_the_title_is_not_the_setting() -> None:
    for heading in ("Our Ethos and Values", "Aims and Objectives", "About the Home"):
        statement = lines("Statement of Purpose", heading, "We care for up to four children.")
        assert "statement-of-purpose.setting_name" not in find_statement_of_purpose(
            statement, "p.pdf"), heading
    named = lines("Statement of Purpose", "The Willows Children's Home")
    assert values(find_statement_of_purpose(named, "p.pdf")) == {
        "statement-of-purpose.setting_name": "The Willows Children's Home"}


def test_a_short_statement_with_its_urn_number_and_age_range_is_one() -> None:
    statement = lines("Statement of purpose", "Home: Oak Lodge", "URN: 2677270",
                      "The home provides care for up to four children aged 8 to 17.")
    assert classify(statement) == (PURPOSE,)


def test_a_policy_titled_below_a_long_cover_page_header_is_recognised() -> None:
    cover = ("Acorn Care Ltd", "Unit 4, Mill Lane", "Kendal", "LA9 4AB", "01539 000000",
             "info@acorn.example", "Policy number: SG-01", "Version 7", "Owner: Registered Manager",
             "Applies to: all homes", "Classification: internal", "Safeguarding Children Policy")
    policy = ReadDocument("application/pdf", tuple(
        TextBlock((text,), False, page=1) for text in cover) + tuple(
        TextBlock((text,), False, page=2) for text in CONTENT))
    assert classify(policy) == (SAFEGUARDING,)
    later = ReadDocument("application/pdf", tuple(
        TextBlock((text,), False, page=1) for text in cover[:-1]) + tuple(
        TextBlock((text,), False, page=2) for text in (*CONTENT, cover[-1])))
    assert classify(later) == ()  # a heading on a later page is a section, not the title


def test_a_title_after_prose_on_a_one_page_document_is_not_its_title() -> None:
    page = lines(*CONTENT, *(f"Paragraph {n} explains how the home keeps children safe from "
                             "harm every day of the year." for n in range(10)),
                 "Safeguarding Children Policy")
    assert classify(page) == ()
