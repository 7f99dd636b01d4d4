"""Every demo login lands on a home that lists real work, the demo holds a notification of each
kind, and the public front door shows the notice board and nothing that is not public."""

import re

import pytest
from django.urls import reverse

from uppsikt.cases.models import Case
from uppsikt.demo.loader import load_demo
from uppsikt.meetings.models import Dispatch
from uppsikt.meetings.selectors import notices_current
from uppsikt.notifications.models import Kind, Notification
from uppsikt.organisation.models import Organisation

pytestmark = pytest.mark.django_db

# login → the id of a section of the home page that must list at least one line
WORK = {
    "admin": "home-controller",
    "controller": "home-controller",
    "rapportor": "home-reporter",
    "godkannare": "home-approver",
    "sekreterare": "home-secretary",
    "handlaggare": "home-case_officer",
    "ledamot": "home-member",
    "lasare": "home-reader",
}


def _section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    return html[start : html.index("</section>", start)]


def test_the_demo_puts_every_role_in_front_of_real_work(client, django_user_model):
    load_demo()
    users = {u.username: u for u in django_user_model.objects.filter(username__in=WORK)}
    for username, section_id in WORK.items():
        client.force_login(users[username])
        html = client.get(reverse("home")).content.decode()
        section = _section(html, section_id)
        assert 'class="work-list"' in section, username
        client.logout()

    # a notification of each kind, to the demo logins who hold the work
    by_kind = {
        kind: set(
            Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True)
        )
        for kind in Kind.values
    }
    assert "rapportor" in by_kind[Kind.ASSESSMENT_RETURNED]
    assert "ledamot" in by_kind[Kind.MINUTES_TO_APPROVE]
    assert "ledamot" in by_kind[Kind.SUMMONS]
    assert by_kind[Kind.PROPOSAL_REVIEW] == {"sekreterare"}
    assert "godkannare" in by_kind[Kind.ASSIGNMENT_GIVEN]
    # the reader holds no work and is told of none
    assert not Notification.objects.filter(recipient__username="lasare").exists()

    # the reporter's home: the returned assessment with its reason; then the elected member's:
    # the minutes to approve
    client.force_login(users["rapportor"])
    reporter = _section(client.get(reverse("home")).content.decode(), "home-reporter")
    assert "Återsänd: " in reporter
    assert "Beskriv vad som har gjorts under perioden" in reporter
    client.force_login(users["ledamot"])
    html = _section(client.get(reverse("home")).content.decode(), "home-member")
    assert "Justera:" in html

    # the secretary's: the § approved at once yesterday and the board's minutes approved with
    # e-ID are still to be sent; the reference meetings' § were sent long ago, each to every
    # recipient its minutes name, and are not listed as late
    client.force_login(users["sekreterare"])
    secretary = _section(client.get(reverse("home")).content.decode(), "home-secretary")
    assert sorted(re.findall(r"Expediera: ([^<]+)<", secretary)) == [
        "Information om justering med e-legitimation",
        "Upphandling av måltidssystem, tilldelningsbeslut",
    ]
    sent = Dispatch.objects.filter(item__meeting__date__year__lt=2026)
    assert sorted((d.item.meeting.date.isoformat(), d.recipient) for d in sent) == [
        ("2021-11-09", "Regionkontoret"),
        ("2023-10-03", "Förvaltningsledningarna"),
        ("2025-04-01", "Driftnämnden Regionservice"),
        ("2025-06-10", "Regionservice"),
        ("2025-10-14", "Driftnämnden Regionservice"),
    ]
    assert all(d.sent_at.date() > d.item.meeting.approved_on for d in sent)

    # the public front door
    client.logout()
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Region Halland" in html
    assert reverse("login") in html
    board = _section(html, "front-notices")
    current = notices_current(organisation=Organisation.objects.get())
    assert current, "the demo has notices on the board"
    for notice in current[:10]:
        assert f'href="{reverse("noticeboard:notice", args=[notice.pk])}"' in board
    # nothing of the register, the unit tree or the work of a signed-in person
    for number in Case.objects.values_list("number", flat=True)[:20]:
        assert number not in html
    assert "Sammanträden att sköta" not in html
    assert "Hela enhetsträdet" not in html
    assert "Aviseringar" not in html
