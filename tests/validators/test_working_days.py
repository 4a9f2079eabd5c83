"""Working days and the bank holidays of England and Wales (checked against gov.uk's lists)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from validators.working_days import add_working_days, bank_holidays, is_working_day

D = dt.date
GOV_UK = {
    2020: {D(2020, 1, 1), D(2020, 4, 10), D(2020, 4, 13), D(2020, 5, 8), D(2020, 5, 25),
           D(2020, 8, 31), D(2020, 12, 25), D(2020, 12, 28)},
    2021: {D(2021, 1, 1), D(2021, 4, 2), D(2021, 4, 5), D(2021, 5, 3), D(2021, 5, 31),
           D(2021, 8, 30), D(2021, 12, 27), D(2021, 12, 28)},
    2022: {D(2022, 1, 3), D(2022, 4, 15), D(2022, 4, 18), D(2022, 5, 2), D(2022, 6, 2),
           D(2022, 6, 3), D(2022, 8, 29), D(2022, 9, 19), D(2022, 12, 26), D(2022, 12, 27)},
    2023: {D(2023, 1, 2), D(2023, 4, 7), D(2023, 4, 10), D(2023, 5, 1), D(2023, 5, 8),
           D(2023, 5, 29), D(2023, 8, 28), D(2023, 12, 25), D(2023, 12, 26)},
    2024: {D(2024, 1, 1), D(2024, 3, 29), D(2024, 4, 1), D(2024, 5, 6), D(2024, 5, 27),
           D(2024, 8, 26), D(2024, 12, 25), D(2024, 12, 26)},
    2025: {D(2025, 1, 1), D(2025, 4, 18), D(2025, 4, 21), D(2025, 5, 5), D(2025, 5, 26),
           D(2025, 8, 25), D(2025, 12, 25), D(2025, 12, 26)},
    2026: {D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4), D(2026, 5, 25),
           D(2026, 8, 31), D(2026, 12, 25), D(2026, 12, 28)},
}


@pytest.mark.parametrize("year", sorted(GOV_UK))
def test_bank_holidays_match_the_published_list(year: int) -> None:
    assert bank_holidays(year) == GOV_UK[year]


def test_ten_working_days_skip_weekends_and_the_easter_holidays() -> None:
    # received Thursday 28 March 2024: Good Friday and Easter Monday do not count
    assert add_working_days(D(2024, 3, 28), 10) == D(2024, 4, 15)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31)), st.integers(1, 30))
def test_the_nth_working_day_is_a_working_day_with_n_working_days_before_it(
    start: dt.date, count: int
) -> None:
    due = add_working_days(start, count)
    assert is_working_day(due)
    between = [start + dt.timedelta(days=n) for n in range(1, (due - start).days + 1)]
    assert sum(map(is_working_day, between)) == count
