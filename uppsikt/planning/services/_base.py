"""What the planning services share: who may change a plan, whether it is open, whether an
item may serve a goal, and the refusal to remove what something hangs on."""

from __future__ import annotations

from django.utils.translation import gettext as _

from uppsikt.core.exceptions import DomainError, InvalidTransition
from uppsikt.organisation.models import Unit
from uppsikt.organisation.permissions import ensure_can, ensure_can_everywhere

from ..models import Goal, Plan
from ..selectors import plan_scope


def _ensure_manage(actor, plan: Plan) -> None:
    ensure_can(actor, "planning.manage", plan_scope(plan))


def _ensure_manage_plans(actor, plans) -> None:
    """An indicator belongs to the organisation and is shared by plans: changing it needs the
    right on every plan it is in, and on the whole organisation when it is in none."""
    plans = list(plans)
    if not plans:
        ensure_can_everywhere(actor, "planning.manage")
    for plan in plans:
        _ensure_manage(actor, plan)


def _same_organisation(plan: Plan, unit: Unit | None) -> None:
    if unit is not None and unit.organisation_id != plan.organisation_id:
        raise DomainError(_("Enheten hör till en annan organisation."))


def _ensure_open(plan: Plan) -> None:
    """A closed plan is the record of what was decided and followed up: it is read-only. A
    draft or an adopted plan may be changed; every change is in the audit trail."""
    if plan.status == Plan.Status.CLOSED:
        raise InvalidTransition(_("Planen är avslutad och kan inte längre ändras."))


def _check_goal(plan: Plan, goal: Goal | None) -> None:
    """An item serves a goal of its own plan or a council goal of the organisation. (The
    council goal may be of an earlier year: a plan carried forward keeps its links until the
    council's new goals are in.)"""
    if goal is None or goal.plan_id == plan.pk:
        return
    if goal.level != Goal.Level.COUNCIL or goal.plan.organisation_id != plan.organisation_id:
        raise DomainError(_("Målet hör inte till planen och är inte ett av fullmäktiges mål."))


# An item is removed only when nothing hangs on it — items beneath it, measurements, and what
# other apps keep on it (their removal blockers, ``removal.py``: follow-up's assessments) — so no
# reported work disappears with it.
def _refuse_removal(what: str, reasons: list[str], hint: str = "") -> None:
    if reasons:
        message = _("%(what)s kan inte tas bort: %(reasons)s.") % {
            "what": what,
            "reasons": ", ".join(reasons),
        }
        raise DomainError(f"{message} {hint}".strip())
