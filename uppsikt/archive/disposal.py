"""Retention and disposal (gallring, docs/archive.md): the schedule as data, adopted by a
decision; a disposal run lists what is due on a day, a person with ``archive.dispose`` approves
it, and the records' files and personal data are removed through the register's
``record_dispose``, the run and its items staying as the record of what was disposed of, under
which rule, when and by whom. Secret records, records of secret or unclosed cases and whatever
a case in the minutes holds are never disposed of (``retention.why_kept``); the minutes
themselves are sealed and never touched."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uppsikt.cases import services as case_services
from uppsikt.cases.models import Case, Record
from uppsikt.core.audit import audit_record
from uppsikt.core.exceptions import DomainError, InvalidTransition
from uppsikt.core.permissions import user_or_none
from uppsikt.meetings.models import MinutesItem
from uppsikt.organisation.models import Organisation
from uppsikt.organisation.permissions import ensure_can

from . import retention
from .models import DisposalItem, DisposalRun, RetentionRule, RetentionSchedule


@transaction.atomic
def schedule_create(
    *,
    actor,
    organisation: Organisation,
    name: str,
    adopted_on: dt.date,
    rules: list[dict],
    adopted_by_item: MinutesItem | None = None,
    adopted_by_case: Case | None = None,
) -> RetentionSchedule:
    """A schedule with its rules (``case_kind``, ``record_kind``, ``keep_forever`` or
    ``years``), adopted by a § or in a case of the organisation."""
    ensure_can(actor, "archive.dispose")
    if adopted_by_item is None and adopted_by_case is None:
        raise DomainError(_("Ange beslutet som fastställde planen (paragraf eller ärende)."))
    for decision in (adopted_by_item, adopted_by_case):
        if decision is not None and _organisation_id(decision) != organisation.pk:
            raise DomainError(_("Beslutet hör till en annan organisation."))
    schedule = RetentionSchedule.objects.create(
        organisation=organisation,
        name=name.strip(),
        adopted_on=adopted_on,
        adopted_by_item=adopted_by_item,
        adopted_by_case=adopted_by_case,
        created_by=user_or_none(actor),
    )
    for rule in rules:
        keep = bool(rule.get("keep_forever"))
        years = rule.get("years")
        if keep == (years is not None) or (years is not None and years < 0):
            raise DomainError(_("En regel bevarar eller gallrar efter ett antal år."))
        RetentionRule.objects.create(
            schedule=schedule,
            case_kind=rule.get("case_kind", ""),
            record_kind=rule.get("record_kind", ""),
            keep_forever=keep,
            years=years,
            note=rule.get("note", ""),
        )
    audit_record(actor=actor, action="archive.schedule_create", obj=schedule)
    return schedule


def _organisation_id(decision) -> int:
    if isinstance(decision, MinutesItem):
        return decision.meeting.organisation_id
    return decision.organisation_id


def _rules(schedule: RetentionSchedule) -> list[retention.Rule]:
    return [
        retention.Rule(r.pk, r.case_kind, r.record_kind, r.keep_forever, r.years)
        for r in schedule.rules.all()
    ]


def _candidate(record: Record, in_minutes: set[int]) -> retention.Candidate:
    case = record.case
    return retention.Candidate(
        case_kind=case.kind,
        record_kind=record.kind,
        case_closed=case.status == Case.Status.CLOSED,
        closed_on=case.closed_on,
        case_secret=case.secret,
        record_secret=record.secret,
        in_minutes=case.pk in in_minutes,
    )


def due_records(*, schedule: RetentionSchedule, on: dt.date) -> list[tuple[Record, int, dt.date]]:
    """(record, rule id, due day) of every record of the organisation due for disposal on
    ``on`` under ``schedule``; none already disposed of."""
    rules = _rules(schedule)
    records = list(
        Record.objects.filter(
            case__organisation=schedule.organisation, case__status=Case.Status.CLOSED
        )
        .exclude(pk__in=DisposalItem.objects.filter(disposed=True).values("record_id"))
        .select_related("case")
        .order_by("case__number", "sequence")
    )
    case_ids = {r.case_id for r in records}
    in_minutes = set(
        MinutesItem.objects.filter(case_id__in=case_ids).values_list("case_id", flat=True)
    )
    due = []
    for record in records:
        hit = retention.is_due(rules, _candidate(record, in_minutes), on=on)
        if hit is not None:
            due.append((record, hit[0].pk, hit[1]))
    return due


@transaction.atomic
def disposal_propose(*, actor, schedule: RetentionSchedule, on: dt.date) -> DisposalRun:
    """A run listing what is due on ``on``: nothing is removed until it is approved."""
    ensure_can(actor, "archive.dispose")
    # the schedule's row lock keeps its rules from changing while the run is listed
    schedule = RetentionSchedule.objects.select_for_update().get(pk=schedule.pk)
    run = DisposalRun.objects.create(
        organisation=schedule.organisation,
        schedule=schedule,
        as_of=on,
        proposed_by=user_or_none(actor),
    )
    DisposalItem.objects.bulk_create(
        DisposalItem(
            run=run,
            record=record,
            record_number=record.number,
            case_number=record.case.number,
            rule_id=rule_id,
            due_on=due,
        )
        for record, rule_id, due in due_records(schedule=schedule, on=on)
    )
    audit_record(
        actor=actor,
        action="archive.disposal_propose",
        obj=run,
        detail={"records": run.items.count()},
    )
    return run


@transaction.atomic
def disposal_approve(*, actor, run: DisposalRun) -> DisposalRun:
    """Approve a proposed run and carry it out: every item still due on the run's day (the
    checks are made again now) is disposed of; one no longer due is left and stays marked not
    disposed."""
    ensure_can(actor, "archive.dispose")
    run = DisposalRun.objects.select_for_update().get(pk=run.pk)
    if run.status != DisposalRun.Status.PROPOSED:
        raise InvalidTransition(_("Gallringen är redan genomförd."))
    still_due = {
        record.pk for record, _rule, _day in due_records(schedule=run.schedule, on=run.as_of)
    }
    for item in run.items.select_related("record"):
        if item.record_id not in still_due:
            continue
        item.files_removed = case_services.record_dispose(actor=actor, record=item.record)
        item.disposed = True
        item.save(update_fields=["files_removed", "disposed"])
    before = {"status": run.status}
    run.status = DisposalRun.Status.DONE
    run.approved_by = user_or_none(actor)
    run.done_at = timezone.now()
    run.save()
    audit_record(
        actor=actor,
        action="archive.disposal_approve",
        obj=run,
        before=before,
        detail={"disposed": run.items.filter(disposed=True).count()},
    )
    return run
