"""Approval with e-ID against the local OpenID provider (``provider.mjs``): the approver presses
"Justera med e-legitimation", signs on afresh at the provider and is sent back; the signature
is made only when the provider issued the level asked for, just now, to the same person, and
only once per start."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.oidc.local import LOA2, LOA3, log_in_at_provider, next_login, running_provider
from uppsikt.meetings.models import Approval
from uppsikt.meetings.tests import factories

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/oidc/e-legitimation/"


@pytest.fixture(scope="module")
def provider():
    with running_provider(
        [CALLBACK],
        UPPSIKT_APPROVAL_ACR=LOA3,
        UPPSIKT_APPROVAL_REQUIRE_EID=True,
    ) as issuer:
        yield issuer


@pytest.fixture
def held(provider, client):
    """A held meeting; its chair's account has the e-mail the provider gives the login
    ``ordf``."""
    c = factories.committee()
    m = factories.held_meeting(c)
    c.chair_user.email = "ordf@example.org"
    c.chair_user.save(update_fields=["email"])
    other = c.other_member_user
    other.email = "ledamot@example.org"
    other.save(update_fields=["email"])
    client.force_login(c.chair_user)
    return c, m


def _start(client, m) -> str:
    response = client.post(reverse("meetings:meeting_sign_eid", args=[m.pk]))
    assert response.status_code == 200
    return response["Refresh"].removeprefix("0; url=")


def _come_back(client, query: dict):
    return client.get("/oidc/e-legitimation/", query, follow=True)


def test_the_chair_approves_with_a_fresh_e_id_login_at_the_level_asked_for(client, held, provider):
    c, m = held
    query = log_in_at_provider(_start(client, m), "ordf", CALLBACK)
    response = _come_back(client, query)
    a = Approval.objects.get(meeting=m)
    assert (a.person, a.role, a.method) == (c.members[0], "chair", "e_id")
    assert (a.eid_issuer, a.eid_acr, a.eid_subject) == (provider, LOA3, "ordf")
    assert a.eid_auth_time is not None
    assert a.eid_session_id  # the provider names its sign-on session (sid)
    assert "med e-legitimation" in response.content.decode()


def test_a_login_without_the_level_is_refused(client, held, provider):
    c, m = held
    url = _start(client, m)
    next_login(provider, acr=LOA2)
    response = _come_back(client, log_in_at_provider(url, "ordf", CALLBACK))
    assert not Approval.objects.filter(meeting=m).exists()
    assert "rätt tillitsnivå" in response.content.decode()


def test_a_login_with_no_level_at_all_is_refused(client, held, provider):
    c, m = held
    url = _start(client, m)
    next_login(provider, acr="")
    _come_back(client, log_in_at_provider(url, "ordf", CALLBACK))
    assert not Approval.objects.filter(meeting=m).exists()


def test_a_stale_login_is_refused(client, held, provider):
    c, m = held
    url = _start(client, m)
    # the provider says the person signed on an hour ago
    next_login(provider, auth_time_offset=3600)
    response = _come_back(client, log_in_at_provider(url, "ordf", CALLBACK))
    assert not Approval.objects.filter(meeting=m).exists()
    assert "inte för den här justeringen" in response.content.decode()


def test_a_login_as_someone_else_is_refused(client, held, provider):
    c, m = held
    # the chair starts, but another member signs on at the provider
    response = _come_back(client, log_in_at_provider(_start(client, m), "ledamot", CALLBACK))
    assert not Approval.objects.filter(meeting=m).exists()
    assert "någon annan" in response.content.decode()


def test_a_login_for_an_unknown_account_is_refused(client, held, provider):
    c, m = held
    _come_back(client, log_in_at_provider(_start(client, m), "okand", CALLBACK))
    assert not Approval.objects.filter(meeting=m).exists()


def test_the_answer_is_good_once(client, held, provider):
    c, m = held
    query = log_in_at_provider(_start(client, m), "ordf", CALLBACK)
    _come_back(client, query)
    assert Approval.objects.filter(meeting=m).count() == 1
    # the same state again (replayed) is refused before the provider is asked
    response = _come_back(client, query)
    assert "påbörjad justering" in response.content.decode()
    assert Approval.objects.filter(meeting=m).count() == 1


def test_the_answer_is_refused_in_another_persons_session(client, held, provider):
    c, m = held
    query = log_in_at_provider(_start(client, m), "ordf", CALLBACK)
    client.force_login(c.other_member_user)
    _come_back(client, query)
    assert not Approval.objects.filter(meeting=m).exists()
