"""The deployment's settings in one typed object, read from DPS_* environment variables.

Everything a council sets once for its installation lives here: where storage is, who the
council is, its partner authorities, its timezone, and where its letter templates are. Services
take a Settings as an argument; only the bootstrap reads the environment, so a worker, a test or
the portal can be given settings without touching its own environment.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_COUNCIL = "The County Council — Children's placements DPS"


class Settings(BaseSettings):
    """DPS_STORAGE, DPS_COUNCIL_NAME, … (lists and addresses as JSON: DPS_PARTNER_AUTHORITIES=
    '["North Borough Council", "East City Council"]')."""

    model_config = SettingsConfigDict(env_prefix="DPS_", extra="ignore", frozen=True)

    #: a path, file://…, or s3://bucket/prefix; empty means ./dps-data
    storage: str = ""
    council_name: str = DEFAULT_COUNCIL
    council_address: tuple[str, ...] = ()
    #: the lead council's partners: their officers see the register and the decisions
    partner_authorities: tuple[str, ...] = ()
    timezone: str = "Europe/London"
    #: a folder of the council's own letter templates (DOCX, same names as notices/templates)
    letter_templates: Path | None = None
    #: render each letter's PDF with LibreOffice where installed; off, letters are DOCX only
    notice_pdf: bool = True
    #: the portal's address as providers reach it, for the links in invitations and emails
    portal_url: str = "http://127.0.0.1:8000"
    #: signs the portal's session cookies; empty means a random key per process (dev only)
    portal_secret: str = Field(default="", repr=False)
    #: where provider emails go: an SMTP server when a host is set (DPS_SMTP_HOST, …), else one
    #: .eml file per message in the outbox folder (default: outbox/ in the storage)
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = Field(default="", repr=False)
    smtp_starttls: bool = True
    #: a CA bundle to check the SMTP server's certificate by (an internal relay); default: the
    #: system's trusted authorities
    smtp_ca_file: Path | None = None
    smtp_from: str = "Children's placements DPS <dps@localhost>"
    smtp_timeout_seconds: float = 30.0
    notification_outbox: Path | None = None

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ValueError, ZoneInfoNotFoundError) as error:
            raise ValueError(f"not a timezone the tz database knows: {name!r}") from error
        return name

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def today(self) -> dt.date:
        """Today in the council's timezone: the default evaluation date."""
        return dt.datetime.now(self.zone).date()

    @property
    def authorities(self) -> tuple[str, ...]:
        """The lead council first, then its partners."""
        return (self.council_name, *self.partner_authorities)
