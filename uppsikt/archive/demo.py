"""The demo's archive: a case decided in an approved paragraph is closed and exported as an
archive package (kept, with its checksum, in the list of packages)."""

from __future__ import annotations

import logging

from uppsikt.cases import services as case_services
from uppsikt.cases.models import Case
from uppsikt.core.exceptions import DomainError
from uppsikt.core.permissions import SYSTEM
from uppsikt.meetings.models import MinutesItem
from uppsikt.organisation.models import RoleGrant

from . import services

logger = logging.getLogger(__name__)


def load(*, context) -> None:
    organisation = context.organisation
    item = (
        MinutesItem.objects.filter(
            meeting__organisation=organisation,
            approved_at__isnull=False,
            case__isnull=False,
            case__status=Case.Status.OPEN,
            case__secret=False,
        )
        .select_related("case")
        .order_by("meeting__date", "number")
        .first()
    )
    admin = (
        RoleGrant.objects.filter(
            organisation=organisation, role="administrator", unit=None, body=None
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if admin is None:
        return
    load_disposal(context=context, admin=admin.user)
    if item is None:
        return
    case = case_services.case_close(actor=SYSTEM, case=item.case)
    export = services.case_export_order(actor=admin.user, case=case, background=False)
    try:
        export = services.export_write(actor=admin.user, export=export)
    except DomainError as exc:  # no PDF writer on this machine: the order stays, marked failed
        services.export_fail(actor=admin.user, export=export, message=exc.message)
        return
    context.objects["archive_export"] = export


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _closed_case(context, admin, body, title: str, registered, closed, sender: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = case_services.case_register(
        actor=admin,
        organisation=context.organisation,
        body=body,
        title=title,
        registered_on=registered,
    )
    case_services.record_register(
        actor=admin,
        case=case,
        kind="incoming",
        date=registered,
        description=f"Skrivelse från {sender}",
        counterpart=sender,
        files=[SimpleUploadedFile("skrivelse.pdf", PDF, content_type="application/pdf")],
    )
    case_services.record_register(
        actor=admin,
        case=case,
        kind="drawn_up",
        date=closed,
        description="Svar och utredning",
    )
    return case_services.case_close(actor=admin, case=case, closed_on=closed)


def load_disposal(*, context, admin) -> None:
    """The board's retention schedule, adopted in a case: incoming and outgoing records are
    disposed of two years after the case was closed, drawn-up ones and motions are kept. Two
    closed enquiries: the disposal run as of 31 December 2024 removed the first one's incoming
    letter (due 30 June 2024); the run proposed as of today lists the second's (due 1 September
    2025), awaiting approval."""
    import datetime as dt

    from django.utils import timezone

    from . import disposal

    body = item_body(context)
    _closed_case(
        context,
        admin,
        body,
        "Förfrågan om parkering vid sjukhuset",
        dt.date(2022, 3, 1),
        dt.date(2022, 6, 30),
        "Karin Berg",
    )
    _closed_case(
        context,
        admin,
        body,
        "Synpunkt på kollektivtrafiken",
        dt.date(2023, 5, 2),
        dt.date(2023, 9, 1),
        "Olle Strand",
    )
    decision = case_services.case_register(
        actor=admin,
        organisation=context.organisation,
        body=body,
        title="Informationshanteringsplan för regionstyrelsen",
        registered_on=dt.date(2023, 11, 1),
    )
    schedule = disposal.schedule_create(
        actor=admin,
        organisation=context.organisation,
        name="Informationshanteringsplan för regionstyrelsen 2024",
        adopted_on=dt.date(2024, 1, 15),
        adopted_by_case=decision,
        rules=[
            {"record_kind": "incoming", "years": 2, "note": "Förfrågningar och synpunkter"},
            {"record_kind": "outgoing", "years": 2},
            {"record_kind": "drawn_up", "keep_forever": True},
            {"case_kind": "council_motion", "keep_forever": True},
        ],
    )
    done = disposal.disposal_propose(actor=admin, schedule=schedule, on=dt.date(2024, 12, 31))
    disposal.disposal_approve(actor=admin, run=done)
    proposed = disposal.disposal_propose(actor=admin, schedule=schedule, on=timezone.localdate())
    context.objects["disposal_runs"] = [done, proposed]


def item_body(context):
    from uppsikt.organisation.models import Body

    return Body.objects.get(organisation=context.organisation, code="RS")
