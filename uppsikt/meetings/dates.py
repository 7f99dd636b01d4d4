"""The dates of the notice board (docs/definitions.md §5, kommunallagen 8 kap., lag 1930:173).

The last day for appeal is the posting day + 21 days (three weeks); if that day is a
Saturday, Sunday, public holiday, midsommarafton, julafton or nyårsafton, the next day that is
none of these. Public holidays come from the maintained ``holidays`` calendar for Sweden; the
three eves, which lag 1930:173 treats like holidays but which are not public holidays, are
added here.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays

APPEAL_DAYS = 21
POSTING_GRACE_DAYS = 2  # posted no later than the second day after approval


@cache
def _public_holidays(year: int) -> frozenset[dt.date]:
    # include_sundays=False: Sundays are excluded below by weekday anyway.
    calendar = holidays.country_holidays("SE", years=year, include_sundays=False)
    return frozenset(calendar.keys())


def midsummer_eve(year: int) -> dt.date:
    """The Friday between 19 and 25 June."""
    day = dt.date(year, 6, 19)
    return day + dt.timedelta(days=(4 - day.weekday()) % 7)


def is_non_working_day(day: dt.date) -> bool:
    """Saturday, Sunday, public holiday, midsommarafton, julafton or nyårsafton."""
    if day.weekday() >= 5:
        return True
    if day in _public_holidays(day.year):
        return True
    if (day.month, day.day) in {(12, 24), (12, 31)}:
        return True
    return day == midsummer_eve(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a working day, else the next one that is."""
    while is_non_working_day(day):
        day += dt.timedelta(days=1)
    return day


def appeal_last_day(posted_on: dt.date) -> dt.date:
    """The last day for appeal, also the last day the notice stays posted."""
    return next_working_day(posted_on + dt.timedelta(days=APPEAL_DAYS))


def latest_posting_day(approved_on: dt.date) -> dt.date:
    return approved_on + dt.timedelta(days=POSTING_GRACE_DAYS)
