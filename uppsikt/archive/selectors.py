"""Reads of the archive: the packages a person may see (those of the bodies where they hold
``archive.export``) and one package."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from uppsikt.core.exceptions import NotFound
from uppsikt.organisation.models import Body, Organisation
from uppsikt.organisation.permissions import has_permission

from .models import ArchiveExport


def export_bodies(*, actor, organisation: Organisation) -> list[Body]:
    """The bodies whose packages ``actor`` may order and download."""
    bodies = Body.objects.filter(organisation=organisation).order_by("position", "name")
    return [b for b in bodies if has_permission(actor, "archive.export", b)]


def exports(*, actor, organisation: Organisation, case=None, body=None) -> QuerySet:
    rows = ArchiveExport.objects.filter(
        organisation=organisation,
        body__in=[b.pk for b in export_bodies(actor=actor, organisation=organisation)],
    ).select_related("case", "body", "created_by")
    if case is not None:
        rows = rows.filter(case=case)
    if body is not None:
        rows = rows.filter(body=body, kind=ArchiveExport.Kind.MINUTES)
    return rows


def export_get(*, actor, organisation: Organisation, pk: int) -> ArchiveExport:
    row = exports(actor=actor, organisation=organisation).filter(pk=pk).first()
    if row is None:
        raise NotFound(_("Arkivpaketet finns inte."))
    return row


def schedules(*, organisation: Organisation):
    from .models import RetentionSchedule

    return (
        RetentionSchedule.objects.filter(organisation=organisation)
        .select_related("adopted_by_item", "adopted_by_case", "adopted_by_item__meeting")
        .prefetch_related("rules")
    )


def disposal_runs(*, organisation: Organisation):
    from .models import DisposalRun

    return DisposalRun.objects.filter(organisation=organisation).select_related(
        "schedule", "proposed_by", "approved_by"
    )


def disposal_run_get(*, organisation: Organisation, pk: int):
    run = disposal_runs(organisation=organisation).filter(pk=pk).first()
    if run is None:
        raise NotFound(_("Gallringen finns inte."))
    return run


def disposal_items(*, run):
    return run.items.select_related("rule").order_by("case_number", "record_number")
