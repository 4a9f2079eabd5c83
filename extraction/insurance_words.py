"""The words of insurance documents: the names of the three covers, the labels of their values,
and the other sections of a policy schedule that are none of them."""

from __future__ import annotations

import re

from extraction.nearby import Label, Labels

EMPLOYERS, PUBLIC = "employers-liability", "public-liability"
PROFESSIONAL = "professional-indemnity"
# "EL", "PL", "PI" only as words of their own, never inside a policy number like HC-EL-5581
COVER_NAMES = re.compile(
    r"(?P<el>\bemployers?'?s?'?\s+(?:\(compulsory\)\s+)?liability|(?-i:(?<![\w/-])EL(?![\w/-])))"
    r"|(?P<pl>\bpublic\s*(?:&|and|/)\s*products?\s+liability|\bproducts?\s*(?:&|and|/)\s*public\s+"
    r"liability|\bpublic\s+liability|(?-i:(?<![\w/-])PL(?![\w/-])))"
    r"|(?P<pi>\bprofessional\s+(?:indemnity|negligence|liability)|(?-i:(?<![\w/-])PI(?![\w/-])))",
    re.IGNORECASE,
)
TYPES = {"el": EMPLOYERS, "pl": PUBLIC, "pi": PROFESSIONAL}
LABELS = Labels([
    Label("limit", (r"limits? of (?:indemnity|liability)", r"indemnity limit", r"liability limit",
                    r"sum insured", r"cover limit", r"limit", r"amount of cover",
                    r"level of (?:cover|indemnity)", r"amount insured",
                    # the statutory EL certificate states its limit in this sentence only
                    r"(?:minimum )?amount of cover provided by (?:this|the) policy is")
          , "money"),
    Label("excess", (r"excess", r"deductible"), "money"),
    Label("insured", (r"name of (?:the )?insured", r"insured'?s? name", r"the insured", r"insured",
                      r"policy ?holder", r"name of (?:the )?policy ?holder", r"insured party",
                      r"(?:name of (?:the )?)?assured", r"client(?:'s)?(?: name)?",
                      r"(?:company|business|organisation) name",
                      r"name of (?:the )?(?:company|business|organisation)")),
    Label("insurer", (r"insurers?(?:\(s\))?", r"name of (?:the )?insurers?", r"insurance company",
                      r"underwritten by", r"insured by", r"insurer name", r"underwriters?")),
    # "Signed on behalf of Zurich Insurance plc (Authorised Insurer)": the insurer, unless a
    # broker signed; a stated insurer wins (see SIGNATORY_CONFIDENCE)
    Label("signatory", (r"signed (?:for and )?on behalf of",)),
    Label("policy", (r"policy (?:number|no\.?|ref(?:erence)?\.?)(?: number)?",
                     r"policy(?=\s*(?:\||:))")),  # "Policy | ASH-CC-251279" in a table
    Label("period", (r"period of (?:insurance|cover)", r"policy period", r"insurance period",
                     r"period"), "date"),
    Label("start", (r"start date", r"inception(?: date)?", r"effective (?:date|from)",
                    r"commencement date",
                    r"date of commencement(?: of (?:the )?(?:insurance )?policy)?", r"valid from",
                    r"cover (?:starts|commences|from)"), "date"),
    Label("expiry", (r"expiry date", r"date of expiry(?: of (?:the )?(?:insurance )?policy)?",
                     r"expiry", r"expires(?: on)?",
                     r"renewal date", r"valid until", r"valid to", r"end date", r"until",
                     r"expiring(?: on)?", r"cover (?:ends|expires)"), "date"),
    Label("type", (r"type of (?:cover|insurance|policy)", r"cover type", r"policy type",
                   r"class of (?:insurance|cover|business)", r"insurance type")),
    # labels that contain "insured" or "insurer" but name something else: their values must
    # never be taken for the insured's or the insurer's name
    Label("decoy", (r"insured'?s? address", r"address of (?:the )?insured",
                    r"insured (?:location|premises|property|activit(?:y|ies)|business)",
                    r"interest insured", r"insurer'?s? (?:address|reference|registration)",
                    r"additional insured")),
])
SIGNATORY_CONFIDENCE = 0.6
# Sections of a policy schedule that are none of the three covers: a heading naming one ends the
# cover section above it.
OTHER_SECTION = re.compile(
    r"^(?:section\s+\w+\s*[-–—:.]?\s*)?(?:buildings?|contents|stock|money|business interruption"
    r"|loss of (?:income|revenue)|goods in transit|motor|fidelity|(?:employee )?dishonesty"
    r"|personal accident|legal expenses|cyber|terrorism|glass|all risks|book debts|engineering"
    r"|computers?|equipment|products? liability|trustees'? (?:indemnity|liability)"
    r"|directors'? (?:and|&) officers'?|management liability|property damage|material damage"
    r"|theft)\b",
    re.IGNORECASE,
)
AUTHORISED_INSURER = re.compile(
    r"^(?:signed (?:for and )?on behalf of\s+)?(.+?)\s*\(?\s*authori[sz]ed insurer\s*\)?\s*$",
    re.IGNORECASE)
# what may follow a cover's name to say the document does not give it
NOT_PROVIDED = re.compile(
    r"(?:\s*(?:insurance|cover|\||:|-|–))*\s*(?:is\s+|are\s+)?(?:not\s+(?:provided|covered|included"
    r"|insured|applicable|required|held|in\s+force)|excluded|n/?a\b|none\b|nil\b)",
    re.IGNORECASE)
