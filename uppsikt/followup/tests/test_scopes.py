"""followup.monitor is held on units: a controller on one unit follows up its subtree only, and
the calendar of reporting periods needs the role organisation-wide."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from uppsikt.core.exceptions import NotPermitted
from uppsikt.core.permissions import SYSTEM
from uppsikt.followup import selectors, services
from uppsikt.followup.models import ReportingPeriod
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories as org_factories
from uppsikt.planning.tests import factories as plan_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoped(region):
    """Besides the region's Måltidsservice (under RSE), a unit HSF outside RSE with an
    assessment in UR1, and a controller on RSE."""
    hsf = org_factories.unit(region.org, "HSF", name="Hälso- och sjukvården")
    plan_factories.plan_assignment(region.plan, hsf, "Kortare väntetider")
    services.period_open(actor=SYSTEM, period=region.period)
    controller = org_factories.user("enhetscontroller")
    org_factories.grant(controller, Role.CONTROLLER, region.org, unit=region.rse)
    return {"hsf": hsf, "controller": controller}


def test_a_unit_controller_sees_the_progress_of_its_subtree_only(region, scoped):
    rows = selectors.progress(actor=scoped["controller"], period=region.period)
    # Måltidsservice is under RSE and has one assessment; HSF is outside RSE
    assert [r.unit.code for r in rows] == ["RSE-MAT"]
    everyone = selectors.progress(actor=region.controller, period=region.period)
    assert sorted(r.unit.code for r in everyone) == ["HSF", "RSE-MAT"]


def test_the_progress_page_shows_a_unit_controller_no_other_units(region, scoped):
    client = Client()
    client.force_login(scoped["controller"])
    response = client.get(reverse("followup:progress", kwargs={"pk": region.period.pk}))
    assert response.status_code == 200
    page = response.content.decode()
    unit_link = "/uppfoljning/{}/enhet/{}/"
    assert unit_link.format(region.period.pk, "RSE-MAT") in page
    assert unit_link.format(region.period.pk, "HSF") not in page


def test_a_unit_controller_sees_the_deviations_of_its_subtree_only(region, scoped):
    region.submitted("deviating")
    assert len(selectors.deviations(actor=scoped["controller"], period=region.period)) == 1
    other = org_factories.user("annan")
    hsf_child = org_factories.unit(region.org, "HSF-A", scoped["hsf"])
    org_factories.grant(other, Role.CONTROLLER, region.org, unit=hsf_child)
    assert selectors.deviations(actor=other, period=region.period) == []


def test_a_unit_controller_cannot_change_the_calendar(region, scoped):
    with pytest.raises(NotPermitted):
        services.period_create(
            actor=scoped["controller"],
            organisation=region.org,
            year=2024,
            kind=ReportingPeriod.Kind.UR2,
            first_month=1,
            last_month=8,
            deadline=dt.date(2024, 9, 15),
            scope=ReportingPeriod.Scope.FULL,
        )
    with pytest.raises(NotPermitted):
        services.period_close(actor=scoped["controller"], period=region.period)
    client = Client()
    client.force_login(scoped["controller"])
    response = client.get(reverse("followup:period_edit", kwargs={"pk": region.period.pk}))
    assert response.status_code == 403


def test_reminders_go_only_to_the_units_in_the_controllers_scope(region, scoped, mailoutbox):
    hsf_reporter = org_factories.user("hsf-rapportor")
    hsf_reporter.email = "hsf@example.se"
    hsf_reporter.save(update_fields=["email"])
    org_factories.grant(hsf_reporter, Role.REPORTER, region.org, unit=scoped["hsf"])
    region.reporter.email = "mat@example.se"
    region.reporter.save(update_fields=["email"])
    result = services.reminders_send(actor=scoped["controller"], period=region.period)
    # RSE-MAT's draft only: one unit, one e-mail, to its reporter
    assert result == {"units": 1, "emails": 1}
    assert [m.to for m in mailoutbox] == [["mat@example.se"]]
