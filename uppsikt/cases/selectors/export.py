"""The register as rows for export (a diarieutdrag), with withheld fields marked."""

from __future__ import annotations

from uppsikt.organisation.models import Body, Organisation, Person

from .. import secrecy
from ..models import Record
from .register import case_list

EXPORT_HEADER = [
    "Diarienummer",
    "Handling",
    "Typ",
    "Datum",
    "Registrerad",
    "Organ",
    "Ärendemening / beskrivning",
    "Avsändare/mottagare",
    "Status",
    "Sekretess",
]


def export_rows(
    *,
    actor,
    organisation: Organisation,
    body: Body | None = None,
    year: int | None = None,
    status: str = "",
    officer: Person | None = None,
) -> list[list[str]]:
    """The register as rows (a diarieutdrag): each case, then its records; withheld fields
    read "Sekretess" with the OSL ground."""
    withheld = "[Sekretess]"
    rows: list[list[str]] = []
    views = case_list(
        actor=actor,
        organisation=organisation,
        body=body,
        year=year,
        status=status,
        officer=officer,
        limit=None,
    )
    case_ids = [v.case.pk for v in views]
    records = Record.objects.filter(case_id__in=case_ids).select_related("case")
    open_records = set(
        records.filter(secrecy.record_open_q(actor, organisation)).values_list("pk", flat=True)
    )
    by_case: dict[int, list[Record]] = {}
    for r in records.order_by("sequence"):
        by_case.setdefault(r.case_id, []).append(r)
    for v in views:
        c = v.case
        rows.append(
            [
                c.number,
                "",
                c.get_kind_display(),
                c.registered_on.isoformat(),
                c.registered_on.isoformat(),
                c.body.name,
                v.title if not v.withheld else withheld,
                "",
                c.get_status_display(),
                c.secrecy_ground,
            ]
        )
        for r in by_case.get(c.pk, []):
            visible = r.pk in open_records
            rows.append(
                [
                    c.number,
                    r.number,
                    r.get_kind_display(),
                    r.date.isoformat(),
                    r.registered_on.isoformat(),
                    c.body.name,
                    r.description if visible else withheld,
                    r.counterpart if visible else withheld,
                    "",
                    r.secrecy_ground or c.secrecy_ground,
                ]
            )
    return rows
