"""Every permission declares its scope kind and cannot be checked without it; roles are given
only within the giver's own scope and rank."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from uppsikt.core.exceptions import NotPermitted
from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation import services
from uppsikt.organisation.models import Body, Role, RoleGrant
from uppsikt.organisation.permissions import (
    PERMISSIONS,
    Permission,
    Scope,
    ScopeRequired,
    ensure_can,
    has_permission,
    has_permission_anywhere,
    may_grant,
)

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    org = factories.organisation()
    rs = factories.body(org, "RS")
    dn = factories.body(org, "DN")
    rk = factories.unit(org, "RK", body=rs)
    eko = factories.unit(org, "EKO", rk)
    red = factories.unit(org, "RED", eko)
    kan = factories.unit(org, "KAN", rk)
    rse = factories.unit(org, "RSE", body=dn)
    return {
        "org": org,
        "rs": rs,
        "dn": dn,
        "rk": rk,
        "eko": eko,
        "red": red,
        "kan": kan,
        "rse": rse,
    }


@pytest.fixture
def unit_admin(tree):
    """An administrator on Ekonomi (EKO) only."""
    user = factories.user("enhetsadmin")
    factories.grant(user, Role.ADMINISTRATOR, tree["org"], unit=tree["eko"])
    return user


@pytest.fixture
def body_admin(tree):
    """An administrator on the body DN only."""
    user = factories.user("organadmin")
    factories.grant(user, Role.ADMINISTRATOR, tree["org"], body=tree["dn"])
    return user


SCOPED = [name for name, rule in PERMISSIONS.items() if rule.scope.scoped]


def test_every_permission_declares_its_roles_and_a_scope_kind():
    for name, rule in PERMISSIONS.items():
        assert isinstance(rule, Permission), name
        assert isinstance(rule.scope, Scope), name
        assert rule.roles <= set(Role.values), name


@pytest.mark.parametrize("permission", SCOPED)
def test_the_checker_refuses_a_scoped_permission_checked_without_its_scope(permission, tree):
    # every kind of actor: the check is refused before anyone's roles are looked at
    admin = factories.user("hela")
    factories.grant(admin, Role.ADMINISTRATOR, tree["org"])
    for actor in (admin, factories.user(f"ingen-{permission}")):
        with pytest.raises(ScopeRequired):
            has_permission(actor, permission)
        with pytest.raises(ScopeRequired):
            ensure_can(actor, permission)


def test_the_walk_covers_the_permissions_that_were_checked_without_a_scope():
    # the ones the services used to check scope-less, where a role on one unit passed for all
    for name in ("organisation.manage", "planning.manage", "followup.monitor"):
        assert name in SCOPED


@pytest.mark.parametrize("permission", [n for n, r in PERMISSIONS.items() if r.scope is Scope.UNIT])
def test_the_checker_refuses_a_body_for_a_permission_held_on_units(permission, tree):
    with pytest.raises(ScopeRequired):
        has_permission(factories.user("u"), permission, tree["rs"])


@pytest.mark.parametrize(
    "permission", [n for n, r in PERMISSIONS.items() if r.scope is Scope.ORGANISATION]
)
def test_an_organisation_permission_is_given_only_by_an_organisation_wide_role(permission, tree):
    roles = PERMISSIONS[permission].roles
    role = sorted(roles)[0]
    on_unit = factories.user("enhet")
    factories.grant(on_unit, role, tree["org"], unit=tree["rk"])
    everywhere = factories.user("hela")
    factories.grant(everywhere, role, tree["org"])
    assert not has_permission(on_unit, permission)
    assert not has_permission_anywhere(on_unit, permission)
    assert has_permission(everywhere, permission)
    with pytest.raises(ScopeRequired):
        has_permission(everywhere, permission, tree["rk"])


def test_the_menu_question_has_its_own_function(tree, unit_admin):
    assert has_permission_anywhere(unit_admin, "organisation.manage")
    assert not has_permission(unit_admin, "organisation.manage", tree["kan"])


# Granting roles: the service


def test_a_unit_administrator_cannot_grant_an_organisation_wide_administrator(tree, unit_admin):
    target = factories.user("ny")
    with pytest.raises(NotPermitted):
        services.role_grant(
            actor=unit_admin, user=target, role=Role.ADMINISTRATOR, organisation=tree["org"]
        )
    assert not RoleGrant.objects.filter(user=target).exists()


def test_a_unit_administrator_cannot_grant_a_role_on_a_unit_outside_its_subtree(tree, unit_admin):
    target = factories.user("ny")
    # KAN is EKO's sibling and RK its parent: neither is in EKO's subtree
    for unit in (tree["kan"], tree["rk"], tree["rse"]):
        with pytest.raises(NotPermitted):
            services.role_grant(
                actor=unit_admin, user=target, role=Role.READER, organisation=tree["org"], unit=unit
            )
    assert not RoleGrant.objects.filter(user=target).exists()


def test_a_unit_administrator_cannot_grant_a_role_on_a_body(tree, unit_admin):
    with pytest.raises(NotPermitted):
        services.role_grant(
            actor=unit_admin,
            user=factories.user("ny"),
            role=Role.SECRETARY,
            organisation=tree["org"],
            body=tree["rs"],
        )


def test_a_unit_administrator_grants_roles_within_its_subtree(tree, unit_admin):
    target = factories.user("ny")
    services.role_grant(
        actor=unit_admin,
        user=target,
        role=Role.CONTROLLER,
        organisation=tree["org"],
        unit=tree["red"],
    )
    grant = services.role_grant(
        actor=unit_admin,
        user=target,
        role=Role.ADMINISTRATOR,
        organisation=tree["org"],
        unit=tree["eko"],
    )
    assert grant.unit == tree["eko"]


def test_a_body_administrator_grants_only_on_its_body_and_the_units_serving_it(tree, body_admin):
    target = factories.user("ny")
    services.role_grant(
        actor=body_admin,
        user=target,
        role=Role.SECRETARY,
        organisation=tree["org"],
        body=tree["dn"],
    )
    services.role_grant(
        actor=body_admin,
        user=target,
        role=Role.REPORTER,
        organisation=tree["org"],
        unit=tree["rse"],
    )
    with pytest.raises(NotPermitted):
        services.role_grant(
            actor=body_admin,
            user=target,
            role=Role.SECRETARY,
            organisation=tree["org"],
            body=tree["rs"],
        )
    with pytest.raises(NotPermitted):
        services.role_grant(
            actor=body_admin,
            user=target,
            role=Role.REPORTER,
            organisation=tree["org"],
            unit=tree["rk"],
        )


def test_a_role_with_a_permission_the_granter_lacks_there_cannot_be_granted(
    tree, unit_admin, monkeypatch
):
    # given: a permission on units that only readers hold, so the administrator on EKO lacks it
    monkeypatch.setitem(
        PERMISSIONS, "test.readers_only", Permission(frozenset({Role.READER}), Scope.UNIT)
    )
    # then: the administrator may not make a reader on its own unit (it would rank above it)
    assert not may_grant(unit_admin, Role.READER, unit=tree["eko"])
    with pytest.raises(NotPermitted):
        services.role_grant(
            actor=unit_admin,
            user=factories.user("ny"),
            role=Role.READER,
            organisation=tree["org"],
            unit=tree["eko"],
        )
    # but a controller holds nothing the administrator lacks
    assert may_grant(unit_admin, Role.CONTROLLER, unit=tree["eko"])


def test_a_unit_administrator_cannot_take_back_an_organisation_wide_role(tree, unit_admin):
    other = factories.user("annan")
    grant = factories.grant(other, Role.ADMINISTRATOR, tree["org"])
    with pytest.raises(NotPermitted):
        services.role_revoke(actor=unit_admin, grant=grant)
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_granting_is_a_permission_of_its_own(tree):
    assert "organisation.grant" in PERMISSIONS
    controller = factories.user("controller")
    factories.grant(controller, Role.CONTROLLER, tree["org"])
    with pytest.raises(NotPermitted):
        services.role_grant(
            actor=controller, user=factories.user("ny"), role=Role.READER, organisation=tree["org"]
        )


# Granting roles: the page


def _grant_by_page(client, person, role, scope):
    return client.post(
        reverse("organisation:admin_person_role_grant", kwargs={"pk": person.pk}),
        {"role": role, "scope": scope},
    )


def test_the_page_refuses_a_unit_administrator_granting_organisation_wide(tree, unit_admin):
    person = factories.person(tree["org"], "Nils", "Ny")
    target = services.account_create(actor=SYSTEM, username="nils", password=None, person=person)
    client = Client()
    client.force_login(unit_admin)
    response = _grant_by_page(client, person, Role.ADMINISTRATOR, "all")
    assert response.status_code == 302
    assert not RoleGrant.objects.filter(user=target).exists()
    _grant_by_page(client, person, Role.READER, f"unit:{tree['kan'].pk}")
    assert not RoleGrant.objects.filter(user=target).exists()
    _grant_by_page(client, person, Role.READER, f"unit:{tree['red'].pk}")
    assert RoleGrant.objects.filter(user=target, unit=tree["red"]).count() == 1


# Changing the organisation: scoped to the unit or body changed


def test_a_unit_administrator_changes_only_its_subtree(tree, unit_admin):
    new = services.unit_create(
        actor=unit_admin,
        organisation=tree["org"],
        code="NY",
        name="Ny",
        kind="department",
        parent=tree["eko"],
    )
    assert new.path.startswith(tree["eko"].path)
    with pytest.raises(NotPermitted):
        services.unit_create(
            actor=unit_admin,
            organisation=tree["org"],
            code="NY2",
            name="Ny",
            kind="department",
            parent=tree["kan"],
        )
    with pytest.raises(NotPermitted):
        services.unit_move(actor=unit_admin, unit=tree["red"], parent=tree["kan"])


def test_people_bodies_and_accounts_need_an_organisation_wide_administrator(tree, unit_admin):
    with pytest.raises(NotPermitted):
        services.person_create(
            actor=unit_admin, organisation=tree["org"], first_name="A", last_name="B"
        )
    with pytest.raises(NotPermitted):
        services.body_create(
            actor=unit_admin, organisation=tree["org"], code="X", name="X", kind=Body.Kind.BOARD
        )
    with pytest.raises(NotPermitted):
        services.account_create(actor=unit_admin, username="x", password=None)


def test_the_integrations_page_needs_an_organisation_wide_administrator(tree, unit_admin):
    client = Client()
    client.force_login(unit_admin)
    assert client.get(reverse("organisation:admin_integrations")).status_code == 403
