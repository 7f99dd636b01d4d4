"""Roles and permissions.

A role is held on a unit (it covers the unit's whole subtree), on a body, or organisation-wide.
``ensure_can`` is called first by every service and by every view that is not open to all
signed-in people. The table below is the one place that says which role may do what, and on
what kind of scope; each later capability adds its permissions here.

Every permission declares its scope kind, and the checker holds callers to it: a permission
held on units or bodies cannot be checked without the unit or body it is used on (the call is a
programming error, ``ScopeRequired``), so a role on one unit can never pass for every unit. The
question "does this person hold it anywhere" (to show a menu or to open a page that then lists
only what is in scope) has its own function, ``has_permission_anywhere``.
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from uppsikt.core.current_organisation import current_organisation_id, in_organisation
from uppsikt.core.exceptions import NotPermitted
from uppsikt.core.kept_sql import kept_sql
from uppsikt.core.permissions import is_system

from .models import Body, Role, RoleGrant, Unit

ALL_ROLES = frozenset(Role.values)


class Scope(enum.Enum):
    """Where a permission is used, and so what its check needs."""

    # Settings and figures of the whole organisation: only a role held organisation-wide
    # gives it, and it is checked without a scope.
    ORGANISATION = "organisation"
    # Reading what every role reads (the organisation, plans, the register, meetings): a role
    # held anywhere gives it, and it is checked without a scope.
    ANYWHERE = "anywhere"
    # Used on a unit: checked with the unit.
    UNIT = "unit"
    # Used on a body: checked with the body.
    BODY = "body"
    # Used on a unit or a body: checked with either.
    UNIT_OR_BODY = "unit_or_body"

    @property
    def scoped(self) -> bool:
        return self in (Scope.UNIT, Scope.BODY, Scope.UNIT_OR_BODY)


class ScopeRequired(TypeError):
    """A permission was checked without the scope it is declared for (or with a scope it does
    not take): a programming error, never shown to people."""


@dataclass(frozen=True)
class Permission:
    roles: frozenset[str]
    scope: Scope


def _p(scope: Scope, *roles: str) -> Permission:
    return Permission(frozenset(roles) if roles else ALL_ROLES, scope)


PERMISSIONS: dict[str, Permission] = {
    # Read the organisation: bodies, units, people and their seats.
    "organisation.view": _p(Scope.ANYWHERE),
    # Change the organisation: a unit and its subtree (scope: the unit, or the new unit's
    # parent), a body's seats (scope: the body). Creating the organisation, top-level units,
    # bodies, parties and people, their accounts, and imports need the role organisation-wide.
    "organisation.manage": _p(Scope.UNIT_OR_BODY, Role.ADMINISTRATOR),
    # Give and take back roles on the unit or body in scope (organisation-wide roles: held
    # organisation-wide). Only roles whose every permission the granter holds there.
    "organisation.grant": _p(Scope.UNIT_OR_BODY, Role.ADMINISTRATOR),
    # Make and revoke the REST API's tokens, for oneself, another person or an integration
    # (a token never carries more than both its granter and its owner hold).
    "api.grant": _p(Scope.ORGANISATION, Role.ADMINISTRATOR),
    # Read the audit trail.
    "audit.view": _p(Scope.ORGANISATION, Role.ADMINISTRATOR),
    # Read the staff indicators (sickness absence, turnover) of the units in scope: aggregated
    # and suppressed figures, never raw HR rows.
    "workforce.view": _p(
        Scope.UNIT,
        Role.CONTROLLER,
        Role.APPROVER,
        Role.REPORTER,
        Role.READER,
        Role.ADMINISTRATOR,
        Role.MEMBER,
    ),
    # Import HR extracts and recompute the staff indicators (an extract holds everyone).
    "workforce.import": _p(Scope.ORGANISATION, Role.CONTROLLER, Role.ADMINISTRATOR),
    # Read the ledger: year to date, trial balance, drill-down to vouchers.
    "finance.view": _p(Scope.UNIT),
    # Import SIE files into the ledger.
    "finance.import": _p(Scope.ORGANISATION, Role.CONTROLLER, Role.ADMINISTRATOR),
    # Enter forecasts (operating and capital) for a unit.
    "finance.forecast": _p(
        Scope.UNIT, Role.REPORTER, Role.APPROVER, Role.CONTROLLER, Role.ADMINISTRATOR
    ),
    # Edit the report lines (account ranges), capital projects and budget revisions (the
    # organisation's own: held organisation-wide, ``ensure_can_everywhere``).
    "finance.configure": _p(Scope.UNIT, Role.CONTROLLER, Role.ADMINISTRATOR),
    # Read plans, goals, assignments, indicators and the red thread between them.
    "planning.view": _p(Scope.ANYWHERE),
    # Create and change plans, goals, assignments, activities, indicators and targets: on the
    # plan's unit, or its body when it is the body's plan.
    "planning.manage": _p(Scope.UNIT_OR_BODY, Role.CONTROLLER, Role.ADMINISTRATOR),
    # Fill in and submit the assessments of the units in scope (the role's subtree).
    "followup.report": _p(Scope.UNIT, Role.REPORTER, Role.ADMINISTRATOR),
    # Approve or return the submitted assessments of the units in scope.
    "followup.approve": _p(Scope.UNIT, Role.APPROVER, Role.ADMINISTRATOR),
    # Follow progress and deviations of the units in scope; send their reminders. The
    # calendar of reporting periods is the organisation's: held organisation-wide.
    "followup.monitor": _p(Scope.UNIT, Role.CONTROLLER, Role.ADMINISTRATOR),
    # Read the bodies' internal-control plans: risks, matrix, control points, the summary of
    # reported outcomes and the actions.
    "control.view": _p(Scope.ANYWHERE),
    # Draw up a body's internal-control plan (risks, control points) until it is adopted, send
    # it for decision (registering its case also needs cases.register), write the evaluation.
    "control.plan_edit": _p(Scope.BODY, Role.CONTROLLER, Role.ADMINISTRATOR),
    # The risk categories and the probability and consequence scales of the organisation.
    "control.configure": _p(Scope.ORGANISATION, Role.CONTROLLER, Role.ADMINISTRATOR),
    # Report the control results of the units in scope and follow up their actions.
    "control.report": _p(Scope.UNIT, Role.REPORTER, Role.ADMINISTRATOR),
    # Approve or return the submitted control results of the units in scope.
    "control.approve": _p(Scope.UNIT, Role.APPROVER, Role.ADMINISTRATOR),
    # Raise a deviation's action into an assignment given by a decision of the plan's body
    # (registering it also needs meetings.manage there).
    "control.action_raise": _p(Scope.BODY, Role.SECRETARY, Role.ADMINISTRATOR),
    # Read the documents (plan, follow-up reports, monthly and group reports): preview them and
    # download them as DOCX and PDF. A body's documents hold its units' ledger: scope the body
    # (or every unit serving it); the group report: held organisation-wide.
    "documents.view": _p(Scope.UNIT_OR_BODY),
    # Write the texts of a body's documents (summary, comments on the figures).
    "documents.write": _p(Scope.BODY, Role.CONTROLLER, Role.ADMINISTRATOR),
    # Replace the organisation's document template (.docx with logo, fonts, heading styles).
    "documents.template": _p(Scope.ORGANISATION, Role.ADMINISTRATOR),
    # Replace the organisation's own logo (cover and letterhead of its documents, the site's
    # header and front door): held organisation-wide.
    "organisation.logo": _p(Scope.ORGANISATION, Role.ADMINISTRATOR),
    # Read the register: cases, records, decision proposals; what secrecy withholds stays hidden
    # (uppsikt/cases/secrecy.py decides who sees that).
    "cases.view": _p(Scope.ANYWHERE),
    # Register cases and records, write decision proposals and their impact assessments, record
    # delegated decisions (on a body, or on a unit for the cases it is responsible for).
    "cases.register": _p(Scope.UNIT_OR_BODY, Role.SECRETARY, Role.CASE_OFFICER, Role.ADMINISTRATOR),
    # Read what secrecy withholds in the cases of a body (besides each case's own officer).
    "cases.secret": _p(Scope.BODY, Role.SECRETARY, Role.ADMINISTRATOR),
    # Change a case's officer or responsible unit (scope: the case's body). The officer reads
    # the case's secret material, so taking a case over is not part of registering.
    "cases.reassign": _p(Scope.BODY, Role.SECRETARY, Role.ADMINISTRATOR),
    # Lift or change the secrecy of a case or a record in a secrecy review (sekretessprövning)
    # with a reason that is audited (scope: the case's body). Marking something secret stays
    # with those who register.
    "cases.declassify": _p(Scope.BODY, Role.SECRETARY, Role.ADMINISTRATOR),
    # Edit the questions of the guided impact assessments.
    "cases.configure": _p(Scope.ORGANISATION, Role.ADMINISTRATOR),
    # Read meetings, agendas and minutes (what secrecy withholds stays hidden; the members of
    # a body see the secret material sent to their meetings, uppsikt/meetings/access.py).
    # export a closed case or a body's minutes for a year as an archive package (docs/archive.md)
    "archive.export": _p(Scope.BODY, Role.ADMINISTRATOR),
    # keep the retention schedule, propose and approve a disposal (gallring) (docs/archive.md)
    "archive.dispose": _p(Scope.ORGANISATION, Role.ADMINISTRATOR),
    "meetings.view": _p(Scope.ANYWHERE),
    # Prepare meetings, send summonses, record attendance, keep the minutes, register paper
    # signatures, correct approved items, dispatch extracts, keep the list of assignments.
    "meetings.manage": _p(Scope.BODY, Role.SECRETARY, Role.ADMINISTRATOR),
    # Sign (justera) minutes in one's own name, as the chair or a chosen approver.
    "meetings.approve": _p(Scope.BODY, Role.MEMBER, Role.ADMINISTRATOR),
    # Report on an assignment given by a decision to one's unit or body.
    "meetings.report": _p(
        Scope.UNIT_OR_BODY, Role.REPORTER, Role.APPROVER, Role.SECRETARY, Role.ADMINISTRATOR
    ),
    # Read the committee dialogues, their briefs, notes and the oversight overview: with a role
    # on the committee in dialogue (or covering every unit serving it) or on the body that
    # holds the dialogue (the board's working committee, covered by a role on the board).
    "dialogues.view": _p(Scope.UNIT_OR_BODY),
    # Prepare the dialogues a body holds: create them, generate the brief, keep the notes and
    # send the questions (scope: the body holding the dialogue).
    "dialogues.manage": _p(
        Scope.BODY, Role.CONTROLLER, Role.SECRETARY, Role.CASE_OFFICER, Role.ADMINISTRATOR
    ),
    # Write the committee's own slides of a dialogue (reflections, examples, challenges): on
    # the committee, or on every unit serving it (its administration).
    "dialogues.write": _p(
        Scope.UNIT_OR_BODY, Role.CONTROLLER, Role.APPROVER, Role.SECRETARY, Role.ADMINISTRATOR
    ),
    # Keep the question bank of the dialogue notes.
    "dialogues.configure": _p(Scope.ORGANISATION, Role.CONTROLLER, Role.ADMINISTRATOR),
}


def _rule(permission: str) -> Permission:
    try:
        return PERMISSIONS[permission]
    except KeyError:
        raise KeyError(f"unknown permission: {permission}") from None


def _check_scope(permission: str, rule: Permission, scope) -> None:
    """Hold the caller to the permission's declared scope kind."""
    kind = rule.scope
    if not kind.scoped:
        if scope is not None:
            raise ScopeRequired(
                f"{permission} is checked without a scope ({kind.value}); "
                "for organisation-wide use of a scoped permission use has_permission_everywhere"
            )
        return
    if scope is None:
        raise ScopeRequired(
            f"{permission} is held on a {kind.value.replace('_or_', ' or ')}: pass the one it is "
            "used on (has_permission_anywhere only decides whether to show a menu or a page)"
        )
    if isinstance(scope, Unit) and kind in (Scope.UNIT, Scope.UNIT_OR_BODY):
        return
    if isinstance(scope, Body) and kind in (Scope.BODY, Scope.UNIT_OR_BODY):
        return
    raise ScopeRequired(f"{permission} takes a {kind.value.replace('_or_', ' or ')}, not {scope!r}")


