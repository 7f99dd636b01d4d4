"""Indicator status (docs/definitions.md §4) at its boundaries, on unrounded values."""

from decimal import Decimal as D

import pytest

from uppsikt.planning.status import IndicatorStatus, indicator_status


def lower(value, target="11.0", tolerance="0.5"):
    return indicator_status(
        value=D(value), target=D(target), tolerance=D(tolerance), higher_is_better=False
    )


def higher(value, target="80", tolerance="2"):
    return indicator_status(
        value=D(value), target=D(target), tolerance=D(tolerance), higher_is_better=True
    )


def test_lower_is_better_exactly_at_target_is_met():
    assert lower("11.0") is IndicatorStatus.MET


def test_lower_is_better_below_target_is_met():
    assert lower("10.2") is IndicatorStatus.MET


def test_lower_is_better_just_above_target_is_near():
    # 11.05 − 11.0 = 0.05 on the wrong side, within the tolerance 0.5 (reference 003: ◆)
    assert lower("11.05") is IndicatorStatus.NEAR


def test_lower_is_better_exactly_at_tolerance_is_near():
    # 11.5 − 11.0 = 0.5 = the tolerance
    assert lower("11.5") is IndicatorStatus.NEAR


def test_lower_is_better_just_beyond_tolerance_is_not_met():
    # 11.500001 − 11.0 = 0.500001 > 0.5
    assert lower("11.500001") is IndicatorStatus.NOT_MET


def test_higher_is_better_exactly_at_target_is_met():
    assert higher("80") is IndicatorStatus.MET


def test_higher_is_better_exactly_at_tolerance_is_near():
    # 80 − 78 = 2 = the tolerance
    assert higher("78") is IndicatorStatus.NEAR


def test_higher_is_better_just_beyond_tolerance_is_not_met():
    # 80 − 77.99 = 2.01 > 2
    assert higher("77.99") is IndicatorStatus.NOT_MET


def test_a_value_that_would_round_to_the_target_is_still_judged_unrounded():
    # 5.2001 shows as 5,2 with one decimal, but lies 0.0001 on the wrong side of 5.2
    assert lower("5.2001", target="5.2", tolerance="0") is IndicatorStatus.NOT_MET


@pytest.mark.parametrize(
    ("status", "symbol", "label"),
    [
        (IndicatorStatus.MET, "●", "Uppnått"),
        (IndicatorStatus.NEAR, "◆", "Nära målvärdet"),
        (IndicatorStatus.NOT_MET, "▲", "Ej uppnått"),
    ],
)
def test_each_status_has_a_symbol_and_a_text(status, symbol, label):
    assert (status.symbol, status.label) == (symbol, label)
