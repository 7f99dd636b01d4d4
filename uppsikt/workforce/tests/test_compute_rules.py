"""Every rule of docs/definitions.md §3 on tiny extracts, with the expected value worked out by hand.

Unless a test is about suppression, the threshold is set to 0 (``no_suppression``), so that a
group of one person is shown and the arithmetic stays small. The period is 2025-06 unless
stated: R12 window 2024-07-01 … 2025-06-30, 365 days, month ends 2024-07-31 … 2025-06-30.
A full-time week of 35 hours is 35 × 100/100 / 7 = 5 ordinary hours on every calendar day.
"""

from __future__ import annotations

import pytest

from uppsikt.workforce import compute
from uppsikt.workforce.hrdata import Period
from uppsikt.workforce.tests.builders import Extract, figures

WINDOW_HOURS = 365 * 5  # one full-time person over the whole window: 1 825 hours


@pytest.fixture
def no_suppression(monkeypatch):
    monkeypatch.setattr(compute, "SUPPRESS_AT_MOST", 0)


# --- window -----------------------------------------------------------------------------------


def test_r12_window_is_the_twelve_months_ending_with_the_period():
    period = Period.parse("2025-08")
    assert period.window_start.isoformat() == "2024-09-01"
    assert period.window_end.isoformat() == "2025-08-31"
    assert Period.parse("2024-02").window_end.isoformat() == "2024-02-29"


# --- ordinary hours and sickness ----------------------------------------------------------------


def test_sickness_is_sick_hours_over_ordinary_hours(no_suppression):
    # given: one full-time person sick 100 % on 3 days (2025-01-10 … 01-12)
    x = Extract().employee("E1").job("E1").sick("E1", "2025-01-10", "2025-01-12")
    s = figures(x)["sickness"]
    # then: 3 × 5 = 15 sick hours of 365 × 5 = 1 825 ordinary hours
    assert s["ordinary_hours"] == pytest.approx(1825)
    assert s["sick_hours"] == pytest.approx(15)
    assert s["total"] == pytest.approx(15 / 1825 * 100)
    assert s["days_1_14"] == pytest.approx(15 / 1825 * 100)
    assert s["days_15_90"] == 0
    assert s["days_91_plus"] == 0
    assert s["long_term_share"] == 0


def test_ordinary_hours_of_a_part_time_employment_run_from_start_to_end_inclusive(no_suppression):
    # given: 38,5 h a week at 80 % from 2024-10-01 to 2025-03-31
    x = (
        Extract()
        .employee("E1")
        .job("E1", start="2024-10-01", end="2025-03-31", hours=38.5, extent=80)
    )
    # then: 38,5 × 0,8 / 7 = 4,4 h a day; Oct 31 + Nov 30 + Dec 31 + Jan 31 + Feb 28 + Mar 31
    # = 182 days; 182 × 4,4 = 800,8 hours
    assert figures(x)["sickness"]["ordinary_hours"] == pytest.approx(800.8)


def test_hourly_paid_employment_has_no_ordinary_hours(no_suppression):
    # given: a monthly paid 35 h at 60 % and an hourly paid 35 h at 100 %, sick 50 % one day
    x = (
        Extract()
        .employee("E1")
        .job("E1", extent=60)
        .job("E1", form="timavlönad", extent=100)
        .sick("E1", "2025-02-03", "2025-02-03", extent=50)
    )
    s = figures(x)["sickness"]
    # then: only the 35 × 0,6 / 7 = 3 h a day count: 365 × 3 = 1 095; sick 0,5 × 3 = 1,5
    assert s["ordinary_hours"] == pytest.approx(1095)
    assert s["sick_hours"] == pytest.approx(1.5)


def test_the_largest_sick_extent_of_the_day_applies_and_records_overlap(no_suppression):
    # given: 50 % 01-10 … 01-19, 75 % 01-15 … 01-16, 100 % 01-16 … 01-17
    x = (
        Extract()
        .employee("E1")
        .job("E1")
        .sick("E1", "2025-01-10", "2025-01-19", extent=50)
        .sick("E1", "2025-01-15", "2025-01-16", extent=75)
        .sick("E1", "2025-01-16", "2025-01-17", extent=100)
    )
    # then: 10–14: 5 days × 2,5 = 12,5; 15: 3,75; 16–17: 2 × 5 = 10; 18–19: 2 × 2,5 = 5
    # = 31,25 hours
    assert figures(x)["sickness"]["sick_hours"] == pytest.approx(31.25)


