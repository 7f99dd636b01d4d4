"""The rules without the database: risk value and band, and what a § means for the plan."""

from __future__ import annotations

import pytest

from uppsikt.control.rules import Motion, PlanStatus, decision_status, risk_band, risk_value


def test_the_risk_value_is_probability_times_consequence():
    assert risk_value(3, 4) == 12
    assert risk_value(1, 1) == 1


@pytest.mark.parametrize(
    ("value", "band"),
    [
        # on 4 × 4 (top 16): low up to 16/4 = 4, high above 16/2 = 8, medium between
        (1, "low"),
        (4, "low"),
        (5, "medium"),
        (8, "medium"),
        (9, "high"),
        (16, "high"),
    ],
)
def test_the_band_of_a_risk_value_on_a_four_by_four_scale(value, band):
    assert risk_band(value, top=16) == band


def test_the_band_follows_a_larger_scale():
    # 5 × 5 (top 25): 6·4 = 24 ≤ 25, low; 7·4 = 28 > 25, medium; 12·2 = 24 ≤ 25; 13·2 = 26 > 25, high
    assert risk_band(6, top=25) == "low"
    assert risk_band(7, top=25) == "medium"
    assert risk_band(12, top=25) == "medium"
    assert risk_band(13, top=25) == "high"


def test_a_section_without_a_decision_leaves_the_plan_proposed():
    assert decision_status(decision_points=[], approved=False, motions=[]) is PlanStatus.PROPOSED
    assert decision_status(decision_points=["  "], approved=True, motions=[]) is (
        PlanStatus.PROPOSED
    )


def test_a_decision_adopts_the_plan_once_the_section_is_approved():
    points = ["anta internkontrollplan 2025 för Driftnämnden Regionservice."]
    assert decision_status(decision_points=points, approved=False, motions=[]) is (
        PlanStatus.DECIDED
    )
    assert decision_status(decision_points=points, approved=True, motions=[]) is (
        PlanStatus.ADOPTED
    )


def test_a_motion_to_reject_that_carried_leaves_the_plan_not_adopted():
    reject = Motion(kind="reject", text="avslå förslaget om internkontrollplan.", points=[])
    assert (
        decision_status(
            decision_points=["avslå förslaget om internkontrollplan."],
            approved=True,
            motions=[reject],
        )
        is PlanStatus.NOT_ADOPTED
    )


def test_a_motion_to_reject_without_text_that_carried_leaves_the_plan_not_adopted():
    # meetings writes "avslå förslaget." for a motion to reject that has no text of its own
    reject = Motion(kind="reject", text="", points=[])
    assert (
        decision_status(decision_points=["avslå förslaget."], approved=True, motions=[reject])
        is PlanStatus.NOT_ADOPTED
    )


def test_a_motion_to_refer_back_that_carried_leaves_the_plan_not_adopted():
    refer = Motion(kind="refer_back", text="", points=["återremittera ärendet."])
    assert (
        decision_status(decision_points=["återremittera ärendet."], approved=True, motions=[refer])
        is PlanStatus.NOT_ADOPTED
    )


def test_a_motion_that_lost_or_was_withdrawn_does_not_stop_the_adoption():
    points = ["anta internkontrollplan 2025."]
    lost = Motion(kind="reject", text="avslå förslaget.", points=[])
    withdrawn = Motion(
        kind="reject", text="anta internkontrollplan 2025.", points=[], withdrawn=True
    )
    assert decision_status(decision_points=points, approved=True, motions=[lost, withdrawn]) is (
        PlanStatus.ADOPTED
    )


def test_an_amendment_that_carried_still_adopts_the_plan():
    amend = Motion(kind="amend", text="", points=["anta planen med ändringen."])
    assert (
        decision_status(
            decision_points=["anta planen med ändringen."], approved=True, motions=[amend]
        )
        is PlanStatus.ADOPTED
    )
