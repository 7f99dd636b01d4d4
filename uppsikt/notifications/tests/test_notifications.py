"""Notifications: made by the services where the events happen, only to those entitled to see
the object; read and unread by their recipient alone; e-mailed by the background job, and only
to those who want e-mail."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from uppsikt.cases import services as case_services
from uppsikt.cases.tests import factories as case_factories
from uppsikt.core.exceptions import DomainError
from uppsikt.followup import services as followup_services
from uppsikt.followup.tests.conftest import Region
from uppsikt.notifications import services
from uppsikt.notifications.models import Kind, Notification
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories as org_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(db):
    r = Region()
    r.reporter.email = "rapportor@example.org"
    r.reporter.save(update_fields=["email"])
    # a reporter of the unit beside Måltidsservice: not entitled to its assessments
    r.log_reporter = org_factories.user("rapportor-log")
    org_factories.grant(r.log_reporter, Role.REPORTER, r.org, unit=r.log)
    return r


def _return(region, reason="Saknar prognos."):
    a = region.submitted()
    return followup_services.assessment_return(
        actor=region.approver, assessment=a, version=a.version, comment=reason
    )


def test_a_returned_assessment_notifies_the_reporters_of_its_unit_only(region):
    a = _return(region)
    [n] = Notification.objects.all()
    assert n.recipient == region.reporter
    assert n.kind == Kind.ASSESSMENT_RETURNED
    assert n.object_id == str(a.pk) and n.url == a.get_absolute_url()
    assert n.text == "Saknar prognos."
    assert n.read_at is None and n.emailed_at is None
    # neither the approver who returned it, nor Logistik's reporter, nor the controller
    assert not Notification.objects.exclude(recipient=region.reporter).exists()


def test_no_email_unless_the_person_wants_it(region, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _return(region)
    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is None


def test_the_job_emails_those_who_want_it(region, django_capture_on_commit_callbacks):
    services.notification_setting_set(actor=region.reporter, email=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _return(region)
        # nothing is sent inside the service's transaction
        assert mail.outbox == []
    assert len(callbacks) == 1
    [message] = mail.outbox
    assert message.to == ["rapportor@example.org"]
    assert "Saknar prognos." in message.body
    assert Notification.objects.get().emailed_at is not None


def test_the_emails_link_starts_with_the_host_of_the_organisation_it_concerns(
    region, django_capture_on_commit_callbacks, settings
):
    # two organisations on one installation, each on its own host name
    other = org_factories.organisation()
    settings.UPPSIKT_BASE_URL = "https://uppsikt.example.org:8443"
    settings.UPPSIKT_ORGANISATIONS = {
        "uppsikt.annan.example": other.slug,
        "uppsikt.halland.example": region.org.slug,
    }
    services.notification_setting_set(actor=region.reporter, email=True)
    with django_capture_on_commit_callbacks(execute=True):
        a = _return(region)
    [message] = mail.outbox
    assert f"https://uppsikt.halland.example:8443{a.get_absolute_url()}" in message.body
    assert "uppsikt.annan.example" not in message.body


def test_a_person_who_wants_email_but_has_no_address_gets_none(
    region, django_capture_on_commit_callbacks
):
    region.reporter.email = ""
    region.reporter.save(update_fields=["email"])
    services.notification_setting_set(actor=region.reporter, email=True)
    with django_capture_on_commit_callbacks(execute=True):
        _return(region)
    assert mail.outbox == []


def test_read_and_unread_by_the_recipient_alone(client, region):
    _return(region)
    n = Notification.objects.get()
    # the header counts one unread
    client.force_login(region.reporter)
    html = client.get(reverse("notifications:list")).content.decode()
    assert 'id="notification-count">1<' in html
    # somebody else cannot mark it, nor see it
    client.force_login(region.log_reporter)
    assert client.post(reverse("notifications:read", args=[n.pk])).status_code == 404
    assert n.title not in client.get(reverse("notifications:list")).content.decode()
    n.refresh_from_db()
    assert n.read_at is None
    # the recipient marks it read: the counter goes
    client.force_login(region.reporter)
    response = client.post(reverse("notifications:read", args=[n.pk]))
    assert response.status_code == 302
    n.refresh_from_db()
    assert n.read_at is not None
    assert 'id="notification-count"' not in client.get(reverse("home")).content.decode()
    # and unread again
    client.post(reverse("notifications:unread", args=[n.pk]))
    n.refresh_from_db()
    assert n.read_at is None


def test_mark_all_read(client, region):
    _return(region)
    a = region.submitted()
    followup_services.assessment_return(
        actor=region.approver, assessment=a, version=a.version, comment="Igen."
    )
    # one notification per event and object while unread: still one
    assert Notification.objects.filter(read_at=None).count() == 1
    client.force_login(region.reporter)
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(read_at=None).exists()


def test_the_email_choice_is_saved_from_the_page(client, region):
    client.force_login(region.reporter)
    client.post(reverse("notifications:setting"), {"email": "on"})
    from uppsikt.notifications.selectors import wants_email

    assert wants_email(user=region.reporter)
    client.post(reverse("notifications:setting"), {})
    assert not wants_email(user=region.reporter)


def test_notify_leaves_out_those_not_entitled(region):
    made = services.notify(
        organisation=region.org,
        kind=Kind.ASSESSMENT_RETURNED,
        obj=region.assessment,
        title="Prov",
        url="/",
        recipients=[region.reporter, region.log_reporter, region.reporter],
        entitled=lambda user: user == region.reporter,
    )
    assert [n.recipient for n in made] == [region.reporter]


# --- a proposal sent for review to a chosen reviewer -----------------------------------------


@pytest.fixture
def register(db):
    r = case_factories.region()
    r.case = case_factories.case(r)
    r.proposal = case_services.proposal_create(
        actor=r.officer_user,
        case=r.case,
        body=r.rsau,
        title="Översyn förvaltningarnas stabsfunktioner",
        date=dt.date(2023, 9, 20),
        decision_intro="Arbetsutskottet beslutar att",
    )
    return r


def test_a_proposal_sent_for_review_notifies_the_chosen_reviewer(register):
    p = case_services.proposal_transition(
        actor=register.officer_user,
        proposal=register.proposal,
        to="review",
        reviewer=register.secretary,
    )
    assert p.reviewer == register.secretary
    [n] = Notification.objects.all()
    assert (n.recipient, n.kind) == (register.secretary, Kind.PROPOSAL_REVIEW)
    assert n.url == p.get_absolute_url()
    # back to draft: no reviewer any more
    p = case_services.proposal_transition(actor=register.officer_user, proposal=p, to="draft")
    assert p.reviewer is None


def test_a_reviewer_who_may_not_see_a_secret_case_is_refused(register):
    secret = case_factories.case(
        register, title="Personalärende", secret=True, secrecy_ground="OSL 39:3"
    )
    proposal = case_services.proposal_create(
        actor=register.officer_user,
        case=secret,
        body=register.rs,
        title="Personalärende",
        date=dt.date(2023, 9, 20),
        decision_intro="Regionstyrelsen beslutar att",
    )
    with pytest.raises(DomainError):
        case_services.proposal_transition(
            actor=register.officer_user,
            proposal=proposal,
            to="review",
            reviewer=register.rse_secretary,
        )
    assert not Notification.objects.exists()


def test_the_review_form_offers_only_entitled_reviewers(client, register):
    client.force_login(register.officer_user)
    html = client.get(register.proposal.get_absolute_url()).content.decode()
    assert f'value="{register.secretary.pk}"' in html
    # the secretary of another body registers nothing on RS: not offered
    assert f'value="{register.rse_secretary.pk}"' not in html
    # a reviewer outside the list is refused by the form
    response = client.post(
        reverse("cases:proposal_status", args=[register.proposal.pk]),
        {"to": "review", "reviewer": register.rse_secretary.pk},
    )
    assert response.status_code == 302
    register.proposal.refresh_from_db()
    assert register.proposal.status == "draft"
    client.post(
        reverse("cases:proposal_status", args=[register.proposal.pk]),
        {"to": "review", "reviewer": register.secretary.pk},
    )
    register.proposal.refresh_from_db()
    assert (register.proposal.status, register.proposal.reviewer) == ("review", register.secretary)
