"""The member's room: the papers of the coming meetings, private notes that nobody else reads,
and approving the minutes through a confirmation step."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from uppsikt.cases import services as case_services
from uppsikt.cases.models import DecisionProposal
from uppsikt.core.exceptions import DomainError, NotPermitted
from uppsikt.core.models import AuditEvent
from uppsikt.core.permissions import SYSTEM
from uppsikt.meetings import papers, services
from uppsikt.meetings.models import Meeting, PrivateNote
from uppsikt.organisation import services as org_services
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories as org

from . import factories

pytestmark = pytest.mark.django_db

NOTE = "Fråga om kostnaden för förrådet i punkt 1"


def _sent(m: Meeting) -> Meeting:
    # the summons is sent (its PDF needs Pango; the status is what releases the papers)
    Meeting.objects.filter(pk=m.pk).update(status=Meeting.Status.SUMMONED)
    m.refresh_from_db()
    return m


def _coming_meeting(c, *, secret: bool = False):
    """A meeting of the committee with one proposal on its agenda, whose basis is one open
    record; the case is secret when ``secret``."""
    case = case_services.case_register(
        actor=SYSTEM,
        organisation=c.organisation,
        body=c.board,
        title="Förrådets framtid",
        secret=secret,
        secrecy_ground="OSL 18 kap. 8 §" if secret else "",
        registered_on=dt.date(2026, 10, 1),
    )
    record = case_services.record_register(
        actor=SYSTEM,
        case=case,
        kind="drawn_up",
        date=dt.date(2026, 10, 2),
        description="Utredning om förrådet",
    )
    proposal = case_services.proposal_create(
        actor=SYSTEM, case=case, title="Förrådets framtid", body=c.body
    )
    case_services.proposal_update(
        actor=SYSTEM, proposal=proposal, basis=[record], decision_points=["Förrådet behålls."]
    )
    DecisionProposal.objects.filter(pk=proposal.pk).update(status=DecisionProposal.Status.FINAL)
    proposal.refresh_from_db()
    m = services.meeting_create(
        actor=c.secretary, body=c.body, date=dt.date(2026, 12, 20), start_time=dt.time(9), place="H"
    )
    item = services.agenda_add(actor=c.secretary, meeting=m, proposal=proposal)
    return m, item, record


def _outsider(c):
    """An account with the member role on the board but no seat in the committee."""
    user = org_services.account_create(
        actor=SYSTEM, username="utanfor", password="korrekt-hast-batteri"
    )
    org.grant(user, Role.MEMBER, c.organisation, body=c.board)
    return user


def _admin(c):
    user = org_services.account_create(
        actor=SYSTEM, username="admin-rum", password="korrekt-hast-batteri"
    )
    org.grant(user, Role.ADMINISTRATOR, c.organisation)
    return user


# --- the papers ----------------------------------------------------------------------------


def test_no_papers_before_the_summons_is_sent():
    c = factories.committee()
    m, item, _record = _coming_meeting(c)
    assert papers.meeting_papers(actor=c.other_member_user, meeting=m) == []
    with pytest.raises(NotPermitted):
        services.private_note_save(actor=c.other_member_user, agenda_item=item, text=NOTE)


def test_a_member_reads_the_proposal_and_its_basis_once_the_summons_is_sent():
    c = factories.committee()
    m, item, record = _coming_meeting(c)
    rows = papers.meeting_papers(actor=c.other_member_user, meeting=_sent(m))
    assert [(p.number, p.item.pk, p.withheld) for p in rows] == [(1, item.pk, False)]
    assert [r.record.pk for r in rows[0].records] == [record.pk]


def test_a_secret_case_is_shown_to_the_bodys_member_and_by_its_place_only_to_others():
    c = factories.committee()
    m, item, _record = _coming_meeting(c, secret=True)
    _sent(m)
    member = papers.meeting_papers(actor=c.other_member_user, meeting=m)
    assert member[0].withheld is False
    assert len(member[0].records) == 1
    outsider = papers.meeting_papers(actor=_outsider(c), meeting=m)
    assert outsider[0].withheld is True
    assert outsider[0].records == []
    assert outsider[0].note is None


def test_an_outsider_cannot_write_a_note_on_a_secret_item():
    c = factories.committee()
    m, item, _record = _coming_meeting(c, secret=True)
    _sent(m)
    with pytest.raises(NotPermitted):
        services.private_note_save(actor=_outsider(c), agenda_item=item, text=NOTE)
    assert not PrivateNote.objects.exists()


def test_the_papers_page_of_a_secret_item_shows_no_title_to_an_outsider(client):
    c = factories.committee()
    m, _item, _record = _coming_meeting(c, secret=True)
    _sent(m)
    client.force_login(_outsider(c))
    response = client.get(reverse("meetings:member_meeting", args=[m.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Förrådets framtid" not in html
    assert "Utredning om förrådet" not in html
    assert "Ärende som omfattas av sekretess" in html


# --- private notes --------------------------------------------------------------------------


def test_a_note_is_written_changed_and_removed_by_its_owner():
    c = factories.committee()
    m, item, _record = _coming_meeting(c)
    _sent(m)
    user = c.other_member_user
    note = services.private_note_save(actor=user, agenda_item=item, text=f"  {NOTE}  ")
    assert (note.owner_id, note.agenda_item_id, note.text) == (user.pk, item.pk, NOTE)
    services.private_note_save(actor=user, agenda_item=item, text="Ny text")
    assert PrivateNote.objects.get().text == "Ny text"
    assert services.private_note_save(actor=user, agenda_item=item, text="   ") is None
    assert not PrivateNote.objects.exists()


def test_a_note_on_a_record_of_the_basis():
    c = factories.committee()
    m, _item, record = _coming_meeting(c)
    _sent(m)
    services.private_note_save(actor=c.other_member_user, record=record, text=NOTE)
    rows = papers.meeting_papers(actor=c.other_member_user, meeting=m)
    assert rows[0].records[0].note.text == NOTE


def test_a_note_is_on_one_paper_exactly():
    c = factories.committee()
    m, item, record = _coming_meeting(c)
    _sent(m)
    with pytest.raises(DomainError):
        services.private_note_save(actor=c.other_member_user, text=NOTE)
    with pytest.raises(DomainError):
        services.private_note_save(
            actor=c.other_member_user, agenda_item=item, record=record, text=NOTE
        )


def test_a_note_longer_than_ten_thousand_characters_is_refused():
    c = factories.committee()
    m, item, _record = _coming_meeting(c)
    _sent(m)
    services.private_note_save(actor=c.other_member_user, agenda_item=item, text="x" * 10_000)
    with pytest.raises(DomainError):
        services.private_note_save(actor=c.other_member_user, agenda_item=item, text="x" * 10_001)


def test_nobody_else_reads_a_note_not_even_an_administrator(client):
    c = factories.committee()
    m, item, record = _coming_meeting(c)
    _sent(m)
    services.private_note_save(actor=c.other_member_user, agenda_item=item, text=NOTE)
    services.private_note_save(actor=c.other_member_user, record=record, text=NOTE + " (underlag)")
    admin = _admin(c)
    for other in (c.chair_user, c.secretary, admin):
        rows = papers.meeting_papers(actor=other, meeting=m)
        assert rows[0].note is None
        assert rows[0].records[0].note is None
    pages = [
        reverse("meetings:member_meeting", args=[m.pk]),
        reverse("meetings:meeting", args=[m.pk]),
        reverse("meetings:member_room"),
        reverse("home"),
        reverse("organisation:admin_audit"),
        reverse("cases:export"),
        # open data: the meeting and its agenda item as OParl objects
        reverse("oparl:meeting", args=[m.pk]),
        reverse("oparl:agendaitem", args=[item.pk]),
    ]
    for other in (c.chair_user, admin):
        client.force_login(other)
        for url in pages:
            response = client.get(url)
            assert response.status_code in (200, 403), (other, url)
            assert NOTE not in response.content.decode(errors="replace"), (other, url)
    # the owner sees it
    client.force_login(c.other_member_user)
    response = client.get(reverse("meetings:member_meeting", args=[m.pk]))
    assert NOTE in response.content.decode()


def test_the_audit_trail_names_the_paper_and_never_the_text():
    c = factories.committee()
    m, item, _record = _coming_meeting(c)
    _sent(m)
    services.private_note_save(actor=c.other_member_user, agenda_item=item, text=NOTE)
    services.private_note_save(actor=c.other_member_user, agenda_item=item, text=NOTE + " 2")
    services.private_note_save(actor=c.other_member_user, agenda_item=item, text="")
    events = AuditEvent.objects.filter(object_type="meetings.privatenote").order_by("pk")
    assert [e.action for e in events] == [
        "private_note.create",
        "private_note.update",
        "private_note.delete",
    ]
    for e in events:
        written = f"{e.object_repr} {e.before} {e.after} {e.detail}"
        assert "Fråga om kostnaden" not in written
    assert events[0].after == {
        "owner_id": c.other_member_user.pk,
        "agenda_item_id": item.pk,
        "record_id": None,
    }


def test_the_note_form_saves_through_the_page(client):
    c = factories.committee()
    m, item, _record = _coming_meeting(c)
    _sent(m)
    client.force_login(c.other_member_user)
    response = client.post(
        reverse("meetings:member_item_note", args=[item.pk]), {f"item-{item.pk}-text": NOTE}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#paper-{item.pk}")
    assert PrivateNote.objects.get(owner=c.other_member_user).text == NOTE


# --- approving the minutes through the confirmation step ----------------------------------


def test_the_confirmation_page_says_what_approving_means(client):
    c = factories.committee()
    m = factories.held_meeting(c)
    client.force_login(c.chair_user)
    response = client.get(reverse("meetings:meeting_sign", args=[m.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Jag har läst protokollet" in html
    assert "intygar du att protokollet stämmer" in html
    assert "§ 1 Punkt A" in html


def test_approving_without_ticking_that_the_minutes_were_read_signs_nothing(client):
    c = factories.committee()
    m = factories.held_meeting(c)
    client.force_login(c.chair_user)
    response = client.post(reverse("meetings:meeting_sign", args=[m.pk]), {})
    assert response.status_code == 400
    assert "Kryssa i att du har läst protokollet" in response.content.decode()
    assert not m.approvals.exists()


def test_approving_with_the_box_ticked_signs_as_chair(client):
    c = factories.committee()
    m = factories.held_meeting(c)
    client.force_login(c.chair_user)
    response = client.post(reverse("meetings:meeting_sign", args=[m.pk]), {"read": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:member_room")
    approval = m.approvals.get()
    assert (approval.person_id, approval.role, approval.method) == (
        c.members[0].pk,
        "chair",
        "in_system",
    )


def test_a_member_who_is_not_chosen_cannot_approve_even_with_the_box_ticked(client):
    c = factories.committee()
    m = factories.held_meeting(c)
    client.force_login(c.other_member_user)
    get = client.get(reverse("meetings:meeting_sign", args=[m.pk]))
    assert "Jag har läst protokollet" not in get.content.decode()
    response = client.post(reverse("meetings:meeting_sign", args=[m.pk]), {"read": "on"})
    assert response.status_code == 403
    assert not m.approvals.exists()


def test_the_room_lists_the_minutes_to_approve_and_the_coming_meeting(client):
    c = factories.committee()
    held = factories.held_meeting(c)
    coming, _item, _record = _coming_meeting(c)
    _sent(coming)
    client.force_login(c.chair_user)
    response = client.get(reverse("meetings:member_room"))
    html = response.content.decode()
    assert reverse("meetings:meeting_sign", args=[held.pk]) in html
    assert reverse("meetings:member_meeting", args=[coming.pk]) in html


# --- approving one § at once through the same confirmation step ---------------------------


def _first_item(m: Meeting):
    return m.items.order_by("position").first()


def test_the_item_confirmation_page_says_what_approving_the_item_means(client):
    c = factories.committee()
    m = factories.held_meeting(c)
    item = _first_item(m)
    client.force_login(c.approver_user)
    response = client.get(reverse("meetings:item_sign", args=[item.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Jag har läst paragrafen" in html
    assert "intygar du att den stämmer" in html
    assert f"§ {item.number} Punkt A" in html
    assert not item.approvals.exists()


def test_the_item_page_leads_to_the_confirmation_page_not_to_a_direct_post(client):
    c = factories.committee()
    item = _first_item(factories.held_meeting(c))
    client.force_login(c.chair_user)
    html = client.get(item.get_absolute_url()).content.decode()
    url = reverse("meetings:item_sign", args=[item.pk])
    assert f'href="{url}"' in html
    assert f'action="{url}"' not in html


def test_approving_an_item_without_ticking_that_it_was_read_signs_nothing(client):
    c = factories.committee()
    item = _first_item(factories.held_meeting(c))
    client.force_login(c.chair_user)
    response = client.post(reverse("meetings:item_sign", args=[item.pk]), {})
    assert response.status_code == 400
    assert "Kryssa i att du har läst paragrafen" in response.content.decode()
    assert not item.approvals.exists()


def test_approving_an_item_with_the_box_ticked_signs_and_by_both_approves_it(client):
    c = factories.committee()
    item = _first_item(factories.held_meeting(c))
    url = reverse("meetings:item_sign", args=[item.pk])
    client.force_login(c.chair_user)
    response = client.post(url, {"read": "on"})
    assert response.status_code == 302
    assert response["Location"] == item.get_absolute_url()
    approval = item.approvals.get()
    assert (approval.person_id, approval.role, approval.method) == (
        c.members[0].pk,
        "chair",
        "in_system",
    )
    item.refresh_from_db()
    assert not item.approved  # the approver has not signed yet
    # the chair has signed: a second time is not offered, and refused
    assert "Jag har läst paragrafen" not in client.get(url).content.decode()
    assert client.post(url, {"read": "on"}).status_code == 403
    client.force_login(c.approver_user)
    assert client.post(url, {"read": "on"}).status_code == 302
    item.refresh_from_db()
    assert item.approved and item.approved_immediately
    assert item.approvals.count() == 2
    # the other items of the minutes are not approved by it
    assert not m_items_approved(item.meeting, exclude=item)


def m_items_approved(meeting: Meeting, *, exclude) -> bool:
    return meeting.items.exclude(pk=exclude.pk).filter(approved_at__isnull=False).exists()


def test_a_member_who_is_not_chosen_cannot_approve_an_item(client):
    c = factories.committee()
    item = _first_item(factories.held_meeting(c))
    client.force_login(c.other_member_user)
    get = client.get(reverse("meetings:item_sign", args=[item.pk]))
    assert get.status_code == 200
    assert "Jag har läst paragrafen" not in get.content.decode()
    response = client.post(reverse("meetings:item_sign", args=[item.pk]), {"read": "on"})
    assert response.status_code == 403
    assert not item.approvals.exists()


def test_the_chosen_approver_whose_role_is_scoped_to_another_body_cannot_approve_an_item(client):
    """The person is the meeting's approver, but the account's member role covers another
    body only: the permission is checked in the body of the item."""
    from uppsikt.organisation.models import RoleGrant

    c = factories.committee()
    item = _first_item(factories.held_meeting(c))
    elsewhere = org.body(c.organisation, "HSN", name="Hälso- och sjukvårdsnämnden")
    RoleGrant.objects.filter(user=c.approver_user).delete()
    org.grant(c.approver_user, Role.MEMBER, c.organisation, body=elsewhere)
    client.force_login(c.approver_user)
    url = reverse("meetings:item_sign", args=[item.pk])
    assert "Jag har läst paragrafen" not in client.get(url).content.decode()
    assert client.post(url, {"read": "on"}).status_code in (403, 404)
    assert not item.approvals.exists()


def test_the_secretary_cannot_approve_an_item_in_the_chairs_name(client):
    c = factories.committee()
    item = _first_item(factories.held_meeting(c))
    client.force_login(c.secretary)
    url = reverse("meetings:item_sign", args=[item.pk])
    assert "Jag har läst paragrafen" not in client.get(url).content.decode()
    assert client.post(url, {"read": "on"}).status_code == 403
    assert not item.approvals.exists()


def test_an_item_of_another_organisation_is_not_found(client):
    c = factories.committee()
    item = _first_item(factories.held_meeting(c))
    other = factories.committee()
    client.force_login(other.chair_user)
    url = reverse("meetings:item_sign", args=[item.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"read": "on"}).status_code == 404
    assert not item.approvals.exists()


def test_an_item_of_a_meeting_not_yet_held_cannot_be_approved(client):
    c = factories.committee()
    m = factories.held_meeting(c)
    item = _first_item(m)
    Meeting.objects.filter(pk=m.pk).update(status=Meeting.Status.SUMMONED)
    client.force_login(c.chair_user)
    url = reverse("meetings:item_sign", args=[item.pk])
    assert "Jag har läst paragrafen" not in client.get(url).content.decode()
    assert client.post(url, {"read": "on"}).status_code == 403
    assert not item.approvals.exists()
