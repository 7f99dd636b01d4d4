"""Disclosure control: the one gate between the computed staff figures and every way out.

Every unit's figures cover its whole subtree, so the figures of a unit and of some of its
sub-units can be subtracted from one another. The rule (docs/workforce.md, *Disclosure
control*):

1. Primary suppression (in ``compute``): a group of 10 or fewer persons is not shown.
2. Complementary suppression (``control``, at computation time, with the true group sizes that
   never leave the computation): for every shown unit U, the *rest* of U — U less its largest
   shown units below it — is what subtraction gives. The rest must be empty or hold more than
   10 persons; otherwise the smallest shown unit below U is suppressed as well (its people join
   the rest), until it does. With a tree, every figure anyone can derive from shown figures is a
   sum of such rests and shown units, so each is empty or more than 10 persons.
3. Absolute figures (hours, departures, headcount) are published only for units without
   sub-units (``published``): for a unit with sub-units, only percentages leave, whose
   denominators are unknown, so not even the rest's figure follows exactly.

``control`` is applied to every computation before it is stored or returned; ``published``
to every stored figure set a selector hands out and to the command's output.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .compute import SUPPRESS_AT_MOST
from .figures import FigureResult, empty_sickness, empty_turnover

# Stored with the figures' parameters: figure sets computed before complementary suppression
# lack it and are recomputed with ``uppsikt compute workforce --recompute``.
VERSION = "complementary suppression over the unit tree (2026)"
BLOCKS = ("sickness", "turnover")
ABSOLUTE = {
    "sickness": ("sick_hours", "ordinary_hours"),
    "turnover": ("departures", "average_headcount"),
}
_EMPTY = {"sickness": empty_sickness, "turnover": empty_turnover}
# Hours are summed in floating point; an own amount below this is no one's hours.
_EPSILON = 1e-6


def complementary_suppression(
    *,
    tree: Sequence[tuple[str, str | None]],
    persons: Mapping[str, int],
    own_amount: Mapping[str, float],
    primary: Iterable[str],
) -> set[str]:
    """The units to suppress so that no rest of a shown unit is a group of 1–10 persons.

    ``persons``: each unit's true group size (its subtree); ``own_amount``: the unit's amount
    (hours, headcount rows, departures) not in any of its sub-units, i.e. its own staff;
    ``primary``: the units suppressed for their own size. Returns ``primary`` and the units
    suppressed to protect them.
    """
    children: dict[str | None, list[str]] = defaultdict(list)
    for code, parent in tree:
        children[parent].append(code)
    hidden = set(primary)
    codes = sorted(code for code, _parent in tree)
    changed = True
    while changed:
        changed = False
        for unit in codes:
            if unit in hidden:
                continue
            # the shown units directly below U's rest, and the suppressed units in it
            frontier, inside = [], []
            stack = list(children[unit])
            while stack:
                code = stack.pop()
                if code in hidden:
                    inside.append(code)
                    stack.extend(children[code])
                else:
                    frontier.append(code)
            # persons in the rest: at least U's less those of the shown units below it (a
            # person may work in two units; counting them twice only makes this smaller)
            at_least = persons.get(unit, 0) - sum(persons.get(code, 0) for code in frontier)
            empty = (
                at_least <= 0
                and abs(own_amount.get(unit, 0.0)) <= _EPSILON
                and not any(persons.get(code, 0) > 0 for code in inside)
            )
            if empty or at_least > SUPPRESS_AT_MOST:
                continue
            candidates = [code for code in frontier if persons.get(code, 0) > 0]
            if not candidates:
                continue
            hidden.add(min(candidates, key=lambda code: (persons.get(code, 0), code)))
            changed = True
    return hidden


def control(
    results: Sequence[FigureResult], *, tree: Sequence[tuple[str, str | None]]
) -> list[FigureResult]:
    """Apply complementary suppression to ``results`` (every unit of ``tree`` for each period),
    in place; returns them."""
    children: dict[str | None, list[str]] = defaultdict(list)
    for code, parent in tree:
        children[parent].append(code)
    by_period: dict[Any, dict[str, FigureResult]] = defaultdict(dict)
    for result in results:
        by_period[result.period][result.unit] = result
    for period_results in by_period.values():
        for block in BLOCKS:
            persons = {code: r.exposure[block][0] for code, r in period_results.items()}
            amounts = {code: r.exposure[block][1] for code, r in period_results.items()}
            own = {}
            for code, amount in amounts.items():
                below = [amounts[c] for c in children[code] if c in amounts]
                own[code] = max(
                    (abs(value - sum(b[i] for b in below)) for i, value in enumerate(amount)),
                    default=0.0,
                )
            primary = {
                code for code, r in period_results.items() if r.figures[block]["total"] is None
            }
            hidden = complementary_suppression(
                tree=[(c, p) for c, p in tree if c in period_results],
                persons=persons,
                own_amount=own,
                primary=primary,
            )
            for code in hidden - primary:
                result = period_results[code]
                result.figures[block] = _EMPTY[block]()
                result.sizes[block] = None
    return list(results)


def published(figures: dict[str, Any], *, has_sub_units: bool) -> dict[str, Any]:
    """What of a unit's (controlled) figures may leave Uppsikt: a copy without the absolute
    figures when the unit has sub-units."""
    out = copy.deepcopy(figures)
    if has_sub_units:
        for block, keys in ABSOLUTE.items():
            if isinstance(out.get(block), dict):
                for key in keys:
                    out[block][key] = None
    return out


def published_result(result: FigureResult, *, has_sub_units: bool) -> FigureResult:
    """``result`` as it may leave Uppsikt (for the command's output)."""
    return FigureResult(
        unit=result.unit,
        period=result.period,
        figures=published(result.figures, has_sub_units=has_sub_units),
        sizes=dict(result.sizes),
    )
