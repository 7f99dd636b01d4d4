"""``uppsikt generate meetings``: the benchmark's meeting, held, with its items and a
secretary who opens its pages."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from uppsikt.core.models import User
from uppsikt.meetings.models import Meeting
from uppsikt.organisation.tests import factories as org_factories

pytestmark = pytest.mark.django_db


def test_a_held_meeting_with_its_items_whose_pages_the_secretary_opens(client):
    call_command("generate_plan", units=3, items=2, users=1, stdout=io.StringIO())
    out = io.StringIO()
    call_command("generate_meetings", items=3, stdout=out)
    assert "3 paragrafer" in out.getvalue()
    meeting = Meeting.objects.get(body__code="PROV2024")
    assert meeting.status == Meeting.Status.HELD
    assert meeting.items.count() == 3
    # eleven members present (chair, vice chair, nine members); the five deputies are not
    assert meeting.attendance.filter(present=True).count() == 11
    client.force_login(User.objects.get(username="bench-secretary-2024"))
    assert client.get(reverse("meetings:meeting", args=[meeting.pk])).status_code == 200
    item = meeting.items.order_by("pk").first()
    response = client.get(reverse("meetings:item", args=[item.pk]))
    assert response.status_code == 200
    assert "Ärende 1: beslut om uppföljning" in response.content.decode()


def test_without_the_generated_plans_body_it_says_what_to_run_first():
    org_factories.organisation()
    with pytest.raises(CommandError, match="generate plan"):
        call_command("generate_meetings", items=3)
