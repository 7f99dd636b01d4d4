"""The demo region is believable: every staff figure the staff screens and the group report show,
and every month's result against budget, lies in the range a Swedish region's figures lie in.
A generator that leaves months out, lays no sickness or no departures, or books a year against
a budget of a few months fails here.

The ranges follow from the definitions (docs/definitions.md §3 and the finance lines), not from
the demo's own output:

* Sickness absence = sick hours / ordinary hours. Regions report 5–8 % year on year; an R12
  figure of a large group below 2 % or above 12 % means missing or doubled data.
* Personnel turnover = departures / average permanent headcount over the twelve month ends.
  Regions report 8–12 %; below 2 % or above 20 % for a large group means missing or invented
  departures. Whether a small unit sees a departure in a year is chance (a section of 30 with
  ~10 % turnover has none in about one year in twenty), so units with 150 or fewer permanent
  staff are only held to what the definitions allow at all: 0–100 % sickness, and turnover no
  higher than every post leaving once (100 %). The administrations, the units the group report
  shows, are held to the ranges whatever their size (the smallest has about a hundred: ten
  departures a year expected, fewer than two by chance about once in two thousand years).
* Result against budget: an administration's year-to-date net cost within ±25 % of its budget,
  each month's within ±25 % of that month's budget, and its regionbidrag booked and budgeted
  every month (it is paid a twelfth a month).

The windows checked are those with twelve whole months of data: the extract's data starts in
2021 (sickness from mid-2020), so every stored R12 window qualifies.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

pytestmark = pytest.mark.django_db

SICKNESS = (2.0, 12.0)
TURNOVER = (2.0, 20.0)
LARGE = 150  # permanent staff on average: held to the ranges above
RESULT = Decimal(25)  # ± % of budget
FIRST_MONTH, LAST_MONTH = (2023, 1), (2025, 8)


def _months():
    year, month = FIRST_MONTH
    while (year, month) <= LAST_MONTH:
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from uppsikt.demo.loader import load_demo
    from uppsikt.finance import selectors as finance
    from uppsikt.followup.models import ReportingPeriod
    from uppsikt.organisation.models import Unit
    from uppsikt.reports.data import body_data, finance_figures, staff_figures
    from uppsikt.reports.group import group_bodies
    from uppsikt.workforce.models import StaffFigureSet

    out: dict = {}
    with django_db_blocker.unblock(), transaction.atomic():
        org = load_demo().organisation
        out["figure_sets"] = [
            (fs.unit.code, fs.unit.parent_id is None, fs.window_start, fs.period_end, fs.figures)
            for fs in StaffFigureSet.objects.filter(unit__organisation=org).select_related("unit")
        ]
        out["group"] = []
        periods = ReportingPeriod.objects.filter(organisation=org).order_by("year", "last_month")
        for period in periods:
            if (period.year, period.last_month) > LAST_MONTH:
                continue  # the ledger is booked through August 2025
            for body in group_bodies(organisation=org):
                data = body_data(body=body, period=period)
                fin = finance_figures(data)
                out["group"].append(
                    (
                        f"{body.code} {period.year}-{period.last_month:02d}",
                        [(f.block, f.value) for f in staff_figures(data, with_series=False)],
                        fin.ytd_net,
                    )
                )
        out["ledger"] = {}
        for unit in Unit.objects.filter(organisation=org, parent__isnull=True):
            for year, month in _months():
                out["ledger"][(unit.code, year, month)] = finance.ytd_table(
                    organisation=org, unit=unit, year=year, month=month
                )
        out["default_month"] = finance.latest_budgeted_month(organisation=org)
        transaction.set_rollback(True)
    return out


def _inside(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def test_every_window_stored_rests_on_whole_data(demo):
    assert demo["figure_sets"]
    assert all(start >= dt.date(2022, 1, 1) for _u, _a, start, _e, _f in demo["figure_sets"])


def test_every_large_unit_shows_plausible_sickness_and_turnover(demo):
    checked, wrong = 0, []
    for code, root, _start, end, figures in demo["figure_sets"]:
        turnover, sickness = figures.get("turnover") or {}, figures.get("sickness") or {}
        headcount = turnover.get("average_headcount")
        if not root and (headcount is None or headcount <= LARGE):
            continue
        checked += 1
        if sickness.get("total") is None or not _inside(sickness["total"], SICKNESS):
            wrong.append((code, end, "sickness", sickness.get("total")))
        if turnover.get("total") is None or not _inside(turnover["total"], TURNOVER):
            wrong.append((code, end, "turnover", turnover.get("total")))
    assert checked >= 7 * 24  # every administration, every month of the series
    assert not wrong, wrong


def test_every_administration_is_shown_every_month_of_the_series(demo):
    months: dict[str, set] = {}
    for code, root, _start, end, figures in demo["figure_sets"]:
        sickness, turnover = figures["sickness"]["total"], figures["turnover"]["total"]
        if root and sickness is not None and turnover is not None:
            months.setdefault(code, set()).add(end)
    assert len(months) == 7
    assert all(len(ends) >= 24 for ends in months.values()), months


def test_no_small_unit_shows_an_impossible_figure(demo):
    for code, _root, _start, end, figures in demo["figure_sets"]:
        sickness = (figures.get("sickness") or {}).get("total")
        turnover = (figures.get("turnover") or {}).get("total")
        assert sickness is None or 0 <= sickness <= 100, (code, end, sickness)
        assert turnover is None or 0 <= turnover <= 100, (code, end, turnover)


def test_the_group_report_shows_plausible_staff_figures_and_results(demo):
    shown = 0
    for label, figures, net in demo["group"]:
        for block, value in figures:
            if value is None:
                continue
            shown += 1
            bounds = SICKNESS if block == "sickness" else TURNOVER
            assert _inside(value, bounds), (label, block, value)
        if net is not None:
            assert net.budget, label
            assert abs(net.variance) <= RESULT / 100 * abs(net.budget), (label, net)
    # every body, sickness and turnover, in the 2024 reports at least
    assert shown >= 7 * 2 * 4


@pytest.mark.parametrize("code", ["RK", "RSE", "KOS", "KTR", "HS", "NSV", "PSY"])
def test_every_month_has_a_result_near_budget_and_its_regionbidrag(demo, code):
    for year, month in _months():
        table = demo["ledger"][(code, year, month)]
        net, funding = table.row("net"), table.row("funding")
        assert net is not None and net.budget, (code, year, month)
        assert abs(net.variance) <= RESULT / 100 * abs(net.budget), (code, year, month, net)
        assert funding is not None and funding.actual > 0 and funding.budget > 0, (
            code,
            year,
            month,
        )
        if month > 1:
            before = demo["ledger"][(code, year, month - 1)].row("net")
            actual, budget = net.actual - before.actual, net.budget - before.budget
            assert budget and abs(actual - budget) <= RESULT / 100 * abs(budget), (
                code,
                year,
                month,
            )
            funded = funding.actual - demo["ledger"][(code, year, month - 1)].row("funding").actual
            assert funded > 0, (code, year, month)


def test_the_ledger_opens_on_the_latest_budgeted_month(demo):
    assert demo["default_month"] == LAST_MONTH
