"""The regulator data as a council gets it (issue 10, Deliver 6): every encoding and container
Ofsted and DfE use. Each copy is made here from the bundled real files, as whoever saved it would
have: re-encoded (UTF-8 with and without a byte-order mark, Windows-1252, Mac Roman), saved as
XLSX or ODS with typed cells, or, for GIAS, a full-size extract of about 50,000 rows and 130
columns in Windows-1252 (over 20 MB: made in tmp_path, never committed)."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd
import pytest

from fixtures import OFSTED_SNAPSHOT
from fixtures.gias import GIAS_EXTRACT
from validators.gias import load_gias_extract
from validators.ofsted import OfstedSnapshot, load_ofsted_snapshot

ORIGINAL = OFSTED_SNAPSHOT.read_bytes()  # Mac Roman: one byte of its title is a Mac Roman dash
TEXT = ORIGINAL.decode("mac_roman")
REFERENCE = load_ofsted_snapshot(ORIGINAL)
AS_AT = dt.date(2024, 3, 31)

ENCODINGS = {
    "utf-8 with a BOM": (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    "utf-8": (TEXT.encode("utf-8"), "utf-8"),
    "windows-1252": (TEXT.encode("cp1252"), "cp1252"),
    "mac roman": (ORIGINAL, "mac_roman"),
}


def _same_providers(snapshot: OfstedSnapshot) -> None:
    assert snapshot.quarantined == ()
    assert snapshot.as_at == AS_AT
    pd.testing.assert_frame_equal(snapshot.providers, REFERENCE.providers)


@pytest.mark.parametrize("name", ENCODINGS)
def test_the_2024_file_in_every_encoding_ofsted_uses_loads_the_same_providers(name: str) -> None:
    data, encoding = ENCODINGS[name]

    snapshot = load_ofsted_snapshot(data)

    assert snapshot.encoding == encoding and snapshot.format == "csv"
    _same_providers(snapshot)


def _typed(cell: str) -> object:
    """A cell as a spreadsheet holds it: a date, a whole number, or text."""
    if re.fullmatch(r"\d{2}/\d{2}/\d{4}", cell):
        return dt.datetime.strptime(cell, "%d/%m/%Y")
    if re.fullmatch(r"[1-9]\d{0,8}", cell):
        return int(cell)  # a 7-digit URN, places, an event number
    return cell or None


def _workbook(engine: str, providers: int | None = None) -> bytes:
    """The 2024 file's rows (title rows included) as a one-sheet workbook with typed cells,
    beside a sheet of notes as Ofsted's workbooks have."""
    records = list(csv.reader(io.StringIO(TEXT, newline="")))
    records = records[: 4 + providers] if providers else records
    rows = [records[0]] + [[*r[:3]] for r in records[1:3]] + [records[3]]
    rows += [[_typed(cell) for cell in record] for record in records[4:]]
    width = max(len(row) for row in rows)
    rows = [row + [None] * (width - len(row)) for row in rows]
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine=engine) as writer:
        pd.DataFrame([["Notes"], ["See the provider level sheet."]]).to_excel(
            writer, sheet_name="Notes", header=False, index=False)
        pd.DataFrame(rows).to_excel(
            writer, sheet_name="Provider level at 31 March", header=False, index=False)
    return out.getvalue()


def test_an_xlsx_copy_of_the_bundled_2024_file_loads_every_provider_as_the_csv_does() -> None:
    snapshot = load_ofsted_snapshot(_workbook("openpyxl"))

    assert (snapshot.format, snapshot.sheet) == ("xlsx", "Provider level at 31 March")
    _same_providers(snapshot)


def test_an_ods_copy_loads_its_providers_as_the_csv_does() -> None:
    # 300 providers: odfpy takes a minute to write all 3,876 (reading them is the benchmark's)
    snapshot = load_ofsted_snapshot(_workbook("odf", providers=300))

    assert (snapshot.format, snapshot.sheet) == ("ods", "Provider level at 31 March")
    assert snapshot.quarantined == () and snapshot.as_at == AS_AT
    pd.testing.assert_frame_equal(snapshot.providers, REFERENCE.providers.iloc[:300])


GIAS_TEXT = GIAS_EXTRACT.read_bytes().decode("cp1252")
GIAS_REFERENCE = load_gias_extract(GIAS_EXTRACT.read_bytes())


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (GIAS_EXTRACT.read_bytes(), "cp1252"),  # as DfE writes it
        (GIAS_TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + GIAS_TEXT.encode("utf-8"), "utf-8-sig"),
    ],
    ids=["windows-1252", "utf-8", "utf-8 with a BOM"],
)
def test_the_gias_extract_in_every_encoding_loads_the_same_schools(
    data: bytes, encoding: str
) -> None:
    extract = load_gias_extract(data)

    assert extract.encoding == encoding
    pd.testing.assert_frame_equal(extract.establishments, GIAS_REFERENCE.establishments)