def test_sick_extent_applies_to_each_concurrent_employment(no_suppression):
    # given: two employments, 35 h at 60 % (3 h a day) and 35 h at 40 % (2 h a day), in U1 and
    # U2; sick 50 % on one day
    x = (
        Extract()
        .employee("E1")
        .job("E1", unit="U1", extent=60)
        .job("E1", unit="U2", extent=40)
        .sick("E1", "2025-03-03", "2025-03-03", extent=50)
    )
    # then: U1 has 0,5 × 3 = 1,5 sick hours; the parent U has 0,5 × (3 + 2) = 2,5 of 365 × 5
    assert figures(x, unit="U1")["sickness"]["sick_hours"] == pytest.approx(1.5)
    u = figures(x, unit="U")["sickness"]
    assert u["sick_hours"] == pytest.approx(2.5)
    assert u["ordinary_hours"] == pytest.approx(1825)


def test_other_absence_kinds_and_zero_extent_are_not_sickness(no_suppression):
    x = (
        Extract()
        .employee("E1")
        .job("E1")
        .sick("E1", "2025-01-01", "2025-01-31", kind="semester")
        .sick("E1", "2025-02-01", "2025-02-05", extent=0)
    )
    assert figures(x)["sickness"]["sick_hours"] == 0


def test_sick_days_outside_the_window_do_not_count(no_suppression):
    # given: sick 2024-06-29 … 2024-07-02: only 07-01 and 07-02 are in the window
    x = Extract().employee("E1").job("E1").sick("E1", "2024-06-29", "2024-07-02")
    assert figures(x)["sickness"]["sick_hours"] == pytest.approx(2 * 5)


# --- spells and day ranges ----------------------------------------------------------------------


def test_relapse_within_five_days_continues_the_spell_and_gap_days_are_not_counted(
    no_suppression,
):
    # given: run 1 2025-01-01 … 01-10 (10 days); run 2 2025-01-15 … 01-24: 15 − 10 = 5 ≤ 5,
    # same spell, days 11 … 20; run 3 2025-01-30 … 02-01: 30 − 24 = 6 > 5, a new spell, days 1–3
    x = (
        Extract()
        .employee("E1")
        .job("E1")
        .sick("E1", "2025-01-01", "2025-01-10")
        .sick("E1", "2025-01-15", "2025-01-24")
        .sick("E1", "2025-01-30", "2025-02-01")
    )
    s = figures(x)["sickness"]
    # then: days 1–14 = 10 + 4 (01-15 … 01-18) + 3 = 17 days = 85 h; days 15–90 = 6 days = 30 h
    assert s["days_1_14"] == pytest.approx(85 / 1825 * 100)
    assert s["days_15_90"] == pytest.approx(30 / 1825 * 100)
    assert s["days_91_plus"] == 0
    assert s["days_1_14"] + s["days_15_90"] + s["days_91_plus"] == pytest.approx(s["total"])


def test_day_numbers_count_from_the_spell_start_before_the_window(no_suppression):
    # given: sick without a break 2024-05-01 … 2024-07-31; May 31 + June 30 = 61 days before
    # the window, so 2024-07-01 is day 62
    x = Extract().employee("E1").job("E1").sick("E1", "2024-05-01", "2024-07-31")
    s = figures(x)["sickness"]
    # then: Jul 1–29 are days 62–90 (29 days = 145 h), Jul 30–31 are days 91–92 (10 h)
    assert s["days_1_14"] == 0
    assert s["days_15_90"] == pytest.approx(145 / 1825 * 100)
    assert s["days_91_plus"] == pytest.approx(10 / 1825 * 100)
    # the run is 92 days long (≥ 60): every hour of it is long-term
    assert s["long_term_share"] == pytest.approx(100)


