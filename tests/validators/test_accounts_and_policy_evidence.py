"""What the rules make of accounts and policies as real ones are read (documents.md, "What real
documents look like"): micro-entity accounts state no turnover, and a policy that gives only its
next review states no last review. Neither is guessed, and neither fails the provider: the form's
answers (E1, G2) are the declaration; the documents confirm them where they can."""

from __future__ import annotations

from dataclasses import dataclass

from domain.evidence import Answer, ExtractedDocument
from tests.validators.builders import Submission, _doc
from validators.decide import run_rules


@dataclass(frozen=True)
class WithDocument(Submission):
    """The sample submission with one document of a kind replaced."""

    document: ExtractedDocument | None = None

    def documents(self) -> tuple[ExtractedDocument, ...]:
        assert self.document is not None
        kind = self.document.kinds[0]
        return (*(d for d in super().documents() if kind not in d.kinds), self.document)


def micro_entity_accounts() -> ExtractedDocument:
    return _doc("accounts.pdf", "accounts", fields={
        "accounts.year_end": Answer(value="2023-03-31", source_text="as at 31 March 2023",
                                    document="accounts.pdf", page=1),
        "accounts.turnover_not_stated": Answer(
            value="micro-entity", document="accounts.pdf", page=2,
            source_text="prepared in accordance with the micro-entity provisions")})


def policy_with_only_a_next_review() -> ExtractedDocument:
    return _doc("safeguarding.docx", "safeguarding-policy", fields={
        "safeguarding-policy.lead": Answer(value="Hannah Okoro", document="safeguarding.docx",
                                           source_text="Designated Safeguarding Lead: Dr Hannah "
                                                       "Okoro")})


def test_micro_entity_accounts_without_turnover_pass_when_the_form_gives_turnover() -> None:
    submission = WithDocument(document=micro_entity_accounts())
    assert {f.code for f in run_rules(submission.case())} == set()


def test_a_policy_without_a_last_review_is_judged_on_the_forms_review_date() -> None:
    current = WithDocument(document=policy_with_only_a_next_review())
    assert {f.code for f in run_rules(current.case())} == set()
    stale = current.change(G2="01/04/2023")
    assert {f.code for f in run_rules(stale.case())} == {"safeguarding-policy-out-of-date"}
