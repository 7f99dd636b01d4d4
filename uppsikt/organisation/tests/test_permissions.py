"""Roles scoped to units (covering the subtree), to bodies, or organisation-wide."""

from __future__ import annotations

import pytest

from uppsikt.core.exceptions import DomainError, NotPermitted
from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation import services
from uppsikt.organisation.models import Body, Role, RoleGrant
from uppsikt.organisation.permissions import (
    PERMISSIONS,
    Permission,
    Scope,
    ensure_can,
    has_permission,
    has_permission_everywhere,
)

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    org = factories.organisation()
    rs = factories.body(org, "RS")
    au = factories.body(org, "RSAU", kind=Body.Kind.SUBCOMMITTEE, parent=rs, register_prefix="")
    dn = factories.body(org, "DN")
    rk = factories.unit(org, "RK", body=rs)
    eko = factories.unit(org, "EKO", rk)
    red = factories.unit(org, "RED", eko)
    rse = factories.unit(org, "RSE", body=dn)
    return {"org": org, "rs": rs, "au": au, "dn": dn, "rk": rk, "eko": eko, "red": red, "rse": rse}


@pytest.fixture
def perms(monkeypatch):
    """A permission each for unit-scoped and body-scoped work, as later capabilities add them."""
    monkeypatch.setitem(
        PERMISSIONS, "test.unit_work", Permission(frozenset({Role.REPORTER}), Scope.UNIT_OR_BODY)
    )
    monkeypatch.setitem(
        PERMISSIONS, "test.body_work", Permission(frozenset({Role.SECRETARY}), Scope.UNIT_OR_BODY)
    )


def test_a_role_on_a_unit_covers_its_subtree_and_nothing_else(tree, perms):
    user = factories.user("r")
    factories.grant(user, Role.REPORTER, tree["org"], unit=tree["eko"])
    assert has_permission(user, "test.unit_work", tree["eko"])
    assert has_permission(user, "test.unit_work", tree["red"])
    assert not has_permission(user, "test.unit_work", tree["rk"])
    assert not has_permission(user, "test.unit_work", tree["rse"])


def test_a_role_on_a_body_covers_the_body_its_subcommittees_and_the_units_serving_it(tree, perms):
    user = factories.user("s")
    factories.grant(user, Role.SECRETARY, tree["org"], body=tree["rs"])
    assert has_permission(user, "test.body_work", tree["rs"])
    assert has_permission(user, "test.body_work", tree["au"])
    assert not has_permission(user, "test.body_work", tree["dn"])
    assert has_permission(user, "test.body_work", tree["red"])  # RK serves RS
    assert not has_permission(user, "test.body_work", tree["rse"])


def test_an_organisation_wide_role_covers_everything(tree, perms):
    user = factories.user("c")
    factories.grant(user, Role.REPORTER, tree["org"])
    for scope in (tree["rk"], tree["red"], tree["rse"], tree["dn"]):
        assert has_permission(user, "test.unit_work", scope)
    assert has_permission_everywhere(user, "test.unit_work")


def test_the_wrong_role_gives_nothing(tree, perms):
    user = factories.user("l")
    factories.grant(user, Role.READER, tree["org"])
    assert has_permission(user, "organisation.view")
    assert not has_permission(user, "test.unit_work", tree["rk"])
    with pytest.raises(NotPermitted):
        ensure_can(user, "organisation.manage", tree["rk"])


def test_a_deactivated_account_loses_every_permission(tree):
    user = factories.user("x")
    factories.grant(user, Role.ADMINISTRATOR, tree["org"])
    admin = factories.user("boss")
    factories.grant(admin, Role.ADMINISTRATOR, tree["org"])
    services.account_set_active(actor=admin, user=user, active=False)
    user.refresh_from_db()
    assert not has_permission(user, "organisation.view")
    assert RoleGrant.objects.filter(user=user).count() == 1  # history kept


def test_anonymous_and_unknown_permissions():
    from django.contrib.auth.models import AnonymousUser

    assert not has_permission(AnonymousUser(), "organisation.view")
    assert has_permission(SYSTEM, "audit.view")
    with pytest.raises(KeyError):
        has_permission(factories.user("u"), "no.such.permission")


def test_role_scope_is_either_a_unit_or_a_body(tree):
    with pytest.raises(DomainError):
        factories.grant(
            factories.user("b"), Role.READER, tree["org"], unit=tree["rk"], body=tree["rs"]
        )


def test_the_same_role_twice_is_refused(tree):
    user = factories.user("d")
    factories.grant(user, Role.READER, tree["org"], unit=tree["rk"])
    with pytest.raises(DomainError):
        factories.grant(user, Role.READER, tree["org"], unit=tree["rk"])


def test_an_administrator_cannot_remove_the_last_administrator_role_from_themselves(tree):
    admin = factories.user("only")
    grant = factories.grant(admin, Role.ADMINISTRATOR, tree["org"])
    with pytest.raises(DomainError):
        services.role_revoke(actor=admin, grant=grant)
    with pytest.raises(DomainError):
        services.account_set_active(actor=admin, user=admin, active=False)


def test_initial_passwords_follow_the_password_rules():
    with pytest.raises(DomainError):
        services.account_create(actor=SYSTEM, username="kort", password="abc123")
    with pytest.raises(DomainError):
        services.account_create(actor=SYSTEM, username="siffror", password="123456789012345")
