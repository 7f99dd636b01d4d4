"""Meetings and minutes: numbering, quorum, decisions, approval, integrity, the notice board,
assignments and extracts. Expected values are worked out by hand from docs/definitions.md §5."""

from __future__ import annotations

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections
from django.urls import reverse

from conftest import require
from uppsikt.core.exceptions import DomainError, InvalidTransition, NotPermitted
from uppsikt.core.permissions import SYSTEM
from uppsikt.documents import docx as docx_writer
from uppsikt.meetings import dates, selectors, services
from uppsikt.meetings.models import (
    AgendaItem,
    Approval,
    FloorMotion,
    Meeting,
    MinutesItem,
    Notice,
)

from . import factories, tampering

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Europe/Stockholm")


def _tamper(**changes) -> None:
    """Change approved items behind the application's back, as someone with direct access
    to the database would (with the triggers out of the way)."""
    tampering.update(MinutesItem, changes.pop("where"), **changes)


# --- the dates of the notice board ------------------------------------------------------------


@pytest.mark.parametrize(
    ("posted", "last"),
    [
        # 2025-10-17 (Fri) + 21 = 2025-11-07, a Friday: stays
        (dt.date(2025, 10, 17), dt.date(2025, 11, 7)),
        # 2025-10-18 (Sat) + 21 = 2025-11-08 (Sat) → Monday 2025-11-10
        (dt.date(2025, 10, 18), dt.date(2025, 11, 10)),
        # 2025-12-03 + 21 = 2025-12-24 julafton → 25, 26 holidays, 27–28 weekend → 29
        (dt.date(2025, 12, 3), dt.date(2025, 12, 29)),
        # 2025-12-10 + 21 = 2025-12-31 nyårsafton → 2026-01-01 holiday → Friday 2026-01-02
        (dt.date(2025, 12, 10), dt.date(2026, 1, 2)),
        # 2026-05-29 + 21 = 2026-06-19 midsommarafton → 20 midsommardagen, 21 Sunday → 22
        (dt.date(2026, 5, 29), dt.date(2026, 6, 22)),
        # 2025-05-08 + 21 = 2025-05-29 Kristi himmelsfärdsdag → Friday 2025-05-30
        (dt.date(2025, 5, 8), dt.date(2025, 5, 30)),
    ],
)
def test_last_day_for_appeal_is_three_weeks_moved_past_non_working_days(posted, last):
    assert dates.appeal_last_day(posted) == last


def test_midsummer_eve_is_the_friday_between_19_and_25_june():
    assert dates.midsummer_eve(2025) == dt.date(2025, 6, 20)
    assert dates.midsummer_eve(2026) == dt.date(2026, 6, 19)


# --- numbering --------------------------------------------------------------------------------


def test_items_are_numbered_in_agenda_order_and_a_withdrawn_item_gets_no_number():
    c = factories.committee()
    m = services.meeting_create(
        actor=c.secretary,
        body=c.body,
        date=dt.date(2025, 10, 14),
        start_time=dt.time(9),
        place="Halmstad",
    )
    a = services.agenda_add(actor=c.secretary, meeting=m, title="A")
    b = services.agenda_add(actor=c.secretary, meeting=m, title="B")
    services.agenda_add(actor=c.secretary, meeting=m, title="C")
    services.agenda_withdraw(actor=c.secretary, agenda_item=b)
    services.series_continue(actor=c.secretary, body=c.body, year=2025, last_number=247)
    services.attendance_record(actor=c.secretary, meeting=m, present=[p.pk for p in c.members])
    services.meeting_hold(actor=c.secretary, meeting=m)
    # then: A is § 248, C is § 249, B has none
    assert [(i.title, i.number) for i in m.items.order_by("position")] == [
        ("A", 248),
        ("C", 249),
    ]
    assert not MinutesItem.objects.filter(agenda_item=b).exists()
    assert a.minutes_item.number == 248


def test_numbering_starts_again_each_calendar_year_and_never_goes_back():
    c = factories.committee()
    m1 = factories.held_meeting(c, date=dt.date(2025, 12, 16), titles=("X",))
    m2 = factories.held_meeting(c, date=dt.date(2026, 1, 13), titles=("Y",))
    assert m1.items.get().number == 1
    assert m2.items.get().number == 1
    with pytest.raises(DomainError):
        services.series_continue(actor=c.secretary, body=c.body, year=2025, last_number=0)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under concurrency")
def test_two_secretaries_numbering_at_once_never_get_the_same_number():
    c = factories.committee()
    meetings = []
    for day in (14, 15, 16, 17):
        m = services.meeting_create(
            actor=c.secretary,
            body=c.body,
            date=dt.date(2025, 10, day),
            start_time=dt.time(9),
            place="Halmstad",
        )
        for t in ("A", "B", "C"):
            services.agenda_add(actor=c.secretary, meeting=m, title=t)
        services.attendance_record(actor=c.secretary, meeting=m, present=[p.pk for p in c.members])
        meetings.append(m)
    barrier = threading.Barrier(len(meetings))
    errors: list[BaseException] = []

    def hold(m):
        try:
            barrier.wait(timeout=10)
            services.meeting_hold(actor=c.secretary, meeting=m)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hold, args=(m,)) for m in meetings]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    # then: 4 meetings × 3 items = §§ 1..12, each once, each meeting's in a consecutive run
    numbers = sorted(MinutesItem.objects.filter(body=c.body).values_list("number", flat=True))
    assert numbers == list(range(1, 13))
    for m in meetings:
        own = sorted(m.items.values_list("number", flat=True))
        assert own == list(range(own[0], own[0] + 3))


# --- attendance and quorum --------------------------------------------------------------------


