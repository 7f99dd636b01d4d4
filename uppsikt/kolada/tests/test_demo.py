"""The demo: the sickness-absence indicator page shows Region Halland's figure beside the other
regions' from the Kolada fixtures (no network)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from uppsikt.demo.loader import load_demo
from uppsikt.kolada.models import Comparison, KoladaValue

pytestmark = pytest.mark.django_db


def test_the_sickness_absence_page_shows_halland_beside_the_other_regions(db):
    context = load_demo()
    comparison = Comparison.objects.select_related("indicator").get()
    assert comparison.indicator.name == "Sjukfrånvaro"
    assert (comparison.kpi, comparison.own_id, len(comparison.peer_ids)) == ("N60030", "0013", 20)
    assert KoladaValue.objects.filter(gender="T").count() == 21 * 5
    assert KoladaValue.objects.get(municipality_id="0013", year=2023, gender="T").value == Decimal(
        "5.5"
    )
    plan = context.objects["plans"]["RS"]
    client = Client()
    client.force_login(get_user_model().objects.get(username="controller"))
    url = reverse("planning:indicator_edit", args=[plan.pk, comparison.indicator.pk])
    html = client.get(url).content.decode()
    assert "Region Halland</strong>" in html
    assert "Västra Götalandsregionen" in html and "Region Stockholm" in html
    assert ">5,5<" in html
