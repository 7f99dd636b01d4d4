"""The follow-up calendar: controllers create the year's periods (the default of docs/definitions.md §1 or
their own) and change them in the browser; what a period asks for is fixed once it is opened."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from uppsikt.core.audit import AuditEvent
from uppsikt.core.exceptions import DomainError, InvalidTransition, NotPermitted
from uppsikt.core.permissions import SYSTEM
from uppsikt.followup import services
from uppsikt.followup.models import ReportingPeriod
from uppsikt.organisation.selectors import organisation_only

pytestmark = pytest.mark.django_db
Kind, Scope = ReportingPeriod.Kind, ReportingPeriod.Scope


def _ur1_2025(region, deadline=dt.date(2025, 5, 15), **kwargs):
    return services.period_create(
        actor=region.controller,
        organisation=region.org,
        year=2025,
        kind=kwargs.pop("kind", Kind.UR1),
        first_month=kwargs.pop("first_month", 1),
        last_month=kwargs.pop("last_month", 4),
        deadline=deadline,
        scope=kwargs.pop("scope", Scope.FULL),
    )


# --- the deadline lies after the period -------------------------------------------------------


def test_a_deadline_on_the_periods_last_day_is_refused(region):
    with pytest.raises(DomainError, match="efter periodens sista dag \\(2025-04-30\\)"):
        _ur1_2025(region, deadline=dt.date(2025, 4, 30))
    assert not ReportingPeriod.objects.filter(year=2025).exists()


def test_the_day_after_the_period_is_the_earliest_deadline(region):
    assert _ur1_2025(region, deadline=dt.date(2025, 5, 1)).deadline == dt.date(2025, 5, 1)


def test_the_annual_reports_deadline_falls_in_the_next_year(region):
    with pytest.raises(DomainError, match="2025-12-31"):
        _ur1_2025(region, kind=Kind.ANNUAL, last_month=12, deadline=dt.date(2025, 12, 31))
    annual = _ur1_2025(region, kind=Kind.ANNUAL, last_month=12, deadline=dt.date(2026, 1, 31))
    assert (annual.first_month, annual.last_month) == (1, 12)


def test_february_ends_on_the_29th_in_a_leap_year(region):
    feb = dict(kind=Kind.MONTHLY, first_month=2, last_month=2, scope=Scope.DEVIATION)
    with pytest.raises(DomainError, match="2024-02-29"):
        services.period_create(
            actor=region.controller,
            organisation=region.org,
            year=2024,
            deadline=dt.date(2024, 2, 29),
            **feb,
        )


@pytest.mark.parametrize(
    ("first", "last"), [(5, 4), (0, 4), (1, 13)], ids=["backwards", "month 0", "month 13"]
)
def test_months_outside_the_year_or_in_the_wrong_order_are_refused(region, first, last):
    with pytest.raises(DomainError):
        _ur1_2025(region, first_month=first, last_month=last, deadline=dt.date(2026, 2, 1))


def test_an_unknown_kind_or_scope_is_refused(region):
    with pytest.raises(DomainError):
        _ur1_2025(region, kind="quarterly")
    with pytest.raises(DomainError):
        _ur1_2025(region, scope="some")


# --- changing a period -------------------------------------------------------------------------


def test_ur1_can_cover_january_to_march_in_a_year_that_says_so(region):
    period = _ur1_2025(region)
    services.period_change(
        actor=region.controller,
        period=period,
        first_month=1,
        last_month=3,
        deadline=dt.date(2025, 4, 15),
        scope=Scope.FULL,
    )
    period.refresh_from_db()
    assert (period.months_label, period.deadline) == ("januari–mars", dt.date(2025, 4, 15))
    event = AuditEvent.objects.get(action="reporting_period.change")
    assert event.before["last_month"] == 4


def test_an_opened_period_keeps_its_months_and_scope_but_its_deadline_can_move(region):
    period = region.period  # UR1 2024, opened: it has assessments
    with pytest.raises(InvalidTransition, match="bara sista dagen"):
        services.period_change(
            actor=region.controller,
            period=period,
            first_month=1,
            last_month=3,
            deadline=dt.date(2024, 4, 15),
            scope=Scope.FULL,
        )
    with pytest.raises(InvalidTransition):
        services.period_change(
            actor=region.controller,
            period=period,
            first_month=1,
            last_month=4,
            deadline=dt.date(2024, 5, 15),
            scope=Scope.DEVIATION,
        )
    period.refresh_from_db()
    assert (period.last_month, period.scope) == (4, Scope.FULL)
    services.period_change(
        actor=region.controller,
        period=period,
        first_month=1,
        last_month=4,
        deadline=dt.date(2024, 5, 22),
        scope=Scope.FULL,
    )
    period.refresh_from_db()
    assert period.deadline == dt.date(2024, 5, 22)


def test_a_change_into_another_periods_months_is_refused(region):
    _ur1_2025(region)
    ur2 = _ur1_2025(region, kind=Kind.UR2, last_month=8, deadline=dt.date(2025, 9, 15))
    ur1_again = _ur1_2025(region, last_month=3, deadline=dt.date(2025, 4, 15))
    with pytest.raises(DomainError, match="finns redan"):
        services.period_change(
            actor=region.controller,
            period=ur1_again,
            first_month=1,
            last_month=4,
            deadline=dt.date(2025, 5, 15),
            scope=Scope.FULL,
        )
    ur2.refresh_from_db()
    assert ur2.last_month == 8


def test_only_those_who_follow_the_whole_organisation_change_the_calendar(region):
    period = _ur1_2025(region)
    for actor in (region.reporter, region.approver):
        with pytest.raises(NotPermitted):
            services.period_change(
                actor=actor,
                period=period,
                first_month=1,
                last_month=3,
                deadline=dt.date(2025, 4, 15),
                scope=Scope.FULL,
            )
    period.refresh_from_db()
    assert period.last_month == 4


def test_the_default_calendar_is_all_or_nothing(region):
    _ur1_2025(region)  # UR1 2025 exists already
    with pytest.raises(DomainError, match="finns redan"):
        services.periods_create_default(actor=SYSTEM, organisation=region.org, year=2025)
    assert ReportingPeriod.objects.filter(year=2025).count() == 1


# --- in the browser ----------------------------------------------------------------------------


@pytest.fixture
def as_user(client, region):
    assert organisation_only() == region.org

    def login(user):
        client.force_login(user)
        return client

    return login


def test_a_controller_creates_next_years_calendar(as_user, region):
    client = as_user(region.controller)
    page = client.get(reverse("followup:index")).content.decode()
    assert "Skapa standardkalendern" in page
    response = client.post(reverse("followup:calendar_create"), {"year": 2026})
    assert response.status_code == 302
    made = ReportingPeriod.objects.filter(year=2026).order_by("last_month", "kind")
    # docs/definitions.md §1: February monthly, UR1 Jan–Apr, UR2 Jan–Aug, October monthly, Årsrapport
    assert [(p.kind, p.first_month, p.last_month, p.scope) for p in made] == [
        (Kind.MONTHLY, 2, 2, Scope.DEVIATION),
        (Kind.UR1, 1, 4, Scope.FULL),
        (Kind.UR2, 1, 8, Scope.FULL),
        (Kind.MONTHLY, 10, 10, Scope.DEVIATION),
        (Kind.ANNUAL, 1, 12, Scope.FULL),
    ]
    assert made.get(kind=Kind.ANNUAL).deadline == dt.date(2027, 1, 31)
    again = client.post(reverse("followup:calendar_create"), {"year": 2026})
    assert again.status_code == 400
    assert "Kalendern för 2026 kunde inte skapas: Perioden finns redan." in again.content.decode()
    assert ReportingPeriod.objects.filter(year=2026).count() == 5


def test_a_controller_adds_a_period_and_sees_why_a_bad_one_is_refused(as_user, region):
    client = as_user(region.controller)
    data = {
        "year": 2025,
        "kind": Kind.UR1,
        "first_month": 1,
        "last_month": 3,
        "deadline": "2025-03-31",
        "scope": Scope.FULL,
    }
    refused = client.post(reverse("followup:period_add"), data)
    assert refused.status_code == 400
    assert "efter periodens sista dag (2025-03-31)" in refused.content.decode()
    assert not ReportingPeriod.objects.filter(year=2025).exists()
    data["deadline"] = "2025-04-15"
    assert client.post(reverse("followup:period_add"), data).status_code == 302
    assert ReportingPeriod.objects.get(year=2025).months_label == "januari–mars"


def test_a_controller_moves_the_deadline_of_an_open_period(as_user, region):
    client = as_user(region.controller)
    url = reverse("followup:period_edit", args=[region.period.pk])
    page = client.get(url).content.decode()
    assert "sista dagen kan flyttas" in page
    response = client.post(
        url, {"first_month": 1, "last_month": 4, "deadline": "2024-05-20", "scope": Scope.FULL}
    )
    assert response.status_code == 302
    region.period.refresh_from_db()
    assert region.period.deadline == dt.date(2024, 5, 20)
    refused = client.post(
        url, {"first_month": 1, "last_month": 3, "deadline": "2024-05-20", "scope": Scope.FULL}
    )
    assert refused.status_code == 400
    assert "bara sista dagen kan ändras" in refused.content.decode()


def test_reporters_neither_see_nor_use_the_calendar_forms(as_user, region):
    client = as_user(region.reporter)
    assert "Skapa standardkalendern" not in client.get(reverse("followup:index")).content.decode()
    assert client.post(reverse("followup:calendar_create"), {"year": 2026}).status_code == 403
    assert client.get(reverse("followup:period_edit", args=[region.period.pk])).status_code == 403
    assert not ReportingPeriod.objects.filter(year=2026).exists()
