"""The single-§ approval link (omedelbar justering) on the § page follows the one rule for a
withheld § (docs/meetings.md, *Secrecy*), and ``may_sign_item`` asks for ``meetings.approve``
where the service does: on the meeting's body."""

from __future__ import annotations

import pytest
from django.urls import reverse

from uppsikt.meetings import papers, selectors, services
from uppsikt.organisation.tests import factories as org

from . import factories

pytestmark = pytest.mark.django_db

LINK = "Justera paragrafen omedelbart"


def test_the_approval_link_is_offered_only_for_an_item_the_signer_may_see(client):
    c = factories.committee()
    m = factories.held_meeting(c)
    item = m.items.order_by("position").first()
    client.force_login(c.chair_user)
    url = reverse("meetings:item", args=[item.pk])
    assert LINK in client.get(url).content.decode()
    item.secret = True
    item.save(update_fields=["secret"])
    assert selectors.item_withheld(actor=c.chair_user, item=item)
    page = client.get(url).content.decode()
    assert LINK not in page
    assert client.get(reverse("meetings:item_sign", args=[item.pk])).status_code == 403


def test_may_sign_item_asks_for_the_approval_right_on_the_meeting_s_body():
    c = factories.committee()
    m = factories.held_meeting(c)
    item = m.items.order_by("position").first()
    assert papers.may_sign_item(actor=c.chair_user, item=item)
    # a § recorded under another body: the service checks the meeting's body, so does this
    item.body = org.body(c.organisation, "AN")
    item.save(update_fields=["body"])
    assert papers.may_sign_item(actor=c.chair_user, item=item)
    approval = services.item_approve_immediately(actor=c.chair_user, item=item)
    assert approval.item == item
