"""Who is acting. Services take an ``actor``: a user, or ``SYSTEM`` for the operator's own
commands (imports on the command line, the demo loader), which are not limited by roles.

The role model and the checks themselves live in ``uppsikt.organisation.permissions``, because
roles are scoped to units and bodies.
"""

from __future__ import annotations


class SystemActor:
    """The operator running a command on the server; audited as ``system``."""

    pk = None
    is_authenticated = True
    is_active = True
    is_superuser = True
    username = "system"

    def __str__(self) -> str:
        return "system"

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()


def is_system(actor) -> bool:
    return actor is SYSTEM


def user_or_none(actor):
    """The login account behind ``actor`` for a "who did it" column: the user, or ``None`` for
    ``SYSTEM`` and anyone without an account (an anonymous visitor), whom no foreign key can
    name. The audit trail names ``SYSTEM`` itself (``core.audit``)."""
    return actor if getattr(actor, "pk", None) else None