def _active(actor) -> bool:
    return bool(actor is not None and getattr(actor, "is_authenticated", False) and actor.is_active)


def _unlimited(actor) -> bool | None:
    """True for the system and superusers, False for no active account, None otherwise."""
    if is_system(actor):
        return True
    if not _active(actor):
        return False
    if actor.is_superuser:
        return True
    return None


def roles_of(actor) -> list[RoleGrant]:
    """The actor's role grants in the organisation the request works in (every one of
    them outside a request: a command, a job, a test calling a service), cached on the user
    object for the request. A role held in one organisation gives nothing in another."""
    if not _active(actor) or is_system(actor):
        return []
    scoped = in_organisation()
    organisation_id = current_organisation_id() if scoped else None
    if scoped and organisation_id is None:
        return []  # a request of no organisation: no role counts
    cached = getattr(actor, "_uppsikt_roles", None)
    if cached is None or cached[0] != organisation_id:
        roles = RoleGrant.objects.filter(user=actor)
        if scoped:
            roles = roles.filter(organisation_id=organisation_id)
        roles = roles.select_related("unit", "body", "body__parent")
        cached = (organisation_id, list(kept_sql(roles, "roles_of")))
        actor._uppsikt_roles = cached
    return cached[1]


def permission_signature(actor) -> tuple:
    """What ``actor``'s permissions in the request's organisation are made of: two actors with
    equal signatures may do and see the same (a value computed for one can be shared with the
    other, core.kept_pages.shared)."""
    unlimited = _unlimited(actor)
    if unlimited is not None:
        return ("unlimited", unlimited)
    return (
        "roles",
        current_organisation_id() if in_organisation() else None,
        tuple(sorted((g.organisation_id, g.role, g.unit_id, g.body_id) for g in roles_of(actor))),
    )


