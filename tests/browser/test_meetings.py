"""A meeting in a real browser, from summons to approved minutes: the secretary sends the
summons (kallelse), records attendance, chooses the approvers, opens the meeting and writes the
decision; the approver's paper signature is registered and the chair approves in Uppsikt; the
notice of approval appears on the public notice board with its dates; the extract of § 248 and
the open assignment of § 83 are there. The secretary starts from her home page, on a desktop
and on a phone; every page passes ``Page.check`` (axe WCAG 2.1 A/AA, nothing blocked by the
CSP, dates unbroken, no sideways scroll on a phone)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from .conftest import VIEWPORTS

pytestmark = pytest.mark.browser


def _logout(page):
    page.page.get_by_role("button", name="Logga ut").click()
    page.page.wait_for_load_state()


def _click(page, name: str):
    page.page.get_by_role("button", name=name, exact=True).click()
    page.page.wait_for_load_state()


@VIEWPORTS
def test_secretary_holds_a_meeting_from_summons_to_approved_minutes(
    page, demo_region, settings, viewport
):
    from uppsikt.meetings import dates
    from uppsikt.meetings.models import Meeting, Notice

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    p = page.page
    meeting = Meeting.objects.get(body__code="RS", status="planned")
    page.login("sekreterare", "uppsikt-demo")
    assert p.get_by_role("heading", level=1).inner_text() == "Översikt"
    page.check()
    # the board's planned meeting is on her home page, to prepare
    p.get_by_role("link", name=f"Förbered: {meeting}", exact=True).click()
    p.wait_for_load_state()
    assert p.url.endswith(meeting.get_absolute_url())
    page.check()

    # Summons, attendance (every member present), approvers, and the meeting opens.
    _click(page, "Skicka kallelse")
    assert "Kallelsen är skickad." in p.content()
    for a in meeting.attendance.filter(role="member").select_related("person"):
        p.get_by_label(f"{a.person.full_name} närvarande", exact=True).check()
    _click(page, "Spara närvaro")
    p.locator("input[name=approvers]").first.check()
    _click(page, "Spara ordförande och justerare")
    _click(page, "Öppna sammanträdet och numrera paragraferna")
    assert p.locator("#meeting-status").inner_text() == "Genomfört"
    page.check()
    # the decision taken under delegation (point 2.4) is now reported to the board
    from uppsikt.cases.models import DelegatedDecision

    assert DelegatedDecision.objects.get(delegation_point="2.4").reported_on == meeting.date

    # The secretary writes the decision of the first item.
    p.get_by_role("link", name=re.compile(r"^§ \d+ Anmälan av delegationsbeslut")).click()
    p.wait_for_load_state()
    page.check()
    p.get_by_label("Inledning till beslutet").fill("Regionstyrelsen beslutar att")
    p.get_by_label("Beslut, en punkt per rad").fill(
        "lägga anmälan av delegationsbesluten till handlingarna."
    )
    _click(page, "Spara paragrafen")
    assert (
        "lägga anmälan av delegationsbesluten till handlingarna."
        in p.locator("#decision-points").inner_text()
    )

    # The approver signed on paper; the secretary registers it.
    p.get_by_role("link", name=meeting.date.isoformat()).first.click()
    p.wait_for_load_state()
    meeting.refresh_from_db()
    approver = meeting.approvers.get()
    p.get_by_label("Registrera signatur på papper för").select_option(label=approver.full_name)
    _click(page, "Registrera signatur")
    assert "Signaturen är registrerad." in p.content()
    _logout(page)

    # The chair approves in Uppsikt.
    page.login("ledamot", "uppsikt-demo")
    page.goto(meeting.get_absolute_url())
    page.check()
    p.get_by_role("link", name="Justera protokollet").click()
    p.wait_for_load_state()
    page.check()
    p.get_by_label("Jag har läst protokollet").check()
    _click(page, "Justera protokollet")
    assert "Du har justerat protokollet." in p.content()
    page.goto(meeting.get_absolute_url())
    assert p.locator("#meeting-status").inner_text() == "Justerat"
    meeting.refresh_from_db()
    assert meeting.status == "approved"
    _logout(page)

    # The public notice board, no login: the notice with its dates.
    notice = Notice.objects.get(meeting=meeting)
    today = meeting.approved_on
    assert notice.posted_on == today
    assert notice.appeal_last_day == dates.appeal_last_day(today)
    assert notice.appeal_last_day >= today + dt.timedelta(days=21)
    page.goto("/anslagstavla/")
    page.check()
    row = p.locator("#notices tbody tr", has_text="Regionstyrelsen").first
    assert notice.appeal_last_day.isoformat() in row.inner_text()
    row.get_by_role("link").click()
    p.wait_for_load_state()
    page.check()
    facts = p.locator("#notice-facts").inner_text()
    for day in (meeting.date, today, notice.posted_on, notice.appeal_last_day):
        assert day.isoformat() in facts
    page.goto("/anslagstavla/arkiv/")
    page.check()
    assert "Regionstyrelsens arbetsutskott" in p.locator("#notices").inner_text()

    # § 248 reads like reference 002, and § 83's assignment is open.
    page.login("sekreterare", "uppsikt-demo")
    from uppsikt.meetings.models import MinutesItem

    p248 = MinutesItem.objects.select_related("meeting__chair").get(number=248)
    page.goto(p248.get_absolute_url())
    page.check()
    assert f"Ordförande {p248.meeting.chair.full_name} (M): Tillägg" in p.content()
    assert (
        "ställer proposition på liggande förslag med tillägg"
        in p.locator("#procedure").inner_text()
    )
    page.goto("/uppdrag/?kalla=decision")
    page.check()
    row = p.locator("#assignment-list tbody tr", has_text="Restaurang Utsikten")
    assert "Pågående" in row.inner_text()
    assert "§ 83" in row.inner_text()
    done = p.locator("#assignment-list tbody tr", has_text="kartlägga förvaltningarnas")
    assert "Slutfört (§ 311 2023-10-03)" in done.inner_text()
    page.assert_no_console_errors()


def test_secretary_reorders_the_agenda_with_the_buttons_and_records_attendance(page, demo_region):
    """From the keyboard: the second item's Up button moves it first; attendance is one radio
    per person, and the first deputy serves for the absent member."""
    from uppsikt.meetings.models import Meeting

    p = page.page
    meeting = Meeting.objects.get(body__code="RS", status="planned")
    before = [a.title for a in meeting.agenda.order_by("position", "pk")]
    assert len(before) >= 2
    page.login("sekreterare", "uppsikt-demo")
    page.goto(meeting.get_absolute_url())
    page.assert_accessible()
    assert p.locator("#meeting-status").inner_text() == "Planerat"

    # the Up button of item 2, reached and pressed from the keyboard
    p.get_by_role("button", name=re.compile(r"flytta punkt 2 upp")).focus()
    with p.expect_navigation():
        p.keyboard.press("Enter")
    p.wait_for_load_state()
    titles = p.locator("#agenda tbody tr th").all_inner_texts()
    assert titles[0].startswith(before[1])
    assert titles[1].startswith(before[0])
    assert [a.title for a in meeting.agenda.order_by("position", "pk")][:2] == before[1::-1]
    page.assert_accessible()

    # with a mouse, the first row dragged onto the second puts the agenda back as it was
    rows = p.locator("#agenda tbody tr")
    with p.expect_navigation():
        rows.nth(0).drag_to(rows.nth(1))
    p.wait_for_load_state()
    assert [a.title for a in meeting.agenda.order_by("position", "pk")] == before

    # attendance: the first member absent, the others and the first deputy present
    members = list(meeting.attendance.filter(role="member").select_related("person"))
    deputies = list(
        meeting.attendance.filter(role="deputy").select_related("person").order_by("deputy_order")
    )
    absent = members[0].person
    for a in members[1:]:
        p.get_by_label(f"{a.person.full_name} närvarande", exact=True).check()
    p.get_by_label(f"{absent.full_name} frånvarande", exact=True).check()
    if deputies:
        p.get_by_label(f"{deputies[0].person.full_name} närvarande", exact=True).check()
    _click(page, "Spara närvaro")
    assert "Närvaron är sparad." in p.content()
    rows = {a.person_id: a for a in meeting.attendance.all()}
    assert not rows[absent.pk].present
    assert all(rows[a.person_id].present for a in members[1:])
    if deputies:
        assert rows[deputies[0].person_id].serving_for_id == absent.pk
        assert f"Ersätts av {deputies[0].person.full_name}" in p.content()
    page.assert_accessible()
    # on a phone too: each point a block of its own, its buttons in the window without
    # scrolling the agenda sideways
    p.set_viewport_size({"width": 390, "height": 844})
    page.assert_accessible()
    agenda = p.locator("#agenda")
    assert agenda.evaluate("t => t.scrollWidth <= t.clientWidth")
    up = p.get_by_role("button", name=re.compile(r"flytta punkt 2 upp"))
    box = up.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    assert p.get_by_role("rowheader").first.inner_text().startswith(before[0])
    with p.expect_navigation():
        up.click()
    p.wait_for_load_state()
    assert [a.title for a in meeting.agenda.order_by("position", "pk")][:2] == before[1::-1]
    page.assert_accessible()
    page.assert_no_console_errors()
