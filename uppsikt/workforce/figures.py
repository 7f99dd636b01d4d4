"""The shape of a set of staff figures: one :class:`FigureResult` per unit and period, its
blocks (sickness, turnover) and their breakdowns by gender, age, extent and form, and the empty
block shown where a figure is suppressed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from .hrdata import FORM_FIXED_TERM, FORM_PERMANENT, Period
from .sick_spells import DAY_RANGES

GENDERS = ("K", "M")
AGE_GROUPS = ("-29", "30-49", "50-")
AGE_DECADES = ("-29", "30-39", "40-49", "50-59", "60-69", "70-")
EXTENT_GROUPS = ("full_time", "part_time")
FORM_GROUPS = (FORM_PERMANENT, FORM_FIXED_TERM)


def age_groups(age: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """An age's group in ``AGE_GROUPS`` and in ``AGE_DECADES``, as expressions."""
    age3 = (
        pl.when(age <= 29)
        .then(pl.lit("-29"))
        .when(age <= 49)
        .then(pl.lit("30-49"))
        .when(age >= 50)
        .then(pl.lit("50-"))
    )
    decade = (
        pl.when(age <= 29)
        .then(pl.lit("-29"))
        .when(age <= 39)
        .then(pl.lit("30-39"))
        .when(age <= 49)
        .then(pl.lit("40-49"))
        .when(age <= 59)
        .then(pl.lit("50-59"))
        .when(age <= 69)
        .then(pl.lit("60-69"))
        .when(age >= 70)
        .then(pl.lit("70-"))
    )
    return age3, decade


@dataclass
class FigureResult:
    unit: str
    period: Period
    figures: dict[str, Any]
    # Group sizes of the unit's own blocks (None when suppressed), for the rule that a table of
    # sub-units with exactly one suppressed sub-unit also suppresses the smallest other one.
    sizes: dict[str, int | None] = field(default_factory=dict)
    # Every block's true group size and additive amounts (sickness: ordinary hours; turnover:
    # month-end headcount rows and departures), also when suppressed. Read only by the
    # disclosure control (``disclosure.control``); never stored or shown.
    exposure: dict[str, tuple[int, tuple[float, ...]]] = field(default_factory=dict)


# A breakdown's name → the column the computation groups it by, and its groups.
DIMENSIONS = {
    "by_gender": ("gender", GENDERS),
    "by_age": ("age3", AGE_GROUPS),
    "by_age_decade": ("decade", AGE_DECADES),
    "by_extent": ("extent_group", EXTENT_GROUPS),
    "by_form": ("form", FORM_GROUPS),
}
SICKNESS_DIMENSIONS = ("by_gender", "by_age", "by_age_decade", "by_extent", "by_form")
TURNOVER_DIMENSIONS = ("by_gender", "by_age", "by_age_decade")


def empty_sickness() -> dict[str, Any]:
    """The sickness block of a suppressed figure: every value None."""
    block: dict[str, Any] = {
        "total": None,
        **{name: None for name, _lo, _hi in DAY_RANGES},
        "long_term_share": None,
        "sick_hours": None,
        "ordinary_hours": None,
    }
    for name in SICKNESS_DIMENSIONS:
        block[name] = dict.fromkeys(DIMENSIONS[name][1])
    return block


def empty_turnover() -> dict[str, Any]:
    """The turnover block of a suppressed figure: every value None."""
    block: dict[str, Any] = {
        "total": None,
        "retirement": None,
        "internal": None,
        "external": None,
        "departures": None,
        "average_headcount": None,
    }
    for name in TURNOVER_DIMENSIONS:
        block[name] = dict.fromkeys(DIMENSIONS[name][1])
    return block
