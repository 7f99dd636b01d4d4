"""Writes to the follow-up: periods, scales and the assessment workflow. Each service is
keyword-only, atomic and audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from uppsikt.core import kept_pages
from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError, InvalidTransition, NotPermitted
from uppsikt.core.formatting import format_date
from uppsikt.core.html_sanitize import sanitize
from uppsikt.notifications.models import Kind as NotificationKind
from uppsikt.notifications.services import notify
from uppsikt.organisation.models import Organisation, Role, Unit
from uppsikt.organisation.permissions import (
    ensure_can,
    ensure_can_everywhere,
    has_permission,
    has_permission_anywhere,
    units_in_scope,
)
from uppsikt.organisation.selectors import accounts_with_role_on
from uppsikt.organisation.tenancy import base_url_for
from uppsikt.planning.models import Activity, Goal, Plan, PlanAssignment, Target

from .models import Assessment, ItemKind, ReportingPeriod, ScaleLevel

# docs/definitions.md §1: (kind, first month, last month, scope, deadline as (month, day) of the year).
# The deadline is the default; an organisation changes it per period.
DEFAULT_CALENDAR = [
    (ReportingPeriod.Kind.MONTHLY, 2, 2, ReportingPeriod.Scope.DEVIATION, (3, 10)),
    (ReportingPeriod.Kind.UR1, 1, 4, ReportingPeriod.Scope.FULL, (5, 15)),
    (ReportingPeriod.Kind.UR2, 1, 8, ReportingPeriod.Scope.FULL, (9, 15)),
    (ReportingPeriod.Kind.MONTHLY, 10, 10, ReportingPeriod.Scope.DEVIATION, (11, 10)),
    (ReportingPeriod.Kind.ANNUAL, 1, 12, ReportingPeriod.Scope.FULL, (1, 31)),  # next year
]

# docs/definitions.md §4: (code, label, symbol, is a deviation). Activities use the assignment scale.
DEFAULT_SCALES = {
    ItemKind.GOAL: [
        ("achieved", "Uppnås", "●", False),
        ("partly", "Uppnås delvis", "◆", True),
        ("not_achieved", "Uppnås ej", "▲", True),
    ],
    ItemKind.ASSIGNMENT: [
        ("done", "Genomfört", "✔", False),
        ("on_track", "Pågår enligt plan", "●", False),
        ("deviating", "Pågår med avvikelse", "◆", True),
        ("not_started", "Ej påbörjat", "○", True),
        ("cancelled", "Avbrutet", "✖", True),
    ],
}
DEFAULT_SCALES[ItemKind.ACTIVITY] = DEFAULT_SCALES[ItemKind.ASSIGNMENT]


@transaction.atomic
def scale_defaults_create(*, actor, organisation: Organisation) -> list[ScaleLevel]:
    """Create the default assessment scales (those already there are kept)."""
    ensure_can_everywhere(actor, "followup.monitor")  # the calendar is the organisation's
    created = []
    for kind, levels in DEFAULT_SCALES.items():
        for position, (code, label, symbol, deviation) in enumerate(levels):
            if ScaleLevel.objects.filter(
                organisation=organisation, item_kind=kind, code=code
            ).exists():
                continue
            level = ScaleLevel.objects.create(
                organisation=organisation,
                item_kind=kind,
                code=code,
                label=label,
                symbol=symbol,
                is_deviation=deviation,
                position=position,
            )
            audit_record(actor=actor, action="scale_level.create", obj=level)
            created.append(level)
    return created


@transaction.atomic
def period_create(
    *,
    actor,
    organisation: Organisation,
    year: int,
    kind: str,
    first_month: int,
    last_month: int,
    deadline: dt.date,
    scope: str,
) -> ReportingPeriod:
    ensure_can_everywhere(actor, "followup.monitor")  # the calendar is the organisation's
    _check_period(year=year, first_month=first_month, last_month=last_month, deadline=deadline)
    if kind not in ReportingPeriod.Kind.values or scope not in ReportingPeriod.Scope.values:
        raise DomainError(_("Välj typ av period och omfattning."))
    if ReportingPeriod.objects.filter(
        organisation=organisation, year=year, kind=kind, last_month=last_month
    ).exists():
        raise DomainError(_("Perioden finns redan."))
    period = ReportingPeriod.objects.create(
        organisation=organisation,
        year=year,
        kind=kind,
        first_month=first_month,
        last_month=last_month,
        deadline=deadline,
        scope=scope,
    )
    audit_record(actor=actor, action="reporting_period.create", obj=period)
    return period


def _check_period(*, year: int, first_month: int, last_month: int, deadline: dt.date) -> None:
    if not 2000 <= year <= 2100:
        raise DomainError(_("Ange ett år mellan 2000 och 2100."))
    if not 1 <= first_month <= last_month <= 12:
        raise DomainError(_("Perioden måste börja och sluta inom året, i den ordningen."))
    ends = dt.date(year + (last_month == 12), last_month % 12 + 1, 1) - dt.timedelta(days=1)
    if deadline <= ends:
        raise DomainError(
            _("Sista dagen att rapportera måste ligga efter periodens sista dag (%(day)s).")
            % {"day": format_date(ends)}
        )


@transaction.atomic
def period_change(
    *,
    actor,
    period: ReportingPeriod,
    first_month: int,
    last_month: int,
    deadline: dt.date,
    scope: str,
) -> ReportingPeriod:
    """Change a period of the calendar (some years UR1 covers January–March). The deadline can
    always be moved; the months and the scope only before the period is opened, since they
    decide which assessments it asks for."""
    ensure_can_everywhere(actor, "followup.monitor")  # the calendar is the organisation's
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    _check_period(
        year=period.year, first_month=first_month, last_month=last_month, deadline=deadline
    )
    if scope not in ReportingPeriod.Scope.values:
        raise DomainError(_("Välj en omfattning."))
    started = period.assessments.exists()
    if started and (first_month, last_month, scope) != (
        period.first_month,
        period.last_month,
        period.scope,
    ):
        raise InvalidTransition(
            _(
                "Perioden har redan öppnats för rapportering: bara sista dagen kan ändras, "
                "inte månaderna eller omfattningen."
            )
        )
    if (
        last_month != period.last_month
        and ReportingPeriod.objects.filter(
            organisation_id=period.organisation_id,
            year=period.year,
            kind=period.kind,
            last_month=last_month,
        )
        .exclude(pk=period.pk)
        .exists()
    ):
        raise DomainError(_("Perioden finns redan."))
    before = snapshot(period)
    period.first_month, period.last_month = first_month, last_month
    period.deadline, period.scope = deadline, scope
    period.save(update_fields=["first_month", "last_month", "deadline", "scope", "updated_at"])
    audit_record(actor=actor, action="reporting_period.change", obj=period, before=before)
    return period


@transaction.atomic
def periods_create_default(
    *, actor, organisation: Organisation, year: int, calendar=None
) -> list[ReportingPeriod]:
    """The year's follow-up calendar: by default docs/definitions.md §1 (February monthly, UR1 Jan–Apr,
    UR2 Jan–Aug, October monthly, Årsrapport); pass ``calendar`` to use another."""
    periods = []
    for kind, first, last, scope, (month, day) in calendar or DEFAULT_CALENDAR:
        deadline_year = year + 1 if month < last else year
        periods.append(
            period_create(
                actor=actor,
                organisation=organisation,
                year=year,
                kind=kind,
                first_month=first,
                last_month=last,
                deadline=dt.date(deadline_year, month, day),
                scope=scope,
            )
        )
    return periods


def _items_due(period: ReportingPeriod):
    """(kind, item, unit) for each item the period asks an assessment of: in a full period
    every goal with a responsible unit, assignment and activity of the year's adopted plans,
    and in every period the indicators with a unit target for the year."""
    plans = Plan.objects.filter(
        organisation=period.organisation, year=period.year, status=Plan.Status.ADOPTED
    )
    if period.scope == ReportingPeriod.Scope.FULL:
        for goal in Goal.objects.filter(plan__in=plans, responsible_unit__isnull=False):
            yield ItemKind.GOAL, goal, goal.responsible_unit_id
        for assignment in PlanAssignment.objects.filter(plan__in=plans):
            yield ItemKind.ASSIGNMENT, assignment, assignment.responsible_unit_id
        for activity in Activity.objects.filter(plan__in=plans):
            yield ItemKind.ACTIVITY, activity, activity.responsible_unit_id
    for target in Target.objects.filter(
        indicator__organisation=period.organisation, year=period.year, unit__isnull=False
    ).select_related("indicator"):
        yield ItemKind.INDICATOR, target.indicator, target.unit_id


@transaction.atomic
def period_open(*, actor, period: ReportingPeriod) -> list[Assessment]:
    """Open a period for reporting: every item due gets an empty draft assessment for its
    responsible unit (existing ones are kept). Returns the new ones."""
    ensure_can_everywhere(actor, "followup.monitor")  # the calendar is the organisation's
    before = snapshot(period)
    created = []
    for kind, item, unit_id in _items_due(period):
        exists = Assessment.objects.filter(
            period=period, unit_id=unit_id, item_kind=kind, **{kind: item}
        ).exists()
        if not exists:
            created.append(
                Assessment.objects.create(
                    period=period, unit_id=unit_id, item_kind=kind, **{kind: item}
                )
            )
    period.is_open = True
    if period.opened_at is None:
        period.opened_at = timezone.now()
    period.save(update_fields=["is_open", "opened_at", "updated_at"])
    audit_record(
        actor=actor,
        action="reporting_period.open",
        obj=period,
        before=before,
        detail={"assessments_created": len(created)},
    )
    return created


@transaction.atomic
def period_close(*, actor, period: ReportingPeriod) -> ReportingPeriod:
    ensure_can_everywhere(actor, "followup.monitor")  # the calendar is the organisation's
    before = snapshot(period)
    period.is_open = False
    period.save(update_fields=["is_open", "updated_at"])
    audit_record(actor=actor, action="reporting_period.close", obj=period, before=before)
    return period


def _scale_level(assessment: Assessment, level: ScaleLevel | None) -> ScaleLevel | None:
    if level is None:
        return None
    if (
        level.organisation_id != assessment.period.organisation_id
        or level.item_kind != assessment.item_kind
    ):
        raise DomainError(_("Bedömningen finns inte på skalan för den här typen av punkt."))
    return level


def _kept_parts(assessment: Assessment):
    """The block in which an assessment is saved: the kept to-do lists it is on are those of
    its unit and of every unit above it (the ids of its unit's path; core.kept_pages). The
    unit's row is locked while its path is read, so a move of the unit cannot commit between
    this read and the save's commit (the save would count up the parts of a path it has left)."""
    path = (
        Unit.objects.select_for_update(no_key=True)
        .values_list("path", flat=True)
        .get(pk=assessment.unit_id)
    )
    units = [part for part in path.strip("/").split("/") if part]
    return kept_pages.scoped_writes(Assessment._meta.db_table, units)


def _lock(assessment: Assessment, version: int) -> Assessment:
    """Re-read the row under a lock and refuse a save based on an older version."""
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if current.version != version:
        raise DomainError(
            _(
                "Bedömningen har ändrats av någon annan sedan du öppnade den. "
                "Ladda om sidan och gör om din ändring."
            )
        )
    return current


@transaction.atomic
def assessment_save_draft(
    *,
    actor,
    assessment: Assessment,
    version: int,
    status: ScaleLevel | None = None,
    forecast: ScaleLevel | None = None,
    comment: str = "",
    actual_value: Decimal | None = None,
) -> Assessment:
    """Save what the reporter has filled in so far. ``version`` is the one the form was opened
    with: if someone saved in between, the save is refused rather than overwriting theirs."""
    ensure_can(actor, "followup.report", assessment.unit)
    current = _lock(assessment, version)
    if not current.is_editable:
        raise InvalidTransition(_("En inlämnad eller godkänd bedömning kan inte ändras."))
    if not current.period.is_open:
        raise InvalidTransition(_("Perioden är stängd för rapportering."))
    if actual_value is not None and current.item_kind != ItemKind.INDICATOR:
        raise DomainError(_("Bara en indikator har ett utfall."))
    before = snapshot(current)
    current.status = _scale_level(current, status)
    current.forecast = _scale_level(current, forecast)
    current.comment = sanitize(comment)
    current.actual_value = actual_value
    current.version += 1
    with _kept_parts(current):
        current.save(
            update_fields=["status", "forecast", "comment", "actual_value", "version", "updated_at"]
        )
    audit_record(actor=actor, action="assessment.save", obj=current, before=before)
    return current


@transaction.atomic
def assessment_submit(*, actor, assessment: Assessment, version: int) -> Assessment:
    ensure_can(actor, "followup.report", assessment.unit)
    current = _lock(assessment, version)
    if not current.is_editable:
        raise InvalidTransition(_("Bara utkast och återsända bedömningar kan lämnas in."))
    if not current.period.is_open:
        raise InvalidTransition(_("Perioden är stängd för rapportering."))
    if current.item_kind == ItemKind.INDICATOR:
        if current.actual_value is None and not current.comment.strip():
            raise DomainError(
                _("Ange utfallet, eller skriv i kommentaren varför det inte redovisas.")
            )
    elif current.status_id is None:
        raise DomainError(_("Välj en bedömning innan du lämnar in."))
    before = snapshot(current)
    current.state = Assessment.State.SUBMITTED
    current.submitted_at = timezone.now()
    current.version += 1
    with _kept_parts(current):
        current.save(update_fields=["state", "submitted_at", "version", "updated_at"])
    audit_record(actor=actor, action="assessment.submit", obj=current, before=before)
    return current


@transaction.atomic
def assessment_approve(*, actor, assessment: Assessment, version: int) -> Assessment:
    ensure_can(actor, "followup.approve", assessment.unit)
    current = _lock(assessment, version)
    if current.state != Assessment.State.SUBMITTED:
        raise InvalidTransition(_("Bara inlämnade bedömningar kan godkännas."))
    before = snapshot(current)
    current.state = Assessment.State.APPROVED
    current.approved_at = timezone.now()
    current.return_comment = ""
    current.version += 1
    with _kept_parts(current):
        current.save(
            update_fields=["state", "approved_at", "return_comment", "version", "updated_at"]
        )
    audit_record(actor=actor, action="assessment.approve", obj=current, before=before)
    return current


@transaction.atomic
def assessment_return(*, actor, assessment: Assessment, version: int, comment: str) -> Assessment:
    """Send a submitted assessment back to the reporter, saying why."""
    ensure_can(actor, "followup.approve", assessment.unit)
    current = _lock(assessment, version)
    if current.state != Assessment.State.SUBMITTED:
        raise InvalidTransition(_("Bara inlämnade bedömningar kan skickas tillbaka."))
    if not comment.strip():
        raise DomainError(_("Skriv varför bedömningen skickas tillbaka."))
    before = snapshot(current)
    current.state = Assessment.State.RETURNED
    current.return_comment = sanitize(comment)
    current.version += 1
    with _kept_parts(current):
        current.save(update_fields=["state", "return_comment", "version", "updated_at"])
    audit_record(actor=actor, action="assessment.return", obj=current, before=before)
    _notify_returned(actor, current)
    return current


def _notify_returned(actor, assessment: Assessment) -> None:
    """Tell the unit's reporters that the assessment came back, and why."""
    unit = assessment.unit
    notify(
        organisation=unit.organisation,
        kind=NotificationKind.ASSESSMENT_RETURNED,
        obj=assessment,
        title=_("Återsänd bedömning: %(item)s (%(unit)s, %(period)s)")
        % {"item": assessment.item, "unit": unit.name, "period": assessment.period},
        text=strip_tags(assessment.return_comment),
        url=assessment.get_absolute_url(),
        recipients=accounts_with_role_on(scope=unit, roles=[Role.REPORTER, Role.ADMINISTRATOR]),
        entitled=lambda user: has_permission(user, "followup.report", unit),
        exclude=actor,
    )


def _reporters_of(unit) -> list:
    """Active accounts with the reporter role on the unit or a unit above it (a role covers its
    subtree), with an e-mail address."""
    from uppsikt.organisation.models import Role, RoleGrant, Unit

    chain = [unit.pk, *unit.ancestor_ids()]
    return [
        a.user
        for a in RoleGrant.objects.filter(
            role=Role.REPORTER, unit_id__in=chain, user__is_active=True
        ).select_related("user")
        if a.user.email
    ] + [
        a.user
        for a in RoleGrant.objects.filter(
            role=Role.REPORTER,
            body_id__in=Unit.objects.filter(pk__in=chain).exclude(body=None).values("body_id"),
            user__is_active=True,
        ).select_related("user")
        if a.user.email
    ]


def _in_scope(actor, permission: str, prefix: str = ""):
    """A filter for the rows whose unit (``prefix`` + path) is in the actor's scope."""
    from django.db.models import Q

    q = units_in_scope(actor, permission)
    if q is None:
        return Q()
    return Q(**{f"{prefix}pk__in": Unit.objects.filter(q).values("pk")})


@transaction.atomic
def reminders_send(*, actor, period: ReportingPeriod) -> dict:
    """E-mail the reporters of every unit that has not submitted all its assessments for the
    period (drafts or returned items), with what is left and the deadline."""
    from django.core.mail import send_mass_mail
    from django.urls import reverse

    # to the units the actor follows up, and no others
    if not has_permission_anywhere(actor, "followup.monitor"):
        raise NotPermitted(_("Du saknar behörighet för detta."))
    if not period.is_open:
        raise DomainError(_("Perioden är inte öppen för rapportering."))
    pending = (
        Assessment.objects.filter(
            period=period, state__in=[Assessment.State.DRAFT, Assessment.State.RETURNED]
        )
        .filter(_in_scope(actor, "followup.monitor", "unit__"))
        .select_related("unit")
        .order_by("unit__path")
    )
    left: dict = {}
    for assessment in pending:
        left.setdefault(assessment.unit, []).append(assessment)
    messages, units = [], []
    base = base_url_for(period.organisation)
    for unit, items in left.items():
        recipients = sorted({u.email for u in _reporters_of(unit)})
        if not recipients:
            continue
        url = base + reverse("followup:unit", args=[period.pk, unit.code])
        subject = _("Påminnelse: %(period)s för %(unit)s ska lämnas in senast %(deadline)s") % {
            "period": period,
            "unit": unit.name,
            "deadline": period.deadline.isoformat(),
        }
        body = _(
            "Hej!\n\n%(unit)s har %(n)d bedömningar kvar att lämna in i %(period)s. Sista dag är "
            "%(deadline)s.\n\nFyll i och lämna in här: %(url)s\n\nHälsningar\nUppsikt"
        ) % {
            "unit": unit.name,
            "n": len(items),
            "period": period,
            "deadline": period.deadline.isoformat(),
            "url": url,
        }
        messages.append((subject, body, None, recipients))
        units.append({"unit": unit.code, "left": len(items), "recipients": len(recipients)})
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    audit_record(
        actor=actor,
        action="followup.reminders",
        obj=period,
        after=None,
        detail={"units": units, "sent": sent},
    )
    return {"units": len(units), "emails": sent}
