"""Legislative terms (mandatperioder) for OParl's ``LegislativeTerm``, without the database.

Uppsikt keeps no term as data: a seat (``organisation.Membership``) has its own days. The terms
published are the council's terms of office under the Local Government Act (kommunallagen
5 kap. 5 §): four years from 15 October of the year of the general election (held every four
years since 1994, in September) to 14 October four years on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

FIRST_ELECTION = 1994
EVERY = 4


@dataclass(frozen=True)
class Term:
    election_year: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.election_year, 10, 15)

    @property
    def end(self) -> dt.date:
        return dt.date(self.election_year + EVERY, 10, 14)

    @property
    def name(self) -> str:
        return f"Mandatperioden {self.election_year}–{self.election_year + EVERY}"


def is_election_year(year: int) -> bool:
    return year >= FIRST_ELECTION and (year - FIRST_ELECTION) % EVERY == 0


def term_of(day: dt.date) -> Term:
    """The term ``day`` falls in (days before 15 October 1994 count to the first term)."""
    year = day.year if day >= dt.date(day.year, 10, 15) else day.year - 1
    year = max(year, FIRST_ELECTION)
    return Term(year - (year - FIRST_ELECTION) % EVERY)


def terms_between(first: dt.date, last: dt.date) -> list[Term]:
    """Every term from the one ``first`` falls in to the one ``last`` falls in, oldest first."""
    if last < first:
        first, last = last, first
    start, stop = term_of(first).election_year, term_of(last).election_year
    return [Term(year) for year in range(start, stop + 1, EVERY)]
