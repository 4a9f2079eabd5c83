"""A decision as the demo's rejected fostering agency gets it (fixtures/samples/
rejected-fostering-agency-low-public-liability), built from the domain types directly."""

from __future__ import annotations

import datetime as dt

from domain.models import Decision, LotDecision, LotOutcome
from domain.reasons import finding

AT = dt.datetime(2024, 6, 3, 9, 30, tzinfo=dt.UTC)
LEGAL_NAME = "Hope Fostering Services Limited"

LOW_PUBLIC_LIABILITY = finding(
    "public-liability-below-minimum", document="insurance-certificate.pdf", page=1,
    found="£2,000,000", minimum="£5,000,000",
)
REQUIRES_IMPROVEMENT = finding(
    "ofsted-rating-requires-improvement", document="ofsted-certificate-SC367371.pdf", page=1,
    setting="SC367371", lot="3", urn="SC367371", setting_name="Hope Fostering Services",
    judgement="Requires improvement to be good", inspected="23 October 2023",
    snapshot="provider-level-at-31-march-2024.csv (as at 31 March 2024)",
)
OLD_SAFEGUARDING_POLICY = finding(
    "safeguarding-policy-out-of-date", document="safeguarding-policy.docx", page=2, field="G2",
    reviewed="1 March 2023", limit=12, as_of="3 June 2024",
)
EXPIRING_SOON = finding(
    "insurance-expiring-soon", document="insurance-certificate.pdf", page=1,
    cover="employer's liability", expiry="20 June 2024", days=30, as_of="3 June 2024",
)
LISTED = (LOW_PUBLIC_LIABILITY, REQUIRES_IMPROVEMENT, OLD_SAFEGUARDING_POLICY)


def rejected_decision(legal_name: str | None = LEGAL_NAME) -> Decision:
    """Lot 3 rejected for low public liability, with two referred findings and one warning."""
    return Decision(
        submission_id="S-20240603-093000-66c49d",
        provider="hope-fostering",
        policy_version="2024.1",
        evaluation_date=dt.date(2024, 6, 3),
        decided_at=AT,
        lots=(
            LotDecision(
                lot="3", outcome=LotOutcome.REJECTED, settings=("SC367371",),
                findings=(LOW_PUBLIC_LIABILITY, EXPIRING_SOON, REQUIRES_IMPROVEMENT,
                          OLD_SAFEGUARDING_POLICY),
            ),
        ),
        organisation={"legal_name": legal_name} if legal_name is not None else {},
        judgements={"SC367371": "Requires improvement to be good"},
    )


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a DOCX, one per line (read back with python-docx)."""
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    for section in document.sections:
        lines.extend(paragraph.text for paragraph in section.footer.paragraphs)
    return "\n".join(lines)
