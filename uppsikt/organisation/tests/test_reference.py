"""The reference data kept in the web process (organisation.reference): the menu, the
organisation of a host name and the logo's checksum are read once, forgotten by a write in the
process at once, and read anew after ``TTL`` seconds whatever wrote them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation import reference, services
from uppsikt.organisation.models import Body, Organisation, Role, Unit

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    org = factories.organisation(name="Region Test")
    factories.body(org, "RS", name="Regionstyrelsen")
    user = factories.user("lasare")
    factories.grant(user, Role.READER, org)
    client.force_login(user)
    return client, org


def _menu(client) -> str:
    html = client.get(reverse("my_account"))
    assert html.status_code == 200
    text = html.content.decode()
    return text[text.index('id="site-nav"') : text.index("</nav>")]


def test_the_menu_is_read_once_and_not_again_for_the_next_page(signed_in):
    client, _org = signed_in
    assert "Regionstyrelsen" in _menu(client)
    with CaptureQueriesContext(connection) as first:
        client.get("/mitt-konto/")
    reference.forget()
    with CaptureQueriesContext(connection) as fresh:
        client.get("/mitt-konto/")
    # the second page of the pair above read neither the organisation, its bodies and
    # förvaltningar nor its logo: four queries fewer than a page with nothing kept
    assert len(fresh.captured_queries) - len(first.captured_queries) == 4
    tables = " ".join(q["sql"] for q in first.captured_queries)
    assert 'FROM "organisation_body"' not in tables
    assert 'FROM "documents_documenttemplate"' not in tables


def test_a_body_made_through_the_service_is_in_the_menu_at_once(signed_in):
    client, org = signed_in
    assert "Revisionen" not in _menu(client)
    services.body_create(
        actor=SYSTEM, organisation=org, code="REV", name="Revisionen", kind=Body.Kind.BOARD
    )
    assert "Revisionen" in _menu(client)


def test_a_unit_made_through_the_service_is_in_the_menu_at_once(signed_in):
    client, org = signed_in
    assert "Regionkontoret" not in _menu(client)
    services.unit_create(
        actor=SYSTEM,
        organisation=org,
        code="RK",
        name="Regionkontoret",
        kind=Unit.Kind.ADMINISTRATION,
    )
    assert "Regionkontoret" in _menu(client)


def test_a_change_that_sends_no_signal_is_seen_after_ttl_seconds(signed_in, monkeypatch):
    client, org = signed_in
    assert "Regionstyrelsen" in _menu(client)
    Body.objects.filter(organisation=org).update(name="Regionstyrelsen (ny)")  # no signal
    assert "Regionstyrelsen (ny)" not in _menu(client)  # kept
    now = reference.time.monotonic()
    monkeypatch.setattr(reference.time, "monotonic", lambda: now + reference.TTL + 1)
    assert "Regionstyrelsen (ny)" in _menu(client)


def test_a_second_organisation_makes_an_unmapped_host_name_answer_404_at_once(signed_in):
    client, _org = signed_in
    assert client.get("/mitt-konto/").status_code == 200
    factories.organisation(name="Kommun Test", slug="kommun")
    assert client.get("/mitt-konto/").status_code == 404
    assert Organisation.objects.count() == 2


def test_the_kept_organisation_is_a_copy_each_request_may_change(signed_in):
    from uppsikt.organisation.tenancy import organisation_for_host

    first = organisation_for_host("testserver")
    first.name = "Ändrad i en fråga"
    assert organisation_for_host("testserver").name == "Region Test"
