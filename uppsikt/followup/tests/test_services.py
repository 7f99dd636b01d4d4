from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from uppsikt.core.exceptions import DomainError, InvalidTransition, NotPermitted
from uppsikt.core.models import AuditEvent
from uppsikt.core.permissions import SYSTEM
from uppsikt.followup import services
from uppsikt.followup.models import Assessment, ItemKind, ReportingPeriod
from uppsikt.organisation.tests import factories as org_factories
from uppsikt.planning.tests import factories as plan_factories

pytestmark = pytest.mark.django_db

STALE = "har ändrats av någon annan sedan du öppnade den"


# --- the calendar -------------------------------------------------------------------------


def test_the_default_calendar_has_the_five_periods_of_the_yearly_cycle(db):
    org = org_factories.organisation()
    periods = services.periods_create_default(actor=SYSTEM, organisation=org, year=2024)
    assert [(p.kind, p.first_month, p.last_month, p.scope) for p in periods] == [
        ("monthly", 2, 2, "deviation"),
        ("ur1", 1, 4, "full"),
        ("ur2", 1, 8, "full"),
        ("monthly", 10, 10, "deviation"),
        ("annual", 1, 12, "full"),
    ]


def test_the_annual_reports_deadline_falls_in_the_next_year(db):
    org = org_factories.organisation()
    periods = services.periods_create_default(actor=SYSTEM, organisation=org, year=2024)
    assert periods[-1].deadline == dt.date(2025, 1, 31)


def test_the_calendar_is_configurable(db):
    org = org_factories.organisation()
    calendar = [(ReportingPeriod.Kind.UR1, 1, 6, ReportingPeriod.Scope.FULL, (7, 1))]
    [period] = services.periods_create_default(
        actor=SYSTEM, organisation=org, year=2025, calendar=calendar
    )
    assert (period.last_month, period.deadline) == (6, dt.date(2025, 7, 1))


def test_a_period_cannot_end_before_it_begins(db):
    org = org_factories.organisation()
    with pytest.raises(DomainError):
        services.period_create(
            actor=SYSTEM,
            organisation=org,
            year=2024,
            kind=ReportingPeriod.Kind.UR1,
            first_month=5,
            last_month=4,
            deadline=dt.date(2024, 5, 15),
            scope=ReportingPeriod.Scope.FULL,
        )


def test_a_reporter_may_not_create_a_period(region):
    with pytest.raises(NotPermitted):
        services.periods_create_default(actor=region.reporter, organisation=region.org, year=2025)


# --- opening a period ---------------------------------------------------------------------


def test_opening_a_period_gives_each_item_a_draft_for_its_responsible_unit(region):
    a = region.assessment
    assert (a.unit, a.item_kind, a.state, a.version) == (
        region.mat,
        ItemKind.ASSIGNMENT,
        Assessment.State.DRAFT,
        1,
    )


def test_opening_a_period_twice_creates_nothing_new(region):
    assert services.period_open(actor=SYSTEM, period=region.period) == []


def test_a_deviation_period_asks_only_for_indicators_with_a_unit_target(region):
    indicator = plan_factories.indicator(region.org)
    plan_factories.target(indicator, unit=region.mat)
    period = services.period_create(
        actor=SYSTEM,
        organisation=region.org,
        year=2024,
        kind=ReportingPeriod.Kind.MONTHLY,
        first_month=2,
        last_month=2,
        deadline=dt.date(2024, 3, 10),
        scope=ReportingPeriod.Scope.DEVIATION,
    )
    created = services.period_open(actor=SYSTEM, period=period)
    assert [(a.item_kind, a.indicator, a.unit) for a in created] == [
        (ItemKind.INDICATOR, indicator, region.mat)
    ]


def test_a_draft_plans_items_are_not_asked_for(region):
    draft = plan_factories.plan(region.org, org_factories.body(region.org, "RS"), adopted=False)
    plan_factories.plan_assignment(draft, region.mat)
    assert services.period_open(actor=SYSTEM, period=region.period) == []


# --- saving a draft -----------------------------------------------------------------------


