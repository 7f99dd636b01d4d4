"""The staff-indicator pages: who sees what, suppressed cells, no raw rows, upload and recompute."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from uppsikt.core.models import Job
from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories
from uppsikt.workforce import services
from uppsikt.workforce.models import HrExtract, StaffFigureSet
from uppsikt.workforce.selectors import with_secondary_suppression
from uppsikt.workforce.tests.test_import import ABSENCES, EMPLOYEES, EMPLOYMENTS, sources

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    organisation = factories.organisation()
    root = factories.unit(organisation, "U")
    factories.unit(organisation, "U1", parent=root)
    factories.unit(organisation, "U2", parent=root)
    services.hr_extract_import(
        actor=SYSTEM,
        organisation=organisation,
        sources=sources(),
        covers_until=dt.date(2025, 3, 31),
    )
    services.staff_figures_recompute(actor=SYSTEM, organisation=organisation)
    return organisation


def login(client, org, role, unit=None):
    user = factories.user(f"u-{role}-{unit.code if unit else 'all'}")
    factories.grant(user, role, org, unit=unit)
    client.force_login(user)
    return user


def test_unit_page_shows_suppressed_figures_and_never_raw_rows(client, org):
    login(client, org, Role.READER)
    response = client.get(reverse("workforce:unit", args=["U"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sjukfrånvaro R12" in html
    assert "10 eller färre personer" in html
    # raw HR rows (ids, birth years) never appear (the random CSRF token is left out of the
    # search, since it may contain any letters and digits)
    visible = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    for raw in ("E1", "E2", "1980", "1975", "A1,", "2025-01-10"):
        assert raw not in visible
    assert "style=" not in html


def test_the_trend_is_an_svg_chart_with_its_numbers_in_a_table(client, org, monkeypatch):
    from uppsikt.workforce import compute

    monkeypatch.setattr(compute, "SUPPRESS_AT_MOST", 0)  # three persons: show them here
    services.staff_figures_recompute(actor=SYSTEM, organisation=org)
    login(client, org, Role.READER)
    html = client.get(reverse("workforce:unit", args=["U"])).content.decode()
    assert html.count("<svg") == 2
    assert "<polyline" in html and "style=" not in html
    assert "Värdena i diagrammen" in html


def test_a_period_can_be_chosen(client, org):
    login(client, org, Role.READER)
    response = client.get(reverse("workforce:unit", args=["U"]) + "?period=2024-06")
    assert response.context["current"].period_end == dt.date(2024, 6, 30)


def test_a_unit_scoped_role_sees_only_its_subtree(client, org):
    login(client, org, Role.REPORTER, unit=org.units.get(code="U1"))
    assert client.get(reverse("workforce:unit", args=["U1"])).status_code == 200
    assert client.get(reverse("workforce:unit", args=["U2"])).status_code == 403
    index = client.get(reverse("workforce:index"))
    assert [u.code for u, _fs in index.context["rows"]] == ["U1"]


def test_secretary_may_not_see_staff_figures(client, org):
    login(client, org, Role.SECRETARY)
    assert client.get(reverse("workforce:index")).status_code == 403


def test_upload_through_the_web_and_recompute_with_one_button(client, org):
    login(client, org, Role.CONTROLLER)
    files = {
        "employees": SimpleUploadedFile("employees.csv", EMPLOYEES.encode()),
        "employments": SimpleUploadedFile("employments.csv", EMPLOYMENTS.encode()),
        "absences": SimpleUploadedFile(
            "absences.csv", (ABSENCES + "E1,2025-02-03,2025-02-03,100,sjuk\n").encode()
        ),
        "covers_until": "2025-03-31",
    }
    response = client.post(reverse("workforce:import"), files)
    job = Job.objects.get(kind="hr_import")
    assert response["Location"] == reverse("job", args=[job.pk])
    assert job.status == Job.Status.DONE  # tests run jobs at once
    assert HrExtract.objects.count() == 2
    response = client.post(reverse("workforce:recompute"))
    recompute = Job.objects.get(kind="staff_figures")
    assert response["Location"] == reverse("job", args=[recompute.pk])
    assert recompute.status == Job.Status.DONE
    newest = HrExtract.objects.order_by("-imported_at").first()
    assert set(StaffFigureSet.objects.values_list("extract", flat=True)) == {newest.pk}


def test_a_bad_upload_lists_the_errors_and_saves_nothing(client, org):
    login(client, org, Role.ADMINISTRATOR)
    files = {
        "employees": SimpleUploadedFile("employees.csv", EMPLOYEES.encode()),
        "employments": SimpleUploadedFile(
            "employments.csv", EMPLOYMENTS.replace("U1,2020", "XX,2020").encode()
        ),
        "absences": SimpleUploadedFile("absences.csv", ABSENCES.encode()),
    }
    response = client.post(reverse("workforce:import"), files, follow=True)
    job = Job.objects.get(kind="hr_import")
    assert job.status == Job.Status.FAILED
    html = response.content.decode()
    assert "employments.csv, rad 2, kolumn unit_code: okänd enhetskod." in html
    assert "Ingenting har ändrats." in html
    assert HrExtract.objects.count() == 1


class _Unit:
    def __init__(self, code):
        self.code = code
        self.pk = code


class _Set:
    def __init__(self, total, size):
        block = {"total": total, "by_gender": {"K": total}}
        self.figures = {"sickness": dict(block), "turnover": dict(block)}
        self.sizes = {"sickness": size, "turnover": size}


def test_when_one_sub_unit_is_suppressed_the_smallest_other_one_is_too():
    rows = with_secondary_suppression(
        [(_Unit("A"), _Set(None, None)), (_Unit("B"), _Set(5.0, 40)), (_Unit("C"), _Set(4.0, 12))]
    )
    assert [r.figures["sickness"]["total"] for r in rows] == [None, 5.0, None]
    assert rows[2].figures["sickness"]["by_gender"]["K"] is None
    assert rows[2].secondary == {"sickness", "turnover"}


def test_two_suppressed_sub_units_need_no_further_suppression():
    rows = with_secondary_suppression(
        [
            (_Unit("A"), _Set(None, None)),
            (_Unit("B"), _Set(None, None)),
            (_Unit("C"), _Set(4.0, 12)),
        ]
    )
    assert rows[2].figures["sickness"]["total"] == 4.0


def test_year_before_is_the_same_month_a_year_earlier():
    from uppsikt.workforce.selectors import year_before

    assert year_before(dt.date(2025, 8, 31)) == dt.date(2024, 8, 31)
    assert year_before(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
    assert year_before(dt.date(2025, 2, 28)) == dt.date(2024, 2, 29)


def test_the_previous_year_column_is_shown_only_when_that_year_is_computed(client, org):
    login(client, org, Role.READER)
    url = reverse("workforce:unit", args=["U"])
    periods = sorted(
        StaffFigureSet.objects.filter(unit__code="U").values_list("period_end", flat=True)
    )
    # the default series: the 24 months up to 2025-02 (2025-03-31 is the last day covered)
    first, last = periods[0], periods[-1]
    assert (first, last) == (dt.date(2023, 3, 31), dt.date(2025, 2, 28))
    html = client.get(url, {"period": "2025-02"}).content.decode()
    assert "Föregående år (2024-02)</th>" in html
    # three persons: both years are suppressed, the previous one with its footnote too
    row = re.search(r'<th scope="row">Sjukfrånvaro</th>(.*?)</tr>', html, re.S).group(1)
    assert row.count("visas inte, se not 1") == 2
    html = client.get(url, {"period": "2023-03"}).content.decode()
    assert "Föregående år" not in html
    index = client.get(reverse("workforce:index")).content.decode()
    assert "Personalomsättning föregående år</th>" in index
