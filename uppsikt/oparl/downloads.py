"""Open data as tables (docs/oparl.md): the register's public cases and the public indicator
values, as CSV (semicolons, decimal comma, no text a formula: ``core.spreadsheets``) and as
JSON, at stable addresses under ``/oppna-data/``; public, no login."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from uppsikt.cases import selectors as case_selectors
from uppsikt.cases.models import Case
from uppsikt.core.spreadsheets import csv_writer
from uppsikt.planning import selectors as planning_selectors

FORMATS = ("csv", "json")
CASE_COLUMNS = [
    ("number", "Diarienummer"),
    ("title", "Ärendemening"),
    ("kind", "Ärendetyp"),
    ("body", "Organ"),
    ("registered_on", "Registrerat"),
    ("status", "Status"),
    ("closed_on", "Avslutat"),
]
INDICATOR_COLUMNS = [
    ("indicator", "Indikator"),
    ("unit_of_measure", "Enhet"),
    ("organisational_unit_code", "Enhetskod"),
    ("organisational_unit", "Organisatorisk enhet"),
    ("period_start", "Från"),
    ("period_end", "Till"),
    ("value", "Utfall"),
]


def case_rows(organisation) -> list[dict]:
    """The register's public cases (the secrecy gate), voided ones left out, newest first."""
    cases = (
        case_selectors.public_cases(organisation=organisation)
        .exclude(status=Case.Status.VOIDED)
        .order_by("-year", "prefix", "-sequence", "pk")
    )
    return [
        {
            "number": c.number,
            "title": c.title,
            "kind": str(c.get_kind_display()),
            "body": c.body.name,
            "registered_on": c.registered_on.isoformat(),
            "status": str(c.get_status_display()),
            "closed_on": c.closed_on.isoformat() if c.closed_on else "",
        }
        for c in cases
    ]


def indicator_rows(organisation) -> list[dict]:
    return [
        {
            "indicator": m.indicator.name,
            "unit_of_measure": m.indicator.unit_of_measure,
            "organisational_unit_code": m.unit.code,
            "organisational_unit": m.unit.name,
            "period_start": m.period_start.isoformat(),
            "period_end": m.period_end.isoformat(),
            "value": f"{m.value:.{m.indicator.decimals}f}",
        }
        for m in planning_selectors.public_measurements(organisation=organisation)
    ]


def _answer(rows: list[dict], columns, fmt: str, name: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    if fmt == "json":
        response = HttpResponse(
            json.dumps({"data": rows}, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")
        writer = csv_writer(response, delimiter=";")
        writer.writerow([label for _key, label in columns])
        for row in rows:
            writer.writerow([_csv_value(key, row[key]) for key, _label in columns])
    response["Content-Disposition"] = f'inline; filename="{name}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _csv_value(key: str, value: str) -> str:
    # Swedish spreadsheets read a decimal comma
    return value.replace(".", ",") if key == "value" else value


@login_not_required
@require_safe
def index(request):
    return render(request, "oparl/downloads.html", {"organisation": request.organisation})


@login_not_required
@require_safe
def cases(request, fmt: str):
    return _answer(case_rows(request.organisation), CASE_COLUMNS, fmt, "arenden")


@login_not_required
@require_safe
def indicators(request, fmt: str):
    return _answer(indicator_rows(request.organisation), INDICATOR_COLUMNS, fmt, "indikatorer")
