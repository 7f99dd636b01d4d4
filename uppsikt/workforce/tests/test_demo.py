"""The demo extract gives the reference documents' figures, to the decimals they show.

Expected values are read off the documents: 003 (Uppföljningsrapport 1 2024, Regionkontoret,
R12 to 2024-04-30) and 002 (Nämndsdialog Regionservice, autumn 2025, R12 to 2025-08-31, with the
previous year's values, R12 to 2024-08-31, in parentheses). Both of 002's windows come from the
same extract.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from uppsikt.core.formatting import format_number
from uppsikt.demo.loader import load_demo
from uppsikt.organisation.demo import UNITS
from uppsikt.workforce import demo
from uppsikt.workforce.hrdata import Period
from uppsikt.workforce.import_tables import sources_from_dir
from uppsikt.workforce.importers import read_hr_extract
from uppsikt.workforce.models import StaffFigureSet
from uppsikt.workforce.reference import reference_compute

pytestmark = pytest.mark.django_db


def shown(value, decimals):
    return format_number(value, decimals)


@pytest.fixture(scope="module")
def figures(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            load_demo()
            out = {
                (fs.unit.code, fs.period_end): fs.figures
                for fs in StaffFigureSet.objects.filter(
                    unit__code__in=["RK", "RSE"],
                    period_end__in=[
                        dt.date(2024, 4, 30),
                        dt.date(2024, 8, 31),
                        dt.date(2025, 8, 31),
                    ],
                ).select_related("unit")
            }
            client = Client()
            client.force_login(get_user_model().objects.get(username="controller"))
            out["unit page"] = client.get(
                reverse("workforce:unit", args=["RSE"]), {"period": "2025-08"}
            ).content.decode()
            out["index page"] = client.get(reverse("workforce:index")).content.decode()
            transaction.set_rollback(True)
    return out


@pytest.fixture(scope="module")
def extract():
    """The demo extract as the importer reads it (no database needed)."""
    with tempfile.TemporaryDirectory() as tmp:
        demo.build([row[0] for row in UNITS]).write(Path(tmp))
        sources, errors = sources_from_dir(Path(tmp))
        assert not errors
        files = read_hr_extract(
            sources, unit_codes={row[0] for row in UNITS}, covers_until=demo.COVERS_UNTIL
        )
    assert not files.errors
    return files.data


def test_regionkontoret_turnover_of_003(figures):
    t = figures[("RK", dt.date(2024, 4, 30))]["turnover"]
    assert shown(t["total"], 2) == "11,05"
    assert shown(t["retirement"], 2) == "1,66"
    assert shown(t["internal"], 2) == "2,58"
    assert shown(t["external"], 2) == "6,82"
    # 32 × 12 / 3 458 = 11,10 %, which 003 writes without its trailing zero
    assert shown(t["by_gender"]["K"], 2) == "11,10"
    assert shown(t["by_gender"]["M"], 2) == "10,99"


def test_regionservice_sickness_of_002(figures):
    s = figures[("RSE", dt.date(2025, 8, 31))]["sickness"]
    assert shown(s["total"], 1) == "7,1"
    assert shown(s["days_1_14"], 1) == "3,4"
    assert shown(s["days_15_90"], 2) == "1,88"
    assert shown(s["days_91_plus"], 2) == "1,82"
    assert shown(s["by_gender"]["K"], 2) == "7,75"
    assert shown(s["by_gender"]["M"], 2) == "5,59"
    assert shown(s["by_extent"]["part_time"], 1) == "11,3"
    assert shown(s["by_extent"]["full_time"], 1) == "6,6"
    assert shown(s["by_age_decade"]["60-69"], 2) == "9,76"


def test_regionservice_turnover_of_002(figures):
    t = figures[("RSE", dt.date(2025, 8, 31))]["turnover"]
    assert shown(t["total"], 2) == "9,54"
    assert shown(t["external"], 2) == "5,55"
    assert shown(t["internal"], 2) == "1,39"
    assert shown(t["retirement"], 1) == "2,6"


# --- 002's values in parentheses: the previous year, R12 2023-09-01 … 2024-08-31 ------------
YEAR_BEFORE = Period(2024, 8)


def test_regionservice_turnover_a_year_earlier_of_002(figures):
    """002: Personalomsättning R12 = 9,54 % (8.68%); extern 5,55 (4,78), intern 1,39 (2,12),
    pension 2,6 (1,77).

    Permanent staff on the 12 month ends 2023-09-30 … 2024-08-31:
      552 who stay and the 55 who leave in the following year, on every month end: 607 × 12 = 7 284
    + the 49 who leave during the window, leaver j on its first j % 12 month ends
      (they leave on the 15th): 4 × (0 + 1 + … + 11) + 0 = 264
    − the 126 of the 552 hired during the window, absent from the month ends before their first
      day: 11 × (1 + 2 + … + 11) + 11 + 10 + 9 + 8 + 7 = 726 + 45 = 771
    = 6 777 month ends, 564,75 on average.
    Departures: 27 external + 12 internal (to Medicin, 5 days later) + 10 pension = 49.
      49 / 564,75 × 100 = 8,6764 → 8,68;  27 / 564,75 × 100 = 4,7809 → 4,78;
      12 / 564,75 × 100 = 2,1248 → 2,12;  10 / 564,75 × 100 = 1,7707 → 1,77.
    (002 prints the parts, rounded, as 4,78 + 2,12 + 1,77 = 8,67: rounding, not a mismatch.)
    """
    t = figures[("RSE", YEAR_BEFORE.window_end)]["turnover"]
    average = (607 * 12 + 264 - 771) / 12
    assert average == 564.75 and t["average_headcount"] == average
    assert t["departures"] == 27 + 12 + 10
    assert t["total"] == pytest.approx(49 / average * 100, rel=1e-12)
    assert t["external"] == pytest.approx(27 / average * 100, rel=1e-12)
    assert t["internal"] == pytest.approx(12 / average * 100, rel=1e-12)
    assert t["retirement"] == pytest.approx(10 / average * 100, rel=1e-12)
    assert shown(t["total"], 2) == "8,68"
    assert shown(t["external"], 2) == "4,78"
    assert shown(t["internal"], 2) == "2,12"
    assert shown(t["retirement"], 2) == "1,77"


def test_regionservice_ordinary_hours_a_year_earlier_counted_by_hand(extract, figures):
    """Ordinary hours in 2023-09-01 … 2024-08-31 (366 days; 35 h a week: 5 h a day at 100 %,
    3,75 at 75 %), counted straight from the employment rows of Regionservice:

      there all window: 364 full time and 62 part time of the 552, and the 55 who leave later:
        366 × (364 × 5 + 62 × 3,75 + 55 × 5) = 851 865
      the 126 hired: 19 356 full-time days × 5 + 3 303 part-time days × 3,75 = 109 166,25
      the 49 who leave: 8 767 days × 5 = 43 835
    = 1 004 866,25 hours.
    """
    start, end = YEAR_BEFORE.window_start, YEAR_BEFORE.window_end
    days = {"all": {}, "part": {}}
    for row in extract.employments.iter_rows(named=True):
        if not row["unit_code"].startswith("RSE") or row["form"] == "timavlönad":
            continue
        first, last = max(row["start_date"], start), min(row["end_date"] or end, end)
        n = max(0, (last - first).days + 1)
        kind = "all" if n == 366 else "part"
        days[kind][row["extent"]] = days[kind].get(row["extent"], 0) + n
    assert days["all"] == {100.0: 366 * (364 + 55), 75.0: 366 * 62}
    assert days["part"] == {100.0: 19_356 + 8_767, 75.0: 3_303}
    ordinary = 366 * (364 * 5 + 62 * 3.75 + 55 * 5) + 19_356 * 5 + 3_303 * 3.75 + 8_767 * 5
    assert ordinary == 1_004_866.25
    assert figures[("RSE", YEAR_BEFORE.window_end)]["sickness"]["ordinary_hours"] == (
        pytest.approx(ordinary, rel=1e-12)
    )


def test_regionservice_sickness_a_year_earlier_of_002(figures):
    """002: Sjukfrånvaro (R12) = 7,1 % (7,57 %); dag 1–14 3,4 (3,8), dag 15–90 1,88 (1,58),
    dag 91+ 1,82 (2,19).

    The extract lays out sick hours on spell days 1–14, 15–90 and 91+ of exactly 3,80 %, 1,58 %
    and 2,19 % of the 1 004 866,25 ordinary hours: 38 184,9175 + 15 876,88675 + 22 006,570875
    = 76 068,375125 sick hours, 7,57 % (partial days carry an extent with 9 decimals, hence
    the tolerance far below the shown decimals).
    """
    s = figures[("RSE", YEAR_BEFORE.window_end)]["sickness"]
    ordinary = 1_004_866.25
    assert s["days_1_14"] * ordinary / 100 == pytest.approx(38_184.9175, abs=1e-4)
    assert s["days_15_90"] * ordinary / 100 == pytest.approx(15_876.88675, abs=1e-4)
    assert s["days_91_plus"] * ordinary / 100 == pytest.approx(22_006.570875, abs=1e-4)
    assert s["sick_hours"] == pytest.approx(76_068.375125, abs=1e-4)
    assert shown(s["total"], 2) == "7,57"
    assert shown(s["days_1_14"], 1) == "3,8"
    assert shown(s["days_15_90"], 2) == "1,58"
    assert shown(s["days_91_plus"], 2) == "2,19"


@pytest.mark.parametrize("period", [YEAR_BEFORE, Period(2025, 8)])
def test_the_day_by_day_reference_agrees_on_both_windows(extract, figures, period):
    expected = reference_compute(
        extract, units=[(row[0], row[3]) for row in UNITS], scope="RSE", period=period
    )
    stored = figures[("RSE", period.window_end)]
    for block, keys in (
        ("sickness", ("total", "days_1_14", "days_15_90", "days_91_plus", "ordinary_hours")),
        ("turnover", ("total", "external", "internal", "retirement", "average_headcount")),
    ):
        for key in keys:
            assert stored[block][key] == pytest.approx(expected[block][key], rel=1e-9), key


def test_the_unit_page_shows_the_previous_year_beside_the_current(figures):
    html = figures["unit page"]
    assert "R12 till och med 2025-08</th>" in html
    assert "Föregående år (2024-08)</th>" in html
    for label, now, before in (
        ("Sjukfrånvaro", "7,10", "7,57"),
        ("Dag 1–14", "3,40", "3,80"),
        ("Dag 15–90", "1,88", "1,58"),
        ("Dag 91+", "1,82", "2,19"),
        ("Personalomsättning", "9,54", "8,68"),
        ("Pension", "2,60", "1,77"),
        ("Intern avgång", "1,39", "2,12"),
        ("Extern avgång", "5,55", "4,78"),
    ):
        row = (
            f'<tr><th scope="row">{label}</th><td class="num">{now}\u00a0%</td>'
            f'<td class="num">{before}\u00a0%</td></tr>'
        )
        assert row in html, label


def test_the_overview_shows_the_previous_year_beside_the_current(figures):
    html = figures["index page"]
    assert "Sjukfrånvaro föregående år</th>" in html
    assert "R12 till och med 2024-08" in html
    row = re.search(r"Regionservice</a></th>(.*?)</tr>", html, re.S).group(1)
    cells = re.findall(r'<td class="num">([^<]*)</td>', row)
    assert cells == ["7,10\u00a0%", "7,57\u00a0%", "9,54\u00a0%", "8,68\u00a0%"]
