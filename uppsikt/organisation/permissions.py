"""Roles and permissions.

A role is held on a unit (it covers the unit's whole subtree), on a body, or organisation-wide.
``ensure_can`` is called first by every service and by every view that is not open to all
signed-in people. The table below is the one place that says which role may do what; each later
capability adds its permissions here.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from uppsikt.core.exceptions import NotPermitted
from uppsikt.core.permissions import is_system

from .models import Body, Role, RoleAssignment, Unit

ALL_ROLES = frozenset(Role.values)

PERMISSIONS: dict[str, frozenset[str]] = {
    # Read the organisation: bodies, units, people and their seats.
    "organisation.view": ALL_ROLES,
    # Change the organisation: bodies, units, people, accounts and their roles; imports.
    "organisation.manage": frozenset({Role.ADMINISTRATOR}),
    # Read the audit trail.
    "audit.view": frozenset({Role.ADMINISTRATOR}),
    # Read the staff indicators (sickness absence, turnover) of the units in scope: aggregated
    # and suppressed figures, never raw HR rows.
    "workforce.view": frozenset(
        {
            Role.CONTROLLER,
            Role.APPROVER,
            Role.REPORTER,
            Role.READER,
            Role.ADMINISTRATOR,
            Role.MEMBER,
        }
    ),
    # Import HR extracts and recompute the staff indicators.
    "workforce.import": frozenset({Role.CONTROLLER, Role.ADMINISTRATOR}),
    # Read the ledger: year to date, trial balance, drill-down to vouchers.
    "finance.view": ALL_ROLES,
    # Import SIE files into the ledger.
    "finance.import": frozenset({Role.CONTROLLER, Role.ADMINISTRATOR}),
    # Enter forecasts (operating and capital) for a unit.
    "finance.forecast": frozenset(
        {Role.REPORTER, Role.APPROVER, Role.CONTROLLER, Role.ADMINISTRATOR}
    ),
    # Edit the report lines (account ranges), capital projects and budget revisions.
    "finance.configure": frozenset({Role.CONTROLLER, Role.ADMINISTRATOR}),
    # Read plans, goals, assignments, indicators and the red thread between them.
    "planning.view": ALL_ROLES,
    # Create and change plans, goals, assignments, activities, indicators and targets.
    "planning.manage": frozenset({Role.CONTROLLER, Role.ADMINISTRATOR}),
    # Fill in and submit the assessments of the units in scope (the role's subtree).
    "followup.report": frozenset({Role.REPORTER, Role.ADMINISTRATOR}),
    # Approve or return the submitted assessments of the units in scope.
    "followup.approve": frozenset({Role.APPROVER, Role.ADMINISTRATOR}),
    # Set up reporting periods and follow progress and deviations across units.
    "followup.monitor": frozenset({Role.CONTROLLER, Role.ADMINISTRATOR}),
    # Read the documents (plan, follow-up reports, monthly and group reports): preview them and
    # download them as DOCX and PDF. They hold only published figures (staff figures suppressed).
    "documents.view": ALL_ROLES,
    # Write the texts of a body's documents (summary, comments on the figures).
    "documents.write": frozenset({Role.CONTROLLER, Role.ADMINISTRATOR}),
    # Replace the organisation's document template (.docx with logo, fonts, heading styles).
    "documents.template": frozenset({Role.ADMINISTRATOR}),
    # Read the register: cases, records, decision proposals; what secrecy withholds stays hidden
    # (uppsikt/cases/secrecy.py decides who sees that).
    "cases.view": ALL_ROLES,
    # Register cases and records, write decision proposals and their impact assessments, record
    # delegated decisions (on a body, or on a unit for the cases it is responsible for).
    "cases.register": frozenset({Role.SECRETARY, Role.CASE_OFFICER, Role.ADMINISTRATOR}),
    # Read what secrecy withholds in the cases of a body (besides each case's own officer).
    "cases.secret": frozenset({Role.SECRETARY, Role.ADMINISTRATOR}),
    # Change a case's officer or responsible unit (scope: the case's body). The officer reads
    # the case's secret material, so taking a case over is not part of registering.
    "cases.reassign": frozenset({Role.SECRETARY, Role.ADMINISTRATOR}),
    # Lift or change the secrecy of a case or a record in a secrecy review (sekretessprövning)
    # with a reason that is audited (scope: the case's body). Marking something secret stays
    # with those who register.
    "cases.declassify": frozenset({Role.SECRETARY, Role.ADMINISTRATOR}),
    # Edit the questions of the guided impact assessments.
    "cases.configure": frozenset({Role.ADMINISTRATOR}),
    # Read meetings, agendas and minutes (what secrecy withholds stays hidden; the members of
    # a body see the secret material sent to their meetings, uppsikt/meetings/access.py).
    "meetings.view": ALL_ROLES,
    # Prepare meetings, send notices, record attendance, keep the minutes, register paper
    # signatures, correct approved items, dispatch extracts, keep the list of assignments.
    "meetings.manage": frozenset({Role.SECRETARY, Role.ADMINISTRATOR}),
    # Sign (justera) minutes in one's own name, as the chair or a chosen approver.
    "meetings.approve": frozenset({Role.MEMBER, Role.ADMINISTRATOR}),
    # Report on an assignment given by a decision to one's unit or body.
    "meetings.report": frozenset(
        {Role.REPORTER, Role.APPROVER, Role.SECRETARY, Role.ADMINISTRATOR}
    ),
}


def _active(actor) -> bool:
    return bool(actor is not None and getattr(actor, "is_authenticated", False) and actor.is_active)


def roles_of(actor) -> list[RoleAssignment]:
    """The actor's role assignments (cached on the user object for the request)."""
    if not _active(actor) or is_system(actor):
        return []
    cached = getattr(actor, "_uppsikt_roles", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=actor).select_related("unit", "body", "body__parent")
        )
        actor._uppsikt_roles = cached
    return cached