def test_a_sick_day_without_ordinary_hours_still_counts_in_the_spell(no_suppression):
    # given: employed from 2025-02-01; sick 2025-01-20 … 02-10 (Jan 20–31 = 12 days first)
    x = (
        Extract()
        .employee("E1")
        .job("E1", start="2025-02-01")
        .sick("E1", "2025-01-20", "2025-02-10")
    )
    s = figures(x)["sickness"]
    # then: ordinary hours Feb 1 … Jun 30 = 28 + 31 + 30 + 31 + 30 = 150 days × 5 = 750;
    # Feb 1–2 are days 13–14 (10 h), Feb 3–10 days 15–22 (8 days = 40 h)
    assert s["ordinary_hours"] == pytest.approx(750)
    assert s["days_1_14"] == pytest.approx(10 / 750 * 100)
    assert s["days_15_90"] == pytest.approx(40 / 750 * 100)


def test_long_term_share_counts_the_first_59_days_of_a_run_of_60(no_suppression):
    # given: an unbroken run 2025-01-01 … 03-01 (31 + 28 + 1 = 60 days) and a short spell of 10
    x = (
        Extract()
        .employee("E1")
        .job("E1")
        .sick("E1", "2025-01-01", "2025-03-01")
        .sick("E1", "2025-05-01", "2025-05-10")
    )
    s = figures(x)["sickness"]
    # then: 60 × 5 = 300 long-term hours of 70 × 5 = 350 sick hours
    assert s["long_term_share"] == pytest.approx(300 / 350 * 100)


def test_a_run_of_59_days_is_not_long_term(no_suppression):
    # given: 2025-01-01 … 02-28 = 31 + 28 = 59 days
    x = Extract().employee("E1").job("E1").sick("E1", "2025-01-01", "2025-02-28")
    assert figures(x)["sickness"]["long_term_share"] == 0


def test_a_one_day_gap_breaks_the_run_for_long_term_but_not_the_spell(no_suppression):
    # given: 2024-09-01 … 09-30 (30 days), gap 10-01, 2024-10-02 … 10-31 (30 days)
    x = (
        Extract()
        .employee("E1")
        .job("E1")
        .sick("E1", "2024-09-01", "2024-09-30")
        .sick("E1", "2024-10-02", "2024-10-31")
    )
    s = figures(x)["sickness"]
    # then: two runs of 30, neither long-term; one spell of days 1–60:
    # days 1–14 = 14 × 5 = 70 h, days 15–60 = 46 × 5 = 230 h
    assert s["long_term_share"] == 0
    assert s["days_1_14"] == pytest.approx(70 / 1825 * 100)
    assert s["days_15_90"] == pytest.approx(230 / 1825 * 100)


def test_sick_records_that_touch_form_one_unbroken_run(no_suppression):
    # given: 2025-01-01 … 01-31 and 2025-02-01 … 03-01 (31 + 29 = 60 days, no gap)
    x = (
        Extract()
        .employee("E1")
        .job("E1")
        .sick("E1", "2025-01-01", "2025-01-31")
        .sick("E1", "2025-02-01", "2025-03-01", extent=50)
    )
    # then: the whole run is long-term: share 100 %
    assert figures(x)["sickness"]["long_term_share"] == pytest.approx(100)


# --- breakdowns ---------------------------------------------------------------------------------


def test_breakdowns_by_gender_and_age_use_the_window_end_year(no_suppression):
    # given: window ending 2025-06-30; K born 1995 (30), M born 1960 (65), no gender born 1996
    # (29); each full time, sick 10, 20 and 5 days
    x = (
        Extract()
        .employee("K1", "K", 1995)
        .employee("M1", "M", 1960)
        .employee("X1", None, 1996)
        .job("K1")
        .job("M1")
        .job("X1")
        .sick("K1", "2025-01-01", "2025-01-10")
        .sick("M1", "2025-02-01", "2025-02-20")
        .sick("X1", "2025-03-01", "2025-03-05")
    )
    s = figures(x)["sickness"]
    # then: K 50 / 1 825; M 100 / 1 825; the person without gender is in neither
    assert s["by_gender"]["K"] == pytest.approx(50 / 1825 * 100)
    assert s["by_gender"]["M"] == pytest.approx(100 / 1825 * 100)
    assert s["by_age"]["-29"] == pytest.approx(25 / 1825 * 100)
    assert s["by_age"]["30-49"] == pytest.approx(50 / 1825 * 100)
    assert s["by_age"]["50-"] == pytest.approx(100 / 1825 * 100)
    assert s["by_age_decade"]["30-39"] == pytest.approx(50 / 1825 * 100)
    assert s["by_age_decade"]["60-69"] == pytest.approx(100 / 1825 * 100)
    # an empty group has no persons: suppressed even at threshold 0
    assert s["by_age_decade"]["40-49"] is None
    assert s["total"] == pytest.approx(175 / (3 * 1825) * 100)


