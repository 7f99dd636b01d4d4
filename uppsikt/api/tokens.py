"""What a token is and what it may do: the secret and its hash, the permissions a token can
carry, and the check every API call makes (the token's own permissions and scope, then its
owner's roles as they are now, so that a token never does more than its owner may)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from uppsikt.organisation.models import Body, Unit
from uppsikt.organisation.permissions import (
    PERMISSIONS,
    Scope,
    has_permission,
    has_permission_anywhere,
    has_permission_everywhere,
    units_in_scope,
)

SECRET_PREFIX = "upk_"  # noqa: S105 - the visible start of every secret, not a secret

# What a token may be given, with what the owner must hold for it. Only what the API offers.
TOKEN_PERMISSIONS: dict[str, tuple[str, object]] = {
    "organisation.view": ("organisation.view", _("Läsa organisationen: organ och enheter")),
    "people.view": ("organisation.view", _("Läsa personer (namn, befattning, enhet)")),
    "planning.view": ("planning.view", _("Läsa planer, indikatorer och mätningar")),
    "planning.manage": ("planning.manage", _("Registrera mätningar för enheterna")),
    "followup.report": ("followup.report", _("Läsa, fylla i och lämna in bedömningar")),
    "followup.approve": ("followup.approve", _("Godkänna och skicka tillbaka bedömningar")),
    "followup.monitor": ("followup.monitor", _("Följa enheternas bedömningar")),
    "finance.view": ("finance.view", _("Läsa ekonomin: utfall hittills i år och prognoser")),
    "workforce.view": ("workforce.view", _("Läsa personalnyckeltalen (röjandekontrollerade)")),
    "meetings.view": ("meetings.view", _("Läsa sammanträden, föredragningslistor, protokoll")),
    "cases.view": ("cases.view", _("Läsa diariet: ärenden och handlingar")),
    # secret material is never read through a token without this, and with it only what the
    # owner may see by the secrecy gate (uppsikt/cases/secrecy.py) at each call
    "secrecy.read": ("cases.view", _("Läsa det sekretessbelagda som ägaren får se")),
    "documents.view": ("documents.view", _("Läsa och hämta de sparade dokumenten")),
}
FOLLOWUP_READ = ("followup.report", "followup.approve", "followup.monitor")


def new_secret() -> str:
    """A secret of 256 random bits, recognisable by its prefix."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def same_hash(stored: str, secret: str) -> bool:
    return hmac.compare_digest(stored, secret_hash(secret))


def owner_permission(permission: str) -> str:
    return TOKEN_PERMISSIONS[permission][0]


def _scope_units(token) -> list[Unit]:
    cached = getattr(token, "_scope_units", None)
    if cached is None:
        cached = list(token.units.all())
        token._scope_units = cached
    return cached


def _scope_bodies(token) -> list[Body]:
    cached = getattr(token, "_scope_bodies", None)
    if cached is None:
        cached = list(token.bodies.all())
        token._scope_bodies = cached
    return cached


def is_scoped(token) -> bool:
    return bool(_scope_units(token) or _scope_bodies(token))


def covers(token, scope) -> bool:
    """Whether the token's own scope (its units with their subtrees, its bodies with the units
    serving them) takes in ``scope``, a unit or a body. A token without units or bodies is
    bounded by its owner's scope alone."""
    if not is_scoped(token):
        return True
    body_ids = {b.pk for b in _scope_bodies(token)}
    if isinstance(scope, Unit):
        if any(scope.path.startswith(u.path) for u in _scope_units(token)):
            return True
        if body_ids:
            ancestors = [scope.pk, *scope.ancestor_ids()]
            return Unit.objects.filter(pk__in=ancestors, body_id__in=body_ids).exists()
        return False
    if isinstance(scope, Body):
        return scope.pk in body_ids or scope.parent_id in body_ids
    return False


def token_may(token, permission: str, scope=None) -> bool:
    """Whether ``token`` may use ``permission`` (one of ``TOKEN_PERMISSIONS``) on ``scope``:
    the token carries it, its scope covers ``scope``, and its owner holds the permission
    there now. Permissions held on units or bodies need the scope, as ``has_permission``."""
    if permission not in token.permissions:
        return False
    name = owner_permission(permission)
    if PERMISSIONS[name].scope.scoped:
        if scope is None or not covers(token, scope):
            return False
        return has_permission(token.owner, name, scope)
    return has_permission(token.owner, name)


def token_may_anywhere(token, permission: str) -> bool:
    return permission in token.permissions and has_permission_anywhere(
        token.owner, owner_permission(permission)
    )


def units_for(token, permission: str) -> Q | None:
    """A filter on ``Unit`` for the units on which ``token`` may use the unit permission
    ``permission`` (or a permission every role reads, bounded by the token's scope); ``None``
    for every unit. The owner's scope and the token's are both applied."""
    if permission not in token.permissions:
        return Q(pk__in=[])
    name = owner_permission(permission)
    rule = PERMISSIONS[name]
    q = None
    if rule.scope in (Scope.UNIT, Scope.UNIT_OR_BODY):
        q = units_in_scope(token.owner, name)
    elif not has_permission_anywhere(token.owner, name):
        return Q(pk__in=[])
    if is_scoped(token):
        own = Q(pk__in=[])
        for unit in _scope_units(token):
            own |= Q(path__startswith=unit.path)
        body_ids = [b.pk for b in _scope_bodies(token)]
        if body_ids:
            for path in Unit.objects.filter(body_id__in=body_ids).values_list("path", flat=True):
                own |= Q(path__startswith=path)
        q = own if q is None else (q & own)
    return q


def owner_may_carry(owner, permission: str, scopes: list) -> bool:
    """Whether ``owner`` holds ``permission`` wherever a token with ``scopes`` (units and
    bodies; none: the owner's whole scope) would use it: a token is never made wider than
    its owner."""
    name = owner_permission(permission)
    kind = PERMISSIONS[name].scope
    if kind is Scope.ORGANISATION:
        return has_permission_everywhere(owner, name)
    if not kind.scoped or not scopes:
        return has_permission_anywhere(owner, name)
    fitting = [
        s
        for s in scopes
        if (isinstance(s, Unit) and kind in (Scope.UNIT, Scope.UNIT_OR_BODY))
        or (isinstance(s, Body) and kind in (Scope.BODY, Scope.UNIT_OR_BODY))
    ]
    if not fitting:
        # a unit permission on a token scoped to bodies: the units serving them
        fitting = list(Unit.objects.filter(body__in=[s for s in scopes if isinstance(s, Body)]))
    return bool(fitting) and all(has_permission(owner, name, s) for s in fitting)