def _covers(assignment: RoleAssignment, scope) -> bool:
    if assignment.unit_id is None and assignment.body_id is None:
        return True  # organisation-wide
    if scope is None:
        return False
    if isinstance(scope, Unit):
        if assignment.unit_id is not None:
            return scope.path.startswith(assignment.unit.path)
        # a role on a body covers the units that serve it, and their subtrees
        return assignment.body_id is not None and _unit_serves(scope, assignment.body_id)
    if isinstance(scope, Body):
        if assignment.body_id is None:
            return False
        return scope.pk == assignment.body_id or scope.parent_id == assignment.body_id
    return False


def _unit_serves(unit: Unit, body_id: int) -> bool:
    ancestors = [unit.pk, *unit.ancestor_ids()]
    return Unit.objects.filter(pk__in=ancestors, body_id=body_id).exists()


def has_permission(actor, permission: str, scope=None) -> bool:
    """Whether ``actor`` may use ``permission`` on ``scope`` (a Unit, a Body, or None).

    With ``scope=None`` the question is "anywhere": a scoped role is enough, e.g. to see a menu.
    """
    if is_system(actor):
        return True
    if not _active(actor):
        return False
    if actor.is_superuser:
        return True
    allowed = PERMISSIONS.get(permission)
    if allowed is None:
        raise KeyError(f"unknown permission: {permission}")
    for assignment in roles_of(actor):
        if assignment.role not in allowed:
            continue
        if scope is None or _covers(assignment, scope):
            return True
    return False


def ensure_can(actor, permission: str, scope=None) -> None:
    """Raise ``NotPermitted`` unless ``actor`` holds ``permission`` on ``scope``."""
    if not has_permission(actor, permission, scope):
        raise NotPermitted(_("Du saknar behörighet för detta."))


def require_permission(permission: str):
    """View decorator: 403 unless the signed-in person holds ``permission`` somewhere."""
    from functools import wraps

    from django.core.exceptions import PermissionDenied

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_permission(request.user, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def has_permission_everywhere(actor, permission: str) -> bool:
    """Whether ``actor`` holds ``permission`` for the whole organisation (not only a unit or a
    body): needed for organisation-wide figures and settings."""
    if is_system(actor):
        return True
    if not _active(actor):
        return False
    if actor.is_superuser:
        return True
    allowed = PERMISSIONS[permission]
    return any(
        a.role in allowed and a.unit_id is None and a.body_id is None for a in roles_of(actor)
    )


def ensure_can_everywhere(actor, permission: str) -> None:
    if not has_permission_everywhere(actor, permission):
        raise NotPermitted(
            _("Det här gäller hela organisationen och kräver en roll för hela organisationen.")
        )


def home_unit(actor, permission: str):
    """The first unit on which ``actor`` holds ``permission`` (for a role on a body: a unit
    serving it), to open pages on when no unit is chosen; None if none."""
    for a in roles_of(actor):
        if a.role not in PERMISSIONS[permission]:
            continue
        if a.unit_id is not None:
            return a.unit
        if a.body_id is not None:
            unit = Unit.objects.filter(body_id=a.body_id).order_by("path").first()
            if unit is not None:
                return unit
    return None
