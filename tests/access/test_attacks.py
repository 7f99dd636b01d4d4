"""Attacks on the access rules, as someone holding a role on one unit or one body would try
them: other forms, fields and ways out of the same data than the ones the rules were first
written for. Run against the demo region."""

from __future__ import annotations

import pytest
from django.urls import reverse

from uppsikt.cases.models import Case, DecisionProposal, Record
from uppsikt.core.permissions import SYSTEM
from uppsikt.demo.loader import load_demo
from uppsikt.organisation.models import Organisation, Role
from uppsikt.organisation.tests import factories as org

pytestmark = pytest.mark.django_db


def _account(username: str, role, *, unit=None, body=None, person=None):
    o = Organisation.objects.get()
    user = org.services.account_create(
        actor=SYSTEM, username=username, password="korrekt-hast-batteri", person=person
    )
    org.grant(user, role, o, unit=unit, body=body)
    return user


@pytest.fixture
def demo():
    load_demo()
    case = Case.objects.get(number="RS241521")
    return {"case": case, "secret_record": Record.objects.get(case=case, sequence=4)}


def test_a_case_officer_cannot_put_a_secret_record_she_may_not_read_into_a_proposals_basis(
    client, demo
):
    # a case officer on the unit the case belongs to, and nothing else: she works on the case
    # (it is not secret) but may not read its secret record 4
    o = Organisation.objects.get()
    person = org.person(o, "Tova", "Test", unit=demo["case"].unit)
    attacker = _account("tova", Role.CASE_OFFICER, unit=demo["case"].unit, person=person)
    client.force_login(attacker)
    response = client.post(
        reverse("cases:proposal_create", args=[demo["case"].number]),
        {"title": "Förslag", "body": demo["case"].body.pk, "date": "2026-12-01"},
    )
    proposal = DecisionProposal.objects.get(case=demo["case"], title="Förslag")
    assert response.status_code == 302
    response = client.post(
        reverse("cases:proposal_edit", args=[proposal.pk]),
        {
            "version": proposal.version,
            "title": "Förslag",
            "date": "2026-12-01",
            "decision_intro": "Regionstyrelsen beslutar att",
            "decision_points": "godkänna",
            "basis": [demo["secret_record"].pk],
        },
    )
    # the members of the body a proposal goes to read the records of its basis: putting one
    # there is letting them read it, which only someone who may read it can do
    assert not proposal.basis.filter(pk=demo["secret_record"].pk).exists()


@pytest.mark.parametrize("field", ["basis", "signatories"])
def test_a_multiple_choice_with_an_id_too_large_for_the_database_is_a_form_error(
    client, demo, field
):
    # 25 digits: more than a 64-bit id (19 digits) holds; SQLite refused it with OverflowError
    proposal = DecisionProposal.objects.get(case__number="RS260001")
    officer = _account("rut", Role.CASE_OFFICER, unit=proposal.case.unit)
    client.force_login(officer)
    data = {
        "version": proposal.version,
        "title": "Förslag",
        "date": "2026-12-01",
        "decision_intro": "Regionstyrelsen beslutar att",
        field: "9" * 25,
    }
    response = client.post(reverse("cases:proposal_edit", args=[proposal.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]


def test_a_typed_case_number_beyond_what_the_series_can_count_is_refused_with_a_message(
    client, demo
):
    # "RS26" + 25 nines: 29 characters, within the field's 30, but a running number far beyond
    # the 64-bit counter the series keeps (SQLite refused it with OverflowError)
    rs = demo["case"].body
    client.force_login(_account("sara", Role.SECRETARY, body=rs))
    response = client.post(
        reverse("cases:case_create"),
        {
            "body": rs.pk,
            "title": "Ett ärende",
            "kind": "ordinary",
            "registered_on": "2026-12-01",
            "number": "RS26" + "9" * 25,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Case.objects.filter(title="Ett ärende").exists()


def test_a_question_position_beyond_what_the_database_keeps_is_a_form_error(client, demo):
    from uppsikt.cases.models import AssessmentTemplate

    # 25 digits in the question's order; the column is a positive 32-bit integer
    client.force_login(_account("ada", Role.ADMINISTRATOR))
    client.get(reverse("cases:questions"))  # the templates are created on first view
    template = AssessmentTemplate.objects.order_by("pk").first()
    prefix = f"new{template.pk}"
    response = client.post(
        reverse("cases:questions"),
        {"template": template.pk, f"{prefix}-text": "Ny fråga", f"{prefix}-position": "9" * 25},
    )
    assert response.status_code == 200
    assert not template.questions.filter(text="Ny fråga").exists()
