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
        out["periods"] = []
        periods = ReportingPeriod.objects.filter(organisation=org).order_by("year", "last_month")
        for period in periods:
            # every period a user can choose, those after the books' last month included
            out["periods"].append((period.year, period.last_month))
            for body in group_bodies(organisation=org):
                data = body_data(body=body, period=period)
                fin = finance_figures(data)
                staff = staff_figures(data, with_series=False)
                out["group"].append(
                    (
                        f"{body.code} {period.year}-{period.last_month:02d}",
                        [(f.block, f.value) for f in staff],
                        fin.ytd_net,
                        (period.year, period.last_month),
                        fin.month,
                        fin.ytd.row("funding") if fin.ytd else None,
                        {f.through for f in staff},
                    )
                )
        out["ledger"] = {}
        for unit in Unit.objects.filter(organisation=org, parent__isnull=True):
            for year, month in _months():
                out["ledger"][(unit.code, year, month)] = finance.ytd_table(
                    organisation=org, unit=unit, year=year, month=month
                )
        out["booked"] = {
            year: finance.last_booked_month(organisation=org, year=year)
            for year in (2022, 2023, 2024, 2025, 2026)
        }
        from django.contrib.auth import get_user_model
        from django.test import Client

        client = Client()
        client.force_login(get_user_model().objects.get(username="controller"))
        out["ledger_pages"] = {
            month: client.get(f"/ekonomi/?enhet=RK&manad=2025-{month:02d}").content.decode()
            for month in (8, 9, 12)
        }
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
    for label, figures, net, _period, _month, _funding, _through in demo["group"]:
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


def test_every_period_a_user_can_choose_compares_like_with_like(demo):
    """Every reporting period of the demo, 2024's and 2025's, those ending after the books'
    last month (2025-08) included: the figures run through the last booked month of the year,
    budget and actuals alike, so the result lies near budget (±25 %) and the regionbidrag is
    booked and budgeted; the staff figures are those of the same months."""
    assert demo["booked"] == {2022: None, 2023: 12, 2024: 12, 2025: 8, 2026: None}
    # 2025's calendar reaches past August: the October monthly report and the annual report
    assert (2025, 10) in demo["periods"] and (2025, 12) in demo["periods"]
    checked = 0
    for label, figures, net, (year, last), month, funding, through in demo["group"]:
        assert month == (last if (year, last) <= LAST_MONTH else 8), label
        if net is None:
            continue
        checked += 1
        assert net.budget and abs(net.variance) <= RESULT / 100 * abs(net.budget), (label, net)
        # the budget is that of the months compared: 2025-10 and 2025-12 show the budget of
        # January–August, the same as the August report's
        if year == 2025 and last > 8:
            august = next(
                n
                for lab, _f, n, (y, m), *_rest in demo["group"]
                if (y, m) == (2025, 8) and lab.split()[0] == label.split()[0]
            )
            assert net.budget == august.budget and net.actual == august.actual, label
            assert through == {dt.date(2025, 8, 31)}, (label, through)
        else:
            assert through == {None}, (label, through)
        assert funding is not None and funding.actual > 0 and funding.budget > 0, label
        assert all(v is not None for _b, v in figures), (label, figures)
    assert checked == len(demo["periods"]) * 7


def test_the_ledger_page_shows_a_month_after_the_books_through_their_last_month(demo):
    august, september, december = (demo["ledger_pages"][m] for m in (8, 9, 12))
    note = "Bokföringen för 2025 finns till och med 2025-08."
    assert note not in august
    assert note in september and note in december
    # the table is August's: the same caption and the same figures
    caption = "Ackumulerat utfall 2025-01 – 2025-08"
    assert caption in august and caption in september and caption in december
    table = august[august.index(caption) : august.index("</table>", august.index(caption))]
    assert table in december