def _organisation_wide(grant: RoleGrant) -> bool:
    return grant.unit_id is None and grant.body_id is None


def _covers(grant: RoleGrant, scope) -> bool:
    if grant.organisation_id != scope.organisation_id:
        return False  # units and bodies of another organisation
    if _organisation_wide(grant):
        return True
    if isinstance(scope, Unit):
        if grant.unit_id is not None:
            return scope.path.startswith(grant.unit.path)
        # a role on a body covers the units that serve it, and their subtrees
        return _unit_serves(scope, grant.body_id)
    if isinstance(scope, Body):
        if grant.body_id is None:
            return False
        return scope.pk == grant.body_id or scope.parent_id == grant.body_id
    return False


def _unit_serves(unit: Unit, body_id: int) -> bool:
    ancestors = [unit.pk, *unit.ancestor_ids()]
    return Unit.objects.filter(pk__in=ancestors, body_id=body_id).exists()


def has_permission(actor, permission: str, scope=None) -> bool:
    """Whether ``actor`` may use ``permission`` on ``scope``.

    ``scope`` is the Unit or Body the permission is used on, as its scope kind in
    ``PERMISSIONS`` requires; permissions of the whole organisation, and those every role
    reads, are checked without one. A missing or wrong scope raises ``ScopeRequired``.
    """
    rule = _rule(permission)
    _check_scope(permission, rule, scope)
    unlimited = _unlimited(actor)
    if unlimited is not None:
        return unlimited
    for grant in roles_of(actor):
        if grant.role not in rule.roles:
            continue
        if rule.scope is Scope.ORGANISATION:
            if _organisation_wide(grant):
                return True
        elif rule.scope is Scope.ANYWHERE or _covers(grant, scope):
            return True
    return False


