"""What of the minutes may be public: every way out of the notice board (the notice's page, its
minutes as PDF, the Atom feed, the board and its archive) shows approved items only, and of a
secret item only that it is secret."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse

from conftest import require
from uppsikt.core.permissions import SYSTEM
from uppsikt.documents import pdf as pdf_writer
from uppsikt.meetings import selectors, services
from uppsikt.meetings.models import Notice

from . import factories

pytestmark = pytest.mark.django_db

OPEN_DECISION = "anta handlingsplanen för förrådet"
UNAPPROVED_MATTER = "Utkast som ännu inte är justerat"
UNAPPROVED_DECISION = "ett beslut som ännu inte är justerat"


def _edit(c, item, **changes):
    item.refresh_from_db()
    return services.item_update(actor=c.secretary, item=item, version=item.version, **changes)


def _one_item_approved_at_once(c):
    """A held meeting with two items; the first approved at once, the second not yet."""
    m = factories.held_meeting(c, titles=("Handlingsplan för förrådet", "Ej justerad punkt"))
    first, second = m.items.order_by("position")
    _edit(c, first, decision_points=[OPEN_DECISION])
    _edit(c, second, matter=UNAPPROVED_MATTER, decision_points=[UNAPPROVED_DECISION])
    for user in (c.chair_user, c.approver_user):
        services.item_approve_immediately(actor=user, item=first)
    return m, first, second, Notice.objects.get(meeting=m, item=first)


def _secret_case(c):
    from uppsikt.cases import services as case_services

    return case_services.case_register(
        actor=SYSTEM,
        organisation=c.organisation,
        body=c.board,
        title="Skyddsåtgärder för förrådet",
        description="Hemliga skyddsåtgärder",
        secret=True,
        secrecy_ground="OSL 18 kap. 8 §",
        registered_on=dt.date(2025, 10, 1),
    )


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


# --- the selector -----------------------------------------------------------------------------


def test_a_notice_for_an_item_approved_at_once_makes_only_that_item_public():
    c = factories.committee()
    m, first, second, notice = _one_item_approved_at_once(c)
    public = selectors.notice_public_items(notice=notice)
    assert [(p.label, p.title) for p in public] == [(first.label, "Handlingsplan för förrådet")]
    assert public[0].item.decision_points == [OPEN_DECISION]


def test_approved_minutes_make_every_item_public_and_a_secret_item_only_by_its_number():
    c = factories.committee()
    m = services.meeting_create(
        actor=c.secretary, body=c.body, date=dt.date(2025, 10, 14), start_time=dt.time(9), place="H"
    )
    services.agenda_add(actor=c.secretary, meeting=m, title="Öppen punkt")
    services.agenda_add(actor=c.secretary, meeting=m, case=_secret_case(c))
    services.attendance_record(actor=c.secretary, meeting=m, present=[p.pk for p in c.members])
    services.meeting_set_approvers(
        actor=c.secretary, meeting=m, chair=c.members[0], approvers=[c.members[1]]
    )
    services.meeting_hold(actor=c.secretary, meeting=m)
    for user in (c.chair_user, c.approver_user):
        services.minutes_approve(actor=user, meeting=m)
    open_item, secret_item = m.items.order_by("position")
    public = selectors.notice_public_items(notice=Notice.objects.get(meeting=m, item=None))
    assert [(p.label, p.title, p.secret) for p in public] == [
        (open_item.label, "Öppen punkt", False),
        (secret_item.label, "", True),
    ]
    # nothing of the secret item's content travels with it
    assert public[1].item is None and public[1].case_number == ""


def test_an_announcement_makes_no_item_public():
    c = factories.committee()
    m = factories.held_meeting(c)
    notice = Notice.objects.create(
        organisation=c.organisation,
        kind=Notice.Kind.ANNOUNCEMENT,
        meeting=m,
        posted_on=dt.date(2025, 10, 1),
        last_day=dt.date(2025, 10, 14),
    )
    assert selectors.notice_public_items(notice=notice) == []


# --- every public way out -----------------------------------------------------------------------


def test_the_public_minutes_pdf_of_an_item_approved_at_once_shows_no_unapproved_item(client):
    require(pdf_writer.available(), "WeasyPrint/Pango saknas")
    c = factories.committee()
    m, first, second, notice = _one_item_approved_at_once(c)
    response = client.get(reverse("noticeboard:minutes", args=[notice.pk]))
    assert response.status_code == 200
    text = _pdf_text(response.content)
    assert "Handlingsplan för förrådet" in text
    assert "Ej justerad punkt" not in text
    assert UNAPPROVED_MATTER not in text
    assert UNAPPROVED_DECISION not in text


def test_the_notice_page_of_an_item_approved_at_once_shows_no_unapproved_item(client):
    c = factories.committee()
    m, first, second, notice = _one_item_approved_at_once(c)
    html = client.get(reverse("noticeboard:notice", args=[notice.pk])).content.decode()
    assert "Handlingsplan för förrådet" in html
    assert "Ej justerad punkt" not in html
    assert UNAPPROVED_MATTER not in html


def test_the_atom_feed_shows_no_unapproved_item(client):
    c = factories.committee()
    m, first, second, notice = _one_item_approved_at_once(c)
    feed = client.get(reverse("noticeboard:feed")).content.decode()
    assert f"{first.label} Handlingsplan för förrådet" in feed
    assert "Ej justerad punkt" not in feed
    assert UNAPPROVED_DECISION not in feed


def test_the_archive_shows_no_unapproved_item(client, monkeypatch):
    c = factories.committee()
    m, first, second, notice = _one_item_approved_at_once(c)
    # when: the day after the notice came down (a sealed notice's dates cannot be moved)
    after = notice.last_day + dt.timedelta(days=1)
    monkeypatch.setattr("uppsikt.meetings.board.timezone.localdate", lambda *a: after)
    monkeypatch.setattr("uppsikt.meetings.selectors.timezone.localdate", lambda *a: after)
    html = client.get(reverse("noticeboard:archive")).content.decode()
    assert first.label in html
    assert "Ej justerad punkt" not in html
    assert second.label not in html


def test_the_public_minutes_pdf_of_approved_minutes_withholds_a_secret_item(client):
    require(pdf_writer.available(), "WeasyPrint/Pango saknas")
    c = factories.committee()
    m = services.meeting_create(
        actor=c.secretary, body=c.body, date=dt.date(2025, 10, 14), start_time=dt.time(9), place="H"
    )
    services.agenda_add(actor=c.secretary, meeting=m, title="Öppen punkt")
    services.agenda_add(actor=c.secretary, meeting=m, case=_secret_case(c))
    services.attendance_record(actor=c.secretary, meeting=m, present=[p.pk for p in c.members])
    services.meeting_set_approvers(
        actor=c.secretary, meeting=m, chair=c.members[0], approvers=[c.members[1]]
    )
    services.meeting_hold(actor=c.secretary, meeting=m)
    for user in (c.chair_user, c.approver_user):
        services.minutes_approve(actor=user, meeting=m)
    notice = Notice.objects.get(meeting=m, item=None)
    text = _pdf_text(client.get(reverse("noticeboard:minutes", args=[notice.pk])).content)
    assert "Öppen punkt" in text
    assert "Ärende som omfattas av sekretess" in text
    assert "Skyddsåtgärder" not in text
    assert "Hemliga skyddsåtgärder" not in text


def test_what_is_public_is_read_in_the_same_number_of_queries_for_one_notice_or_two(
    django_assert_num_queries,
):
    c = factories.committee()
    m, first, second, notice = _one_item_approved_at_once(c)
    for user in (c.chair_user, c.approver_user):
        services.item_approve_immediately(actor=user, item=second)
    notices = list(Notice.objects.filter(meeting=m).order_by("pk"))
    assert len(notices) == 2
    # the items with their case, then one each for motions (with their person), votes,
    # dissents, notes, recusals and corrections: 7 (no vote, dissent, note or recusal here, so
    # no query for their casts or people)
    with django_assert_num_queries(7):
        selectors.public_items(notices=notices[:1])
    with django_assert_num_queries(7):
        selectors.public_items(notices=notices)
