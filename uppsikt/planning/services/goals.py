"""Focus areas and goals: the council's goals under focus areas, the bodies' goals serving
them; created, changed, and removed only when nothing hangs on them."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError
from uppsikt.core.html_sanitize import sanitize
from uppsikt.organisation.models import Unit

from ..models import FocusArea, Goal, Plan
from ..removal import count_reason as _count
from ..removal import removal_blockers
from ._base import _check_goal, _ensure_manage, _ensure_open, _refuse_removal, _same_organisation


@transaction.atomic
def focus_area_create(*, actor, plan: Plan, name: str, position: int = 0) -> FocusArea:
    _ensure_manage(actor, plan)
    _ensure_open(plan)
    if not name.strip():
        raise DomainError(_("Ange fokusområdets namn."))
    area = FocusArea.objects.create(plan=plan, name=name.strip(), position=position)
    audit_record(actor=actor, action="focus_area.create", obj=area)
    return area


@transaction.atomic
def focus_area_update(*, actor, focus_area: FocusArea, name: str, position: int) -> FocusArea:
    _ensure_manage(actor, focus_area.plan)
    _ensure_open(focus_area.plan)
    if not name.strip():
        raise DomainError(_("Ange fokusområdets namn."))
    before = snapshot(focus_area)
    focus_area.name = name.strip()
    focus_area.position = position
    focus_area.save(update_fields=["name", "position", "updated_at"])
    audit_record(actor=actor, action="focus_area.update", obj=focus_area, before=before)
    return focus_area


@transaction.atomic
def focus_area_delete(*, actor, focus_area: FocusArea) -> None:
    _ensure_manage(actor, focus_area.plan)
    _ensure_open(focus_area.plan)
    goals = focus_area.goals.count()
    _refuse_removal(
        _("Fokusområdet"),
        [_count(goals, _("ett mål hör till det"), _("%(n)s mål hör till det"))] if goals else [],
        _("Flytta eller ta bort målen först."),
    )
    before = snapshot(focus_area)
    audit_record(actor=actor, action="focus_area.delete", obj=focus_area, before=before, after=None)
    focus_area.delete()


@transaction.atomic
def goal_create(
    *,
    actor,
    plan: Plan,
    level: str,
    title: str,
    focus_area: FocusArea | None = None,
    serves: list[Goal] | tuple[Goal, ...] = (),
    area: str = "",
    description: str = "",
    responsible_unit: Unit | None = None,
    position: int = 0,
) -> Goal:
    _ensure_manage(actor, plan)
    _ensure_open(plan)
    if level == Goal.Level.COUNCIL and serves:
        raise DomainError(_("Fullmäktiges mål bidrar inte till andra mål."))
    if level == Goal.Level.BODY and focus_area is not None:
        raise DomainError(_("Bara fullmäktiges mål hör direkt till ett fokusområde."))
    if any(g.level != Goal.Level.COUNCIL for g in serves):
        raise DomainError(_("Ett nämndmål kan bara bidra till fullmäktiges mål."))
    for council_goal in serves:
        _check_goal(plan, council_goal)
    _same_organisation(plan, responsible_unit)
    goal = Goal.objects.create(
        plan=plan,
        level=level,
        title=title.strip(),
        focus_area=focus_area,
        area=area.strip(),
        description=sanitize(description),
        responsible_unit=responsible_unit,
        position=position,
    )
    if serves:
        goal.serves.set(serves)
    audit_record(
        actor=actor,
        action="goal.create",
        obj=goal,
        detail={"serves": [g.pk for g in serves]} if serves else None,
    )
    return goal


@transaction.atomic
def goal_update(
    *,
    actor,
    goal: Goal,
    title: str,
    description: str = "",
    area: str = "",
    responsible_unit: Unit | None = None,
    focus_area: FocusArea | None = None,
    serves: list[Goal] | tuple[Goal, ...] = (),
    position: int = 0,
) -> Goal:
    """Change a goal's text, grouping, responsible unit, order and the council goals it serves
    (links not in ``serves`` are removed). The level stays: a council goal is not turned into
    a body goal, it is a different thing."""
    _ensure_manage(actor, goal.plan)
    plan = goal.plan
    _ensure_open(plan)
    if not title.strip():
        raise DomainError(_("Ange målet."))
    if goal.level == Goal.Level.COUNCIL and serves:
        raise DomainError(_("Fullmäktiges mål bidrar inte till andra mål."))
    if goal.level == Goal.Level.BODY and focus_area is not None:
        raise DomainError(_("Bara fullmäktiges mål hör direkt till ett fokusområde."))
    if focus_area is not None and focus_area.plan_id != plan.pk:
        raise DomainError(_("Fokusområdet hör till en annan plan."))
    if any(g.level != Goal.Level.COUNCIL for g in serves):
        raise DomainError(_("Ett nämndmål kan bara bidra till fullmäktiges mål."))
    for council_goal in serves:
        _check_goal(plan, council_goal)
    _same_organisation(plan, responsible_unit)
    before = snapshot(goal)
    served_before = sorted(goal.serves.values_list("pk", flat=True))
    goal.title = title.strip()
    goal.description = sanitize(description)
    goal.area = area.strip()
    goal.responsible_unit = responsible_unit
    goal.focus_area = focus_area
    goal.position = position
    goal.save(
        update_fields=[
            "title",
            "description",
            "area",
            "responsible_unit",
            "focus_area",
            "position",
            "updated_at",
        ]
    )
    goal.serves.set(serves)
    served_after = sorted(g.pk for g in serves)
    audit_record(
        actor=actor,
        action="goal.update",
        obj=goal,
        before=before,
        detail={"serves_before": served_before, "serves_after": served_after},
    )
    return goal


@transaction.atomic
def goal_delete(*, actor, goal: Goal) -> None:
    _ensure_manage(actor, goal.plan)
    _ensure_open(goal.plan)
    reasons = removal_blockers(goal)
    if n := goal.served_by.count():
        reasons.append(
            _count(n, _("ett nämndmål bidrar till det"), _("%(n)s nämndmål bidrar till det"))
        )
    if n := goal.assignments.count():
        reasons.append(_count(n, _("ett uppdrag hör till det"), _("%(n)s uppdrag hör till det")))
    if n := goal.activities.count():
        reasons.append(
            _count(n, _("en aktivitet hör till det"), _("%(n)s aktiviteter hör till det"))
        )
    if n := goal.indicators.count():
        reasons.append(_count(n, _("en indikator mäter det"), _("%(n)s indikatorer mäter det")))
    _refuse_removal(
        _("Målet"),
        reasons,
        _(
            "Flytta eller ta bort det som hör till målet först; bedömningar finns kvar i "
            "uppföljningen."
        ),
    )
    before = snapshot(goal)
    audit_record(
        actor=actor,
        action="goal.delete",
        obj=goal,
        before=before,
        after=None,
        detail={"serves": sorted(goal.serves.values_list("pk", flat=True))},
    )
    goal.delete()
