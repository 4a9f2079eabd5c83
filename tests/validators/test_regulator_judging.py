"""Vectorised judging of settings against the Ofsted snapshot and the GIAS extract.

The reference is the plain way: one `.loc` look-up per setting.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixtures import OFSTED_SNAPSHOT
from fixtures.gias import GIAS_EXTRACT
from validators.gias import load_gias_extract
from validators.ofsted import load_ofsted_snapshot
from validators.regulator_judging import (
    OFSTED_JUDGED_COLUMNS,
    SCHOOL_JUDGED_COLUMNS,
    judge_school_settings,
    judge_settings,
)

PROVIDERS = load_ofsted_snapshot(OFSTED_SNAPSHOT.read_bytes()).providers
SCHOOLS = load_gias_extract(GIAS_EXTRACT.read_bytes()).establishments
_FROM_OFSTED = {
    "provision_type": "provision_type",
    "registration_status": "registration_status",
    "grade": "overall_judgement",
    "inspected": "latest_full_inspection_date",
    "organisation": "organisation",
}


def _one_by_one(urns: list[str | None]) -> list[dict[str, object]]:
    """What a loop of look-ups finds for each URN."""
    found = []
    for urn in urns:
        key = "".join(urn.split()).upper() if isinstance(urn, str) else ""
        if key in PROVIDERS.index:
            row = PROVIDERS.loc[key]
            found.append({"found": True, **{j: row[s] for j, s in _FROM_OFSTED.items()}})
        else:
            found.append({"found": False})
    return found


def _as_found(judged: pd.DataFrame) -> list[dict[str, object]]:
    return [
        {"found": True, **{c: row[c] for c in _FROM_OFSTED}} if row["found"] else {"found": False}
        for _, row in judged.iterrows()
    ]


def _settings(urns: list[str | None], **columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"urn": urns, "lot": ["4"] * len(urns), **columns})


def test_real_providers_are_found_with_their_type_status_grade_date_and_owner():
    judged = judge_settings(_settings(["SC469688", "1027164"]), PROVIDERS)

    first = judged.iloc[0]
    assert tuple(judged.columns) == ("urn", "lot", *OFSTED_JUDGED_COLUMNS)
    assert first["found"] and first["provision_type"] == "Independent Fostering Agency"
    assert first["registration_status"] == "Active" and first["grade"] == 1
    assert first["inspected"] == pd.Timestamp(2022, 8, 15)
    assert first["organisation"] == "Affinity Fostering Services Limited"
    assert str(judged["grade"].dtype) == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(judged["inspected"])


def test_urns_are_matched_as_the_register_keys_them_whatever_their_case_and_spaces():
    judged = judge_settings(_settings(["sc469688", " SC 469688 ", "SC469688"]), PROVIDERS)

    assert judged["found"].all()
    assert judged["organisation"].nunique() == 1


def test_unknown_blank_and_missing_urns_are_not_found_and_carry_blanks():
    judged = judge_settings(_settings(["SC999999", "", None]), PROVIDERS)

    assert not judged["found"].any()
    assert judged["grade"].isna().all() and judged["inspected"].isna().all()
    assert judged["provision_type"].isna().all()


def test_settings_keep_their_index_order_and_columns_and_are_not_changed():
    settings_ = _settings(["1027164", "XX", "SC469688"], name=["a", "b", "c"])
    settings_.index = pd.Index(["s3", "s1", "s2"])
    before = settings_.copy()

    judged = judge_settings(settings_, PROVIDERS)

    assert list(judged.index) == ["s3", "s1", "s2"]
    assert list(judged["found"]) == [True, False, True]
    pd.testing.assert_frame_equal(judged[list(before.columns)], before)
    pd.testing.assert_frame_equal(settings_, before)


def test_without_a_snapshot_nothing_is_found_and_the_columns_keep_their_types():
    judged = judge_settings(_settings(["SC469688"]), None)

    assert not judged["found"].any()
    assert str(judged["grade"].dtype) == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(judged["inspected"])


def test_a_column_the_settings_already_have_is_refused_unless_prefixed():
    settings_ = _settings(["SC469688"], found=["yes"])

    with pytest.raises(ValueError, match="found"):
        judge_settings(settings_, PROVIDERS)
    assert judge_settings(settings_, PROVIDERS, prefix="ofsted_")["ofsted_found"].all()


def test_the_whole_real_snapshot_judged_at_once_agrees_with_a_look_up_per_setting():
    urns = [*PROVIDERS.index[::7], "SC000000", "", None, *PROVIDERS.index[:50:5].str.lower()]

    judged = judge_settings(_settings(urns), PROVIDERS)

    assert judged["found"].sum() == len(PROVIDERS.index[::7]) + 10
    assert _as_found(judged) == _one_by_one(urns)


_KNOWN = st.sampled_from(list(PROVIDERS.index))
_MANGLED = _KNOWN.map(lambda urn: f" {urn.lower()} ")
_URNS = st.lists(_KNOWN | _MANGLED | st.none() | st.text(max_size=9), max_size=30)


@settings(max_examples=60, deadline=None)
@given(_URNS)
def test_judging_at_once_agrees_with_a_look_up_per_setting_for_any_urns(urns):
    judged = judge_settings(_settings(urns), PROVIDERS)

    assert _as_found(judged) == _one_by_one(urns)


def test_school_settings_get_type_status_and_ukprn_from_gias():
    special = SCHOOLS[SCHOOLS["type_code"].isin([8, 10, 32])]
    sample = special.groupby(["type_code", "status"]).head(1)

    judged = judge_school_settings(_settings([*sample.index, "999999"]), SCHOOLS)

    assert tuple(judged.columns) == ("urn", "lot", *SCHOOL_JUDGED_COLUMNS)
    assert list(judged["found"]) == [True] * len(sample) + [False]
    assert list(judged["type_code"][:-1]) == list(sample["type_code"])
    assert list(judged["status"][:-1]) == list(sample["status"])
    assert list(judged["ukprn"][:-1]) == list(sample["ukprn"])
    assert set(judged["status"].dropna()) == {
        "Open",
        "Closed",
        "Open, but proposed to close",
        "Proposed to open",
    }


def test_a_lot_1a_setting_is_judged_against_both_regulators_side_by_side():
    school = SCHOOLS.index[0]
    both = pd.DataFrame({"ofsted_urn": ["SC469688"], "school_urn": [school], "lot": ["1a"]})

    judged = judge_school_settings(
        judge_settings(both, PROVIDERS, urn_column="ofsted_urn"),
        SCHOOLS,
        urn_column="school_urn",
        prefix="school_",
    )

    assert judged.loc[0, "found"] and judged.loc[0, "school_found"]
    assert judged.loc[0, "school_establishment_name"] == SCHOOLS.loc[school, "name"]