def test_saving_a_draft_stores_it_and_raises_the_version(region):
    a = region.filled()
    assert (a.status.code, a.comment, a.version) == ("on_track", "<p>Arbetet pågår.</p>", 2)
    assert AuditEvent.objects.filter(action="assessment.save", object_id=str(a.pk)).count() == 1


def test_saving_with_a_stale_version_is_refused(region):
    region.filled()  # version 1 → 2 by someone else
    with pytest.raises(DomainError, match=STALE):
        services.assessment_save_draft(
            actor=region.reporter, assessment=region.assessment, version=1, comment="Min text"
        )
    assert region.fresh().comment == "<p>Arbetet pågår.</p>"


def test_the_comment_is_sanitised(region):
    a = region.fresh()
    a = services.assessment_save_draft(
        actor=region.reporter,
        assessment=a,
        version=a.version,
        comment='<p>Ok<img src="x" onerror="alert(1)"></p>',
    )
    assert a.comment == "<p>Ok</p>"


def test_a_level_from_another_scale_is_refused(region):
    a = region.fresh()
    with pytest.raises(DomainError, match="skalan"):
        services.assessment_save_draft(
            actor=region.reporter,
            assessment=a,
            version=a.version,
            status=region.level("achieved", ItemKind.GOAL),
        )


def test_only_an_indicator_has_an_actual_value(region):
    a = region.fresh()
    with pytest.raises(DomainError):
        services.assessment_save_draft(
            actor=region.reporter, assessment=a, version=a.version, actual_value=Decimal("1")
        )


def test_a_reporter_on_another_unit_may_not_save(region):
    other = org_factories.user("annan")
    org_factories.grant(other, "reporter", region.org, unit=region.log)
    a = region.fresh()
    with pytest.raises(NotPermitted):
        services.assessment_save_draft(actor=other, assessment=a, version=a.version)


def test_the_approver_may_not_save_a_draft(region):
    a = region.fresh()
    with pytest.raises(NotPermitted):
        services.assessment_save_draft(actor=region.approver, assessment=a, version=a.version)


def test_nothing_is_saved_in_a_closed_period(region):
    services.period_close(actor=SYSTEM, period=region.period)
    a = region.fresh()
    with pytest.raises(InvalidTransition, match="stängd"):
        services.assessment_save_draft(actor=region.reporter, assessment=a, version=a.version)


# --- submitting ---------------------------------------------------------------------------


def test_submitting_makes_the_assessment_submitted(region):
    a = region.submitted()
    assert (a.state, a.version) == (Assessment.State.SUBMITTED, 3)
    assert a.submitted_at is not None
    assert AuditEvent.objects.filter(action="assessment.submit", object_id=str(a.pk)).exists()


def test_submitting_without_a_status_is_refused(region):
    a = region.fresh()
    with pytest.raises(DomainError, match="Välj en bedömning"):
        services.assessment_submit(actor=region.reporter, assessment=a, version=a.version)


def test_submitting_with_a_stale_version_is_refused(region):
    region.filled()
    with pytest.raises(DomainError, match=STALE):
        services.assessment_submit(actor=region.reporter, assessment=region.assessment, version=1)


def test_a_submitted_assessment_cannot_be_edited(region):
    a = region.submitted()
    with pytest.raises(InvalidTransition, match="kan inte ändras"):
        services.assessment_save_draft(
            actor=region.reporter, assessment=a, version=a.version, comment="Ändrad"
        )


def test_a_submitted_assessment_cannot_be_submitted_again(region):
    a = region.submitted()
    with pytest.raises(InvalidTransition):
        services.assessment_submit(actor=region.reporter, assessment=a, version=a.version)


def test_an_indicator_is_submitted_with_its_actual_value(region):
    indicator = plan_factories.indicator(region.org)
    plan_factories.target(indicator, unit=region.mat)
    services.period_open(actor=SYSTEM, period=region.period)
    a = Assessment.objects.get(period=region.period, indicator=indicator)
    a = services.assessment_save_draft(
        actor=region.reporter, assessment=a, version=a.version, actual_value=Decimal("11.05")
    )
    a = services.assessment_submit(actor=region.reporter, assessment=a, version=a.version)
    assert (a.state, a.actual_value) == (Assessment.State.SUBMITTED, Decimal("11.05"))


