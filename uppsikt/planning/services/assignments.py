"""A plan's assignments (uppdrag): created, changed, and removed only when nothing hangs on
them."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError
from uppsikt.core.html_sanitize import sanitize
from uppsikt.organisation.models import Unit

from ..models import Goal, Plan, PlanAssignment
from ..removal import count_reason as _count
from ..removal import removal_blockers
from ._base import _check_goal, _ensure_manage, _ensure_open, _refuse_removal, _same_organisation


@transaction.atomic
def plan_assignment_create(
    *,
    actor,
    plan: Plan,
    title: str,
    responsible_unit: Unit,
    goal: Goal | None = None,
    area: str = "",
    description: str = "",
    position: int = 0,
) -> PlanAssignment:
    _ensure_manage(actor, plan)
    _ensure_open(plan)
    _same_organisation(plan, responsible_unit)
    _check_goal(plan, goal)
    assignment = PlanAssignment.objects.create(
        plan=plan,
        goal=goal,
        title=title.strip(),
        responsible_unit=responsible_unit,
        area=area.strip(),
        description=sanitize(description),
        position=position,
    )
    audit_record(actor=actor, action="assignment.create", obj=assignment)
    return assignment


@transaction.atomic
def plan_assignment_update(
    *,
    actor,
    assignment: PlanAssignment,
    title: str,
    responsible_unit: Unit,
    goal: Goal | None = None,
    area: str = "",
    description: str = "",
    position: int = 0,
) -> PlanAssignment:
    """Change an assignment's text, grouping, responsible unit, order and the goal it serves
    (one of the plan's goals or a council goal; ``None`` removes the link). Assessments already
    made stay with the unit that made them; the next period opened asks the new unit."""
    _ensure_manage(actor, assignment.plan)
    plan = assignment.plan
    _ensure_open(plan)
    if not title.strip():
        raise DomainError(_("Ange uppdraget."))
    _same_organisation(plan, responsible_unit)
    _check_goal(plan, goal)
    before = snapshot(assignment)
    assignment.title = title.strip()
    assignment.responsible_unit = responsible_unit
    assignment.goal = goal
    assignment.area = area.strip()
    assignment.description = sanitize(description)
    assignment.position = position
    assignment.save(
        update_fields=[
            "title",
            "responsible_unit",
            "goal",
            "area",
            "description",
            "position",
            "updated_at",
        ]
    )
    audit_record(actor=actor, action="assignment.update", obj=assignment, before=before)
    return assignment


@transaction.atomic
def plan_assignment_delete(*, actor, assignment: PlanAssignment) -> None:
    _ensure_manage(actor, assignment.plan)
    _ensure_open(assignment.plan)
    reasons = removal_blockers(assignment)
    if n := assignment.activities.count():
        reasons.append(
            _count(n, _("en aktivitet hör till det"), _("%(n)s aktiviteter hör till det"))
        )
    _refuse_removal(
        _("Uppdraget"),
        reasons,
        _(
            "Ett uppdrag som inte ska genomföras bedöms som avbrutet i nästa uppföljning; "
            "aktiviteterna tas bort eller flyttas först."
        ),
    )
    before = snapshot(assignment)
    audit_record(actor=actor, action="assignment.delete", obj=assignment, before=before, after=None)
    assignment.delete()
