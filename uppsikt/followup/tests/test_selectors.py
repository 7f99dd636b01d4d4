from __future__ import annotations

from decimal import Decimal

import pytest

from uppsikt.core.permissions import SYSTEM
from uppsikt.followup import selectors, services
from uppsikt.followup.models import Assessment
from uppsikt.planning.status import IndicatorStatus
from uppsikt.planning.tests import factories as plan_factories

pytestmark = pytest.mark.django_db


def test_progress_counts_each_units_assessments_by_state(region):
    plan_factories.plan_assignment(region.plan, region.mat, "Andra uppdraget")
    plan_factories.plan_assignment(region.plan, region.log, "Lagrets uppdrag")
    services.period_open(actor=SYSTEM, period=region.period)
    region.submitted()
    rows = {
        row.unit.code: (row.total, row.submitted, row.approved, row.missing)
        for row in selectors.progress(actor=SYSTEM, period=region.period)
    }
    # Måltidsservice: 2 items, 1 submitted, 1 missing; Lager: 1 item, missing
    assert rows == {"RSE-MAT": (2, 1, 0, 1), "RSE-LOG": (1, 0, 0, 1)}


def test_progress_is_read_in_two_queries(region, django_assert_num_queries):
    with django_assert_num_queries(2):
        selectors.progress(actor=SYSTEM, period=region.period)


def test_a_status_marked_as_a_deviation_is_listed(region):
    region.submitted("deviating")
    [deviation] = selectors.deviations(actor=SYSTEM, period=region.period)
    assert deviation.assessment.pk == region.assessment.pk


def test_a_status_on_track_is_not_a_deviation(region):
    region.submitted("on_track")
    assert selectors.deviations(actor=SYSTEM, period=region.period) == []


def test_a_forecast_marked_as_a_deviation_is_listed_beside_a_status_on_track(region):
    a = services.assessment_save_draft(
        actor=region.reporter,
        assessment=region.fresh(),
        version=region.fresh().version,
        status=region.level("on_track"),
        forecast=region.level("deviating"),
    )
    services.assessment_submit(actor=region.reporter, assessment=a, version=a.version)
    [deviation] = selectors.deviations(actor=SYSTEM, period=region.period)
    assert deviation.assessment.pk == a.pk
    assert deviation.assessment.status.code == "on_track"


def test_a_draft_is_not_yet_a_deviation(region):
    region.filled("deviating")
    assert selectors.deviations(actor=SYSTEM, period=region.period) == []


def test_an_indicator_outside_its_target_is_a_deviation_with_its_status(region):
    indicator = plan_factories.indicator(region.org)
    plan_factories.target(indicator, unit=region.mat, value="11.0", tolerance="0.5")
    services.period_open(actor=SYSTEM, period=region.period)
    a = Assessment.objects.get(period=region.period, indicator=indicator)
    a = services.assessment_save_draft(
        actor=region.reporter, assessment=a, version=a.version, actual_value=Decimal("12")
    )
    services.assessment_submit(actor=region.reporter, assessment=a, version=a.version)
    [deviation] = selectors.deviations(actor=SYSTEM, period=region.period)
    # 12 − 11.0 = 1.0 above the target, beyond the tolerance 0.5
    assert deviation.indicator_status is IndicatorStatus.NOT_MET


def test_the_latest_assessment_is_the_latest_reported_one(region):
    a = region.submitted()
    latest = selectors.latest_assessments(kind="assignment", ids=[region.assignment.pk])
    assert latest[region.assignment.pk].pk == a.pk


def test_a_draft_is_not_the_latest_assessment(region):
    region.filled()
    assert selectors.latest_assessments(kind="assignment", ids=[region.assignment.pk]) == {}


def test_the_reporting_units_are_those_of_the_reporters_roles(region):
    units = selectors.reporting_units(actor=region.reporter, organisation=region.org)
    assert units == [region.mat]


def test_a_units_to_do_list_takes_the_same_few_queries_however_long_it_is(
    region, django_assert_num_queries
):
    for n in range(3):
        plan_factories.plan_assignment(region.plan, region.mat, f"Uppdrag {n}")
    services.period_open(actor=SYSTEM, period=region.period)
    # the assessments of the subtree's units, and the items of the one kind present
    with django_assert_num_queries(2):
        rows = selectors.assessments_for(unit=region.rse, period=region.period)
        titles = [a.item.title for a in rows]
        assert all(a.period is region.period for a in rows)
    assert sorted(titles) == ["Minska matsvinnet", "Uppdrag 0", "Uppdrag 1", "Uppdrag 2"]


def test_a_units_to_do_list_is_its_subtrees_and_no_other_units(region):
    services.period_open(actor=SYSTEM, period=region.period)
    plan_factories.plan_assignment(region.plan, region.log, "Lagrets uppdrag")
    services.period_open(actor=SYSTEM, period=region.period)
    titles = lambda unit: sorted(  # noqa: E731
        a.item.title for a in selectors.assessments_for(unit=unit, period=region.period)
    )
    assert titles(region.mat) == ["Minska matsvinnet"]
    assert titles(region.log) == ["Lagrets uppdrag"]
    assert titles(region.rse) == ["Lagrets uppdrag", "Minska matsvinnet"]


def test_the_scales_of_the_kinds_asked_for_in_one_query(region, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = selectors.scales(
            organisation_id=region.org.pk, kinds=("assignment", "goal", "activity")
        )
    assert set(found) == {"assignment", "goal", "activity"}
    for kind, levels in found.items():
        assert levels == selectors.scale(organisation=region.org, item_kind=kind)