def test_deputies_serve_for_absent_members_in_the_bodys_order():
    c = factories.committee()
    m = services.meeting_create(
        actor=c.secretary, body=c.body, date=dt.date(2025, 4, 1), start_time=dt.time(9), place="H"
    )
    # members 3 and 4 absent; both deputies present
    present = [c.members[0].pk, c.members[1].pk, c.members[4].pk, *(d.pk for d in c.deputies)]
    services.attendance_record(actor=c.secretary, meeting=m, present=present)
    serving = {a.person_id: a.serving_for_id for a in m.attendance.filter(role="deputy")}
    assert serving == {c.deputies[0].pk: c.members[2].pk, c.deputies[1].pk: c.members[3].pk}
    assert services.quorum(m) == (5, 5, True)


def test_a_meeting_without_more_than_half_the_members_cannot_be_held():
    c = factories.committee()
    m = services.meeting_create(
        actor=c.secretary, body=c.body, date=dt.date(2025, 4, 1), start_time=dt.time(9), place="H"
    )
    services.agenda_add(actor=c.secretary, meeting=m, title="A")
    # 2 of 5 members: 2 × 2 = 4 is not more than 5
    services.attendance_record(actor=c.secretary, meeting=m, present=[p.pk for p in c.members[:2]])
    with pytest.raises(DomainError):
        services.meeting_hold(actor=c.secretary, meeting=m)
    # 3 of 5: quorate
    services.attendance_record(actor=c.secretary, meeting=m, present=[p.pk for p in c.members[:3]])
    services.meeting_hold(actor=c.secretary, meeting=m)


# --- decisions --------------------------------------------------------------------------------


def test_an_adopted_addition_is_appended_after_the_proposal_as_in_reference_002():
    c = factories.committee()
    m = factories.held_meeting(c, titles=("Nämndsdialog Regionservice",))
    item = m.items.get()
    services.item_update(
        actor=c.secretary,
        item=item,
        version=item.version,
        proposal_intro="Regionstyrelsens arbetsutskott beslutar att",
        proposal_points=[f"punkt {i}" for i in range(1, 6)],
    )
    motion = services.motion_add(
        actor=c.secretary,
        item=item,
        person=c.members[0],
        kind=FloorMotion.Kind.ADD,
        points=["tillägg 1", "tillägg 2", "tillägg 3"],
    )
    item = services.item_decide(actor=c.secretary, item=item, additions_adopted=[motion])
    assert item.decision_points == [
        "punkt 1",
        "punkt 2",
        "punkt 3",
        "punkt 4",
        "punkt 5",
        "tillägg 1",
        "tillägg 2",
        "tillägg 3",
    ]
    assert item.procedure == (
        "Ordförande Mikaela Waltersson (M) ställer proposition på liggande förslag med tillägg "
        "och finner att regionstyrelsens arbetsutskott beslutar enligt detta."
    )


def test_a_proposal_decided_as_it_stood_without_motions_has_no_procedure():
    """Reference 000 § 311: no motion, the proposal adopted: no "Beslutsordning" of its own,
    in the item and in its extract; a motion that fell still gives one (002 § 248)."""
    c = factories.committee()
    m = factories.held_meeting(c, titles=("Översyn", "Dialog"))
    plain, moved = m.items.order_by("number")
    plain = services.item_update(
        actor=c.secretary,
        item=plain,
        version=plain.version,
        proposal_intro="Arbetsutskottet beslutar att",
        proposal_points=["lägga redovisningen till handlingarna"],
    )
    plain = services.item_decide(actor=c.secretary, item=plain)
    assert plain.decision_points == ["lägga redovisningen till handlingarna"]
    assert plain.procedure == ""
    from uppsikt.meetings import documents

    content, _name, _mime = documents.extract_file(selectors.item_full(item=plain), "docx")
    assert "Beslutsordning" not in docx_writer.text_of(content)
    services.motion_add(
        actor=c.secretary, item=moved, person=c.members[0], kind="add", points=["x"]
    )
    moved = services.item_decide(actor=c.secretary, item=moved)  # the addition not adopted
    assert moved.procedure.endswith(
        "ställer proposition på liggande förslag och finner att "
        "regionstyrelsens arbetsutskott beslutar enligt detta."
    )


def test_questions_put_formal_motions_first_and_additions_last():
    from uppsikt.meetings.procedure import questions

    c = factories.committee()
    item = factories.held_meeting(c, titles=("A",)).items.get()
    add = services.motion_add(
        actor=c.secretary, item=item, person=c.members[0], kind="add", points=["x"]
    )
    amend1 = services.motion_add(
        actor=c.secretary, item=item, person=c.members[1], kind="amend", points=["y"]
    )
    amend2 = services.motion_add(
        actor=c.secretary, item=item, person=c.members[4], kind="reject", text="avslå"
    )
    back = services.motion_add(actor=c.secretary, item=item, person=c.members[3], kind="refer_back")
    kinds = [(q.kind, q.motions) for q in questions(list(item.motions.all()))]
    assert kinds == [
        ("formal", (back.pk,)),
        ("counter", (amend1.pk, amend2.pk)),  # more than two proposals: choose the counter
        ("main", (amend1.pk, amend2.pk)),
        ("addition", (add.pk,)),
    ]


def test_roll_call_vote_counts_each_members_vote_and_a_tie_goes_the_chairs_way():
    c = factories.committee()
    item = factories.held_meeting(c, titles=("A",)).items.get()
    s = services.recusal_add(actor=c.secretary, item=item, person=c.members[4])
    assert s.party == "SD"
    m = c.members
    vote = services.vote_record(
        actor=c.secretary,
        item=item,
        method="roll_call",
        yes_means="bifall till förslaget",
        no_means="avslag",
        casts={m[0].pk: "yes", m[1].pk: "no", m[2].pk: "yes", m[3].pk: "no"},
    )
    # 2–2, the chair (m[0]) voted yes
    body = c.body.name.lower()
    assert vote.result == f"Med 2 ja-röster mot 2 nej-röster (0 avstår) bifaller {body} förslaget."
    with pytest.raises(DomainError):  # the recused member may not vote
        services.vote_record(
            actor=c.secretary,
            item=item,
            method="roll_call",
            yes_means="a",
            no_means="b",
            casts={p.pk: "yes" for p in m},
        )


