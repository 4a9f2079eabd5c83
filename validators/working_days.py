"""Working days in England and Wales: weekdays that are not bank holidays. The assessment clock
(10 working days, extendable to 15) counts them."""

from __future__ import annotations

import datetime as dt
from functools import cache

# moved or extra days, as proclaimed (gov.uk bank holidays)
_MOVED_EARLY_MAY = {1995: dt.date(1995, 5, 8), 2020: dt.date(2020, 5, 8)}
_MOVED_SPRING = {2002: dt.date(2002, 6, 4), 2012: dt.date(2012, 6, 4), 2022: dt.date(2022, 6, 2)}
_ONE_OFF = (
    dt.date(1999, 12, 31), dt.date(2002, 6, 3), dt.date(2011, 4, 29), dt.date(2012, 6, 5),
    dt.date(2022, 6, 3), dt.date(2022, 9, 19), dt.date(2023, 5, 8),
)


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday in the Gregorian calendar (the anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_) // 433
    month, day = divmod(h + l_ - 7 * m + 90, 25)
    return dt.date(year, month, (h + l_ - 7 * m + 33 * month + 19) % 32)


def _weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> dt.date:
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=last.weekday())


def _christmas(year: int) -> tuple[dt.date, dt.date]:
    """Christmas and Boxing Day, each moved to the next free weekday when on a weekend."""
    days: list[dt.date] = []
    for day in (dt.date(year, 12, 25), dt.date(year, 12, 26)):
        while day.weekday() >= 5 or day in days:
            day += dt.timedelta(days=1)
        days.append(day)
    return days[0], days[1]


@cache
def bank_holidays(year: int) -> frozenset[dt.date]:
    """The bank holidays of England and Wales in a year."""
    easter = easter_sunday(year)
    new_year = _weekday_on_or_after(dt.date(year, 1, 1), 0) if dt.date(
        year, 1, 1).weekday() >= 5 else dt.date(year, 1, 1)
    days = {
        new_year, easter - dt.timedelta(days=2), easter + dt.timedelta(days=1),
        _MOVED_EARLY_MAY.get(year, _weekday_on_or_after(dt.date(year, 5, 1), 0)),
        _MOVED_SPRING.get(year, _last_monday(year, 5)), _last_monday(year, 8), *_christmas(year),
    }
    return frozenset(days | {day for day in _ONE_OFF if day.year == year})


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The `count`-th working day after `start` (the day of receipt itself does not count)."""
    day = start
    while count > 0:
        day += dt.timedelta(days=1)
        count -= is_working_day(day)
    return day
