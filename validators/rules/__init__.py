"""The selection criteria as rules: small pure functions over a Case that yield findings.

RULES lists them in the order of selection-criteria.md; the README's rule table is generated from
it (python -m validators.rule_table).
"""

from validators.rules import (
    documents,
    exclusions,
    identity,
    insurance,
    pricing,
    regulator,
    standing,
)
from validators.rules.registry import Rule, codes_of, section_of, summary_of

RULES: tuple[Rule, ...] = (
    documents.check_files_readable,
    documents.check_file_sizes,
    documents.check_required_documents,
    documents.check_insurance_certificates,
    documents.check_ofsted_certificates,
    documents.check_statement_of_purpose,
    documents.check_settings_for_lots,
    identity.check_required_answers,
    identity.check_companies_house_number,
    identity.check_charity_number,
    identity.check_vat_number,
    identity.check_email,
    identity.check_setting_identifiers,
    exclusions.check_mandatory_exclusions,
    exclusions.check_discretionary_exclusions,
    insurance.check_cover_minimums,
    insurance.check_cover_expiry,
    insurance.check_insured_name,
    insurance.check_declared_insurance,
    regulator.check_setting_identifiers_given,
    regulator.check_ofsted_registration,
    regulator.check_ofsted_judgement,
    regulator.check_ofsted_owner,
    regulator.check_ofsted_certificates_agree,
    regulator.check_gias_establishment,
    standing.check_accounts_age,
    standing.check_turnover,
    standing.check_dbs,
    standing.check_safeguarding_review,
    standing.check_registered_manager,
    standing.check_declaration_signed,
    standing.check_declaration_date,
    pricing.check_pricing_table,
    pricing.check_pricing_rows,
)

__all__ = ["RULES", "Rule", "codes_of", "section_of", "summary_of"]
