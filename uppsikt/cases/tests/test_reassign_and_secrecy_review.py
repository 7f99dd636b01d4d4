"""Who may take a case over and who may lift secrecy.

Changing a case's officer or responsible unit needs ``cases.reassign`` on the case's body;
lifting or changing the secrecy of a case or a record is a secrecy review (sekretessprövning)
that needs ``cases.declassify`` on the body, a reason, and leaves an audit row with the reason.
A case officer on one unit gains no secret access through any field of the edit forms.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from uppsikt.cases import secrecy, selectors, services
from uppsikt.core.exceptions import DomainError, NotPermitted
from uppsikt.core.models import AuditEvent
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories as org

from . import factories

pytestmark = pytest.mark.django_db

GROUND = "OSL 18 kap. 8 §"
WITHHELD = "Kontinuitetsplan för lager och logistik"


@pytest.fixture
def r(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    region = factories.region()
    # the case belongs to RS, its unit is the Kansli under Regionkontoret, its officer Henrik
    region.case = factories.case(region, "Nämndsdialog med driftnämnden Regionservice")
    factories.record(region.case, "Dialogunderlag", counterpart="Driftnämnden")
    region.secret_record = factories.record(
        region.case,
        WITHHELD,
        counterpart="Regionservice, Lager och logistik",
        secret=True,
        secrecy_ground=GROUND,
    )
    # the attacker: a case officer whose role is on Regionkontoret only (it covers the Kansli)
    region.attacker = region.other_officer_user
    region.attacker_person = region.other_officer_user.person
    return region


def _fresh(obj):
    obj.refresh_from_db()
    return obj


def _export(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("cases:export"))
    assert response.status_code == 200
    return response.content.decode("utf-8-sig")


def _export_description(client, user, record_number: str) -> str:
    rows = list(csv.reader(io.StringIO(_export(client, user)), delimiter=";"))
    return next(row[6] for row in rows if row[1] == record_number)


def _still_withheld_from(client, r, user) -> None:
    """On every way out the secret record is still withheld from ``user``."""
    record = _fresh(r.secret_record)
    assert record.secret and record.secrecy_ground == GROUND
    assert not secrecy.can_see_record(user, record)
    assert selectors.record_detail(actor=user, record=record).withheld
    client.force_login(user)
    assert WITHHELD not in client.get(record.get_absolute_url()).content.decode()
    assert WITHHELD not in client.get(r.case.get_absolute_url()).content.decode()
    assert (
        WITHHELD
        not in client.get(reverse("cases:index"), {"q": "kontinuitetsplan"}).content.decode()
    )
    assert _export_description(client, user, record.number) == "[Sekretess]"


# --- taking a case over ----------------------------------------------------------------------


def test_a_case_officer_on_one_unit_cannot_make_herself_the_officer_of_a_case_in_the_service(r):
    with pytest.raises(NotPermitted):
        services.case_update(
            actor=r.attacker, case=r.case, version=r.case.version, officer=r.attacker_person
        )
    assert _fresh(r.case).officer_id == r.officer.pk
    assert not secrecy.can_see_record(r.attacker, r.secret_record)


def test_a_case_officer_on_one_unit_cannot_move_a_case_to_another_unit_in_the_service(r):
    # Kansli → Regionkontoret: both inside her scope, still a reassignment
    with pytest.raises(NotPermitted):
        services.case_update(actor=r.attacker, case=r.case, version=r.case.version, unit=r.rk)
    assert _fresh(r.case).unit_id == r.rk_kan.pk


def test_a_case_officer_taking_over_a_case_on_the_edit_page_neither_gets_the_case_nor_its_secrets(
    client, r
):
    client.force_login(r.attacker)
    client.post(
        reverse("cases:case_edit", args=[r.case.number]),
        {
            "version": 1,
            "title": r.case.title,
            "unit": r.rk_kan.pk,
            "officer": r.attacker_person.pk,
            "secret": "",
            "secrecy_ground": "",
        },
    )
    assert _fresh(r.case).officer_id == r.officer.pk
    # … and then trying to clear the record's secrecy on its page
    client.post(
        reverse("cases:record_secrecy", args=[r.case.number, r.secret_record.sequence]),
        {"version": 1, "secret": "", "secrecy_ground": ""},
    )
    _still_withheld_from(client, r, r.attacker)
    _still_withheld_from(client, r, r.reader)


def test_the_case_edit_form_offers_officer_and_unit_only_to_those_who_may_reassign(client, r):
    url = reverse("cases:case_edit", args=[r.case.number])
    client.force_login(r.officer_user)
    html = client.get(url).content.decode()
    assert 'name="officer"' not in html and 'name="unit"' not in html
    client.force_login(r.secretary)
    html = client.get(url).content.decode()
    assert 'name="officer"' in html and 'name="unit"' in html


def test_the_secretary_of_the_body_reassigns_a_case_and_the_reassignment_is_audited(r):
    services.case_update(
        actor=r.secretary, case=r.case, version=r.case.version, officer=r.attacker_person
    )
    assert _fresh(r.case).officer_id == r.attacker_person.pk
    event = AuditEvent.objects.filter(action="case.reassign", object_id=str(r.case.pk)).get()
    assert (event.before["officer_id"], event.after["officer_id"]) == (
        r.officer.pk,
        r.attacker_person.pk,
    )


def test_an_administrator_on_a_unit_cannot_reassign_a_case_of_the_body(r):
    unit_admin = org.user("enhetsadmin")
    org.grant(unit_admin, Role.ADMINISTRATOR, r.organisation, unit=r.rk)
    with pytest.raises(NotPermitted):
        services.case_update(
            actor=unit_admin, case=r.case, version=r.case.version, officer=r.attacker_person
        )


# --- lifting secrecy -------------------------------------------------------------------------


def test_the_case_s_own_officer_cannot_clear_a_record_s_secrecy_on_the_record_page(r):
    record = r.secret_record
    with pytest.raises(NotPermitted):
        services.record_set_secrecy(
            actor=r.officer_user, record=record, version=record.version, secret=False
        )
    assert _fresh(record).secret


def test_a_secrecy_review_of_a_record_without_the_permission_is_refused(client, r):
    record = r.secret_record
    with pytest.raises(NotPermitted):
        services.record_secrecy_review(
            actor=r.officer_user,
            record=record,
            version=record.version,
            secret=False,
            reason="Skyddsåtgärderna är genomförda.",
        )
    _still_withheld_from(client, r, r.reader)
    assert not AuditEvent.objects.filter(action="record.secrecy_review").exists()


def test_a_secrecy_review_by_the_secretary_of_another_body_is_refused(r):
    with pytest.raises(NotPermitted):
        services.record_secrecy_review(
            actor=r.rse_secretary,
            record=r.secret_record,
            version=r.secret_record.version,
            secret=False,
            reason="Skyddsåtgärderna är genomförda.",
        )
    assert _fresh(r.secret_record).secret


def test_a_secrecy_review_without_a_reason_is_refused_and_changes_nothing(client, r):
    with pytest.raises(DomainError, match="skälet"):
        services.record_secrecy_review(
            actor=r.secretary,
            record=r.secret_record,
            version=r.secret_record.version,
            secret=False,
            reason="  ",
        )
    _still_withheld_from(client, r, r.reader)


def test_a_secrecy_review_by_the_secretary_lifts_secrecy_and_audits_the_reason(client, r):
    services.record_secrecy_review(
        actor=r.secretary,
        record=r.secret_record,
        version=r.secret_record.version,
        secret=False,
        reason="Skyddsåtgärderna är genomförda; uppgifterna är inte längre känsliga.",
    )
    record = _fresh(r.secret_record)
    assert (record.secret, record.secrecy_ground) == (False, "")
    event = AuditEvent.objects.get(action="record.secrecy_review", object_id=str(record.pk))
    assert event.actor_id == r.secretary.pk
    assert event.detail["reason"] == (
        "Skyddsåtgärderna är genomförda; uppgifterna är inte längre känsliga."
    )
    assert (event.before["secret"], event.after["secret"]) == (True, False)
    assert _export_description(client, r.reader, record.number) == WITHHELD


def test_the_secrecy_review_page_is_refused_to_the_case_s_own_officer(client, r):
    client.force_login(r.officer_user)
    url = reverse("cases:record_secrecy_review", args=[r.case.number, r.secret_record.sequence])
    assert client.get(url).status_code == 403
    assert client.post(url, {"version": 1, "reason": "x"}).status_code == 403
    assert _fresh(r.secret_record).secret


def test_the_secrecy_review_page_asks_for_the_reason_and_then_lifts_secrecy(client, r):
    client.force_login(r.secretary)
    url = reverse("cases:record_secrecy_review", args=[r.case.number, r.secret_record.sequence])
    assert client.get(url).status_code == 200
    response = client.post(url, {"version": 1, "secrecy_ground": GROUND, "reason": ""})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert _fresh(r.secret_record).secret
    response = client.post(url, {"version": 1, "reason": "Prövad på begäran av en journalist."})
    assert response.status_code == 302
    assert not _fresh(r.secret_record).secret


def test_the_case_edit_cannot_lift_a_secret_case_s_secrecy_even_for_the_secretary(r):
    services.case_update(
        actor=r.secretary, case=r.case, version=r.case.version, secret=True, secrecy_ground=GROUND
    )
    case = _fresh(r.case)
    for who in (r.officer_user, r.secretary):
        with pytest.raises(NotPermitted):
            services.case_update(
                actor=who, case=case, version=case.version, secret=False, secrecy_ground=""
            )
    assert _fresh(r.case).secret


def test_a_case_officer_classifies_a_case_but_cannot_review_its_secrecy(r):
    services.case_update(
        actor=r.officer_user,
        case=r.case,
        version=r.case.version,
        secret=True,
        secrecy_ground=GROUND,
    )
    case = _fresh(r.case)
    assert case.secret
    with pytest.raises(NotPermitted):
        services.case_secrecy_review(
            actor=r.officer_user, case=case, version=case.version, secret=False, reason="Klart."
        )
    assert _fresh(r.case).secret


def test_a_secrecy_review_of_a_case_by_the_secretary_lifts_it_and_audits_the_reason(client, r):
    services.case_update(
        actor=r.officer_user,
        case=r.case,
        version=r.case.version,
        secret=True,
        secrecy_ground=GROUND,
    )
    case = _fresh(r.case)
    services.case_secrecy_review(
        actor=r.secretary, case=case, version=case.version, secret=False, reason="Avgjort ärende."
    )
    assert not _fresh(r.case).secret
    event = AuditEvent.objects.get(action="case.secrecy_review")
    assert event.detail["reason"] == "Avgjort ärende."
    client.force_login(r.reader)
    assert r.case.title in client.get(r.case.get_absolute_url()).content.decode()


def test_the_edit_form_of_a_secret_case_offers_no_secrecy_fields_but_a_review_to_the_secretary(
    client, r
):
    services.case_update(
        actor=r.secretary, case=r.case, version=r.case.version, secret=True, secrecy_ground=GROUND
    )
    url = reverse("cases:case_edit", args=[r.case.number])
    review = reverse("cases:case_secrecy_review", args=[r.case.number])
    client.force_login(r.officer_user)
    html = client.get(url).content.decode()
    assert 'name="secret"' not in html and 'name="secrecy_ground"' not in html
    assert review not in html
    client.force_login(r.secretary)
    html = client.get(url).content.decode()
    assert 'name="secret"' not in html and review in html
