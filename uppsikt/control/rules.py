"""The rules of internal control that need no database: the risk value, the matrix's cells, and
what a minutes item's decision means for the control plan it decided on."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


def risk_value(probability: int, consequence: int) -> int:
    """The risk value (riskvärde): probability × consequence."""
    return probability * consequence


def risk_band(value: int, *, top: int) -> str:
    """The band of a risk value on a scale whose highest value is ``top`` (4 × 4 gives 16):
    low up to a quarter of the top, high from a half, medium between. Used to name the matrix's
    cells in words (``BAND_LABELS``); a colour, where shown, only repeats the words."""
    if value * 4 <= top:
        return "low"
    if value * 2 > top:
        return "high"
    return "medium"


BAND_LABELS = {"low": _("Låg risk"), "medium": _("Medelhög risk"), "high": _("Hög risk")}


class PlanStatus(enum.Enum):
    """Where a control plan stands, read from its case, proposal and §."""

    DRAFT = "draft"  # no decision proposal yet
    PROPOSED = "proposed"  # a proposal, not yet decided in a §
    DECIDED = "decided"  # decided in a §, the minutes not yet approved
    ADOPTED = "adopted"  # decided and the § approved (justerad)
    NOT_ADOPTED = "not_adopted"  # the § rejected it, referred it back or postponed it

    @property
    def label(self) -> str:
        return str(PLAN_STATUS_LABELS[self])


PLAN_STATUS_LABELS = {
    PlanStatus.DRAFT: _("Utkast"),
    PlanStatus.PROPOSED: _("Beslutsförslag"),
    PlanStatus.DECIDED: _("Beslutad, protokollet ej justerat"),
    PlanStatus.ADOPTED: _("Antagen"),
    PlanStatus.NOT_ADOPTED: _("Inte antagen"),
}

# Motions that, when they carry, leave the proposal not adopted.
NOT_ADOPTING = ("reject", "refer_back", "postpone")
# The decision a motion to reject without its own text gives (meetings' item_decide), in the
# minutes' language.
REJECTED = frozenset({"avslå förslaget.", "reject the proposal."})


@dataclass(frozen=True)
class Motion:
    kind: str
    text: str
    points: Sequence[str]
    withdrawn: bool = False


def decision_status(
    *, decision_points: Sequence[str], approved: bool, motions: Iterable[Motion]
) -> PlanStatus:
    """What a § that handled the plan's proposal means for the plan.

    No decision written yet: still proposed. A decision that is the text of a motion to reject,
    refer back or postpone (the motion carried): not adopted. Otherwise the proposal (perhaps
    amended) is adopted once the § is approved, and decided until then.
    """
    points = [p.strip() for p in decision_points if p and p.strip()]
    if not points:
        return PlanStatus.PROPOSED
    for m in motions:
        if m.withdrawn or m.kind not in NOT_ADOPTING:
            continue
        said = [p.strip() for p in (m.points or [m.text]) if p and p.strip()]
        if said and all(p in points for p in said):
            return PlanStatus.NOT_ADOPTED
        if m.kind == "reject" and not said and len(points) == 1 and points[0] in REJECTED:
            return PlanStatus.NOT_ADOPTED
    return PlanStatus.ADOPTED if approved else PlanStatus.DECIDED
