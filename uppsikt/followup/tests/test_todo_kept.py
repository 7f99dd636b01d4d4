"""The to-do list's items are kept per process under every value they show
(followup.views._todo_items): what one person may do never reaches another, a change shows on
the next request, and each page carries its reader's own form token."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from uppsikt.followup import services
from uppsikt.followup.models import Assessment
from uppsikt.planning.models import PlanAssignment

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _page(client, region) -> str:
    response = client.get(reverse("followup:unit", args=[region.period.pk, "RSE-MAT"]))
    assert response.status_code == 200
    return response.content.decode()


def _items(html: str) -> str:
    """The page's to-do list with its form tokens left out."""
    return TOKEN.sub("", html[html.index('<ul class="todo-list">') : html.index("</main>")])


def test_the_reporter_and_the_approver_in_turn_each_see_what_they_may_do(client, region):
    a = region.submitted()
    approve = reverse("followup:approve", args=[a.pk])
    for _ in range(2):  # the second round is served from what the first kept
        client.force_login(region.reporter)
        assert approve not in _page(client, region)
        client.force_login(region.approver)
        assert approve in _page(client, region)


def test_the_kept_list_is_the_list_rendered_anew(client, region):
    region.filled()
    client.force_login(region.reporter)
    first = _page(client, region)
    second = _page(client, region)
    assert "Arbetet pågår." in first
    assert _items(second) == _items(first)


def test_a_change_shows_on_the_next_request(client, region):
    client.force_login(region.reporter)
    assert "Minska matsvinnet" in _page(client, region)
    # the item renamed in the plan (the assessment itself unchanged)
    PlanAssignment.objects.filter(pk=region.assignment.pk).update(title="Halvera matsvinnet")
    page = _page(client, region)
    assert "Halvera matsvinnet" in page
    assert "Minska matsvinnet" not in page
    a = region.fresh()
    services.assessment_save_draft(
        actor=region.reporter, assessment=a, version=a.version, comment="<p>Ny text.</p>"
    )
    assert "Ny text." in _page(client, region)


def test_each_page_carries_its_readers_own_form_token(region):
    for person in (region.reporter, region.reporter, region.approver):
        client = Client(enforce_csrf_checks=True)
        client.force_login(person)
        page = _page(client, region)
        tokens = set(TOKEN.findall(page))
        assert tokens and "\x00" not in page
        if person == region.reporter:
            a = region.fresh()
            response = client.post(
                reverse("followup:save", args=[a.pk]),
                {
                    "csrfmiddlewaretoken": tokens.pop(),
                    f"a{a.pk}-version": a.version,
                    f"a{a.pk}-comment": "Sparat med sidans nyckel.",
                    "back": "RSE-MAT",
                },
            )
            assert response.status_code in (200, 302)
            assert "Sparat med sidans nyckel." in region.fresh().comment
            assert region.fresh().state == Assessment.State.DRAFT