def test_extent_and_form_are_properties_of_each_employment(no_suppression):
    # given: one person with a permanent full-time job in U1 and a fixed-term 50 % job in U2,
    # sick 100 % for 4 days
    x = (
        Extract()
        .employee("E1")
        .job("E1", unit="U1")
        .job("E1", unit="U2", form="visstid", extent=50)
        .sick("E1", "2025-04-01", "2025-04-04")
    )
    s = figures(x, unit="U")["sickness"]
    # then: full time 4 × 5 = 20 of 1 825; part time 4 × 2,5 = 10 of 365 × 2,5 = 912,5
    assert s["by_extent"]["full_time"] == pytest.approx(20 / 1825 * 100)
    assert s["by_extent"]["part_time"] == pytest.approx(10 / 912.5 * 100)
    assert s["by_form"]["tillsvidare"] == pytest.approx(20 / 1825 * 100)
    assert s["by_form"]["visstid"] == pytest.approx(10 / 912.5 * 100)


# --- turnover -----------------------------------------------------------------------------------


def turnover_extract(covers_until: str = "2025-07-30") -> Extract:
    """Twelve month ends 2024-07-31 … 2025-06-30. In U1:
    F1–F6 permanent all along (6 × 12 = 72 month ends);
    P1 retires 2024-12-31 (pension): Jul–Dec, 6;
    P2 leaves 2025-03-15 (own request): Jul–Feb, 8;
    P3 moves to U2 (2025-01-31, new permanent there 2025-02-10, within 30 days): in U1 Jul–Jan, 7;
    P4 ends 2025-05-31, back in U1 2025-07-15 (45 days later): Jul–May, 11;
    P5 fixed-term only, ends 2025-02-28: never in the headcount, never a departure;
    P6 renewed: permanent ends 2024-09-30, a new one from 2024-10-01: 12, no departure;
    P7 two permanent jobs both ending 2025-04-30, one for pension: Jul–Apr, 10, one departure.
    """
    x = Extract(covers_until)
    for n in range(1, 7):
        x.employee(f"F{n}", "M", 1980).job(f"F{n}")
    x.employee("P1", "K", 1959).job("P1", end="2024-12-31", reason="pension")
    x.employee("P2", "K", 1990).job("P2", end="2025-03-15", reason="egen begäran")
    x.employee("P3", "M", 1985).job("P3", end="2025-01-31").job("P3", unit="U2", start="2025-02-10")
    x.employee("P4", "M", 1985).job("P4", end="2025-05-31").job("P4", start="2025-07-15")
    x.employee("P5", "M", 1999).job("P5", start="2024-09-01", end="2025-02-28", form="visstid")
    x.employee("P6", "M", 1975).job("P6", end="2024-09-30").job("P6", start="2024-10-01")
    x.employee("P7", "M", 1960).job("P7", end="2025-04-30", extent=50, reason="pension").job(
        "P7", end="2025-04-30", extent=50
    )
    return x


def test_turnover_of_a_unit_with_retirement_internal_and_external_departures(no_suppression):
    t = figures(turnover_extract(), unit="U1")["turnover"]
    # average headcount: (72 + 6 + 8 + 7 + 11 + 12 + 10) / 12 = 126 / 12 = 10,5
    assert t["average_headcount"] == pytest.approx(10.5)
    # departures: P1 retirement, P2 external, P3 internal, P4 external, P7 retirement = 5
    assert t["departures"] == 5
    assert t["total"] == pytest.approx(5 / 10.5 * 100)
    assert t["retirement"] == pytest.approx(2 / 10.5 * 100)
    assert t["internal"] == pytest.approx(1 / 10.5 * 100)
    assert t["external"] == pytest.approx(2 / 10.5 * 100)


