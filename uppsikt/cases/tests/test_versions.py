"""Lost updates: a save made from a form opened before someone else's save is refused with a
message, and the newer save is kept (optimistic locking on cases, records and proposals)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from uppsikt.cases import services
from uppsikt.cases.models import AssessmentTemplate
from uppsikt.core.exceptions import DomainError

from . import factories

pytestmark = pytest.mark.django_db

GROUND = "OSL 18 kap. 8 §"
STALE = "har ändrats av någon annan"


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
    region.case = factories.case(region, "Lokalförsörjning")
    return region


def test_a_case_saved_from_a_stale_form_is_refused_and_the_newer_save_kept(r):
    opened_at = r.case.version  # both open the edit form at version 1
    services.case_update(actor=r.secretary, case=r.case, version=opened_at, title="Lokalplan")
    with pytest.raises(DomainError, match=STALE):
        services.case_update(
            actor=r.officer_user, case=r.case, version=opened_at, title="Lokalförsörjning 2026"
        )
    r.case.refresh_from_db()
    # one save went through: version 1 + 1 = 2
    assert (r.case.title, r.case.version) == ("Lokalplan", 2)


def test_the_case_edit_page_shows_the_form_again_with_the_message_on_a_stale_save(client, r):
    services.case_update(actor=r.secretary, case=r.case, version=1, title="Lokalplan")
    client.force_login(r.officer_user)
    response = client.post(
        reverse("cases:case_edit", args=[r.case.number]),
        {"version": 1, "title": "Lokalförsörjning 2026"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert STALE in html and 'role="alert"' in html and 'name="title"' in html
    r.case.refresh_from_db()
    assert r.case.title == "Lokalplan"


def test_the_case_edit_form_carries_the_version_it_was_opened_at(client, r):
    services.case_update(actor=r.secretary, case=r.case, version=1, title="Lokalplan")
    client.force_login(r.officer_user)
    html = client.get(reverse("cases:case_edit", args=[r.case.number])).content.decode()
    assert 'name="version" value="2"' in html


def test_a_record_s_secrecy_set_from_a_stale_form_is_refused(r):
    record = factories.record(r.case, "Hyresavtal")
    opened_at = record.version
    services.record_set_secrecy(
        actor=r.secretary, record=record, version=opened_at, secret=True, secrecy_ground=GROUND
    )
    with pytest.raises(DomainError, match=STALE):
        services.record_set_secrecy(
            actor=r.officer_user,
            record=record,
            version=opened_at,
            secret=True,
            secrecy_ground="OSL 31 kap. 16 §",
        )
    record.refresh_from_db()
    assert record.secrecy_ground == GROUND


def test_a_secrecy_review_made_on_a_stale_page_is_refused(r):
    record = factories.record(r.case, "Hyresavtal", secret=True, secrecy_ground=GROUND)
    opened_at = record.version
    services.record_secrecy_review(
        actor=r.secretary,
        record=record,
        version=opened_at,
        secret=True,
        secrecy_ground="OSL 31 kap. 16 §",
        reason="Rätt paragraf är affärsförhållanden.",
    )
    with pytest.raises(DomainError, match=STALE):
        services.record_secrecy_review(
            actor=r.admin, record=record, version=opened_at, secret=False, reason="Inaktuell."
        )
    record.refresh_from_db()
    assert (record.secret, record.secrecy_ground) == (True, "OSL 31 kap. 16 §")


def test_an_impact_assessment_saved_from_a_stale_form_is_refused(r):
    proposal = services.proposal_create(actor=r.officer_user, case=r.case, title="Förslag")
    template = AssessmentTemplate.objects.get(organisation=r.organisation, code="gender_equality")
    opened_at = proposal.version
    services.impact_assessment_save(
        actor=r.secretary,
        proposal=proposal,
        template=template,
        affected=False,
        not_affected_reason="Gäller lokaler.",
        expected_version=opened_at,
    )
    with pytest.raises(DomainError, match="Någon annan har sparat"):
        services.impact_assessment_save(
            actor=r.officer_user,
            proposal=proposal,
            template=template,
            affected=False,
            not_affected_reason="Gäller bara hyror.",
            expected_version=opened_at,
        )
    assert (
        proposal.impact_assessments.get(template=template).not_affected_reason == "Gäller lokaler."
    )


def test_a_stale_secrecy_form_on_the_record_page_says_why_and_changes_nothing(client, r):
    record = factories.record(r.case, "Hyresavtal")
    services.record_set_secrecy(
        actor=r.secretary, record=record, version=1, secret=True, secrecy_ground=GROUND
    )
    client.force_login(r.officer_user)
    response = client.post(
        reverse("cases:record_secrecy", args=[r.case.number, record.sequence]),
        {"version": 1, "secret": "on", "secrecy_ground": "OSL 31 kap. 16 §"},
        follow=True,
    )
    assert STALE in response.content.decode()
    record.refresh_from_db()
    assert record.secrecy_ground == GROUND
