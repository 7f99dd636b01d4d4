"""No way out lets a suppressed staff figure be worked out by subtraction (docs/workforce.md,
*Disclosure control*).

The tree: P with the sub-units E01 (20 persons), E02 (15) and E03 (6, below the threshold).
Everyone is permanent, full time, 35 h a week (5 h a day) since 2020, so in the window R12 to
2025-06 (2024-07-01 … 2025-06-30, 365 days) each person has 1 825 ordinary hours:

* E01: 20 × 1 825 = 36 500 h; one person sick 2025-02-03 … 2025-02-12 (10 days) = 50 h.
* E02: 15 × 1 825 = 27 375 h; one person sick 2025-03-03 … 2025-03-22 (20 days) = 100 h,
  100 / 27 375 = 0,365 %.
* E03: 6 × 1 825 = 10 950 h; one person sick 2024-10-01 … 2025-03-31 (182 days), another
  2025-01-01 … 2025-04-12 (102 days): 284 × 5 = 1 420 h, 1 420 / 10 950 = 12,97 %.
* P: 41 persons, 74 825 h, 1 570 sick hours (2,10 %).

Were P's and E02's figures shown, E03's would follow: (1 570 − 50 − 100) / (74 825 − 36 500 −
27 375) = 1 420 / 10 950 = 12,97 %.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.urls import reverse

from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories
from uppsikt.workforce import disclosure, services
from uppsikt.workforce.hrdata import Period
from uppsikt.workforce.import_tables import Source
from uppsikt.workforce.models import StaffFigureSet

pytestmark = pytest.mark.django_db

PERIOD = "2025-06"
PERIOD_END = dt.date(2025, 6, 30)
SIZES = {"E01": 20, "E02": 15, "E03": 6}
SICK = {
    "E01": [("2025-02-03", "2025-02-12")],
    "E02": [("2025-03-03", "2025-03-22")],
    "E03": [("2024-10-01", "2025-03-31"), ("2025-01-01", "2025-04-12")],
}
# Numbers from which E03's figure would follow, as they would be written (Swedish format) and
# as bare digits (JSON): P's hours, E02's hours and E02's percentage; and E03's own.
DERIVING = [r"74\D{0,8}825", r"1\D{0,8}570", r"27\D{0,8}375", r"0,37", r"0\.365", r"12,97"]


def extract_sources() -> dict[str, Source]:
    employees = ["employee_id,gender,birth_year"]
    employments = [
        "employment_id,employee_id,unit_code,start_date,end_date,form,weekly_hours,extent,"
        "end_reason"
    ]
    absences = ["employee_id,start_date,end_date,extent,kind"]
    for unit, size in SIZES.items():
        for n in range(size):
            emp = f"{unit}P{n:02d}"
            employees.append(f"{emp},{'K' if n % 2 else 'M'},1980")
            employments.append(f"J{emp},{emp},{unit},2020-01-01,,tillsvidare,35,100,")
        for n, (start, end) in enumerate(SICK[unit]):
            absences.append(f"{unit}P{n:02d},{start},{end},100,sjuk")
    return {
        name: Source(f"{name}.csv", ("\n".join(lines) + "\n").encode())
        for name, lines in (
            ("employees", employees),
            ("employments", employments),
            ("absences", absences),
        )
    }


@pytest.fixture
def tree():
    organisation = factories.organisation()
    p = factories.unit(organisation, "P")
    units = {"P": p}
    for code in SIZES:
        units[code] = factories.unit(organisation, code, parent=p)
    services.hr_extract_import(
        actor=SYSTEM,
        organisation=organisation,
        sources=extract_sources(),
        covers_until=dt.date(2025, 12, 31),
    )
    services.staff_figures_store(
        actor=SYSTEM,
        organisation=organisation,
        units=list(units.values()),
        periods=[Period.parse(PERIOD)],
    )
    return organisation, units


def assert_nothing_derivable(text: str) -> None:
    for pattern in DERIVING:
        assert not re.search(pattern, text), pattern


def visible(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def login(client, organisation, unit=None):
    user = factories.user(f"reader-{unit.code if unit else 'all'}")
    factories.grant(user, Role.READER, organisation, unit=unit)
    client.force_login(user)


def test_without_disclosure_control_e03_would_follow_by_subtraction():
    # the raw figures, before disclosure control: (1 570 − 50 − 100) / (74 825 − 36 500 −
    # 27 375) × 100 = 12,968… %
    from uppsikt.workforce.compute import compute
    from uppsikt.workforce.importers import read_hr_extract

    parsed = read_hr_extract(
        extract_sources(),
        unit_codes={"P", *SIZES},
        covers_until=dt.date(2025, 12, 31),
        today=dt.date(2026, 1, 1),
    )
    results = {
        r.unit: r.figures["sickness"]
        for r in compute(
            parsed.data,
            units=[("P", None)] + [(c, "P") for c in SIZES],
            scopes=["P", *SIZES],
            periods=[Period.parse(PERIOD)],
        )
    }
    assert results["E03"]["total"] is None
    sick = results["P"]["sick_hours"] - results["E01"]["sick_hours"] - results["E02"]["sick_hours"]
    hours = (
        results["P"]["ordinary_hours"]
        - results["E01"]["ordinary_hours"]
        - results["E02"]["ordinary_hours"]
    )
    assert sick / hours * 100 == pytest.approx(1420 / 10950 * 100)


def test_a_sibling_of_a_suppressed_sub_unit_is_suppressed_in_the_stored_figures(tree):
    # E03 (6 persons) is suppressed; P − E01 − E02 would give it, so E02 (the smallest other
    # sub-unit) is suppressed too; P − E01 then gives E02 and E03 together, 21 persons
    stored = {fs.unit.code: fs for fs in StaffFigureSet.objects.select_related("unit")}
    assert stored["E03"].figures["sickness"]["total"] is None
    assert stored["E02"].figures["sickness"]["total"] is None
    assert stored["E02"].figures["turnover"]["total"] is None
    assert stored["E02"].sizes == {"sickness": None, "turnover": None}
    assert stored["E01"].figures["sickness"]["total"] == pytest.approx(50 / 36500 * 100)
    assert stored["P"].figures["sickness"]["total"] == pytest.approx(1570 / 74825 * 100)


def test_the_cli_json_gives_nothing_from_which_e03_follows(tree, capsys):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command(
        "compute_workforce",
        *[arg for code in ("P", *SIZES) for arg in ("--unit", code)],
        "--period",
        PERIOD,
        stdout=out,
    )
    text = out.getvalue()
    by_unit = {f["unit"]: f["sickness"] for f in json.loads(text)}
    assert by_unit["E02"]["total"] is None and by_unit["E03"]["total"] is None
    # P aggregates sub-units: its hours are not given, so no subtraction is possible
    assert by_unit["P"]["sick_hours"] is None and by_unit["P"]["ordinary_hours"] is None
    assert by_unit["P"]["total"] == pytest.approx(1570 / 74825 * 100)
    # E01 is a leaf: its own hours are its own figure, 20 × 1 825 = 36 500
    assert by_unit["E01"]["ordinary_hours"] == pytest.approx(36500)
    assert_nothing_derivable(text)


def test_the_cli_json_for_the_parent_alone_gives_no_hours(tree):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("compute_workforce", "--unit", "P", "--period", PERIOD, stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["sickness"]["ordinary_hours"] is None
    assert figures["turnover"]["average_headcount"] is None
    assert_nothing_derivable(out.getvalue())


@pytest.mark.parametrize("code", ["P", "E01", "E02", "E03"])
def test_no_unit_page_shows_a_figure_from_which_e03_follows(client, tree, code):
    organisation, _units = tree
    login(client, organisation)
    html = visible(client.get(reverse("workforce:unit", args=[code])).content.decode())
    assert "Sjukfrånvaro R12" in html
    assert_nothing_derivable(html)


@pytest.mark.parametrize("code", ["P", "E01", "E02", "E03"])
def test_a_role_scoped_to_the_parent_sees_nothing_from_which_e03_follows(client, tree, code):
    organisation, units = tree
    login(client, organisation, units["P"])
    response = client.get(reverse("workforce:unit", args=[code]))
    assert response.status_code == 200
    assert_nothing_derivable(visible(response.content.decode()))


def test_a_role_scoped_to_one_sub_unit_sees_its_own_hours_but_not_the_parents(client, tree):
    organisation, units = tree
    login(client, organisation, units["E01"])
    html = visible(client.get(reverse("workforce:unit", args=["E01"])).content.decode())
    # E01's own ordinary hours, 20 × 1 825 = 36 500, shown as "36 500"
    assert re.search(r"36\D{0,8}500", html)
    assert_nothing_derivable(html)
    assert client.get(reverse("workforce:unit", args=["P"])).status_code == 403


def test_the_index_page_shows_nothing_from_which_e03_follows(client, tree):
    organisation, _units = tree
    login(client, organisation)
    assert_nothing_derivable(visible(client.get(reverse("workforce:index")).content.decode()))


def test_the_chart_labels_give_nothing_from_which_e03_follows(client, tree):
    organisation, _units = tree
    login(client, organisation)
    for code in ("P", "E01", "E02", "E03"):
        html = client.get(reverse("workforce:unit", args=[code])).content.decode()
        labels = " ".join(re.findall(r"<svg.*?</svg>", html, flags=re.S))
        assert_nothing_derivable(labels)
    # P's own chart point is there: 1 570 / 74 825 = 2,098… % → "2,10 %"
    html = client.get(reverse("workforce:unit", args=["P"])).content.decode()
    assert "2025-06: 2,10" in html


def test_measurements_of_the_plans_record_the_secondarily_suppressed_unit_as_not_reported(tree):
    from uppsikt.planning.models import Indicator, Measurement

    organisation, units = tree
    Indicator.objects.create(
        organisation=organisation,
        name="Sjukfrånvaro",
        direction=Indicator.Direction.LOWER,
        computed_from="workforce.sickness.total",
    )
    services.staff_measurements_publish(actor=SYSTEM, organisation=organisation)
    by_unit = {m.unit.code: m for m in Measurement.objects.select_related("unit")}
    assert by_unit["E02"].value is None and by_unit["E02"].not_reported
    assert by_unit["E03"].value is None and by_unit["E03"].not_reported
    assert float(by_unit["P"].value) == pytest.approx(1570 / 74825 * 100, abs=1e-6)


def test_a_small_group_left_over_by_the_shown_sub_units_is_protected_too():
    # P has 3 persons of its own and two shown sub-units A (12) and B (20): P − A − B would
    # give the 3; the smaller sub-unit, A, is suppressed so that the rest is 15 persons
    tree = [("P", None), ("A", "P"), ("B", "P")]
    sizes = {"P": 35, "A": 12, "B": 20}
    hidden = disclosure.complementary_suppression(
        tree=tree,
        persons=sizes,
        own_amount={"P": 3.0, "A": 0.0, "B": 0.0},
        primary=set(),
    )
    assert hidden == {"A"}


def test_nothing_more_is_suppressed_when_the_rest_is_larger_than_ten():
    # E03 (6) and E04 (7) are suppressed: P − E01 − E02 gives both, 13 persons
    tree = [("P", None), ("E01", "P"), ("E02", "P"), ("E03", "P"), ("E04", "P")]
    sizes = {"P": 48, "E01": 20, "E02": 15, "E03": 6, "E04": 7}
    hidden = disclosure.complementary_suppression(
        tree=tree,
        persons=sizes,
        own_amount=dict.fromkeys(sizes, 0.0),
        primary={"E03", "E04"},
    )
    assert hidden == {"E03", "E04"}


def test_two_suppressed_sub_units_that_are_ten_together_need_a_third():
    # E03 (6) and E04 (4): P − E01 − E02 gives both, 10 persons; E02 (15) is suppressed too
    tree = [("P", None), ("E01", "P"), ("E02", "P"), ("E03", "P"), ("E04", "P")]
    sizes = {"P": 45, "E01": 20, "E02": 15, "E03": 6, "E04": 4}
    hidden = disclosure.complementary_suppression(
        tree=tree,
        persons=sizes,
        own_amount=dict.fromkeys(sizes, 0.0),
        primary={"E03", "E04"},
    )
    assert hidden == {"E02", "E03", "E04"}


@pytest.fixture
def served(tree):
    """Bodies served by P, E01 and E02, and the reporting month 2025-06."""
    from uppsikt.followup.models import ReportingPeriod
    from uppsikt.organisation.models import Unit

    organisation, units = tree
    bodies = {}
    for code in ("P", "E01", "E02"):
        bodies[code] = factories.body(organisation, f"B{code}")
        Unit.objects.filter(pk=units[code].pk).update(body=bodies[code])
    period = ReportingPeriod.objects.create(
        organisation=organisation,
        year=2025,
        kind=ReportingPeriod.Kind.MONTHLY,
        first_month=6,
        last_month=6,
        deadline=dt.date(2025, 7, 15),
        scope=ReportingPeriod.Scope.DEVIATION,
    )
    return organisation, bodies, period


def document_text(doc) -> str:
    from uppsikt.documents import render

    return render.render(doc, "html").decode()


@pytest.mark.parametrize("code", ["P", "E01", "E02"])
def test_the_monthly_report_gives_nothing_from_which_e03_follows(served, code):
    from uppsikt.reports import build as documents

    _organisation, bodies, period = served
    text = document_text(documents.monthly_document(body=bodies[code], period=period))
    assert "Medarbetare" in text
    assert_nothing_derivable(text)


def test_the_group_report_gives_nothing_from_which_e03_follows(served):
    from uppsikt.reports import build as documents

    organisation, _bodies, period = served
    text = document_text(documents.group_document(organisation=organisation, period=period))
    # P's own percentage is there: 1 570 / 74 825 = 2,098… % → "2,10"
    assert "2,10" in text
    assert_nothing_derivable(text)


def test_the_page_of_a_unit_with_sub_units_leaves_out_hours_and_counts_and_says_why(client, tree):
    organisation, _units = tree
    login(client, organisation)
    html = client.get(reverse("workforce:unit", args=["P"])).content.decode()
    assert "Sjukfrånvarotimmar" not in html
    assert "Genomsnittligt antal tillsvidareanställda" not in html
    assert "Timmar och antal visas bara för enheter utan underenheter" in html
    leaf = client.get(reverse("workforce:unit", args=["E01"])).content.decode()
    assert "Sjukfrånvarotimmar" in leaf
