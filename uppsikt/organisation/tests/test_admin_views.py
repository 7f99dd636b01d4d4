"""Administration through the browser's forms: people, accounts, roles, deactivation, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from uppsikt.core.models import AuditEvent
from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation.models import Person, Role, RoleGrant

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    org = factories.organisation()
    factories.body(org, "RS")
    factories.unit(org, "RK")
    return org


@pytest.fixture
def admin_client(client, org):
    admin = factories.user("admin")
    factories.grant(admin, Role.ADMINISTRATOR, org)
    client.force_login(admin)
    client.admin = admin
    return client


def test_administrator_adds_a_person_creates_an_account_and_grants_a_role(admin_client, org):
    response = admin_client.post(
        reverse("organisation:admin_person_create"),
        {
            "first_name": "Eva",
            "last_name": "Ek",
            "title": "Controller",
            "email": "eva@example.org",
            "unit": "",
        },
    )
    person = Person.objects.get(last_name="Ek")
    assert response["Location"] == reverse("organisation:admin_person", args=[person.pk])
    admin_client.post(
        reverse("organisation:admin_person_account", args=[person.pk]),
        {"username": "eva", "password": "ett-bra-losenord-2024"},
    )
    person.refresh_from_db()
    assert person.user.username == "eva"
    rk = org.units.get(code="RK")
    admin_client.post(
        reverse("organisation:admin_person_role_grant", args=[person.pk]),
        {"role": Role.CONTROLLER, "scope": f"unit:{rk.pk}"},
    )
    grant = RoleGrant.objects.get(user=person.user)
    assert (grant.role, grant.unit_id, grant.body_id) == (
        Role.CONTROLLER,
        rk.pk,
        None,
    )
    actions = list(
        AuditEvent.objects.filter(actor=admin_client.admin).values_list("action", flat=True)
    )
    assert sorted(actions) == ["account.create", "person.create", "role.grant"]


def test_a_weak_initial_password_is_refused_with_a_message(admin_client, org):
    person = factories.person(org)
    url = reverse("organisation:admin_person_account", args=[person.pk])
    response = admin_client.post(url, {"username": "svag", "password": "12345"}, follow=True)
    person.refresh_from_db()
    assert person.user is None
    assert 'role="alert"' in response.content.decode()


def test_revoking_a_role(admin_client, org):
    user = factories.user("x")
    factories.person(org, user=user)
    grant = factories.grant(user, Role.READER, org)
    admin_client.post(reverse("organisation:admin_role_revoke", args=[grant.pk]))
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    event = AuditEvent.objects.get(action="role.revoke")
    assert event.before["role"] == "reader" and event.after is None


def test_a_deactivated_person_cannot_log_in_and_keeps_history(admin_client, org, client):
    user = factories.user("borta", password="ett-bra-losenord-2024")
    person = factories.person(org, user=user)
    factories.grant(user, Role.READER, org)
    admin_client.post(reverse("organisation:admin_person_deactivate", args=[person.pk]))
    user.refresh_from_db()
    assert not user.is_active
    admin_client.logout()
    response = client.post(
        reverse("login"), {"username": "borta", "password": "ett-bra-losenord-2024"}
    )
    assert response.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client.session
    assert RoleGrant.objects.filter(user=user).exists()


def test_someone_without_the_role_cannot_post_to_the_admin_forms(client, org):
    user = factories.user("lasare")
    factories.grant(user, Role.READER, org)
    client.force_login(user)
    person = factories.person(org)
    url = reverse("organisation:admin_person_account", args=[person.pk])
    response = client.post(url, {"username": "hack", "password": "ett-bra-losenord-2024"})
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.user is None


def test_audit_trail_filters_by_object_person_and_day(admin_client, org):
    other = factories.user("other")
    factories.grant(other, Role.ADMINISTRATOR, org)
    p1 = factories.person(org, "A", "Alfa")
    from uppsikt.organisation import services

    services.person_update(actor=other, person=p1, first_name="A", last_name="Alfasson")
    url = reverse("organisation:admin_audit")
    by_object = admin_client.get(url, {"object_type": "organisation.person", "object_id": p1.pk})
    assert [e.action for e in by_object.context["page"]] == ["person.update", "person.create"]
    by_person = admin_client.get(url, {"actor": other.pk})
    assert [e.action for e in by_person.context["page"]] == ["person.update"]
    today = timezone.localdate()
    assert (
        admin_client.get(url, {"date_from": today, "date_to": today})
        .context["page"]
        .paginator.count
        > 0
    )
    tomorrow = today + dt.timedelta(days=1)
    assert admin_client.get(url, {"date_from": tomorrow}).context["page"].paginator.count == 0


def test_audit_trail_says_in_words_what_each_event_did_beside_its_code(admin_client, org):
    from uppsikt.organisation import services

    person = factories.person(org, "A", "Alfa")
    services.person_update(actor=SYSTEM, person=person, first_name="A", last_name="Alfasson")
    url = reverse("organisation:admin_audit")
    page = admin_client.get(url, {"object_type": "organisation.person", "object_id": person.pk})
    labels = [(e.action_label, e.action) for e in page.context["page"]]
    assert labels == [("ändrade", "person.update"), ("skapade", "person.create")]
    html = page.content.decode()
    assert 'ändrade <code class="meta">person.update</code>' in html


def test_an_action_of_a_verb_not_known_is_shown_as_its_code():
    from uppsikt.core.audit_labels import action_label

    assert action_label("assessment.submit") == "lämnade in"
    assert action_label("case.void") == "makulerade"
    assert action_label("something.unheard_of") == "something.unheard_of"


def test_audit_trail_reads_rows_written_under_a_models_former_name(admin_client, org):
    # given: a role's row written when the model was RoleAssignment, one written since it is
    # RoleGrant, and a unit's row with the same id
    AuditEvent.objects.create(
        action="role.grant", object_type="organisation.roleassignment", object_id="7"
    )
    AuditEvent.objects.create(
        action="role.revoke", object_type="organisation.rolegrant", object_id="7"
    )
    AuditEvent.objects.create(action="unit.update", object_type="organisation.unit", object_id="7")
    url = reverse("organisation:admin_audit")
    # when: the trail is filtered by either name
    pages = [
        admin_client.get(url, {"object_type": name, "object_id": "7"})
        for name in ("organisation.rolegrant", "organisation.roleassignment")
    ]
    # then: both rows of the role, newest first, under its present name, which the filter
    # offers once
    for page in pages:
        assert [e.action for e in page.context["page"]] == ["role.revoke", "role.grant"]
        assert page.content.decode().count("organisation.rolegrant #7") == 2
    choices = [value for value, _label in pages[0].context["form"].fields["object_type"].choices]
    assert "organisation.rolegrant" in choices
    assert "organisation.roleassignment" not in choices


def test_audit_trail_shows_each_field_before_and_after_in_words(admin_client, org):
    # given: a change of a unit's name and a moment, with fields it left alone and a detail
    AuditEvent.objects.create(
        action="unit.update",
        object_type="organisation.unit",
        object_id="41",
        object_repr="Måltidsservice",
        organisation_id=org.pk,
        before={
            "name": "Kosten",
            "is_active": True,
            "parent_id": None,
            "at": None,
            "kind": "section",
        },
        after={
            "kind": "administration",
            "name": "Måltidsservice",
            "is_active": True,
            "parent_id": None,
            "at": "2026-12-04T10:11:17.840300+00:00",
        },
        detail={"codes": ["11", "12"]},
    )
    page = admin_client.get(
        reverse("organisation:admin_audit"),
        {"object_type": "organisation.unit", "object_id": "41"},
    )
    event = page.context["page"][0]
    # then: the changed fields first, each under the model's own name where it has one; a
    # moment in Swedish local time (10.11 UTC is 11.11 in Stockholm in December, written as the trail's own times are), a choice by
    # its label, nothing as –
    rows = [(c.name, c.before, c.after, c.changed) for c in event.changes]
    assert rows == [
        ("at", "–", "2026-12-04 11:11", True),
        ("typ", "Enhet", "Förvaltning", True),
        ("namn", "Kosten", "Måltidsservice", True),
        ("aktiv", "ja", "ja", False),
        ("överordnad enhet", "–", "–", False),
    ]
    assert event.details == [("codes", '["11", "12"]')]
    html = page.content.decode()
    assert "{&#x27;" not in html and "{'" not in html and "None" not in html


def test_own_account_page_shows_roles_and_units(client, org):
    user = factories.user("egen")
    rk = org.units.get(code="RK")
    factories.person(org, "Ella", "Egen", user=user, unit=rk)
    factories.grant(user, Role.REPORTER, org, unit=rk)
    client.force_login(user)
    html = client.get(reverse("my_account")).content.decode()
    assert "Rapportör" in html and "Enhet RK" in html


def test_changing_ones_own_password_checks_the_old_one_and_the_rules(client, org):
    user = factories.user("byt", password="ett-bra-losenord-2024")
    client.force_login(user)
    url = reverse("password_change")
    bad = client.post(
        url,
        {
            "old_password": "fel",
            "new_password1": "ett-annat-losenord-9",
            "new_password2": "ett-annat-losenord-9",
        },
    )
    assert bad.status_code == 200
    weak = client.post(
        url,
        {"old_password": "ett-bra-losenord-2024", "new_password1": "kort", "new_password2": "kort"},
    )
    assert weak.status_code == 200
    ok = client.post(
        url,
        {
            "old_password": "ett-bra-losenord-2024",
            "new_password1": "ett-annat-losenord-9",
            "new_password2": "ett-annat-losenord-9",
        },
    )
    assert ok.status_code == 302
    user.refresh_from_db()
    assert user.check_password("ett-annat-losenord-9")
    assert AuditEvent.objects.filter(action="account.set_password", actor=user).count() == 1


def test_login_is_throttled_after_five_failures(client, org):
    factories.user("mal", password="ett-bra-losenord-2024")
    for _ in range(5):
        client.post(reverse("login"), {"username": "mal", "password": "fel-losenord"})
    locked = client.post(reverse("login"), {"username": "mal", "password": "ett-bra-losenord-2024"})
    assert locked.status_code == 429
    assert "spärrad" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_each_change_of_a_person_is_its_own_address_and_refuses_what_does_not_apply(
    admin_client, org
):
    user = factories.user("tillbaka", password="ett-bra-losenord-2024")
    person = factories.person(org, user=user)
    admin_client.post(reverse("organisation:admin_person_deactivate", args=[person.pk]))
    user.refresh_from_db()
    assert not user.is_active
    admin_client.post(reverse("organisation:admin_person_activate", args=[person.pk]))
    user.refresh_from_db()
    assert user.is_active
    # a second account for a person who has one is refused, with a message
    response = admin_client.post(
        reverse("organisation:admin_person_account", args=[person.pk]),
        {"username": "andra", "password": "ett-bra-losenord-2024"},
        follow=True,
    )
    assert "Personen har redan ett konto." in response.content.decode()
    assert not get_user_model().objects.filter(username="andra").exists()
    # a person without an account gets no role
    without = factories.person(org, "Utan", "Konto")
    response = admin_client.post(
        reverse("organisation:admin_person_role_grant", args=[without.pk]),
        {"role": Role.READER, "scope": "all"},
        follow=True,
    )
    assert "Personen har inget konto." in response.content.decode()
    assert not RoleGrant.objects.filter(role=Role.READER, user__person=without).exists()
    # an invalid form comes back on the person's page with its errors, nothing changed
    response = admin_client.post(
        reverse("organisation:admin_person_update", args=[person.pk]),
        {"first_name": "", "last_name": "Ek", "title": "", "email": "inte-en-adress"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert person.full_name in page and 'role="alert"' in page
    # a GET to an action is refused
    assert (
        admin_client.get(reverse("organisation:admin_person_update", args=[person.pk])).status_code
        == 405
    )


def test_every_action_the_services_record_is_said_in_words():
    import re
    from pathlib import Path

    from uppsikt.core.audit_labels import action_label
    from uppsikt.organisation.tests.test_services import __file__ as here

    root = Path(here).resolve().parents[2]  # the uppsikt package
    codes = set()
    for path in root.rglob("*.py"):
        if "tests" not in path.parts:
            codes |= set(re.findall(r'action="([a-z_]+(?:\.[a-z_]+)+)"', path.read_text()))
    codes |= {"case.close", "case.reopen", "case.void"}  # named through _set_status
    codes |= {f"proposal.{to}" for to in ("review", "draft", "final")}  # proposal_transition
    assert len(codes) > 150
    assert sorted(c for c in codes if action_label(c) == c) == []
