from __future__ import annotations

import datetime as dt

import pytest

from uppsikt.core.exceptions import DomainError, NotPermitted
from uppsikt.core.models import AuditEvent
from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation import selectors, services
from uppsikt.organisation.models import Body, Membership, Unit

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return factories.organisation()


def test_unit_path_lets_a_subtree_be_read_in_one_query(org, django_assert_num_queries):
    rk = factories.unit(org, "RK")
    eko = factories.unit(org, "EKO", rk)
    red = factories.unit(org, "RED", eko, kind=Unit.Kind.SECTION)
    factories.unit(org, "RSE")
    with django_assert_num_queries(1):
        codes = sorted(rk.subtree().values_list("code", flat=True))
    assert codes == ["EKO", "RED", "RK"]
    assert red.ancestor_ids() == [rk.pk, eko.pk]


def test_moving_a_unit_moves_its_subtree(org):
    rk = factories.unit(org, "RK")
    rse = factories.unit(org, "RSE")
    eko = factories.unit(org, "EKO", rk)
    red = factories.unit(org, "RED", eko)
    services.unit_move(actor=SYSTEM, unit=eko, parent=rse)
    red.refresh_from_db()
    assert red.path == f"/{rse.pk}/{eko.pk}/{red.pk}/"
    assert red.depth == 2
    assert not rk.subtree().filter(pk=red.pk).exists()


def test_a_unit_cannot_be_moved_under_its_own_subtree(org):
    rk = factories.unit(org, "RK")
    eko = factories.unit(org, "EKO", rk)
    with pytest.raises(DomainError):
        services.unit_move(actor=SYSTEM, unit=rk, parent=eko)
    with pytest.raises(DomainError):
        services.unit_move(actor=SYSTEM, unit=rk, parent=rk)


def test_subcommittee_needs_a_parent_body(org):
    with pytest.raises(DomainError):
        factories.body(org, "AU", kind=Body.Kind.SUBCOMMITTEE, register_prefix="")


def test_subcommittee_uses_the_parent_register(org):
    rs = factories.body(org, "RS")
    au = factories.body(org, "RSAU", kind=Body.Kind.SUBCOMMITTEE, parent=rs, register_prefix="")
    assert au.effective_register_prefix == "RS"


def test_register_prefix_is_unique_in_the_organisation(org):
    factories.body(org, "RS")
    with pytest.raises(DomainError):
        factories.body(org, "RS2", register_prefix="RS")


def test_current_members_are_ordered_chair_first_and_deputies_by_order(org):
    rs = factories.body(org, "RS")
    m = factories.person(org, "Bo", "Ek")
    c = factories.person(org, "Cia", "Ask")
    d2 = factories.person(org, "Dan", "Al")
    d1 = factories.person(org, "Eva", "Ör")
    old = factories.person(org, "Old", "Timer")
    factories.membership(m, rs, Membership.Role.MEMBER)
    factories.membership(d2, rs, Membership.Role.DEPUTY, deputy_order=2)
    factories.membership(c, rs, Membership.Role.CHAIR)
    factories.membership(d1, rs, Membership.Role.DEPUTY, deputy_order=1)
    factories.membership(
        old, rs, Membership.Role.MEMBER, end=dt.date(2022, 12, 31), start=dt.date(2019, 1, 1)
    )
    seats = selectors.memberships_current(body=rs, on=dt.date(2024, 6, 1))
    assert [s.person.first_name for s in seats] == ["Cia", "Bo", "Eva", "Dan"]


def test_membership_term_boundaries_are_inclusive(org):
    rs = factories.body(org, "RS")
    p = factories.person(org)
    factories.membership(
        p, rs, Membership.Role.MEMBER, start=dt.date(2023, 1, 1), end=dt.date(2026, 12, 31)
    )
    assert len(selectors.memberships_current(body=rs, on=dt.date(2023, 1, 1))) == 1
    assert len(selectors.memberships_current(body=rs, on=dt.date(2026, 12, 31))) == 1
    assert selectors.memberships_current(body=rs, on=dt.date(2022, 12, 31)) == []
    assert selectors.memberships_current(body=rs, on=dt.date(2027, 1, 1)) == []


def test_membership_ending_before_it_starts_is_refused_and_leaves_no_audit_row(org):
    rs = factories.body(org, "RS")
    p = factories.person(org)
    count = AuditEvent.objects.count()
    with pytest.raises(DomainError):
        factories.membership(
            p, rs, Membership.Role.MEMBER, start=dt.date(2024, 1, 1), end=dt.date(2023, 1, 1)
        )
    assert AuditEvent.objects.count() == count


def test_a_signed_in_user_without_role_cannot_change_the_organisation(org):
    user = factories.user("vanlig")
    with pytest.raises(NotPermitted):
        services.body_create(
            actor=user, organisation=org, code="X", name="X", kind=Body.Kind.COMMITTEE
        )
    assert not Body.objects.filter(code="X").exists()


def test_every_service_write_has_an_audit_row_with_before_and_after(org):
    admin = factories.user("admin", superuser=True)
    rk = factories.unit(org, "RK")
    eko = factories.unit(org, "EKO", rk)
    rse = factories.unit(org, "RSE")
    services.unit_move(actor=admin, unit=eko, parent=rse)
    event = AuditEvent.objects.filter(action="unit.move").get()
    assert event.actor == admin
    assert event.before["parent_id"] == rk.pk
    assert event.after["parent_id"] == rse.pk


def test_search_finds_bodies_units_and_people_by_every_word(org):
    factories.body(org, "RS", name="Regionstyrelsen")
    factories.unit(org, "RK", name="Regionkontoret", cost_centres=["1310"])
    factories.person(org, "Anna", "Ek", title="Kanslichef")
    results = selectors.search(organisation=org, query="region")
    assert [b.code for b in results.bodies] == ["RS"]
    assert [u.code for u in results.units] == ["RK"]
    assert selectors.search(organisation=org, query="1310").units[0].code == "RK"
    assert [
        p.last_name for p in selectors.search(organisation=org, query="anna kansli").people
    ] == ["Ek"]
    assert selectors.search(organisation=org, query="anna styrelsen").count == 0


def test_one_account_may_hold_the_same_organisation_wide_role_in_two_organisations():
    """Roles are each organisation's own: an administrator of one region may also administer
    another, and the same role twice in one organisation is still refused."""
    first, second = factories.organisation(), factories.organisation()
    account = factories.user("tva-regioner")
    factories.grant(account, "administrator", first)
    factories.grant(account, "administrator", second)
    assert sorted(g.organisation_id for g in account.role_grants.all()) == sorted(
        [first.pk, second.pk]
    )
    with pytest.raises(DomainError, match="redan den rollen"):
        factories.grant(account, "administrator", second)


def test_the_base_url_of_an_organisation_takes_its_own_host_and_the_configured_scheme_and_port(
    settings,
):
    from uppsikt.organisation.tenancy import base_url_for

    first, second = factories.organisation(), factories.organisation()
    settings.UPPSIKT_BASE_URL = "https://uppsikt.example.org/"
    settings.UPPSIKT_ORGANISATIONS = {"b.example": second.slug, "a.example": first.slug}
    assert base_url_for(first) == "https://a.example"
    assert base_url_for(second) == "https://b.example"
    # one organisation, no mapping: the configured address as it is, without its last slash
    settings.UPPSIKT_ORGANISATIONS = {}
    assert base_url_for(first) == "https://uppsikt.example.org"