def ensure_can(actor, permission: str, scope=None) -> None:
    """Raise ``NotPermitted`` unless ``actor`` holds ``permission`` on ``scope`` (see
    ``has_permission`` for what ``scope`` must be)."""
    if not has_permission(actor, permission, scope):
        raise NotPermitted(_("Du saknar behörighet för detta."))


def has_permission_anywhere(actor, permission: str) -> bool:
    """Whether ``actor`` holds ``permission`` on some unit or body, or organisation-wide: to
    show a menu, or to open a page that then shows only what is in the actor's scope. Never a
    licence to act; the action is checked with its scope."""
    rule = _rule(permission)
    unlimited = _unlimited(actor)
    if unlimited is not None:
        return unlimited
    return any(
        a.role in rule.roles and (rule.scope is not Scope.ORGANISATION or _organisation_wide(a))
        for a in roles_of(actor)
    )


def require_permission(permission: str):
    """View decorator: 403 unless the signed-in person holds ``permission`` somewhere
    (``has_permission_anywhere``). A gate only: the view lists what is in the person's scope
    and the services check each action with its scope."""
    from functools import wraps

    from django.core.exceptions import PermissionDenied

    from .tenancy import organisation_of

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            organisation_of(request)  # 404 on a host name of no organisation, before 403
            if not has_permission_anywhere(request.user, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def has_permission_everywhere(actor, permission: str) -> bool:
    """Whether ``actor`` holds ``permission`` for the whole organisation (not only a unit or a
    body): needed for organisation-wide figures and settings."""
    rule = _rule(permission)
    unlimited = _unlimited(actor)
    if unlimited is not None:
        return unlimited
    return any(a.role in rule.roles and _organisation_wide(a) for a in roles_of(actor))


def ensure_can_everywhere(actor, permission: str) -> None:
    if not has_permission_everywhere(actor, permission):
        raise NotPermitted(
            _("Det här gäller hela organisationen och kräver en roll för hela organisationen.")
        )


def units_in_scope(actor, permission: str) -> Q | None:
    """A filter on ``Unit`` for the units on which ``actor`` holds the unit permission
    ``permission``; None when it is held organisation-wide (every unit)."""
    rule = _rule(permission)
    if rule.scope not in (Scope.UNIT, Scope.UNIT_OR_BODY):
        raise ScopeRequired(f"{permission} is not held on units")
    unlimited = _unlimited(actor)
    if unlimited is not None:
        return None if unlimited else Q(pk__in=[])
    paths: set[str] = set()
    body_ids: set[int] = set()
    for a in roles_of(actor):
        if a.role not in rule.roles:
            continue
        if _organisation_wide(a):
            return None
        if a.unit_id is not None:
            paths.add(a.unit.path)
        else:
            body_ids.add(a.body_id)
    if body_ids:
        paths.update(Unit.objects.filter(body_id__in=body_ids).values_list("path", flat=True))
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path__startswith=path)
    return q


