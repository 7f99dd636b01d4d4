"""Writes to the organisation: each a keyword-only, atomic, audited service."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError, NotPermitted

from .models import (
    Body,
    CostCentre,
    Membership,
    Organisation,
    Party,
    Person,
    Role,
    RoleGrant,
    Unit,
)
from .permissions import ensure_can, ensure_can_everywhere, may_grant


def _ensure_manage(actor, scope: Unit | Body | None) -> None:
    """``organisation.manage`` on the unit or body changed, or organisation-wide for what
    belongs to the whole organisation (``scope=None``): the organisation itself, bodies of
    its own, top-level units, parties, imports, and people with their accounts. People are
    organisation-wide because a person and an account are not confined to a unit: they sit on
    bodies, move between units and hold roles anywhere."""
    if scope is None:
        ensure_can_everywhere(actor, "organisation.manage")
    else:
        ensure_can(actor, "organisation.manage", scope)


def _ensure_may_grant(actor, role: str, *, unit: Unit | None, body: Body | None) -> None:
    if not may_grant(actor, role, unit=unit, body=body):
        raise NotPermitted(
            _(
                "Du kan bara ge och ta bort roller inom det du själv har behörighet för, och "
                "inte roller med mer behörighet än din egen där."
            )
        )


@transaction.atomic
def organisation_create(
    *, actor, name: str, slug: str, kind: str = Organisation.Kind.REGION
) -> Organisation:
    ensure_can_everywhere(actor, "organisation.manage")
    if Organisation.objects.filter(slug=slug).exists():
        raise DomainError(
            _("Det finns redan en organisation med kortnamnet %(slug)s.") % {"slug": slug}
        )
    organisation = Organisation.objects.create(name=name, slug=slug, kind=kind)
    audit_record(actor=actor, action="organisation.create", obj=organisation)
    return organisation


@transaction.atomic
def body_create(
    *,
    actor,
    organisation: Organisation,
    code: str,
    name: str,
    kind: str,
    parent: Body | None = None,
    register_prefix: str = "",
    description: str = "",
    position: int = 0,
) -> Body:
    # a subcommittee is made on its body; a body of its own is the organisation's
    _ensure_manage(actor, parent)
    if kind == Body.Kind.SUBCOMMITTEE and parent is None:
        raise DomainError(_("Ett utskott måste höra till ett överordnat organ."))
    if parent is not None and parent.organisation_id != organisation.pk:
        raise DomainError(_("Det överordnade organet hör till en annan organisation."))
    if Body.objects.filter(organisation=organisation, code=code).exists():
        raise DomainError(_("Det finns redan ett organ med koden %(code)s.") % {"code": code})
    if (
        register_prefix
        and Body.objects.filter(organisation=organisation, register_prefix=register_prefix).exists()
    ):
        raise DomainError(
            _("Diarieprefixet %(prefix)s används redan.") % {"prefix": register_prefix}
        )
    body = Body.objects.create(
        organisation=organisation,
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        register_prefix=register_prefix,
        description=description,
        position=position,
    )
    audit_record(actor=actor, action="body.create", obj=body)
    return body


def _path_for(unit: Unit, parent: Unit | None) -> tuple[str, int]:
    if parent is None:
        return f"/{unit.pk}/", 0
    return f"{parent.path}{unit.pk}/", parent.depth + 1


@transaction.atomic
def unit_create(
    *,
    actor,
    organisation: Organisation,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    body: Body | None = None,
    cost_centres: list[str] | None = None,
    position: int = 0,
) -> Unit:
    _ensure_manage(actor, parent)  # a new unit goes into its parent's subtree
    if parent is not None and parent.organisation_id != organisation.pk:
        raise DomainError(_("Den överordnade enheten hör till en annan organisation."))
    if Unit.objects.filter(organisation=organisation, code=code).exists():
        raise DomainError(_("Det finns redan en enhet med koden %(code)s.") % {"code": code})
    unit = Unit.objects.create(
        organisation=organisation,
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        body=body,
        position=position,
    )
    unit.path, unit.depth = _path_for(unit, parent)
    unit.save(update_fields=["path", "depth"])
    for cc in cost_centres or []:
        if CostCentre.objects.filter(organisation=organisation, code=cc).exists():
            raise DomainError(_("Kostnadsstället %(code)s finns redan.") % {"code": cc})
        CostCentre.objects.create(organisation=organisation, unit=unit, code=cc)
    audit_record(
        actor=actor, action="unit.create", obj=unit, detail={"cost_centres": cost_centres or []}
    )
    return unit


@transaction.atomic
def unit_move(*, actor, unit: Unit, parent: Unit | None) -> Unit:
    """Place ``unit`` (and its subtree) under ``parent``; refuses to make a cycle."""
    ensure_can(actor, "organisation.manage", unit)
    _ensure_manage(actor, parent)  # and where it goes
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if parent is not None:
        parent = Unit.objects.get(pk=parent.pk)
        if parent.organisation_id != unit.organisation_id:
            raise DomainError(_("Den överordnade enheten hör till en annan organisation."))
        if parent.path.startswith(unit.path):
            raise DomainError(
                _("%(unit)s kan inte placeras under sig själv eller sina underenheter.")
                % {"unit": unit.name}
            )
    before = snapshot(unit)
    old_path, old_depth = unit.path, unit.depth
    unit.parent = parent
    unit.path, unit.depth = _path_for(unit, parent)
    unit.save(update_fields=["parent", "path", "depth", "updated_at"])
    descendants = list(
        Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).order_by("depth")
    )
    for child in descendants:
        child.path = unit.path + child.path[len(old_path) :]
        child.depth = child.depth - old_depth + unit.depth
    Unit.objects.bulk_update(descendants, ["path", "depth"])
    audit_record(actor=actor, action="unit.move", obj=unit, before=before)
    return unit


@transaction.atomic
def party_create(*, actor, organisation: Organisation, name: str, abbreviation: str) -> Party:
    ensure_can_everywhere(actor, "organisation.manage")
    party = Party.objects.create(organisation=organisation, name=name, abbreviation=abbreviation)
    audit_record(actor=actor, action="party.create", obj=party)
    return party


@transaction.atomic
def person_create(
    *,
    actor,
    organisation: Organisation,
    first_name: str,
    last_name: str,
    title: str = "",
    email: str = "",
    unit: Unit | None = None,
    user=None,
) -> Person:
    ensure_can_everywhere(actor, "organisation.manage")  # people: see _ensure_manage
    person = Person.objects.create(
        organisation=organisation,
        first_name=first_name,
        last_name=last_name,
        title=title,
        email=email,
        unit=unit,
        user=user,
    )
    audit_record(actor=actor, action="person.create", obj=person)
    return person


@transaction.atomic
def membership_create(
    *,
    actor,
    person: Person,
    body: Body,
    role: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    party: Party | None = None,
    deputy_order: int | None = None,
) -> Membership:
    ensure_can(actor, "organisation.manage", body)
    if person.organisation_id != body.organisation_id:
        raise DomainError(_("Personen och organet hör till olika organisationer."))
    if end_date is not None and end_date < start_date:
        raise DomainError(_("Slutdatum kan inte vara före startdatum."))
    if role == Membership.Role.DEPUTY and deputy_order is None:
        deputy_order = Membership.objects.filter(body=body, role=Membership.Role.DEPUTY).count() + 1
    membership = Membership.objects.create(
        person=person,
        body=body,
        role=role,
        start_date=start_date,
        end_date=end_date,
        party=party,
        deputy_order=deputy_order if role == Membership.Role.DEPUTY else None,
    )
    audit_record(actor=actor, action="membership.create", obj=membership)
    return membership


from .unit_import import UnitsImportResult, units_import  # noqa: E402,F401  (re-exported)


@transaction.atomic
def account_create(
    *,
    actor,
    username: str,
    password: str | None,
    person: Person | None = None,
    email: str = "",
    is_superuser: bool = False,
):
    """A login account, optionally tied to a person. ``password=None`` for sign-on only."""
    from django.contrib.auth import get_user_model

    ensure_can_everywhere(actor, "organisation.manage")  # people: see _ensure_manage
    User = get_user_model()  # noqa: N806
    if User.objects.filter(username=username).exists():
        raise DomainError(_("Användarnamnet %(name)s är upptaget.") % {"name": username})
    user = User(
        username=username,
        email=email or (person.email if person else ""),
        first_name=person.first_name if person else "",
        last_name=person.last_name if person else "",
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password:
        from django.contrib.auth.password_validation import validate_password
        from django.core.exceptions import ValidationError

        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), errors=list(exc.messages)) from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    if person is not None:
        person.user = user
        person.save(update_fields=["user", "updated_at"])
    audit_record(actor=actor, action="account.create", obj=user)
    return user


@transaction.atomic
def role_grant(
    *,
    actor,
    user,
    role: str,
    organisation: Organisation,
    unit: Unit | None = None,
    body: Body | None = None,
) -> RoleGrant:
    """Give ``user`` a role on a unit (and its subtree), a body, or the whole organisation.

    Only within the actor's own scope and rank (``permissions.may_grant``): an administrator
    on a unit gives roles on that unit's subtree, never on other units, bodies or the whole
    organisation, and never a role with a permission it does not hold there."""
    if unit is not None and body is not None:
        raise DomainError(_("En roll gäller antingen en enhet eller ett organ, inte båda."))
    if role not in Role.values:
        raise DomainError(_("Okänd roll."))
    _ensure_may_grant(actor, role, unit=unit, body=body)
    for scope in (unit, body):
        if scope is not None and scope.organisation_id != organisation.pk:
            raise DomainError(_("Enheten eller organet hör till en annan organisation."))
    if RoleGrant.objects.filter(
        organisation=organisation, user=user, role=role, unit=unit, body=body
    ).exists():
        raise DomainError(_("Personen har redan den rollen där."))
    grant = RoleGrant.objects.create(
        organisation=organisation, user=user, role=role, unit=unit, body=body
    )
    audit_record(
        actor=actor,
        action="role.grant",
        obj=grant,
        detail={"user": user.username, "role": role, "scope": grant.scope_label},
    )
    return grant


@transaction.atomic
def role_revoke(*, actor, grant: RoleGrant) -> None:
    """Take back a role: the same scope and rank as giving it."""
    _ensure_may_grant(actor, grant.role, unit=grant.unit, body=grant.body)
    if (
        grant.role == Role.ADMINISTRATOR
        and grant.user_id == getattr(actor, "pk", None)
        and not RoleGrant.objects.filter(
            role=Role.ADMINISTRATOR, organisation_id=grant.organisation_id
        )
        .exclude(pk=grant.pk)
        .exists()
    ):
        raise DomainError(_("Du kan inte ta bort den sista administratörsrollen."))
    before = snapshot(grant)
    label = str(grant)
    audit_record(
        actor=actor,
        action="role.revoke",
        obj=grant,
        before=before,
        after=None,
        detail={"user": grant.user.username, "role": grant.role, "scope": label},
    )
    grant.delete()


@transaction.atomic
def account_set_active(*, actor, user, active: bool):
    """Deactivate (or reactivate) a login account. History and roles are kept."""
    ensure_can_everywhere(actor, "organisation.manage")  # people: see _ensure_manage
    if not active and user.pk == getattr(actor, "pk", None):
        raise DomainError(_("Du kan inte inaktivera ditt eget konto."))
    if user.is_active == active:
        return user
    before = snapshot(user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        _end_sessions(user)
    audit_record(
        actor=actor,
        action="account.activate" if active else "account.deactivate",
        obj=user,
        before=before,
    )
    return user


def _end_sessions(user) -> None:
    """Sign the user out everywhere (database sessions)."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()


@transaction.atomic
def account_set_password(*, actor, user, password: str):
    """Set a password, checked against the password rules."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    if getattr(actor, "pk", None) != user.pk:
        ensure_can_everywhere(actor, "organisation.manage")  # people: see _ensure_manage
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), errors=list(exc.messages)) from exc
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="account.set_password", obj=user, after=None)
    return user


@transaction.atomic
def person_update(
    *,
    actor,
    person: Person,
    first_name: str,
    last_name: str,
    title: str = "",
    email: str = "",
    unit: Unit | None = None,
) -> Person:
    ensure_can_everywhere(actor, "organisation.manage")  # people: see _ensure_manage
    before = snapshot(person)
    person.first_name, person.last_name = first_name, last_name
    person.title, person.email, person.unit = title, email, unit
    person.save(update_fields=["first_name", "last_name", "title", "email", "unit", "updated_at"])
    audit_record(actor=actor, action="person.update", obj=person, before=before)
    return person
