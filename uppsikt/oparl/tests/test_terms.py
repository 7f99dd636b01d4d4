"""The council's terms of office: 15 October of an election year (1994, 1998, …) to 14 October
four years on."""

import datetime as dt

from uppsikt.oparl import terms


def test_a_term_begins_on_15_october_of_the_election_year():
    assert terms.term_of(dt.date(2022, 10, 15)).election_year == 2022
    assert terms.term_of(dt.date(2022, 10, 14)).election_year == 2018
    assert terms.term_of(dt.date(2026, 10, 14)).election_year == 2022
    assert terms.term_of(dt.date(2026, 12, 3)).election_year == 2026
    assert terms.term_of(dt.date(2019, 1, 1)).election_year == 2018


def test_a_term_ends_the_day_before_the_next_begins():
    t = terms.Term(2022)
    assert (t.start, t.end) == (dt.date(2022, 10, 15), dt.date(2026, 10, 14))
    assert t.name == "Mandatperioden 2022–2026"


def test_days_before_the_first_term_count_to_it():
    assert terms.term_of(dt.date(1990, 1, 1)).election_year == 1994


def test_the_terms_between_two_days_oldest_first_in_either_order():
    want = [2018, 2022, 2026]
    got = terms.terms_between(dt.date(2019, 1, 1), dt.date(2026, 12, 3))
    assert [t.election_year for t in got] == want
    back = terms.terms_between(dt.date(2026, 12, 3), dt.date(2019, 1, 1))
    assert [t.election_year for t in back] == want
    assert [
        t.election_year for t in terms.terms_between(dt.date(2023, 5, 1), dt.date(2023, 6, 1))
    ] == [2022]


def test_election_years():
    assert terms.is_election_year(2022) and terms.is_election_year(1994)
    assert not terms.is_election_year(2024) and not terms.is_election_year(1990)