def test_an_indicator_without_value_or_explanation_cannot_be_submitted(region):
    indicator = plan_factories.indicator(region.org)
    plan_factories.target(indicator, unit=region.mat)
    services.period_open(actor=SYSTEM, period=region.period)
    a = Assessment.objects.get(period=region.period, indicator=indicator)
    with pytest.raises(DomainError, match="Ange utfallet"):
        services.assessment_submit(actor=region.reporter, assessment=a, version=a.version)


# --- approving and returning --------------------------------------------------------------


def test_the_approver_above_the_unit_approves(region):
    a = region.submitted()
    a = services.assessment_approve(actor=region.approver, assessment=a, version=a.version)
    assert (a.state, a.version) == (Assessment.State.APPROVED, 4)
    assert a.approved_at is not None
    assert AuditEvent.objects.filter(action="assessment.approve", object_id=str(a.pk)).exists()


def test_a_draft_cannot_be_approved(region):
    a = region.filled()
    with pytest.raises(InvalidTransition, match="Bara inlämnade"):
        services.assessment_approve(actor=region.approver, assessment=a, version=a.version)


def test_an_approved_assessment_cannot_be_edited(region):
    a = region.submitted()
    a = services.assessment_approve(actor=region.approver, assessment=a, version=a.version)
    with pytest.raises(InvalidTransition):
        services.assessment_save_draft(actor=region.reporter, assessment=a, version=a.version)


def test_the_reporter_may_not_approve(region):
    a = region.submitted()
    with pytest.raises(NotPermitted):
        services.assessment_approve(actor=region.reporter, assessment=a, version=a.version)


def test_an_approver_on_another_unit_may_not_approve(region):
    other = org_factories.user("annan")
    org_factories.grant(other, "approver", region.org, unit=region.log)
    a = region.submitted()
    with pytest.raises(NotPermitted):
        services.assessment_approve(actor=other, assessment=a, version=a.version)


def test_approving_with_a_stale_version_is_refused(region):
    a = region.submitted()
    with pytest.raises(DomainError, match=STALE):
        services.assessment_approve(actor=region.approver, assessment=a, version=a.version - 1)


def test_returning_sends_the_assessment_back_with_the_reason(region):
    a = region.submitted()
    a = services.assessment_return(
        actor=region.approver, assessment=a, version=a.version, comment="Beskriv avvikelsen."
    )
    assert (a.state, a.return_comment) == (Assessment.State.RETURNED, "Beskriv avvikelsen.")
    assert AuditEvent.objects.filter(action="assessment.return", object_id=str(a.pk)).exists()


def test_returning_without_a_reason_is_refused(region):
    a = region.submitted()
    with pytest.raises(DomainError, match="Skriv varför"):
        services.assessment_return(
            actor=region.approver, assessment=a, version=a.version, comment="  "
        )


def test_a_draft_cannot_be_returned(region):
    a = region.filled()
    with pytest.raises(InvalidTransition):
        services.assessment_return(
            actor=region.approver, assessment=a, version=a.version, comment="Nej"
        )


def test_a_returned_assessment_can_be_edited_and_submitted_again(region):
    a = region.submitted()
    a = services.assessment_return(
        actor=region.approver, assessment=a, version=a.version, comment="Komplettera."
    )
    a = services.assessment_save_draft(
        actor=region.reporter,
        assessment=a,
        version=a.version,
        status=region.level("deviating"),
        comment="Försenat.",
    )
    a = services.assessment_submit(actor=region.reporter, assessment=a, version=a.version)
    assert (a.state, a.status.code) == (Assessment.State.SUBMITTED, "deviating")


def test_a_goal_with_a_responsible_unit_is_assessed_on_the_goal_scale(region):
    goal = plan_factories.body_goal(region.plan, responsible_unit=region.mat)
    services.period_open(actor=SYSTEM, period=region.period)
    a = Assessment.objects.get(period=region.period, goal=goal)
    a = services.assessment_save_draft(
        actor=region.reporter,
        assessment=a,
        version=a.version,
        status=region.level("partly", ItemKind.GOAL),
        forecast=region.level("achieved", ItemKind.GOAL),
    )
    assert (a.status.label, a.forecast.label) == ("Uppnås delvis", "Uppnås")