def test_a_move_inside_the_subtree_is_no_departure_of_the_parent(no_suppression):
    t = figures(turnover_extract(), unit="U")["turnover"]
    # P3 is in U all year: 72 + 6 + 8 + 12 + 11 + 12 + 10 = 131 month ends; departures P1, P2,
    # P4, P7 = 4 (2 retirement, 2 external)
    assert t["average_headcount"] == pytest.approx(131 / 12)
    assert t["departures"] == 4
    assert t["internal"] == 0
    assert t["retirement"] == pytest.approx(2 / (131 / 12) * 100)
    assert t["total"] == pytest.approx(t["retirement"] + t["internal"] + t["external"])


def test_turnover_by_gender(no_suppression):
    t = figures(turnover_extract(), unit="U1")["turnover"]
    # K: P1 (6) and P2 (8) = 14 month ends, average 14 / 12; both left: 2 / (14 / 12)
    assert t["by_gender"]["K"] == pytest.approx(2 / (14 / 12) * 100)
    # M: 126 − 14 = 112 month ends; P3, P4, P7 left: 3 / (112 / 12)
    assert t["by_gender"]["M"] == pytest.approx(3 / (112 / 12) * 100)


def test_a_departure_on_the_window_start_counts_and_the_day_before_does_not(no_suppression):
    x = Extract()
    x.employee("A").job("A", end="2024-06-30")  # the day before the window
    x.employee("B").job("B", end="2024-07-01")  # the window's first day
    x.employee("C").job("C")
    t = figures(x)["turnover"]
    # headcount: C 12 month ends; B none (left before 2024-07-31): average 1; one departure
    assert t["departures"] == 1
    assert t["total"] == pytest.approx(100)


def test_a_new_permanent_job_on_day_30_prevents_the_departure(no_suppression):
    # given: ends 2025-03-31; a new permanent job in the unit starts 2025-04-30 (day 30 after)
    x = Extract()
    x.employee("A").job("A", end="2025-03-31").job("A", start="2025-04-30")
    x.employee("B").job("B", end="2025-03-31").job("B", start="2025-05-01")  # day 31
    t = figures(x)["turnover"]
    # then: only B is a departure
    assert t["departures"] == 1


def test_provisional_when_the_extract_does_not_reach_30_days_past_the_window(no_suppression):
    # window end 2025-06-30 + 30 days = 2025-07-30
    assert figures(turnover_extract("2025-07-30"))["provisional"] is False
    assert figures(turnover_extract("2025-07-29"))["provisional"] is True


# --- suppression --------------------------------------------------------------------------------


def staff(n: int, gender: str = "K") -> Extract:
    x = Extract()
    for i in range(n):
        x.employee(f"{gender}{i}", gender).job(f"{gender}{i}")
    return x


def test_a_group_of_ten_is_suppressed_in_every_value():
    f = figures(staff(10))
    assert f["sickness"]["total"] is None
    assert f["sickness"]["sick_hours"] is None
    assert f["sickness"]["by_gender"] == {"K": None, "M": None}
    assert f["turnover"]["departures"] is None
    assert f["turnover"]["average_headcount"] is None


def test_a_group_of_eleven_is_shown_and_its_small_breakdown_cells_are_not():
    # given: 11 women and one man, all full time, no absence
    x = staff(11)
    x.employee("M0", "M").job("M0")
    f = figures(x)
    # then: the unit (12 persons) and the women (11) are shown, the man (1) is not
    assert f["sickness"]["total"] == 0
    assert f["sickness"]["by_gender"]["K"] == 0
    assert f["sickness"]["by_gender"]["M"] is None
    assert f["turnover"]["average_headcount"] == pytest.approx(12)
    assert f["turnover"]["by_gender"] == {"K": 0, "M": None}


def test_hourly_staff_do_not_count_towards_the_sickness_group():
    # given: 10 monthly paid and 5 hourly paid persons: 10 with ordinary hours
    x = staff(10)
    for i in range(5):
        x.employee(f"H{i}").job(f"H{i}", form="timavlönad")
    assert figures(x)["sickness"]["total"] is None
