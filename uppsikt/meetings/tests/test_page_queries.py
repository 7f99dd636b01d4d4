"""The meeting's page and the item's (§) page read a fixed number of queries however many
items the meeting has: each list is read once and handed to what needs it (docs/planning.md,
*CPU per request*)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from . import factories

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> tuple[int, str]:
    client.get(url)  # what the process keeps for a minute (the organisation, the menu) read
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _held(c, n: int):
    return factories.held_meeting(c, titles=[f"Punkt {i}" for i in range(1, n + 1)])


def test_the_meeting_page_takes_no_more_queries_for_more_items(client):
    c = factories.committee()
    client.force_login(c.secretary)
    two = _held(c, 2)
    few, html = _queries(client, two.get_absolute_url())
    assert "Punkt 2" in html
    eight = _held(c, 8)
    many, html = _queries(client, eight.get_absolute_url())
    # each of the eight on the agenda and in the minutes, with its §
    assert html.count("Punkt 8") == 2
    assert many == few


def test_the_item_page_takes_no_more_queries_for_a_meeting_of_more_items(client):
    c = factories.committee()
    client.force_login(c.secretary)
    two = _held(c, 2)
    few, html = _queries(client, two.items.order_by("position").first().get_absolute_url())
    assert "Punkt 1" in html
    eight = _held(c, 8)
    many, html = _queries(client, eight.items.order_by("position").last().get_absolute_url())
    assert "Punkt 8" in html
    assert many == few
