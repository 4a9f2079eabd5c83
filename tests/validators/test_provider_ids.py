"""The provider-id rule admits the ids councils use and refuses what would break keys or
terminals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage import keys
from validators.provider_ids import MAX_LENGTH, is_valid_provider_id, provider_id_problem

REAL_IDS = ["01234567", "SC123456", "ch-01234567", "1234567", "1234567-1", "SC012345",
            "SC034253", "EY123456", "100000", "children-first-fostering", "acme_care.ltd",
            "cff", "a" * MAX_LENGTH]
HOSTILE_IDS = ["a/b", "../../etc", ".hidden", "-rf", "café", "a" * 500, "", "a..b", "ok\n",
               "a b", "x\x1b[2J", "ünïcode"]


@pytest.mark.parametrize("text", REAL_IDS)
def test_accepts_companies_house_charity_urn_and_slug_ids(text: str) -> None:
    assert provider_id_problem(text) is None


@pytest.mark.parametrize("text", HOSTILE_IDS, ids=repr)
def test_refuses_paths_hidden_names_non_ascii_and_overlong_ids(text: str) -> None:
    problem = provider_id_problem(text)
    assert problem is not None and "\n" not in problem


@given(st.text(max_size=80))
def test_every_accepted_id_is_a_valid_key_segment(text: str) -> None:
    if is_valid_provider_id(text):
        assert keys.safe(text) == text