@pytest.mark.parametrize(
    ("casts", "chair_id", "outcome"),
    [
        # 3 yes against 2 no: yes wins, whatever the chair voted
        ({1: "no", 2: "yes", 3: "yes", 4: "yes", 5: "no"}, 1, (3, 2, 0, True)),
        # 1 yes against 2 no, 2 abstaining: no wins
        ({1: "yes", 2: "no", 3: "no", 4: "abstain", 5: "abstain"}, 1, (1, 2, 2, False)),
        # 2–2 with the chair voting no: no wins
        ({1: "no", 2: "yes", 3: "yes", 4: "no"}, 1, (2, 2, 0, False)),
        # 1–1 with the chair abstaining, or no chair: the tie is not a yes
        ({1: "abstain", 2: "yes", 3: "no"}, 1, (1, 1, 1, False)),
        ({2: "yes", 3: "no"}, None, (1, 1, 0, False)),
    ],
)
def test_a_roll_call_is_won_by_the_majority_and_a_tie_by_the_chairs_vote(casts, chair_id, outcome):
    from uppsikt.meetings.procedure import roll_call_outcome

    assert roll_call_outcome(casts, chair_id=chair_id) == outcome


# --- approval and integrity -------------------------------------------------------------------


def test_minutes_are_approved_when_chair_and_approvers_have_signed_and_the_notice_is_posted():
    c = factories.committee()
    m = factories.held_meeting(c)
    services.minutes_approve(actor=c.chair_user, meeting=m)
    m.refresh_from_db()
    assert m.status == "held"
    services.minutes_approve(actor=c.approver_user, meeting=m)
    m.refresh_from_db()
    assert m.status == "approved"
    today = dt.date.today()
    assert m.approved_on is not None
    notice = Notice.objects.get(meeting=m)
    assert notice.posted_on == m.approved_on
    assert notice.appeal_last_day == dates.appeal_last_day(m.approved_on)
    roles = sorted(m.approvals.values_list("role", "method"))
    assert roles == [("approver", "in_system"), ("chair", "in_system")]
    assert abs((m.approved_on - today).days) <= 1
    assert selectors.verify(meeting=m) == []


def test_a_member_who_is_not_chair_or_approver_cannot_sign():
    c = factories.committee()
    m = factories.held_meeting(c)
    with pytest.raises(NotPermitted):
        services.minutes_approve(actor=c.other_member_user, meeting=m)
    with pytest.raises(NotPermitted):  # nor sign in someone else's name
        services.minutes_approve(actor=c.approver_user, meeting=m, person=c.members[0])


def test_an_approved_item_cannot_be_edited_and_a_correction_is_visible_beside_it():
    c = factories.committee()
    m = factories.held_meeting(c)
    for user in (c.chair_user, c.approver_user):
        services.minutes_approve(actor=user, meeting=m)
    item = m.items.order_by("position").first()
    with pytest.raises(InvalidTransition):
        services.item_update(
            actor=c.secretary, item=item, version=item.version, decision_points=["ändrat"]
        )
    with pytest.raises(InvalidTransition):
        services.motion_add(actor=c.secretary, item=item, person=c.members[0], kind="approve")
    correction = services.correction_add(
        actor=c.secretary, item=item, text="Punkt 1 ska lyda …", reason="Skrivfel"
    )
    assert correction.date == dt.date.today() or correction.date
    item.refresh_from_db()
    assert selectors.verify(meeting=m) == []


def test_verify_finds_an_item_changed_behind_the_services_back():
    c = factories.committee()
    m = factories.held_meeting(c)
    for user in (c.chair_user, c.approver_user):
        services.minutes_approve(actor=user, meeting=m)
    item = m.items.order_by("position").first()
    _tamper(where={"pk": item.pk}, decision_points=["tyst ändring"])
    # the minutes' own checksum covers the items' checksums, which are unchanged
    assert selectors.verify(meeting=m) == [
        f"RSAU 2025 § {item.number}: innehållet stämmer inte med kontrollsumman"
    ]


def test_an_item_approved_at_once_gets_its_own_notice():
    c = factories.committee()
    m = factories.held_meeting(c)
    item = m.items.order_by("position").first()
    services.item_approve_immediately(actor=c.chair_user, item=item)
    services.item_approve_immediately(
        actor=c.secretary, item=item, person=c.members[1], method=Approval.Method.ON_PAPER
    )
    item.refresh_from_db()
    assert item.approved_immediately and item.approved_at
    assert Notice.objects.filter(meeting=m, item=item).count() == 1
    with pytest.raises(InvalidTransition):
        services.item_update(actor=c.secretary, item=item, version=item.version, procedure="x")
    # the other item is still open for editing
    other = m.items.order_by("position").last()
    services.item_update(actor=c.secretary, item=other, version=other.version, procedure="x")


def test_backdated_signatures_are_refused_for_people():
    c = factories.committee()
    m = factories.held_meeting(c)
    with pytest.raises(NotPermitted):
        services.minutes_approve(
            actor=c.chair_user, meeting=m, at=dt.datetime(2025, 1, 1, tzinfo=TZ)
        )


def test_notice_can_be_posted_at_most_two_days_after_approval():
    c = factories.committee()
    m = factories.held_meeting(c)
    at = dt.datetime(2025, 10, 17, 10, tzinfo=TZ)
    for p in (c.members[0], c.members[1]):
        services.minutes_approve(actor=SYSTEM, meeting=m, person=p, at=at)
    notice = Notice.objects.get(meeting=m)
    assert (notice.approved_on, notice.posted_on, notice.appeal_last_day) == (
        dt.date(2025, 10, 17),
        dt.date(2025, 10, 17),
        dt.date(2025, 11, 7),
    )
    # posted on the second day after: 2025-10-19 (Sun) + 21 = 2025-11-09 (Sun) → 2025-11-10
    services.notice_repost(actor=c.secretary, notice=notice, posted_on=dt.date(2025, 10, 19))
    assert notice.appeal_last_day == dt.date(2025, 11, 10)
    with pytest.raises(DomainError):
        services.notice_repost(actor=c.secretary, notice=notice, posted_on=dt.date(2025, 10, 20))


