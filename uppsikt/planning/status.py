"""Indicator status (docs/definitions.md §4): met, near or not met, judged on unrounded values."""

from __future__ import annotations

import enum
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


class IndicatorStatus(enum.Enum):
    MET = "met"
    NEAR = "near"
    NOT_MET = "not_met"

    @property
    def symbol(self) -> str:
        return {"met": "●", "near": "◆", "not_met": "▲"}[self.value]

    @property
    def label(self) -> str:
        return str(
            {"met": _("Uppnått"), "near": _("Nära målvärdet"), "not_met": _("Ej uppnått")}[
                self.value
            ]
        )


def indicator_status(
    *, value: Decimal, target: Decimal, tolerance: Decimal, higher_is_better: bool
) -> IndicatorStatus:
    """Met at the target or on its right side; near when on the wrong side by at most the
    tolerance; otherwise not met. No rounding: 11.05 against 11 is 0.05 on the wrong side."""
    shortfall = (target - value) if higher_is_better else (value - target)
    if shortfall <= 0:
        return IndicatorStatus.MET
    if shortfall <= tolerance:
        return IndicatorStatus.NEAR
    return IndicatorStatus.NOT_MET
