"""The reads: the summary of outcomes per control question and period, the year's counts, the
risk matrix, and a unit's results for its to-do page."""

from __future__ import annotations

import datetime as dt

import pytest

from uppsikt.control import selectors, services
from uppsikt.control.models import Outcome, Risk
from uppsikt.core.permissions import SYSTEM
from uppsikt.followup import services as followup

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(region):
    """An adopted plan with two control points, both reported in UR1 and UR2:
    A (Måltidsservice): UR1 approved ▲ deviation, UR2 submitted ● none;
    B (Regionservice): UR1 approved ◆ minor, UR2 still a draft with ● filled in.
    A's UR1 deviation has two actions, one done; B has an accepted risk beside it."""
    plan = region.plan()
    risk_a = region.risk(plan, process="Utbetalningar", probability=2, consequence=3)
    risk_b = region.risk(plan, process="Rutiner", probability=3, consequence=3)
    region.risk(
        plan, decision=Risk.Decision.ACCEPT, process="Extremväder", probability=1, consequence=4
    )
    a = region.point(
        risk_a,
        question="Sker utbetalningar utifrån korrekta underlag?",
        periods=[region.ur1, region.ur2],
    )
    b = region.point(
        risk_b, unit=region.rse, question="Följs rutinerna?", periods=[region.ur1, region.ur2]
    )
    region.adopt(plan)
    for period in (region.ur1, region.ur2):
        followup.period_open(actor=SYSTEM, period=period)
    reporter_rse = region.admin  # an administrator on DNRS reports and approves for RSE

    def report(point, period, outcome, *, user, approve=False, submit=True):
        r = region.result(point, period)
        r = services.result_save_draft(
            actor=user, result=r, version=r.version, outcome=outcome, checked="Kontrollerat."
        )
        if submit:
            r = services.result_submit(actor=user, result=r, version=r.version)
        if approve:
            r = services.result_approve(actor=region.admin, result=r, version=r.version)
        return r

    a1 = report(a, region.ur1, "deviation", user=region.reporter, approve=True)
    report(a, region.ur2, "none", user=region.reporter)
    report(b, region.ur1, "minor", user=reporter_rse, approve=True)
    report(b, region.ur2, "none", user=reporter_rse, submit=False)
    done = services.action_create(
        actor=region.reporter,
        result=a1,
        description="Ny attestrutin",
        owner=region.cook,
        due_date=dt.date(2025, 6, 30),
    )
    services.action_update(
        actor=region.reporter,
        action=done,
        version=1,
        description=done.description,
        owner=region.cook,
        due_date=done.due_date,
        status="done",
    )
    services.action_create(
        actor=region.reporter,
        result=a1,
        description="Utbilda attestanter",
        owner=region.cook,
        due_date=dt.date(2025, 12, 31),
    )
    return {"plan": plan, "a": a, "b": b}


def test_the_summary_gives_each_question_its_reported_outcome_per_period(region, reported):
    summary = selectors.control_summary(body=region.dnrs, year=2025)
    assert summary.plan == reported["plan"]
    assert summary.periods == (region.ur1, region.ur2)
    assert summary.column_labels == ("April", "Augusti")
    assert [(row.question, row.outcomes, row.approved) for row in summary.rows] == [
        (
            "Sker utbetalningar utifrån korrekta underlag?",
            (Outcome.DEVIATION, Outcome.NONE),
            (True, False),
        ),
        # B's UR2 is a draft: not reported
        ("Följs rutinerna?", (Outcome.MINOR, None), (True, False)),
    ]
    assert summary.rows[0].outcomes[0].symbol == "▲"


def test_the_summary_takes_the_periods_asked_for_in_their_order(region, reported):
    summary = selectors.control_summary(body=region.dnrs, year=2025, periods=[region.ur2])
    assert [row.outcomes for row in summary.rows] == [(Outcome.NONE,), (None,)]
    # a period the plan does not report in: nothing
    summary = selectors.control_summary(body=region.dnrs, year=2025, periods=[region.ar])
    assert [row.outcomes for row in summary.rows] == [(None,), (None,)]


def test_a_body_without_a_plan_has_an_empty_summary(region, reported):
    summary = selectors.control_summary(body=region.dnks, year=2025)
    assert (summary.plan, summary.rows) == (None, ())
    assert selectors.control_summary(body=region.dnrs, year=2024).rows == ()


def test_the_summary_is_read_in_a_fixed_number_of_queries(
    region, reported, django_assert_num_queries
):
    with django_assert_num_queries(4):  # plan, periods, control points, results
        selectors.control_summary(body=region.dnrs, year=2025)


def test_the_years_counts_cover_reported_results_and_their_actions(region, reported):
    counts = selectors.year_counts(plan=reported["plan"])
    # reported: A UR1 ▲, A UR2 ●, B UR1 ◆ (B UR2 is a draft)
    assert (counts.control_points, counts.reported) == (2, 3)
    assert (counts.no_deviation, counts.minor, counts.deviation) == (1, 1, 1)
    assert (counts.actions, counts.actions_done, counts.actions_open, counts.actions_raised) == (
        2,
        1,
        1,
        0,
    )


def test_the_matrix_places_each_risk_by_probability_and_consequence(region, reported):
    matrix = selectors.risk_matrix(plan=reported["plan"])
    # rows from probability 4 down to 1, columns consequence 1 to 4
    assert [row.step.value for row in matrix.rows] == [4, 3, 2, 1]
    assert [s.value for s in matrix.consequence] == [1, 2, 3, 4]
    cells = {(c.probability, c.consequence): c for row in matrix.rows for c in row.cells}
    assert [r.process for r in cells[(2, 3)].risks] == ["Utbetalningar"]
    assert [r.process for r in cells[(3, 3)].risks] == ["Rutiner"]
    assert [r.process for r in cells[(1, 4)].risks] == ["Extremväder"]
    assert sum(len(c.risks) for c in cells.values()) == 3
    # 3 × 3 = 9 > 16/2: high; 2 × 3 = 6: medium; 1 × 4 = 4 ≤ 16/4: low
    assert (cells[(3, 3)].band, cells[(2, 3)].band, cells[(1, 4)].band) == (
        "high",
        "medium",
        "low",
    )
    assert cells[(3, 3)].band_label == "Hög risk"


def test_a_units_to_do_has_the_results_of_its_subtree(region, reported):
    at_rse = selectors.results_for(unit=region.rse, period=region.ur1)
    assert [r.control_point for r in at_rse] == [reported["b"], reported["a"]]  # by unit path
    at_mat = selectors.results_for(unit=region.mat, period=region.ur1)
    assert [r.control_point for r in at_mat] == [reported["a"]]
    assert selectors.results_for(unit=region.log, period=region.ur1) == []


def test_a_plan_not_yet_adopted_puts_nothing_on_the_to_do(region):
    plan = region.plan()
    region.point(region.risk(plan))
    assert selectors.results_for(unit=region.rse, period=region.ur1) == []


def test_the_actions_to_follow_are_those_in_the_users_scope(region, reported):
    open_for_reporter = selectors.actions_to_follow(actor=region.reporter, organisation=region.org)
    assert [a.description for a in open_for_reporter] == ["Utbilda attestanter"]
    every = selectors.actions_to_follow(
        actor=region.reporter, organisation=region.org, open_only=False
    )
    assert len(every) == 2
    assert (
        selectors.actions_to_follow(actor=region.reporter_elsewhere, organisation=region.org) == []
    )
    # the controller of the plan's body follows them too
    assert len(selectors.actions_to_follow(actor=region.controller, organisation=region.org)) == 1