def _edit_and_approve_at_once(c) -> None:
    m = factories.held_meeting(c, titles=("A",))
    services.minutes_approve(actor=c.chair_user, meeting=m)
    item = m.items.get()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def edit():
        try:
            barrier.wait(timeout=10)
            services.item_update(
                actor=c.secretary, item=item, version=item.version, procedure="ändrad"
            )
        except InvalidTransition:
            pass
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    def approve():
        try:
            barrier.wait(timeout=10)
            services.minutes_approve(actor=c.approver_user, meeting=m)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit), threading.Thread(target=approve)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    m.refresh_from_db()
    assert m.status == "approved"
    # whichever came first, the approved content is what the checksum vouches for
    assert selectors.verify(meeting=m) == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under concurrency")
def test_approving_and_editing_at_once_never_leaves_an_approved_item_changed():
    for _round in range(5):
        _edit_and_approve_at_once(factories.committee())


# --- assignments ------------------------------------------------------------------------------


def test_an_assignment_stays_open_until_a_later_decision_closes_it():
    c = factories.committee()
    m1 = factories.held_meeting(c, date=dt.date(2025, 4, 1), titles=("Dialog",))
    item = services.item_update(
        actor=c.secretary,
        item=m1.items.get(),
        version=1,  # a new item
        decision_points=["Notera x", "Ge driftnämnden i uppdrag att ta fram en analys"],
    )
    assert not services.gives_assignment(item.decision_points[0])
    assert services.gives_assignment(item.decision_points[1])
    a = services.assignment_create(
        actor=c.secretary, item=item, point=2, recipient_body=c.board, due_date=dt.date(2026, 3, 31)
    )
    rows = selectors.assignment_list(organisation=c.organisation, today=dt.date(2025, 11, 1))
    assert [(r.state, r.title) for r in rows] == [
        ("open", "Ge driftnämnden i uppdrag att ta fram en analys")
    ]
    rows = selectors.assignment_list(organisation=c.organisation, today=dt.date(2026, 4, 1))
    assert rows[0].state == "overdue"
    with pytest.raises(DomainError):  # not by the same meeting
        services.assignment_close(actor=c.secretary, assignment=a, closing_item=item)
    m2 = factories.held_meeting(c, date=dt.date(2025, 10, 14), titles=("Redovisning",))
    closing = m2.items.get()
    services.assignment_close(actor=c.secretary, assignment=a, closing_item=closing)
    rows = selectors.assignment_list(organisation=c.organisation, today=dt.date(2026, 4, 1))
    assert rows[0].state == "completed"
    assert rows[0].completed_by == f"§ {closing.number} 2025-10-14"


# --- extract ----------------------------------------------------------------------------------


def test_extract_has_the_sections_of_reference_002_in_order():
    c = factories.committee()
    m = factories.held_meeting(c, titles=("Nämndsdialog Regionservice",))
    item = services.item_update(
        actor=c.secretary,
        item=m.items.get(),
        version=1,  # a new item
        matter="Nämndsdialoger är ett systematiskt arbetssätt.",
        proposal_intro="Regionstyrelsens arbetsutskott beslutar att",
        proposal_points=["anteckna informationen"],
        basis=["Dialogunderlag 2025-10-14 RGS"],
        dispatch_to=["Driftnämnden Regionservice"],
    )
    motion = services.motion_add(
        actor=c.secretary, item=item, person=c.members[0], kind="add", points=["Notera y"]
    )
    services.item_decide(actor=c.secretary, item=item, additions_adopted=[motion])
    for user in (c.chair_user, c.approver_user):
        services.minutes_approve(actor=user, meeting=m)
    from uppsikt.meetings import documents

    content, name, _mime = documents.extract_file(selectors.item_full(item=item), "docx")
    text = docx_writer.text_of(content)
    order = [
        "§ 1 Nämndsdialog Regionservice",
        "Beslut",
        "Notera y",
        "Yrkanden",
        "Ordförande Mikaela Waltersson (M) yrkar på följande tillägg:",
        "Beslutsordning",
        "Ärendet",
        "Förslag till beslut",
        "Beslutsunderlag",
        "Dialogunderlag 2025-10-14 RGS",
        "Expedieras till",
        "Driftnämnden Regionservice",
        "Paragrafen är justerad",
        # the page's footer, side by side (002)
        "_____ Ordförandes sign\t_____ Justerares sign\t_____ Utdragsbestyrkande",
    ]
    positions = [text.index(x) for x in order]
    assert positions == sorted(positions)
    d = services.dispatch_record(
        actor=c.secretary, item=item, recipient="Driftnämnden Regionservice", fmt="docx"
    )
    assert len(d.sha256) == 64


def test_the_extract_has_the_signature_lines_at_the_foot_of_every_page():
    """Reference 002: "_____ Ordförandes sign / _____ Justerares sign / _____
    Utdragsbestyrkande" side by side over "Sida N av M" on each page of the extract."""
    import io

    import docx as python_docx

    from uppsikt.documents import pdf as doc_pdf
    from uppsikt.meetings import documents

    c = factories.committee()
    m = factories.held_meeting(c, titles=("Lång paragraf",))
    item = m.items.get()
    # long enough for three pages
    item = services.item_update(
        actor=c.secretary,
        item=item,
        version=item.version,
        matter="\n\n".join(["Ett stycke om ärendet som fortsätter en stund. " * 12] * 30),
    )
    full = selectors.item_full(item=item)
    content, _name, _mime = documents.extract_file(full, "docx")
    [section] = python_docx.Document(io.BytesIO(content)).sections
    [table] = section.footer.tables
    assert [c.text for c in table.rows[0].cells] == [
        "_____ Ordförandes sign",
        "_____ Justerares sign",
        "_____ Utdragsbestyrkande",
    ]
    if not doc_pdf.available():
        return
    import pypdf

    pdf, _name, _mime = documents.extract_file(full, "pdf")
    pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) >= 3
    for n, text in enumerate(pages, start=1):
        for label in ("Ordförandes sign", "Justerares sign", "Utdragsbestyrkande"):
            assert label in text, (n, label)
        assert f"Sida {n} av {len(pages)}" in text