def _holds_where_given(actor, name: str, rule: Permission, target, serving) -> bool:
    """Whether ``actor`` holds the permission ``name`` wherever a role on ``target`` (a unit, a
    body, or None: the whole organisation) would give it; ``serving()`` lists a body's units."""
    if target is None:
        return has_permission_everywhere(actor, name)
    if rule.scope is Scope.ORGANISATION:
        return True  # only an organisation-wide role gives it
    if rule.scope is Scope.ANYWHERE:
        return has_permission_anywhere(actor, name)
    if isinstance(target, Unit):
        # a role on a unit is never used on a body
        return rule.scope is Scope.BODY or has_permission(actor, name, target)
    if rule.scope is not Scope.UNIT and not has_permission(actor, name, target):
        return False
    # a role on a body covers the units serving it
    return rule.scope is Scope.BODY or all(has_permission(actor, name, u) for u in serving())


def may_grant(actor, role: str, *, unit: Unit | None = None, body: Body | None = None) -> bool:
    """Whether ``actor`` may give (or take back) ``role`` on ``unit``, ``body`` or, with
    neither, the whole organisation.

    The actor needs ``organisation.grant`` on that scope (organisation-wide for an
    organisation-wide role), and may not grant beyond its own rank: every permission the role
    would give there, the actor must hold there itself. A permission of the whole organisation
    is given only by an organisation-wide role, so it does not count for a role on a unit or a
    body.
    """
    target = unit if unit is not None else body
    if target is None:
        if not has_permission_everywhere(actor, "organisation.grant"):
            return False
    elif not has_permission(actor, "organisation.grant", target):
        return False

    @functools.cache
    def serving() -> list[Unit]:
        return list(Unit.objects.filter(body=target))

    return all(
        _holds_where_given(actor, name, rule, target, serving)
        for name, rule in PERMISSIONS.items()
        if role in rule.roles
    )


def home_unit(actor, permission: str):
    """The first unit on which ``actor`` holds ``permission`` (for a role on a body: a unit
    serving it), to open pages on when no unit is chosen; None if none."""
    roles = _rule(permission).roles
    for a in roles_of(actor):
        if a.role not in roles:
            continue
        if a.unit_id is not None:
            return a.unit
        if a.body_id is not None:
            unit = Unit.objects.filter(body_id=a.body_id).order_by("path").first()
            if unit is not None:
                return unit
    return None
