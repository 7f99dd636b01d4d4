"""Permission checks used by every service and view."""

from __future__ import annotations

from django.utils.translation import gettext as _

from uppsikt.core.exceptions import NotPermitted
from uppsikt.core.permissions import is_system

# Permissions any signed-in, active account has.
EVERYONE = frozenset({"organisation.view"})


def has_permission(actor, permission: str, scope=None) -> bool:
    if is_system(actor):
        return True
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    return permission in EVERYONE


def ensure_can(actor, permission: str, scope=None) -> None:
    """Raise ``NotPermitted`` unless ``actor`` holds ``permission`` on ``scope``."""
    if not has_permission(actor, permission, scope):
        raise NotPermitted(_("Du saknar behörighet för detta."))