def _meeting_with_case(c):
    from uppsikt.cases import services as case_services

    case = case_services.case_register(
        actor=SYSTEM,
        organisation=c.organisation,
        body=c.board,
        title="Nämndsdialog Regionservice",
        registered_on=dt.date(2025, 9, 1),
    )
    m = services.meeting_create(
        actor=c.secretary, body=c.body, date=dt.date(2025, 10, 14), start_time=dt.time(9), place="H"
    )
    services.agenda_add(actor=c.secretary, meeting=m, case=case)
    services.attendance_record(actor=c.secretary, meeting=m, present=[p.pk for p in c.members])
    services.meeting_set_approvers(
        actor=c.secretary, meeting=m, chair=c.members[0], approvers=[c.members[1]]
    )
    services.meeting_hold(actor=c.secretary, meeting=m)
    return case, selectors.item_full(item=m.items.get())


def test_the_extract_is_a_letter_whose_page_1_holds_the_letterhead_and_the_paragraph():
    """Reference 002: the extract opens on page 1 with the body, the § and the diarienummer;
    no cover page, no table of contents, the running header and footer from page 1."""
    from io import BytesIO

    import docx as python_docx
    from pypdf import PdfReader

    from uppsikt.documents import pdf as pdf_writer
    from uppsikt.meetings import documents

    c = factories.committee()
    case, item = _meeting_with_case(c)
    assert item.label == "§ 1"  # the first paragraph of the year
    content, _name, _mime = documents.extract_file(item, "docx")
    d = python_docx.Document(BytesIO(content))
    assert len(d.sections) == 1  # a cover would be a section of its own
    lines = [p.text for p in d.paragraphs if p.text]
    assert lines[:4] == [
        "Regionstyrelsens arbetsutskott",
        "Protokollsutdrag § 1",
        "§ 1 Nämndsdialog Regionservice",
        case.number,
    ]
    assert [[cell.text for cell in row.cells] for row in d.tables[0].rows] == [
        ["Sammanträdesdatum", "Diarienummer"],
        ["2025-10-14", case.number],
    ]
    header = "Regionstyrelsens arbetsutskott – Protokoll, sammanträdesdatum 2025-10-14"
    assert d.sections[0].header.paragraphs[0].text == header
    assert "Innehållsförteckning" not in docx_writer.text_of(content)

    require(pdf_writer.available(), "WeasyPrint/Pango saknas")
    content, _name, _mime = documents.extract_file(item, "pdf")
    reader = PdfReader(BytesIO(content))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    first, position = pages[0], 0
    for expected in (
        "Regionstyrelsens arbetsutskott",
        "Protokollsutdrag § 1",
        "Sammanträdesdatum",
        "Diarienummer",
        "2025-10-14",
        case.number,
        "§ 1 Nämndsdialog Regionservice",
        case.number,
        "Beslut",
    ):
        position = first.index(expected, position) + len(expected)
    assert header in first
    assert f"Sida 1 av {len(pages)}" in first
    assert not any("Innehållsförteckning" in page for page in pages)


def test_the_summons_and_the_minutes_open_with_their_letterhead_without_a_cover():
    from io import BytesIO

    import docx as python_docx

    from uppsikt.documents import render
    from uppsikt.meetings import documents

    c = factories.committee()
    _case, item = _meeting_with_case(c)
    for doc, title in (
        (documents.summons_document(item.meeting), "Kallelse"),
        (documents.minutes_document(item.meeting), "Protokoll"),
    ):
        d = python_docx.Document(BytesIO(render.render(doc, "docx")))
        assert len(d.sections) == 1
        lines = [p.text for p in d.paragraphs if p.text]
        assert lines[0] == "Regionstyrelsens arbetsutskott"
        assert title in lines[:3]
        assert [[cell.text for cell in row.cells] for row in d.tables[0].rows] == [
            ["Sammanträdesdatum", "Tid", "Plats"],
            ["2025-10-14", "kl. 09.00", "H"],
        ]


# --- the public notice board ------------------------------------------------------------------


def test_the_notice_board_is_public_and_notices_come_down_after_their_last_day(client):
    c = factories.committee()
    from uppsikt.organisation import selectors as org_selectors

    if org_selectors.organisation_only() != c.organisation:
        pytest.skip("the board shows the installation's organisation")
    m = factories.held_meeting(c)
    for user in (c.chair_user, c.approver_user):
        services.minutes_approve(actor=user, meeting=m)
    notice = Notice.objects.get(meeting=m)
    response = client.get(reverse("noticeboard:board"))
    assert response.status_code == 200
    assert "Regionstyrelsens arbetsutskott" in response.content.decode()
    later = notice.last_day + dt.timedelta(days=1)
    assert not selectors.notices_current(organisation=c.organisation, today=later).exists()
    assert selectors.notices_archived(organisation=c.organisation, today=later).get() == notice
    feed = client.get(reverse("noticeboard:feed"))
    assert feed.status_code == 200
    assert b"<feed" in feed.content


# --- the summons and secrecy ---------------------------------------------------------------------


def _secret_case(c):
    from uppsikt.cases import services as case_services

    return case_services.case_register(
        actor=SYSTEM,
        organisation=c.organisation,
        body=c.board,
        title="Skyddsåtgärder för förrådet",
        secret=True,
        secrecy_ground="OSL 18 kap. 8 §",
        registered_on=dt.date(2025, 10, 1),
    )