# Further columns of the real edubasealldata extract, beyond the fixture's 27 (about 130 in all).
_MORE_COLUMNS = (
    "Boarders (code)", "Boarders (name)", "NurseryProvision (name)", "OfficialSixthForm (code)",
    "OfficialSixthForm (name)", "ReligiousCharacter (code)", "ReligiousCharacter (name)",
    "ReligiousEthos (name)", "Diocese (code)", "Diocese (name)", "AdmissionsPolicy (code)",
    "AdmissionsPolicy (name)", "SpecialClasses (code)", "SpecialClasses (name)", "CensusDate",
    "NumberOfPupils", "NumberOfBoys", "NumberOfGirls", "PercentageFSM",
    "TrustSchoolFlag (code)", "TrustSchoolFlag (name)", "Trusts (code)", "Trusts (name)",
    "SchoolSponsorFlag (name)", "SchoolSponsors (name)", "FederationFlag (name)",
    "Federations (code)", "Federations (name)", "FEHEIdentifier", "FurtherEducationType (name)",
    "OfstedLastInsp", "LastChangedDate2", "Locality", "Address3", "County (name)",
    "SchoolWebsite", "TelephoneNum", "HeadTitle (name)", "HeadFirstName", "HeadLastName",
    "HeadPreferredJobTitle", "BSOInspectorateName (name)", "InspectorateReport",
    "DateOfLastInspectionVisit", "NextInspectionVisit", "TeenMoth (name)", "TeenMothPlaces",
    "CCF (name)", "SENPRU (name)", "EBD (name)", "PlacesPRU", "FTProv (name)", "EdByOther (name)",
    "Section41Approved (name)", *(f"SEN{n} (name)" for n in range(1, 14)),
    "TypeOfResourcedProvision (name)", "ResourcedProvisionOnRoll", "ResourcedProvisionCapacity",
    "SenUnitOnRoll", "SenUnitCapacity", "GOR (code)", "DistrictAdministrative (code)",
    "DistrictAdministrative (name)", "AdministrativeWard (code)", "AdministrativeWard (name)",
    "ParliamentaryConstituency (code)", "ParliamentaryConstituency (name)", "UrbanRural (code)",
    "UrbanRural (name)", "GSSLACode (name)", "Easting", "Northing", "MSOA (name)", "LSOA (name)",
    "InspectorateName (name)", "SENStat", "SENNoStat", "BoardingEstablishment (name)",
    "PropsTrust", "PreviousLA (code)", "PreviousLA (name)", "PreviousEstablishmentNumber",
    "OfstedRating (name)", "RSCRegion (name)", "Country (name)", "UPRN", "SiteName",
    "QABName (code)", "QABName (name)", "EstablishmentAccredited (code)",
    "EstablishmentAccredited (name)", "QABReport", "MSOA (code)", "LSOA (code)", "FSM",
    "AccreditationExpiryDate",
)  # fmt: skip


def _full_size_extract(rows: int = 50_000) -> bytes:
    """The fixture's establishments under fresh URNs, widened to the real extract's columns
    with filler of the real extract's kind, written as DfE writes it (Windows-1252, CRLF)."""
    records = list(csv.reader(io.StringIO(GIAS_TEXT, newline="")))
    header, body = records[0], records[1:]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*header, *_MORE_COLUMNS])
    # as in the real extract, most of these cells are blank and the rest short
    fillers = [[f"{column[:5]} {n}–é" if at % 3 == 0 else "" for at, column
                in enumerate(_MORE_COLUMNS)] for n in range(97)]
    writer.writerows([str(100_000 + at), *body[at % len(body)][1:], *fillers[at % 97]]
                     for at in range(rows))
    return out.getvalue().encode("cp1252")


def test_a_full_size_gias_extract_over_20_mb_loads_every_school(tmp_path: Path) -> None:
    path = tmp_path / "edubasealldata20250109.csv"
    path.write_bytes(_full_size_extract())
    data = path.read_bytes()
    assert len(data) > 20 * 1024 * 1024
    assert len(data.split(b"\r\n", 1)[0].split(b",")) >= 120

    extract = load_gias_extract(data)

    assert extract.encoding == "cp1252" and extract.cut_row == ""
    assert extract.source_rows == len(extract.establishments) == 50_000
    assert extract.quarantined == ()
    assert extract.establishments["name"].str.contains("é|ë|ê|’").any()  # Windows-1252 letters
