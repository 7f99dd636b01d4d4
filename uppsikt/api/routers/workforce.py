"""The staff indicators (sickness absence, turnover), read as the screens read them: the
stored figure sets of the units in scope, passed through the disclosure control's gate
(``workforce.selectors.published_sets``) before anything leaves. Suppressed cells are null,
and a unit with sub-units shows no absolute figures (hours, departures, headcount)."""

from __future__ import annotations

import datetime as dt

from ninja import Router

from .. import pagination, selectors, tokens
from ..access import require_anywhere
from ..schemas import StaffFiguresOut
from .endpoint import listing, since
from .filters import body_filter, month_filter, unit_filter

router = Router(tags=["workforce"])


def figures_out(fs) -> dict:
    return {
        "id": fs.pk,
        "unit": fs.unit.code,
        "period": fs.period,
        "period_end": fs.period_end,
        "window_start": fs.window_start,
        "provisional": fs.provisional,
        "sickness": fs.figures.get("sickness") or {},
        "turnover": fs.figures.get("turnover") or {},
        "computed_at": fs.computed_at,
    }


@listing(router, "/staff-figures", StaffFiguresOut, "Personalnyckeltal (R12) per enhet och månad")
def staff_figures(
    request,
    cursor: str | None = None,
    limit: int = pagination.DEFAULT_LIMIT,
    unit: str | None = None,
    body: str | None = None,
    year: int | None = None,
    period: str | None = None,
    modified_since: dt.datetime | None = None,
):
    """The figure sets of the units whose staff figures the token may read (``unit``: that
    unit alone; ``period``: ÅÅÅÅ-MM; ``modified_since``: computed since)."""
    require_anywhere(request, "workforce.view")
    month = month_filter(period)
    found_body = body_filter(request, body)
    qs = selectors.staff_figure_sets(
        organisation=request.organisation,
        units_q=tokens.units_for(request.auth, "workforce.view"),
        unit=unit_filter(request, unit),
        year=month[0] if month else year,
        month=month[1] if month else None,
    )
    if found_body is not None:
        qs = qs.filter(unit__body=found_body)
    if month and year is not None and year != month[0]:
        qs = qs.none()
    qs = since(qs, modified_since, "computed_at")
    return pagination.page(
        qs,
        cursor=cursor,
        limit=limit,
        serialise=figures_out,
        prepare=selectors.staff_published,
    )
