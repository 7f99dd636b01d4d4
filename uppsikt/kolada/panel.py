"""The Kolada comparison on an indicator's page in a plan (registered with planning's
``indicator_panels`` from ``KoladaConfig.ready``): ours beside the peers', a table and a chart."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from uppsikt.documents import charts
from uppsikt.documents.document import Chart, Series
from uppsikt.organisation.permissions import has_permission
from uppsikt.planning.selectors import plan_scope

from . import selectors
from .forms import ComparisonForm
from .regions import REGION_IDS


def _chart(table: selectors.ComparisonTable, decimals: int, unit: str) -> str:
    own = [float(v) if v is not None else None for v in table.own_series]
    median = [float(v) if v is not None else None for v in table.peer_median]
    chart = Chart(
        title=_("%(kpi)s: %(own)s och övriga (median)")
        % {"kpi": table.comparison.kpi, "own": table.own_name},
        labels=[str(y) for y in table.years],
        series=[
            Series(label=table.own_name, values=own),
            Series(label=_("Övriga (median)"), values=median, style="dashed"),
        ],
        alt=_(
            "Linjediagram över %(own)s och medianen av de övriga per år; "
            "samma värden finns i tabellen."
        )
        % {"own": table.own_name},
        unit=unit,
        decimals=decimals,
    )
    return charts.svg(chart, ident=f"kolada-{table.comparison.pk}")


def _initial(indicator, plan, comparison) -> dict:
    if comparison is not None:
        return {
            "kpi": comparison.kpi,
            "own_id": comparison.own_id,
            "peer_ids": ", ".join(comparison.peer_ids),
            "peer_group": comparison.peer_group,
            "first_year": comparison.first_year,
            "last_year": comparison.last_year,
            "in_reports": comparison.in_reports,
        }
    return {
        "kpi": indicator.kolada_id,
        "peer_ids": ", ".join(REGION_IDS),
        "first_year": plan.year - 5,
        "last_year": plan.year - 1,
    }


def comparison_panel(request, *, plan, indicator) -> str | None:
    comparison = selectors.comparison_of(indicator)
    may_manage = has_permission(request.user, "planning.manage", plan_scope(plan))
    if comparison is None and not may_manage:
        return None
    table = selectors.comparison_table(comparison) if comparison else None
    chart = (
        _chart(table, indicator.decimals, indicator.unit_of_measure)
        if table and table.years
        else ""
    )
    return render_to_string(
        "kolada/_panel.html",
        {
            "plan": plan,
            "indicator": indicator,
            "comparison": comparison,
            "table": table,
            "chart": chart,
            "may_manage": may_manage,
            "form": ComparisonForm(prefix="kolada", initial=_initial(indicator, plan, comparison)),
            "decimals": indicator.decimals,
            "series_rows": list(zip(table.years, table.own_series, table.peer_median, strict=True))
            if table
            else [],
        },
        request=request,
    )
