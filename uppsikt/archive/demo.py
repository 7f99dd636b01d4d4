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
    if item is None or admin is None:
        return
    case = case_services.case_close(actor=SYSTEM, case=item.case)
    export = services.case_export_order(actor=admin.user, case=case, background=False)
    try:
        export = services.export_write(actor=admin.user, export=export)
    except DomainError as exc:  # no PDF writer on this machine: the order stays, marked failed
        services.export_fail(actor=admin.user, export=export, message=exc.message)
        return
    context.objects["archive_export"] = export