def test_the_summons_goes_to_the_called_by_email_as_one_pdf_without_secret_material(
    mailoutbox, django_capture_on_commit_callbacks
):
    from io import BytesIO

    from pypdf import PdfReader

    from uppsikt.documents import pdf as pdf_writer

    require(pdf_writer.available(), "WeasyPrint/Pango saknas")
    c = factories.committee()
    m = services.meeting_create(
        actor=c.secretary, body=c.body, date=dt.date(2025, 10, 14), start_time=dt.time(9), place="H"
    )
    services.agenda_add(actor=c.secretary, meeting=m, title="Öppen punkt")
    services.agenda_add(actor=c.secretary, meeting=m, case=_secret_case(c))
    with django_capture_on_commit_callbacks(execute=True):
        services.summons_send(actor=c.secretary, meeting=m)
    m.refresh_from_db()
    assert m.status == "summoned"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    # the five members have addresses; the deputies none
    assert sorted(message.bcc) == sorted(p.email for p in c.members)
    name, content, mime = message.attachments[0]
    assert mime == "application/pdf"
    reader = PdfReader(BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Öppen punkt" in text
    assert "Skyddsåtgärder" not in text
    assert "Ärende som omfattas av sekretess" in text


def test_members_see_secret_cases_sent_to_their_meeting_once_the_summons_is_out():
    from uppsikt.cases import secrecy

    c = factories.committee()
    case = _secret_case(c)
    m = services.meeting_create(
        actor=c.secretary, body=c.body, date=dt.date(2025, 10, 14), start_time=dt.time(9), place="H"
    )
    services.agenda_add(actor=c.secretary, meeting=m, case=case)
    assert not secrecy.can_see_case(c.other_member_user, case)
    Meeting = type(m)
    Meeting.objects.filter(pk=m.pk).update(status=Meeting.Status.SUMMONED)
    assert secrecy.can_see_case(c.other_member_user, case)
    # someone with no seat in the body does not
    from uppsikt.organisation import services as org_services

    outsider = org_services.account_create(
        actor=SYSTEM, username="utomstaende", password="korrekt-hast-batteri"
    )
    assert not secrecy.can_see_case(outsider, case)


def test_a_secret_item_is_withheld_on_the_public_minutes():
    from uppsikt.documents.document import plain_text  # noqa: F401 - the model is plain data
    from uppsikt.meetings import documents

    c = factories.committee()
    m = services.meeting_create(
        actor=c.secretary, body=c.body, date=dt.date(2025, 10, 14), start_time=dt.time(9), place="H"
    )
    services.agenda_add(actor=c.secretary, meeting=m, case=_secret_case(c))
    services.attendance_record(actor=c.secretary, meeting=m, present=[p.pk for p in c.members])
    services.meeting_hold(actor=c.secretary, meeting=m)
    public = repr(documents.minutes_document(m, public=True))
    internal = repr(documents.minutes_document(m, public=False))
    assert "Skyddsåtgärder" not in public
    assert "Ärende som omfattas av sekretess" in public
    assert "Skyddsåtgärder" in internal


def test_a_council_meeting_is_announced_on_the_notice_board_until_the_meeting_day(
    django_capture_on_commit_callbacks,
):
    from uppsikt.organisation.models import Body
    from uppsikt.organisation.tests import factories as org

    c = factories.committee()
    council = org.body(c.organisation, "RF", name="Regionfullmäktige", kind=Body.Kind.COUNCIL)
    day = dt.date.today() + dt.timedelta(days=10)
    m = services.meeting_create(
        actor=SYSTEM, body=council, date=day, start_time=dt.time(9), place="Halmstad"
    )
    services.agenda_add(actor=SYSTEM, meeting=m, title="Mål och budget")
    with django_capture_on_commit_callbacks(execute=True):
        services.summons_send(actor=SYSTEM, meeting=m)
    notice = Notice.objects.get(meeting=m)
    assert notice.kind == Notice.Kind.ANNOUNCEMENT
    assert (notice.posted_on, notice.last_day) == (dt.date.today(), day)
    assert notice.appeal_last_day is None


def test_the_recipient_reports_on_an_open_assignment_and_others_may_not():
    from uppsikt.organisation.models import Role
    from uppsikt.organisation.tests import factories as org

    c = factories.committee()
    m = factories.held_meeting(c, titles=("A",))
    item = services.item_update(
        actor=c.secretary,
        item=m.items.get(),
        version=1,  # a new item
        decision_points=["ge styrelsen i uppdrag att x"],
    )
    a = services.assignment_create(actor=c.secretary, item=item, point=1, recipient_body=c.board)
    from uppsikt.followup import services as followup_services
    from uppsikt.followup.models import ScaleLevel

    followup_services.scale_defaults_create(actor=SYSTEM, organisation=c.organisation)
    periods = followup_services.periods_create_default(
        actor=SYSTEM, organisation=c.organisation, year=2025
    )
    ur2 = next(p for p in periods if p.kind == "ur2")
    ongoing = ScaleLevel.objects.get(
        organisation=c.organisation, item_kind="assignment", code="on_track"
    )
    reporter = org.user("rapport")
    org.grant(reporter, Role.REPORTER, c.organisation, body=c.board)
    r = services.assignment_report(actor=reporter, assignment=a, period=ur2, status=ongoing)
    # a second report for the same period replaces the first
    again = services.assignment_report(
        actor=reporter, assignment=a, period=ur2, status=ongoing, comment="Analysen pågår."
    )
    assert again.pk == r.pk and a.reports.get().comment == "Analysen pågår."
    goal_level = ScaleLevel.objects.filter(organisation=c.organisation, item_kind="goal").first()
    with pytest.raises(DomainError):
        services.assignment_report(actor=reporter, assignment=a, period=ur2, status=goal_level)
    stranger = org.user("annan")
    org.grant(stranger, Role.READER, c.organisation)
    with pytest.raises(NotPermitted):
        services.assignment_report(actor=stranger, assignment=a, period=ur2, status=ongoing)


def test_the_verify_command_fails_when_approved_minutes_changed():
    from django.core.management import CommandError, call_command

    c = factories.committee()
    m = factories.held_meeting(c)
    for user in (c.chair_user, c.approver_user):
        services.minutes_approve(actor=user, meeting=m)
    call_command("minutes_verify")
    _tamper(where={"meeting": m}, title="Tyst ändrad")
    with pytest.raises(CommandError):
        call_command("minutes_verify")


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's")
def test_postgresql_itself_refuses_to_change_an_approved_item():
    from django.db import DatabaseError, transaction

    c = factories.committee()
    m = factories.held_meeting(c)
    for user in (c.chair_user, c.approver_user):
        services.minutes_approve(actor=user, meeting=m)
    item = m.items.order_by("position").first()
    # past the models (their own refusal is tested in test_integrity)
    with pytest.raises(DatabaseError), transaction.atomic():
        MinutesItem._base_manager.filter(pk=item.pk).update(title="Tyst ändrad")
    with pytest.raises(DatabaseError), transaction.atomic():
        FloorMotion._base_manager.bulk_create(
            [FloorMotion(item=item, person=c.members[0], kind="add", points=["x"])]
        )
    # a correction is a row of its own and still allowed
    services.correction_add(actor=c.secretary, item=item, text="Rätt text", reason="Skrivfel")


def test_the_meeting_page_withholds_the_title_of_a_secret_case_from_those_not_entitled(client):
    from uppsikt.organisation import selectors as org_selectors
    from uppsikt.organisation.models import Role
    from uppsikt.organisation.tests import factories as org

    c = factories.committee()
    if org_selectors.organisation_only() != c.organisation:
        pytest.skip("the pages show the installation's organisation")
    m = services.meeting_create(
        actor=c.secretary, body=c.body, date=dt.date(2025, 10, 14), start_time=dt.time(9), place="H"
    )
    services.agenda_add(actor=c.secretary, meeting=m, case=_secret_case(c))
    reader = org.user("lasare")
    org.grant(reader, Role.READER, c.organisation)
    client.force_login(reader)
    page = client.get(reverse("meetings:meeting", args=[m.pk])).content.decode()
    assert "Skyddsåtgärder" not in page
    assert "Ärende som omfattas av sekretess" in page
    client.force_login(c.secretary)
    page = client.get(reverse("meetings:meeting", args=[m.pk])).content.decode()
    assert "Skyddsåtgärder för förrådet" in page


def test_an_approver_who_is_not_chosen_cannot_sign_through_the_page(client):
    from uppsikt.organisation import selectors as org_selectors

    c = factories.committee()
    if org_selectors.organisation_only() != c.organisation:
        pytest.skip("the pages show the installation's organisation")
    m = factories.held_meeting(c)
    client.force_login(c.other_member_user)
    response = client.post(reverse("meetings:meeting_sign", args=[m.pk]), {"read": "on"})
    assert response.status_code == 403
    assert not m.approvals.exists()
    client.force_login(c.chair_user)
    client.post(reverse("meetings:meeting_sign", args=[m.pk]), {"read": "on"})
    assert m.approvals.get().role == "chair"


# --- decisions taken under delegation are reported at the next meeting ------------------------


def _delegated(c, body, point, decision, day=dt.date(2025, 9, 1)):
    from uppsikt.cases import services as case_services

    return case_services.delegated_decision_register(
        actor=c.secretary,
        organisation=c.organisation,
        body=body,
        decided_by=c.members[0],
        decided_on=day,
        delegation_point=point,
        decision=decision,
    )


def test_delegated_decisions_are_listed_on_the_agenda_and_reported_when_the_meeting_is_held():
    c = factories.committee()
    first = _delegated(c, c.body, "3.1", "Yttrande över remiss om kollektivtrafik")
    second = _delegated(c, c.body, "4.2", "Förlängt avtal om tolktjänster", dt.date(2025, 9, 8))
    elsewhere = _delegated(c, c.board, "1.1", "Beslut anmält till styrelsen")
    m = services.meeting_create(
        actor=c.secretary, body=c.body, date=dt.date(2025, 10, 14), start_time=dt.time(9), place="H"
    )
    item = services.agenda_add_delegated_decisions(actor=c.secretary, meeting=m)
    assert item.kind == AgendaItem.Kind.DELEGATION
    assert item.title == "Anmälan av delegationsbeslut"
    assert item.description.splitlines() == [
        "3.1, 2025-09-01, Mikaela Waltersson: Yttrande över remiss om kollektivtrafik",
        "4.2, 2025-09-08, Mikaela Waltersson: Förlängt avtal om tolktjänster",
    ]
    # listed once: a second request finds nothing left to list
    with pytest.raises(DomainError, match="inga delegationsbeslut att anmäla"):
        services.agenda_add_delegated_decisions(actor=c.secretary, meeting=m)
    first.refresh_from_db()
    assert first.reported_on is None  # not before the meeting is held

    services.attendance_record(actor=c.secretary, meeting=m, present=[p.pk for p in c.members])
    services.meeting_hold(actor=c.secretary, meeting=m)
    for d in (first, second):
        d.refresh_from_db()
        assert d.reported_on == dt.date(2025, 10, 14)
    elsewhere.refresh_from_db()
    assert elsewhere.reported_on is None
    assert MinutesItem.objects.get(agenda_item=item).matter.startswith("3.1, 2025-09-01")


def test_a_withdrawn_delegation_item_gives_its_decisions_back_for_the_next_meeting():
    c = factories.committee()
    d = _delegated(c, c.body, "3.1", "Yttrande över remiss")
    m = services.meeting_create(
        actor=c.secretary, body=c.body, date=dt.date(2025, 10, 14), start_time=dt.time(9), place="H"
    )
    item = services.agenda_add_delegated_decisions(actor=c.secretary, meeting=m)
    services.agenda_withdraw(actor=c.secretary, agenda_item=item)
    services.attendance_record(actor=c.secretary, meeting=m, present=[p.pk for p in c.members])
    services.meeting_hold(actor=c.secretary, meeting=m)
    d.refresh_from_db()
    assert d.reported_on is None
    later = services.meeting_create(
        actor=c.secretary, body=c.body, date=dt.date(2025, 11, 4), start_time=dt.time(9), place="H"
    )
    again = services.agenda_add_delegated_decisions(actor=c.secretary, meeting=later)
    assert list(again.delegated_decisions.all()) == [d]


def test_a_member_cannot_put_delegated_decisions_on_the_agenda():
    c = factories.committee()
    _delegated(c, c.body, "3.1", "Yttrande över remiss")
    m = services.meeting_create(
        actor=c.secretary, body=c.body, date=dt.date(2025, 10, 14), start_time=dt.time(9), place="H"
    )
    with pytest.raises(NotPermitted):
        services.agenda_add_delegated_decisions(actor=c.other_member_user, meeting=m)
    assert not m.agenda.exists()


# --- ids from the page are parsed safely: never a server error --------------------------------


@pytest.mark.parametrize("person", ["1" * 25, "²", "abc", "-3"])
def test_a_paper_signature_for_a_person_id_that_is_no_id_is_refused_with_a_message(client, person):
    from uppsikt.organisation import selectors as org_selectors

    c = factories.committee()
    if org_selectors.organisation_only() != c.organisation:
        pytest.skip("the pages show the installation's organisation")
    m = factories.held_meeting(c)
    client.force_login(c.secretary)
    url = reverse("meetings:meeting_sign_paper", args=[m.pk])
    response = client.post(url, {"action": "sign_paper", "person": person})
    assert response.status_code == 302
    assert not m.approvals.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Ogiltigt val" in page


def test_a_note_for_a_25_digit_person_id_is_refused_with_a_message(client):
    from uppsikt.organisation import selectors as org_selectors

    c = factories.committee()
    if org_selectors.organisation_only() != c.organisation:
        pytest.skip("the pages show the installation's organisation")
    m = factories.held_meeting(c)
    item = m.items.first()
    client.force_login(c.secretary)
    url = reverse("meetings:item_note", args=[item.pk])
    response = client.post(url, {"action": "note", "person": "9" * 25, "text": "Anteckning"})
    assert response.status_code == 302
    assert "Ogiltigt val" in client.get(response["Location"]).content.decode()


def _plan_through_the_page(client, **changes):
    from uppsikt.organisation import selectors as org_selectors

    c = factories.committee()
    if org_selectors.organisation_only() != c.organisation:
        pytest.skip("the pages show the installation's organisation")
    client.force_login(c.secretary)
    data = {"body": c.body.code, "date": "2025-10-14", "start_time": "09:00", "place": "Halmstad"}
    return c, client.post(reverse("meetings:index"), {**data, **changes})


def test_a_meeting_planned_through_the_page_has_the_day_time_and_place_given(client):
    c, response = _plan_through_the_page(client)
    assert response.status_code == 302
    m = Meeting.objects.get(body=c.body)
    assert (m.date, m.start_time, m.place) == (dt.date(2025, 10, 14), dt.time(9), "Halmstad")


def test_where_the_minutes_are_kept_is_given_on_the_page_or_follows_the_bodys_last_meeting(
    client,
):
    c, response = _plan_through_the_page(client, minutes_kept_at="  Stadshuset, Falkenberg ")
    assert response.status_code == 302
    first = Meeting.objects.get(body=c.body)
    assert first.minutes_kept_at == "Stadshuset, Falkenberg"
    # left empty, the next meeting keeps its minutes where the body's latest meeting does
    later = services.meeting_create(
        actor=c.secretary, body=c.body, date=dt.date(2025, 11, 4), start_time=dt.time(9), place="X"
    )
    assert later.minutes_kept_at == "Stadshuset, Falkenberg"


def test_a_bodys_first_meeting_keeps_its_minutes_with_the_organisation_not_a_fixed_place():
    c = factories.committee()
    m = services.meeting_create(
        actor=c.secretary, body=c.body, date=dt.date(2025, 10, 14), start_time=dt.time(9), place="X"
    )
    assert m.minutes_kept_at == c.organisation.name
    assert "Regionkontoret" not in m.minutes_kept_at


@pytest.mark.parametrize("changes", [{"start_time": "nio"}, {"date": "2025-13-01"}, {"body": "X"}])
def test_a_meeting_planned_with_no_valid_body_day_or_time_is_refused_with_a_message(
    client, changes
):
    c, response = _plan_through_the_page(client, **changes)
    assert response.status_code == 200
    assert "Välj organ och ange datum och tid." in response.content.decode()
    assert not Meeting.objects.filter(body=c.body).exists()


@pytest.mark.parametrize(
    ("counts", "yes_won", "no_means", "expected"),
    [
        (
            None,
            True,
            "avslag",
            "Ordföranden ställer proposition på bifall till liggande förslag mot avslag och "
            "finner att regionstyrelsen bifaller liggande förslag.",
        ),
        (
            (8, 5, 0),
            True,
            "bifall till motförslaget",
            "Med 8 ja-röster mot 5 nej-röster (0 avstår) bifaller regionstyrelsen liggande "
            "förslag.",
        ),
        (
            (5, 8, 1),
            False,
            "bifall till motförslaget",
            "Med 5 ja-röster mot 8 nej-röster (1 avstår) bifaller regionstyrelsen motförslaget.",
        ),
        (
            (5, 8, 1),
            False,
            "återremiss",  # a side not worded "bifall till …"
            "Med 5 ja-röster mot 8 nej-röster (1 avstår) beslutar regionstyrelsen enligt "
            "återremiss.",
        ),
    ],
)
def test_the_vote_is_recorded_in_the_minutes_swedish(counts, yes_won, no_means, expected):
    from uppsikt.meetings.procedure import vote_result_text

    text = vote_result_text(
        body_name="regionstyrelsen",
        yes_means="bifall till liggande förslag",
        no_means=no_means,
        counts=counts,
        yes_won=yes_won,
    )
    assert text == expected


def test_the_vote_sentence_stays_swedish_when_the_screen_speaks_english():
    from django.utils import translation

    c = factories.committee()
    item = factories.held_meeting(c, titles=("A",)).items.get()
    with translation.override("en"):
        vote = services.vote_record(
            actor=c.secretary,
            item=item,
            method="acclamation",
            yes_means="bifall till förslaget",
            no_means="avslag",
        )
    body = c.body.name.lower()
    assert vote.result == (
        f"Ordföranden ställer proposition på bifall till förslaget mot avslag och finner att "
        f"{body} bifaller förslaget."
    )
