"""The report lines: which accounts make up each line of the income statement."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record
from uppsikt.core.exceptions import DomainError
from uppsikt.organisation.models import Organisation
from uppsikt.organisation.permissions import ensure_can_everywhere

from ..models import (
    ReportLine,
    ReportLineRange,
)

DEFAULT_LINES = {
    # docs/definitions.md §2: Region-Bas
    "region": [
        (
            "revenue",
            "Verksamhetens intäkter",
            ReportLine.Kind.OPERATING,
            [("3000", "3899"), ("3910", "3999")],
        ),
        ("staff", "Personalkostnader", ReportLine.Kind.OPERATING, [("4000", "4999")]),
        ("other", "Övriga driftskostnader", ReportLine.Kind.OPERATING, [("5000", "7999")]),
        ("financial", "Finansiella poster", ReportLine.Kind.FINANCIAL, [("8400", "8599")]),
        ("funding", "Regionbidrag", ReportLine.Kind.INTERNAL_FUNDING, [("3900", "3909")]),
    ],
    # Kommun-Bas
    "municipality": [
        (
            "revenue",
            "Verksamhetens intäkter",
            ReportLine.Kind.OPERATING,
            [("3000", "3899"), ("3910", "3999")],
        ),
        ("staff", "Personalkostnader", ReportLine.Kind.OPERATING, [("5000", "5999")]),
        (
            "other",
            "Övriga driftskostnader",
            ReportLine.Kind.OPERATING,
            [("4000", "4999"), ("6000", "7999")],
        ),
        ("financial", "Finansiella poster", ReportLine.Kind.FINANCIAL, [("8400", "8599")]),
        ("funding", "Kommunbidrag", ReportLine.Kind.INTERNAL_FUNDING, [("3900", "3909")]),
    ],
}


@transaction.atomic
def report_lines_set_default(*, actor, organisation: Organisation) -> list[ReportLine]:
    """Create the default report lines for the organisation's kind (if it has none)."""
    ensure_can_everywhere(actor, "finance.configure")
    if ReportLine.objects.filter(organisation=organisation).exists():
        raise DomainError(_("Organisationen har redan rapportrader."))
    return _create_default_lines(actor=actor, organisation=organisation)


@transaction.atomic
def _create_default_lines(*, actor, organisation: Organisation) -> list[ReportLine]:
    lines = []
    for position, (code, name, kind, ranges) in enumerate(DEFAULT_LINES[organisation.kind]):
        line = ReportLine.objects.create(
            organisation=organisation, code=code, name=name, kind=kind, position=position
        )
        for first, last in ranges:
            ReportLineRange.objects.create(line=line, first=first, last=last)
        audit_record(actor=actor, action="report_line.create", obj=line, detail={"ranges": ranges})
        lines.append(line)
    return lines


@transaction.atomic
def report_line_ranges_set(*, actor, line: ReportLine, ranges: list[tuple[str, str]]) -> ReportLine:
    """Replace a report line's account ranges."""
    ensure_can_everywhere(actor, "finance.configure")
    if not ranges:
        raise DomainError(_("Ange minst ett kontointervall."))
    longest = ReportLineRange._meta.get_field("first").max_length
    digits = re.compile(rf"[0-9]{{1,{longest}}}")
    for first, last in ranges:
        if (
            not digits.fullmatch(first)
            or not digits.fullmatch(last)
            or int(first) > int(last.ljust(len(first), "9"))
        ):
            raise DomainError(_("Ogiltigt kontointervall %(a)s–%(b)s.") % {"a": first, "b": last})
    before = {"ranges": [(r.first, r.last) for r in line.ranges.all()]}
    line.ranges.all().delete()
    for first, last in ranges:
        ReportLineRange.objects.create(line=line, first=first, last=last)
    audit_record(
        actor=actor, action="report_line.ranges", obj=line, before=before, after={"ranges": ranges}
    )
    return line
