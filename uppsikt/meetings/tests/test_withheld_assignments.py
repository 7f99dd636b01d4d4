"""A § withheld from a reader (docs/meetings.md, *Secrecy*) is withheld on every way out that
lists decision assignments or § besides the assignments page: the § page's list of earlier
open assignments and of those a § closed, the home page, the member's room, the notification
of an assignment, and the summons of a meeting whose § was marked secret.

The readers hold a role scoped to one unit or one body: a secretary of the working committee
only, a reporter of one administration, a member of the regional board. None of them is
entitled to the secret case of the board that the working committee decided on; the board's
secretary is, and sees everything."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from uppsikt.cases import services as case_services
from uppsikt.cases.models import Case, DecisionProposal
from uppsikt.core.permissions import SYSTEM
from uppsikt.documents import docx as docx_writer
from uppsikt.documents import render
from uppsikt.meetings import documents, selectors, services
from uppsikt.meetings.models import DecisionAssignment, MinutesItem
from uppsikt.notifications.models import Kind, Notification
from uppsikt.organisation import services as org_services
from uppsikt.organisation.models import Membership, Role
from uppsikt.organisation.tests import factories as org

from . import factories

pytestmark = pytest.mark.django_db

MARK = "Kvartz"
TO_UNIT = "Ge förvaltningen i uppdrag att flytta Kvartzboendet"
TO_BOARD = "Ge regionstyrelsen i uppdrag att följa upp Kvartzboendet"
TODAY = dt.date(2025, 12, 1)


@dataclass
class Scene:
    c: factories.Committee
    case: Case
    secret_item: MinutesItem  # § on the board's secret case, decided by the working committee
    to_unit: DecisionAssignment
    to_board: DecisionAssignment
    later_item: MinutesItem  # an open § of a later meeting of the working committee
    au_secretary: object  # secretary of the working committee only (not of the board)
    reporter: object  # reporter of one administration, the recipient of ``to_unit``
    board_member: object  # a member of the board only


def _account(c, username, role, *, person=None, unit=None, body=None):
    user = org_services.account_create(
        actor=SYSTEM, username=username, password="korrekt-hast-batteri", person=person
    )
    org.grant(user, role, c.organisation, unit=unit, body=body)
    return user


@pytest.fixture
def scene() -> Scene:
    c = factories.committee()
    administration = org.unit(c.organisation, "RK", name="Regionkontoret")
    reporter = _account(c, "rapportor-rk", Role.REPORTER, unit=administration)
    au_secretary = _account(c, "sekr-au", Role.SECRETARY, body=c.body)
    person = org.person(c.organisation, "Rut", "Styrelseledamot")
    org.membership(person, c.board, Membership.Role.MEMBER)
    board_member = _account(c, "ledamot-rs", Role.MEMBER, person=person, body=c.board)

    case = case_services.case_register(
        actor=SYSTEM,
        organisation=c.organisation,
        body=c.board,
        title="Skyddat boende Kvartzgatan",
        secret=True,
        secrecy_ground="OSL 26 kap. 1 §",
        registered_on=dt.date(2025, 3, 1),
    )
    proposal = DecisionProposal.objects.create(
        case=case,
        body=c.body,
        status=DecisionProposal.Status.FINAL,
        date=dt.date(2025, 3, 20),
        title="Skyddat boende Kvartzgatan",
        decision_intro="Arbetsutskottet beslutar att",
        decision_points=[TO_UNIT, TO_BOARD],
        dispatch_to=["Regionkontoret"],
    )
    first = factories.held_meeting(c, date=dt.date(2025, 4, 1), titles=())
    services.agenda_add(actor=c.secretary, meeting=first, proposal=proposal)
    secret_item = first.items.get()
    assert secret_item.secret  # a § on a secret case
    secret_item = services.item_update(
        actor=c.secretary, item=secret_item, version=1, decision_points=[TO_UNIT, TO_BOARD]
    )
    to_unit = services.assignment_create(
        actor=c.secretary,
        item=secret_item,
        point=1,
        recipient_unit=administration,
        due_date=dt.date(2025, 6, 30),
    )
    to_board = services.assignment_create(
        actor=c.secretary,
        item=secret_item,
        point=2,
        recipient_body=c.board,
        due_date=dt.date(2025, 6, 30),
    )
    later = factories.held_meeting(c, date=dt.date(2025, 10, 14), titles=("Redovisning",))
    return Scene(
        c=c,
        case=case,
        secret_item=secret_item,
        to_unit=to_unit,
        to_board=to_board,
        later_item=later.items.get(),
        au_secretary=au_secretary,
        reporter=reporter,
        board_member=board_member,
    )


def test_the_readers_are_not_entitled_and_the_boards_secretary_is(scene):
    for user in (scene.au_secretary, scene.reporter, scene.board_member):
        assert selectors.item_withheld(actor=user, item=scene.secret_item)
    assert not selectors.item_withheld(actor=scene.c.secretary, item=scene.secret_item)
    # the assignments page leaves them out already: the rule the other ways out follow
    rows = selectors.assignment_list(organisation=scene.c.organisation, actor=scene.au_secretary)
    assert rows == []


def _item_page(client, user, item) -> str:
    client.force_login(user)
    response = client.get(reverse("meetings:item", args=[item.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_item_page_offers_no_open_assignment_of_a_withheld_item(client, scene):
    page = _item_page(client, scene.au_secretary, scene.later_item)
    assert "Skriv paragrafen" in page  # the editable § page
    assert MARK not in page
    assert "Förklara ett uppdrag slutfört" not in page  # nothing left to choose from
    entitled = _item_page(client, scene.c.secretary, scene.later_item)
    assert "Förklara ett uppdrag slutfört" in entitled and TO_UNIT in entitled


def test_the_item_page_names_no_closed_assignment_of_a_withheld_item(client, scene):
    services.assignment_close(
        actor=scene.c.secretary, assignment=scene.to_unit, closing_item=scene.later_item
    )
    for user in (scene.au_secretary, scene.reporter):
        page = _item_page(client, user, scene.later_item)
        assert MARK not in page
        assert "Paragrafen förklarar dessa uppdrag slutförda" not in page
    entitled = _item_page(client, scene.c.secretary, scene.later_item)
    assert "Paragrafen förklarar dessa uppdrag slutförda" in entitled and TO_UNIT in entitled


def test_the_home_page_lines_leave_out_a_withheld_item(scene):
    organisation = scene.c.organisation
    assert selectors.assignments_to_report(actor=scene.reporter, organisation=organisation) == []
    assert (
        selectors.member_work(
            actor=scene.board_member, organisation=organisation, today=TODAY
        ).assignments
        == []
    )
    work = selectors.secretary_work(
        actor=scene.au_secretary, organisation=organisation, today=TODAY
    )
    assert work.overdue == []
    # the entitled see them: the board's secretary both overdue assignments
    work = selectors.secretary_work(actor=scene.c.secretary, organisation=organisation, today=TODAY)
    assert {a.pk for a in work.overdue} == {scene.to_unit.pk, scene.to_board.pk}


def test_the_home_page_lists_no_undispatched_withheld_item(scene):
    MinutesItem.objects.filter(pk=scene.secret_item.pk).update(approved_at=timezone.now())
    organisation = scene.c.organisation
    work = selectors.secretary_work(
        actor=scene.au_secretary, organisation=organisation, today=TODAY
    )
    assert work.not_dispatched == []
    work = selectors.secretary_work(actor=scene.c.secretary, organisation=organisation, today=TODAY)
    assert [i.pk for i in work.not_dispatched] == [scene.secret_item.pk]


def test_the_home_page_and_the_member_room_show_no_text_of_it(client, scene):
    for user in (scene.reporter, scene.board_member, scene.au_secretary):
        client.force_login(user)
        assert MARK not in client.get(reverse("home")).content.decode()
    client.force_login(scene.board_member)
    room = client.get(reverse("meetings:member_room"))
    assert room.status_code == 200
    assert MARK not in room.content.decode()


def test_the_assignment_is_not_notified_to_one_the_item_is_withheld_from(scene):
    mine = Notification.objects.filter(recipient=scene.reporter, kind=Kind.ASSIGNMENT_GIVEN)
    assert not mine.exists()
    # an entitled account on the same administration is notified (the board's secretary has
    # no role on it; give one that reads the board's secret material)
    entitled = _account(scene.c, "sekr-rs-rk", Role.SECRETARY, body=scene.c.board)
    org.grant(entitled, Role.REPORTER, scene.c.organisation, unit=scene.to_unit.recipient_unit)
    item = services.item_update(
        actor=scene.c.secretary,
        item=scene.secret_item,
        version=scene.secret_item.version,
        decision_points=[TO_UNIT, TO_BOARD, "Ge förvaltningen i uppdrag att rapportera"],
    )
    services.assignment_create(
        actor=scene.c.secretary, item=item, point=3, recipient_unit=scene.to_unit.recipient_unit
    )
    assert Notification.objects.filter(recipient=entitled, kind=Kind.ASSIGNMENT_GIVEN).count() == 1
    assert not mine.exists()


def test_the_summons_names_a_secret_item_on_an_open_case_by_its_place_only():
    c = factories.committee()
    m = factories.held_meeting(c, titles=("Anbud från Kvartzbolaget", "Punkt B"))
    text = docx_writer.text_of(render.render(documents.summons_document(m), "docx"))
    assert "Anbud från Kvartzbolaget" in text  # before the § is marked secret
    MinutesItem.objects.filter(meeting=m, title="Anbud från Kvartzbolaget").update(secret=True)
    m.refresh_from_db()
    text = docx_writer.text_of(render.render(documents.summons_document(m), "docx"))
    assert MARK not in text
    assert documents.SECRET_TITLE in text and "Punkt B" in text


def test_the_agenda_item_of_a_secret_case_follows_the_rule_of_the_item(scene):
    """``papers.agenda_item_readable`` and ``selectors.hidden_case_ids`` ask the same gate as
    ``item_withheld``: the board's secretary and the working committee's members (the case
    was sent to their meeting) read it; a secretary of the committee only and a member of the
    board only do not."""
    from uppsikt.meetings import papers

    agenda_item = scene.secret_item.agenda_item
    meeting = scene.secret_item.meeting
    for user, readable in (
        (scene.c.secretary, True),
        (scene.c.other_member_user, True),
        (scene.au_secretary, False),
        (scene.board_member, False),
        (scene.reporter, False),
    ):
        assert papers.agenda_item_readable(actor=user, item=agenda_item) is readable
        hidden = selectors.hidden_case_ids(actor=user, meeting=meeting)
        assert hidden == (set() if readable else {scene.case.pk})
        assert selectors.item_withheld(actor=user, item=scene.secret_item) is not readable


def test_one_the_item_is_withheld_from_cannot_close_its_assignment_blind(scene):
    """Closing by the id from a forged form would tell whether it is open (and write to it)."""
    from uppsikt.core.exceptions import NotPermitted

    with pytest.raises(NotPermitted):
        services.assignment_close(
            actor=scene.au_secretary, assignment=scene.to_unit, closing_item=scene.later_item
        )
    assert DecisionAssignment.objects.get(pk=scene.to_unit.pk).state == "open"
    services.assignment_close(
        actor=scene.c.secretary, assignment=scene.to_unit, closing_item=scene.later_item
    )
    assert DecisionAssignment.objects.get(pk=scene.to_unit.pk).state == "completed"


def test_the_meeting_page_offers_a_proposal_on_a_withheld_case_by_its_number_only(client, scene):
    """The working committee's next meeting: the board's secret case has a final proposal
    ready for its agenda."""
    proposal = DecisionProposal.objects.create(
        case=scene.case,
        body=scene.c.body,
        status=DecisionProposal.Status.FINAL,
        date=dt.date(2025, 11, 20),
        title="Skyddat boende Kvartzgatan, uppföljning",
        decision_intro="Arbetsutskottet beslutar att",
        decision_points=["lägga uppföljningen till handlingarna."],
    )
    coming = services.meeting_create(
        actor=scene.c.secretary,
        body=scene.c.body,
        date=dt.date(2025, 12, 9),
        start_time=dt.time(9),
        place="Halmstad",
    )
    url = reverse("meetings:meeting", args=[coming.pk])
    client.force_login(scene.au_secretary)
    page = client.get(url).content.decode()
    assert f'<option value="{proposal.pk}">{scene.case.number} ' in page
    assert MARK not in page
    client.force_login(scene.c.secretary)
    assert proposal.title in client.get(url).content.decode()
