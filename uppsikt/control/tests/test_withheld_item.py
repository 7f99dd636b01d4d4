"""An action raised into a decision assignment does not let out a § withheld from the reader
(docs/meetings.md, *Secrecy*): the action's page names the assignment by its § and point only,
and the § a secretary may raise into are those the secretary may read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from uppsikt.cases import services as case_services
from uppsikt.control import selectors, services
from uppsikt.core.permissions import SYSTEM
from uppsikt.meetings.models import MinutesItem

from .test_results import _action, _decided_item

pytestmark = pytest.mark.django_db

TEXT = "ge Regionservice i uppdrag att utreda Kvartzleverantören."


def test_the_action_page_names_a_withheld_assignment_by_its_place_only(client, region):
    point = region.adopted_point()
    action = _action(region, region.submitted(region.result(point)))
    item = _decided_item(region, [TEXT])
    # the § is marked secret (a supplier's business secrets): the body's secretary reads it,
    # the reporter of the unit and the controller do not
    MinutesItem.objects.filter(pk=item.pk).update(secret=True)
    services.action_raise(actor=region.secretary, action=action, item=item, point=1)
    url = reverse("control:action", args=[action.pk])
    for user in (region.reporter, region.controller):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "Kvartz" not in page
        assert f"{item.label}, punkt 1" in page
    client.force_login(region.secretary)
    assert "Kvartz" in client.get(url).content.decode()


def test_a_withheld_item_is_not_offered_to_raise_into(region):
    """A § of the plan's body on a secret case of another body: the body's secretary has no
    role on that body and is not entitled to it."""
    plan = region.adopted_point().risk.plan
    case = case_services.case_register(
        actor=SYSTEM,
        organisation=plan.organisation,
        body=region.dnks,
        title="Skyddat boende",
        secret=True,
        secrecy_ground="OSL 26 kap. 1 §",
        registered_on=dt.date(2025, 5, 1),
    )
    item = _decided_item(region, [TEXT])
    MinutesItem.objects.filter(pk=item.pk).update(case=case, secret=True)
    assert item not in selectors.raise_items(plan=plan, actor=region.secretary)
    # the secretary of the case's body is entitled to it (and would see it offered)
    assert item in selectors.raise_items(plan=plan, actor=region.secretary_elsewhere)
