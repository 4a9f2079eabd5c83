"""Every finding that names a page of a PDF also says where on that page (its box), so the
team deciding a review sees the value highlighted: the variants of test_reason_codes_end_to_end,
read by the real extractor and judged by every rule."""

from __future__ import annotations

import hashlib

import pytest

from domain.models import Finding, StoredFile
from tests.test_reason_codes_end_to_end import AS_OF, VARIANTS, Variant, _extract, gias, ofsted
from validators.case import Case
from validators.decide import run_rules
from validators.policy import DEFAULT_POLICY

#: findings about pages nothing was read from: the page is shown, with nothing to highlight
_WHOLE_PAGE = {"document-partly-read"}


def _findings(variant: Variant) -> tuple[list[Finding], set[str]]:
    files = variant.files()
    stored = tuple(StoredFile(original_name=name, sha256=hashlib.sha256(data).hexdigest(),
                              size=len(data), media_type="application/octet-stream")
                   for name, data in files)
    documents = tuple(_extract(name, data, variant.limits) for name, data in files)
    case = Case(documents, DEFAULT_POLICY, AS_OF, ofsted(), "Ofsted 2024", gias(), "GIAS 2025",
                files=stored)
    pdfs = {document.file for document in documents if document.media_type == "application/pdf"}
    return [*run_rules(case), *(f for d in documents for f in d.findings)], pdfs


@pytest.mark.parametrize(("variant",), [(variant,) for _, variant, _, _ in VARIANTS],
                         ids=[name for name, _, _, _ in VARIANTS])
def test_every_finding_with_a_page_of_a_pdf_has_a_box(variant: Variant) -> None:
    findings, pdfs = _findings(variant)
    placed = [f for f in findings if f.document in pdfs and f.page is not None]
    assert [f.code for f in placed if f.box is None and f.code not in _WHOLE_PAGE] == []
