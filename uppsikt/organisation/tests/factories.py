"""Test data built through the services, as a user would build it."""

from __future__ import annotations

import datetime as dt
import itertools

from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation import services
from uppsikt.organisation.models import Body, Organisation, Unit

_seq = itertools.count(1)


def organisation(**kwargs) -> Organisation:
    n = next(_seq)
    return services.organisation_create(
        actor=SYSTEM,
        name=kwargs.get("name", f"Region {n}"),
        slug=kwargs.get("slug", f"region-{n}"),
        kind=kwargs.get("kind", Organisation.Kind.REGION),
    )


def body(org: Organisation, code: str = "RS", **kwargs) -> Body:
    return services.body_create(
        actor=SYSTEM,
        organisation=org,
        code=code,
        name=kwargs.pop("name", f"Organ {code}"),
        kind=kwargs.pop("kind", Body.Kind.BOARD),
        register_prefix=kwargs.pop("register_prefix", code),
        **kwargs,
    )


def unit(org: Organisation, code: str, parent: Unit | None = None, **kwargs) -> Unit:
    return services.unit_create(
        actor=SYSTEM,
        organisation=org,
        code=code,
        name=kwargs.pop("name", f"Enhet {code}"),
        kind=kwargs.pop("kind", Unit.Kind.DEPARTMENT if parent else Unit.Kind.ADMINISTRATION),
        parent=parent,
        **kwargs,
    )


def person(org: Organisation, first: str = "Anna", last: str = "Svensson", **kwargs):
    return services.person_create(
        actor=SYSTEM, organisation=org, first_name=first, last_name=last, **kwargs
    )


def membership(person, body, role, start=dt.date(2023, 1, 1), end=dt.date(2026, 12, 31), **kw):
    return services.membership_create(
        actor=SYSTEM, person=person, body=body, role=role, start_date=start, end_date=end, **kw
    )


def user(
    username: str = "user",
    *,
    superuser: bool = False,
    password: str | None = "korrekt-hast-batteri",
):
    return services.account_create(
        actor=SYSTEM, username=username, password=password, is_superuser=superuser
    )


def grant(user, role, org: Organisation, *, unit: Unit | None = None, body: Body | None = None):
    return services.role_grant(
        actor=SYSTEM, user=user, role=role, organisation=org, unit=unit, body=body
    )
