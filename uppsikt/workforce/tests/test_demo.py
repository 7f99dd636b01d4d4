"""The demo extract gives the reference documents' figures, to the decimals they show.

Expected values are read off the documents: 003 (Uppföljningsrapport 1 2024, Regionkontoret,
R12 to 2024-04-30) and 002 (Nämndsdialog Regionservice, autumn 2025, R12 to 2025-08-31).
"""

from __future__ import annotations

import datetime as dt

import pytest

from uppsikt.core.formatting import format_number
from uppsikt.demo.loader import load_demo
from uppsikt.workforce.models import StaffFigureSet

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
                    period_end__in=[dt.date(2024, 4, 30), dt.date(2025, 8, 31)],
                ).select_related("unit")
            }
            transaction.set_rollback(True)
    return out


def test_regionkontoret_turnover_of_003(figures):
    t = figures[("RK", dt.date(2024, 4, 30))]["turnover"]
    assert shown(t["total"], 2) == "11,05"
    assert shown(t["retirement"], 2) == "1,66"
    assert shown(t["internal"], 2) == "2,58"
    assert shown(t["external"], 2) == "6,82"
    assert shown(t["by_gender"]["K"], 1) == "11,1"
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
