"""Keeping a retention schedule (informationshanteringsplan, docs/archive.md): its name and the
decision that adopted it, and its rules per case type and record type — add, change, remove.
Every write checks ``archive.dispose`` (held on the whole organisation), runs in one
transaction and leaves an audit row.

A rule a disposal run has used is the record of why something was disposed of (or is about to
be): it is neither changed nor removed; the schedule gets a new rule, or a new schedule is
adopted."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uppsikt.cases.models import Case, Record
from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError
from uppsikt.meetings.models import MinutesItem
from uppsikt.organisation.permissions import ensure_can

from .models import DisposalItem, DisposalRun, RetentionRule, RetentionSchedule

MAX_YEARS = 200


def _decision_checks(
    schedule: RetentionSchedule,
    adopted_by_item: MinutesItem | None,
    adopted_by_case: Case | None,
    adopted_on: dt.date,
) -> None:
    if adopted_by_item is None and adopted_by_case is None:
        raise DomainError(_("Ange beslutet som fastställde planen (paragraf eller ärende)."))
    if adopted_by_item is not None and adopted_by_item.meeting.organisation_id != (
        schedule.organisation_id
    ):
        raise DomainError(_("Beslutet hör till en annan organisation."))
    if adopted_by_case is not None and adopted_by_case.organisation_id != schedule.organisation_id:
        raise DomainError(_("Beslutet hör till en annan organisation."))
    if adopted_by_item is not None and adopted_by_item.approved_at is None:
        raise DomainError(_("Paragrafen är inte justerad."))
    if adopted_on > timezone.localdate():
        raise DomainError(_("Planen kan inte vara fastställd ett datum som inte har varit."))


@transaction.atomic
def schedule_update(
    *,
    actor,
    schedule: RetentionSchedule,
    name: str,
    adopted_on: dt.date,
    adopted_by_item: MinutesItem | None = None,
    adopted_by_case: Case | None = None,
) -> RetentionSchedule:
    """Change the schedule's name and the decision that adopted it (a § or a case)."""
    ensure_can(actor, "archive.dispose")
    schedule = RetentionSchedule.objects.select_for_update().get(pk=schedule.pk)
    if DisposalRun.objects.filter(schedule=schedule).exists():
        # the plan and its decision are the legal ground of what was disposed of under it
        raise DomainError(
            _("Planen har använts i en gallring; dess namn och beslut kan inte ändras.")
        )
    if not name.strip():
        raise DomainError(_("Ange planens namn."))
    _decision_checks(schedule, adopted_by_item, adopted_by_case, adopted_on)
    before = snapshot(schedule)
    schedule.name = name.strip()[:200]
    schedule.adopted_on = adopted_on
    schedule.adopted_by_item = adopted_by_item
    schedule.adopted_by_case = adopted_by_case
    schedule.save(update_fields=["name", "adopted_on", "adopted_by_item", "adopted_by_case"])
    audit_record(actor=actor, action="archive.schedule_update", obj=schedule, before=before)
    return schedule


def _rule_values(case_kind: str, record_kind: str, keep_forever: bool, years: int | None):
    if case_kind and case_kind not in Case.Kind.values:
        raise DomainError(_("Okänd ärendetyp."))
    if record_kind and record_kind not in Record.Kind.values:
        raise DomainError(_("Okänd handlingstyp."))
    if keep_forever and years is not None:
        raise DomainError(_("En regel bevarar eller gallrar efter ett antal år, inte båda."))
    if not keep_forever and years is None:
        raise DomainError(_("Ange efter hur många år handlingarna gallras, eller att de bevaras."))
    if years is not None and not 0 <= years <= MAX_YEARS:
        raise DomainError(_("Antalet år ska vara mellan 0 och %(max)d.") % {"max": MAX_YEARS})


def _taken(schedule: RetentionSchedule, case_kind: str, record_kind: str, but=None) -> bool:
    rules = RetentionRule.objects.filter(
        schedule=schedule, case_kind=case_kind, record_kind=record_kind
    )
    if but is not None:
        rules = rules.exclude(pk=but.pk)
    return rules.exists()


def _used(rule: RetentionRule) -> bool:
    return DisposalItem.objects.filter(rule=rule).exists()


@transaction.atomic
def rule_add(
    *,
    actor,
    schedule: RetentionSchedule,
    case_kind: str = "",
    record_kind: str = "",
    keep_forever: bool = False,
    years: int | None = None,
    note: str = "",
) -> RetentionRule:
    """A rule for a case type and a record type (empty: any): keep for ever, or dispose of
    the records ``years`` after the case was closed."""
    ensure_can(actor, "archive.dispose")
    schedule = RetentionSchedule.objects.select_for_update().get(pk=schedule.pk)
    _rule_values(case_kind, record_kind, keep_forever, years)
    if _taken(schedule, case_kind, record_kind):
        raise DomainError(_("Planen har redan en regel för den ärendetypen och handlingstypen."))
    rule = RetentionRule.objects.create(
        schedule=schedule,
        case_kind=case_kind,
        record_kind=record_kind,
        keep_forever=keep_forever,
        years=None if keep_forever else years,
        note=note.strip()[:300],
    )
    audit_record(actor=actor, action="archive.rule_add", obj=rule)
    return rule


@transaction.atomic
def rule_change(
    *,
    actor,
    rule: RetentionRule,
    case_kind: str = "",
    record_kind: str = "",
    keep_forever: bool = False,
    years: int | None = None,
    note: str = "",
) -> RetentionRule:
    """Change a rule that no disposal run has used."""
    ensure_can(actor, "archive.dispose")
    RetentionSchedule.objects.select_for_update().get(pk=rule.schedule_id)
    rule = RetentionRule.objects.select_for_update().select_related("schedule").get(pk=rule.pk)
    if _used(rule):
        raise DomainError(
            _("Regeln har använts i en gallring och ändras inte; lägg till en ny regel.")
        )
    _rule_values(case_kind, record_kind, keep_forever, years)
    if _taken(rule.schedule, case_kind, record_kind, but=rule):
        raise DomainError(_("Planen har redan en regel för den ärendetypen och handlingstypen."))
    before = snapshot(rule)
    rule.case_kind, rule.record_kind = case_kind, record_kind
    rule.keep_forever = keep_forever
    rule.years = None if keep_forever else years
    rule.note = note.strip()[:300]
    rule.save()
    audit_record(actor=actor, action="archive.rule_change", obj=rule, before=before)
    return rule


@transaction.atomic
def rule_remove(*, actor, rule: RetentionRule) -> None:
    """Remove a rule that no disposal run has used."""
    ensure_can(actor, "archive.dispose")
    RetentionSchedule.objects.select_for_update().get(pk=rule.schedule_id)
    rule = RetentionRule.objects.select_for_update().get(pk=rule.pk)
    if _used(rule):
        raise DomainError(_("Regeln har använts i en gallring och tas inte bort."))
    before = snapshot(rule)
    audit_record(actor=actor, action="archive.rule_remove", obj=rule, before=before, after=None)
    rule.delete()
