"""The elected member's journey: from the home page to the coming meeting's papers, a private
note on one of them, and approving the minutes through the confirmation step — on a desktop
and on a phone-sized window. The note is the member's alone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from .conftest import VIEWPORTS

pytestmark = pytest.mark.browser

NOTE = "Fråga ekonomidirektören om prognosen för hösten"


def _logout(page):
    page.page.get_by_role("button", name="Logga ut").click()
    page.page.wait_for_load_state()


@VIEWPORTS
def test_member_reads_the_papers_keeps_a_note_and_approves_the_minutes(page, demo_region, viewport):
    from uppsikt.meetings.models import Meeting, PrivateNote

    p = page.page
    today = timezone.localdate()
    coming = Meeting.objects.get(body__code="RS", date=today + dt.timedelta(days=21))
    held = Meeting.objects.get(body__code="RS", date=today - dt.timedelta(days=3))

    # the member lands on the home page, with the way into the member's room
    page.login("ledamot", "uppsikt-demo")
    assert p.get_by_role("heading", level=1).inner_text() == "Översikt"
    page.check()
    p.get_by_role("link", name="Mitt ledamotsrum: handlingar och anteckningar").click()
    p.wait_for_load_state()
    assert p.get_by_role("heading", level=1).inner_text() == "Ledamotsrummet"
    page.check()

    # the coming meeting's papers
    p.get_by_role("link", name=f"Regionstyrelsen, {_sv(coming.date)}").click()
    p.wait_for_load_state()
    assert "Information om delårsrapporten" in p.get_by_role("main").inner_text()
    page.check()

    # a private note on the item
    card = p.locator(".room-paper", has_text="Information om delårsrapporten")
    card.get_by_label("Min anteckning").fill(NOTE)
    card.get_by_role("button", name="Spara anteckningen").click()
    p.wait_for_load_state()
    assert "Din anteckning är sparad." in p.content()
    assert card.get_by_label("Min anteckning").input_value() == NOTE
    page.check()

    # the minutes waiting for approval, through the confirmation step
    p.get_by_role("link", name="Översikt").first.click()
    p.wait_for_load_state()
    p.get_by_role("link", name=f"Justera: {held}", exact=True).click()
    p.wait_for_load_state()
    assert p.get_by_role("heading", level=1).inner_text() == "Justera protokollet"
    assert "Vad justeringen innebär" in p.content()
    page.check()
    p.get_by_role("main").get_by_role("button", name="Justera protokollet").click()
    p.wait_for_load_state()
    assert "Kryssa i att du har läst protokollet" in p.get_by_role("alert").first.inner_text()
    assert not held.approvals.exists()
    # the refused form answers 400, which the browser logs; that one is expected
    page.errors[:] = [e for e in page.errors if "status of 400" not in e]
    page.check()
    p.get_by_label("Jag har läst protokollet").check()
    p.get_by_role("main").get_by_role("button", name="Justera protokollet").click()
    p.wait_for_load_state()
    assert "Du har justerat protokollet." in p.content()
    # back in the room, the minutes no longer wait for this member
    assert p.get_by_role("heading", level=1).inner_text() == "Ledamotsrummet"
    assert f"/sammantraden/{held.pk}/justera/" not in p.content()
    assert held.approvals.get().person.user.username == "ledamot"
    page.check()
    _logout(page)

    # nobody else reads the note: not the secretary, not the administrator
    note = PrivateNote.objects.get()
    assert note.owner.username == "ledamot"
    for other in ("sekreterare", "admin"):
        page.login(other, "uppsikt-demo")
        page.goto(f"/ledamot/sammantraden/{coming.pk}/")
        assert "Information om delårsrapporten" in p.get_by_role("main").inner_text()
        assert NOTE not in p.content()
        card = p.locator(".room-paper", has_text="Information om delårsrapporten")
        assert card.get_by_label("Min anteckning").input_value() == ""
        page.goto(f"/sammantraden/{coming.pk}/")
        assert NOTE not in p.content()
        _logout(page)
    page.assert_no_console_errors()


def _sv(day: dt.date) -> str:
    from uppsikt.core.formatting import format_date

    return format_date(day)
