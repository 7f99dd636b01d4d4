"""The § editor (Skriv paragrafen): prefilled from the item through its form, saved back as it
was written, and a save based on an older version refused rather than overwriting."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from uppsikt.core.exceptions import DomainError
from uppsikt.meetings import services
from uppsikt.meetings.models import FloorMotion

from . import factories

pytestmark = pytest.mark.django_db

POINTS = ["anta handlingsplanen", "ge Regionkontoret i uppdrag att följa upp planen"]
DISPATCH = ["Regionkontoret", "Driftnämnden Regionservice"]


def _item_with_text(c):
    m = factories.held_meeting(c, titles=("Handlingsplan",))
    item = m.items.get()
    return services.item_update(
        actor=c.secretary,
        item=item,
        version=item.version,
        decision_intro="Arbetsutskottet beslutar att",
        decision_points=POINTS,
        dispatch_to=DISPATCH,
    )


def _editor_fields(html: str) -> dict[str, str]:
    """The "Skriv paragrafen" form's fields as the browser would post them back."""
    form = html[html.index('/text/"') :]  # the form posts to meetings:item_update
    form = form[: form.index("</form>")]
    fields = {"action": "update"}
    for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form):
        fields[name] = unescape(value)
    for name, value in re.findall(r'<input[^>]* name="(\w+)"[^>]* value="([^"]*)"', form):
        fields.setdefault(name, unescape(value))
    for name, value in re.findall(r'<textarea[^>]* name="(\w+)"[^>]*>(.*?)</textarea>', form, re.S):
        # the HTML parser drops one newline right after <textarea>
        fields[name] = unescape(value.removeprefix("\n"))
    return fields


def test_the_item_editor_shows_the_decision_points_and_recipients_one_per_line(client):
    c = factories.committee()
    item = _item_with_text(c)
    client.force_login(c.secretary)
    fields = _editor_fields(client.get(reverse("meetings:item", args=[item.pk])).content.decode())
    assert fields["decision_points"] == "\n".join(POINTS)
    assert fields["dispatch_to"] == "Regionkontoret\nDriftnämnden Regionservice"


def test_saving_the_item_editor_unchanged_keeps_the_decision_as_it_was(client):
    c = factories.committee()
    item = _item_with_text(c)
    client.force_login(c.secretary)
    page = client.get(reverse("meetings:item", args=[item.pk])).content.decode()
    response = client.post(reverse("meetings:item_update", args=[item.pk]), _editor_fields(page))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.decision_points == POINTS
    assert item.dispatch_to == DISPATCH
    assert item.decision_intro == "Arbetsutskottet beslutar att"


def test_an_item_update_based_on_an_older_version_is_refused():
    c = factories.committee()
    item = _item_with_text(c)  # version 2: created as 1, saved once
    opened = item.version
    services.item_update(actor=c.secretary, item=item, version=opened, procedure="först")
    with pytest.raises(DomainError, match="ändrats av någon annan"):
        services.item_update(actor=c.secretary, item=item, version=opened, procedure="sedan")
    item.refresh_from_db()
    assert item.procedure == "först"


def test_a_decision_written_after_the_editor_was_opened_makes_its_save_stale():
    c = factories.committee()
    item = _item_with_text(c)
    opened = item.version
    motion = services.motion_add(
        actor=c.secretary, item=item, person=c.members[0], kind=FloorMotion.Kind.ADD, text="x"
    )
    services.item_decide(actor=c.secretary, item=item, additions_adopted=[motion])
    with pytest.raises(DomainError):
        services.item_update(actor=c.secretary, item=item, version=opened, decision_points=["y"])
    item.refresh_from_db()
    assert item.decision_points[-1] == "x"


def test_a_stale_save_in_the_editor_shows_the_form_again_with_what_was_written(client):
    c = factories.committee()
    item = _item_with_text(c)
    client.force_login(c.secretary)
    page = client.get(reverse("meetings:item", args=[item.pk])).content.decode()
    mine = _editor_fields(page)
    # someone else saves in between
    services.item_update(actor=c.secretary, item=item, version=item.version, procedure="deras")
    mine["procedure"] = "min text"
    response = client.post(reverse("meetings:item_update", args=[item.pk]), mine)
    assert response.status_code == 409
    html = response.content.decode()
    assert "ändrats av någon annan" in html
    assert "min text</textarea>" in html
    item.refresh_from_db()
    assert item.procedure == "deras"


def test_a_member_who_may_not_manage_the_meeting_cannot_save_the_item_text(client):
    c = factories.committee()
    item = _item_with_text(c)
    client.force_login(c.other_member_user)  # a member's role on the board: reads only
    fields = {"action": "update", "version": str(item.version), "procedure": "ändrad"}
    response = client.post(reverse("meetings:item_update", args=[item.pk]), fields)
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.procedure == ""


def test_each_action_on_an_item_has_its_own_address_whatever_an_action_field_says(client):
    from uppsikt.organisation import selectors as org_selectors

    c = factories.committee()
    if org_selectors.organisation_only() != c.organisation:
        pytest.skip("the pages show the installation's organisation")
    item = factories.held_meeting(c).items.first()
    client.force_login(c.secretary)
    member = c.members[0]
    fields = {"action": "note", "person": str(member.pk), "text": "Vi reserverar oss."}
    response = client.post(reverse("meetings:item_dissent", args=[item.pk]), fields)
    assert response.status_code == 302
    # the address decides: one dissent and no note, though the field says "note"
    assert [d.reason for d in item.dissents.all()] == ["Vi reserverar oss."]
    assert not item.notes.exists()
