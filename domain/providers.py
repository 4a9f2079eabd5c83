"""Provider identity: the id under which a provider's register entries are kept."""

from __future__ import annotations

import re


def provider_id(legal_name: str | None, companies_house_number: str | None = None) -> str:
    """A stable, key-safe id: the Companies House number when well formed, else the name's slug.

    Used when a submission arrives without an explicit provider id.
    """
    number = "".join((companies_house_number or "").split()).upper()
    if re.fullmatch(r"[A-Z0-9]{8}", number):
        return f"ch-{number.lower()}"
    slug = re.sub(r"[^a-z0-9]+", "-", (legal_name or "").lower()).strip("-")
    return slug[:60].strip("-") or "unknown-provider"
