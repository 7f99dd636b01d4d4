"""Approval (justering) with e-ID: the services keep what the identity provider vouched for,
never sign for anyone but the signed-in person, refuse the button when e-ID is required, and
the keyed checksum and the signature page carry the e-ID evidence. The fresh sign-on itself
is tested in ``organisation/tests/test_stepup.py`` and against the local provider in
``tests/oidc/test_step_up.py``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from uppsikt.core.exceptions import NotPermitted
from uppsikt.core.permissions import SYSTEM
from uppsikt.meetings import integrity, selectors, services, signature_page
from uppsikt.meetings.models import Approval, Meeting, Notice
from uppsikt.organisation.stepup import Proof

from . import factories, tampering

pytestmark = pytest.mark.django_db

LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3"
ISSUER = "https://idp.example.se/realms/region"


def _proof(subject="user-1", **kw) -> Proof:
    return Proof(
        issuer=kw.get("issuer", ISSUER),
        subject=subject,
        acr=kw.get("acr", LOA3),
        auth_time=kw.get("auth_time", dt.datetime(2025, 10, 15, 8, 30, tzinfo=dt.UTC)),
        token_id=kw.get("token_id", "jti-123"),
        session_id=kw.get("session_id", "sid-456"),
    )


def test_a_signature_with_e_id_keeps_the_provider_level_and_token_identifiers():
    c = factories.committee()
    m = factories.held_meeting(c)
    # when: the chair signs with e-ID
    a = services.minutes_approve(actor=c.chair_user, meeting=m, method="e_id", proof=_proof())
    # then: the signature is the chair's own, by e-ID, with what the provider vouched for
    a.refresh_from_db()
    assert (a.person, a.role, a.method) == (c.members[0], "chair", "e_id")
    assert a.eid_issuer == ISSUER
    assert a.eid_acr == LOA3
    assert (a.eid_subject, a.eid_token_id, a.eid_session_id) == ("user-1", "jti-123", "sid-456")
    assert a.eid_auth_time == dt.datetime(2025, 10, 15, 8, 30, tzinfo=dt.UTC)
    assert a.recorded_by == c.chair_user


def test_e_id_never_signs_for_someone_else():
    c = factories.committee()
    m = factories.held_meeting(c)
    # the chair's sign-on cannot sign as the approver
    with pytest.raises(NotPermitted):
        services.minutes_approve(
            actor=c.chair_user, meeting=m, person=c.members[1], method="e_id", proof=_proof()
        )
    assert not Approval.objects.filter(meeting=m).exists()


def test_e_id_without_a_proof_is_refused():
    c = factories.committee()
    m = factories.held_meeting(c)
    with pytest.raises(NotPermitted):
        services.minutes_approve(actor=c.chair_user, meeting=m, method="e_id")


def test_the_operator_cannot_record_an_e_id_signature():
    c = factories.committee()
    m = factories.held_meeting(c)
    with pytest.raises(NotPermitted):
        services.minutes_approve(
            actor=SYSTEM, meeting=m, person=c.members[0], method="e_id", proof=_proof()
        )


def test_a_proof_with_another_method_is_refused():
    from uppsikt.core.exceptions import DomainError

    c = factories.committee()
    m = factories.held_meeting(c)
    with pytest.raises(DomainError):
        services.minutes_approve(actor=c.chair_user, meeting=m, method="in_system", proof=_proof())


def test_a_member_without_the_approve_permission_cannot_sign_with_e_id():
    c = factories.committee()
    m = factories.held_meeting(c)
    # the secretary has no person of their own
    with pytest.raises(NotPermitted):
        services.minutes_approve(actor=c.secretary, meeting=m, method="e_id", proof=_proof())


@override_settings(UPPSIKT_APPROVAL_REQUIRE_EID=True)
def test_when_e_id_is_required_the_button_is_refused_but_paper_and_e_id_are_not():
    c = factories.committee()
    m = factories.held_meeting(c)
    with pytest.raises(NotPermitted):
        services.minutes_approve(actor=c.chair_user, meeting=m)
    services.minutes_approve(actor=c.chair_user, meeting=m, method="e_id", proof=_proof())
    services.minutes_approve(actor=c.secretary, meeting=m, person=c.members[1], method="on_paper")
    m.refresh_from_db()
    assert m.status == Meeting.Status.APPROVED


@override_settings(UPPSIKT_APPROVAL_REQUIRE_EID=True)
def test_when_e_id_is_required_an_item_cannot_be_signed_at_once_by_the_button():
    c = factories.committee()
    m = factories.held_meeting(c)
    item = m.items.order_by("position").first()
    with pytest.raises(NotPermitted):
        services.item_approve_immediately(actor=c.chair_user, item=item)
    a = services.item_approve_immediately(
        actor=c.chair_user, item=item, method="e_id", proof=_proof()
    )
    assert (a.item, a.method, a.eid_acr) == (item, "e_id", LOA3)


def test_minutes_approved_with_e_id_verify_and_a_changed_level_is_found():
    c = factories.committee()
    m = factories.held_meeting(c)
    services.minutes_approve(actor=c.chair_user, meeting=m, method="e_id", proof=_proof())
    services.minutes_approve(
        actor=c.approver_user, meeting=m, method="e_id", proof=_proof(subject="user-2")
    )
    m.refresh_from_db()
    item = m.items.order_by("position").first()
    assert m.status == Meeting.Status.APPROVED
    assert integrity.item_problems(item) == []
    assert integrity.meeting_problems(m) == []
    # when: the level of a signature is lowered behind the services' and the database's back
    signature = Approval.objects.get(meeting=m, person=c.members[0])
    tampering.update(
        Approval, {"pk": signature.pk}, eid_acr="http://id.elegnamnden.se/loa/1.0/loa2"
    )
    # then: verify finds it
    assert any("protokollet stämmer inte" in p for p in selectors.verify(meeting=m))


def test_a_signature_without_e_id_serialises_as_before_the_evidence_existed():
    c = factories.committee()
    m = factories.held_meeting(c)
    a = services.minutes_approve(actor=c.chair_user, meeting=m)
    # then: the same eight names as format 1 had, so older checksums still verify
    assert sorted(integrity.row(a)) == sorted(
        ["id", "meeting", "item", "person", "role", "method", "at", "recorded_by"]
    )


def test_the_signature_page_shows_e_id_with_the_assurance_level():
    c = factories.committee()
    m = factories.held_meeting(c)
    services.minutes_approve(actor=c.chair_user, meeting=m, method="e_id", proof=_proof())
    services.minutes_approve(actor=c.approver_user, meeting=m)
    notice = Notice.objects.get(meeting=m, kind=Notice.Kind.APPROVAL)
    doc = signature_page.sealed_notice_document(notice, holder="X", level="B-B", demo=False)
    table = doc.sections[-1].blocks[0]
    methods = [row.cells[3].content[0] for row in table.rows]
    assert methods[0] == f"E-legitimation, tillitsnivå {LOA3}, via {ISSUER}"
    assert methods[1] == "Knapp i Uppsikt, inloggad med eget konto"


# --- the pages --------------------------------------------------------------------------------


def test_without_sign_on_the_meeting_page_offers_only_the_button(client):
    c = factories.committee()
    m = factories.held_meeting(c)
    client.force_login(c.chair_user)
    html = client.get(reverse("meetings:meeting", args=[m.pk])).content.decode()
    assert reverse("meetings:meeting_sign", args=[m.pk]) in html
    assert reverse("meetings:meeting_sign_eid", args=[m.pk]) not in html


@override_settings(
    OIDC_RP_CLIENT_ID="uppsikt",
    UPPSIKT_OIDC_ISSUER=ISSUER,
    OIDC_OP_AUTHORIZATION_ENDPOINT=ISSUER + "/auth",
    UPPSIKT_APPROVAL_ACR=LOA3,
    UPPSIKT_APPROVAL_REQUIRE_EID=True,
)
def test_with_e_id_required_the_page_offers_e_id_and_the_action_goes_to_the_provider(client):
    c = factories.committee()
    m = factories.held_meeting(c)
    client.force_login(c.chair_user)
    html = client.get(reverse("meetings:meeting", args=[m.pk])).content.decode()
    assert reverse("meetings:meeting_sign_eid", args=[m.pk]) in html
    assert reverse("meetings:meeting_sign", args=[m.pk]) not in html
    # when: the chair starts the approval
    response = client.post(reverse("meetings:meeting_sign_eid", args=[m.pk]))
    # then: on to the provider, asking for the level and a fresh sign-on; nothing signed yet
    assert response.status_code == 200
    url = response["Refresh"].removeprefix("0; url=")
    assert url.startswith(ISSUER + "/auth?")
    assert "acr_values=http%3A%2F%2Fid.elegnamnden.se%2Floa%2F1.0%2Floa3" in url
    assert "max_age=0" in url and "prompt=login" in url and "nonce=" in url
    assert "code_challenge_method=S256" in url
    assert not Approval.objects.filter(meeting=m).exists()
    # and the button is refused
    client.post(reverse("meetings:meeting_sign", args=[m.pk]))
    assert not Approval.objects.filter(meeting=m).exists()


@override_settings(
    OIDC_RP_CLIENT_ID="uppsikt",
    UPPSIKT_OIDC_ISSUER=ISSUER,
    OIDC_OP_AUTHORIZATION_ENDPOINT=ISSUER + "/auth",
    UPPSIKT_APPROVAL_ACR=LOA3,
)
def test_someone_who_may_not_approve_is_not_sent_to_the_provider(client):
    c = factories.committee()
    m = factories.held_meeting(c)
    # the secretary manages the meeting but does not approve minutes
    client.force_login(c.secretary)
    response = client.post(reverse("meetings:meeting_sign_eid", args=[m.pk]))
    assert response.status_code == 302
    assert response["Location"] == m.get_absolute_url()
    assert "Refresh" not in response
