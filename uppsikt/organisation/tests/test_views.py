from __future__ import annotations

import pytest
from django.urls import reverse

from uppsikt.organisation.models import Membership, Role

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    org = factories.organisation(name="Region Test")
    rs = factories.body(org, "RS", name="Regionstyrelsen")
    rk = factories.unit(org, "RK", name="Regionkontoret", body=rs)
    factories.unit(org, "RK-EKO", rk, name="Ekonomi", cost_centres=["1310"])
    chair = factories.person(org, "Cia", "Ask")
    factories.membership(chair, rs, Membership.Role.CHAIR, end=None)
    return org


@pytest.fixture
def signed_in(client, region):
    user = factories.user("lasare")
    factories.grant(user, Role.READER, region)
    client.force_login(user)
    return client


def test_the_home_page_is_the_public_front_door_when_logged_out(client, region):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Region Test" in html  # the organisation's name, in the header and the heading
    assert f'href="{reverse("login")}"' in html
    assert "Regionkontoret" not in html  # no unit tree


def test_the_overview_is_one_click_from_the_menu(signed_in, region):
    html = signed_in.get(reverse("home")).content.decode()
    assert f'href="{reverse("organisation:overview")}"' in html


def test_pages_need_a_login(client, region):
    response = client.get(reverse("organisation:body", args=["RS"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_public_and_swedish(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'lang="sv"' in response.content.decode()
    assert "Logga in" in response.content.decode()


def test_overview_shows_bodies_and_units(signed_in, region):
    html = signed_in.get(reverse("organisation:overview")).content.decode()
    assert "Regionstyrelsen" in html
    assert "Regionkontoret" in html
    assert 'href="#main"' in html  # skip link


def test_body_page_lists_current_seats(signed_in, region):
    html = signed_in.get(reverse("organisation:body", args=["RS"])).content.decode()
    assert "Cia Ask" in html
    assert "Ordförande" in html


def test_unit_page_shows_breadcrumbs_children_and_cost_centres(signed_in, region):
    html = signed_in.get(reverse("organisation:unit", args=["RK-EKO"])).content.decode()
    assert 'aria-current="page">Ekonomi' in html
    assert 'href="/enheter/RK/"' in html
    assert "1310" in html


def test_unknown_codes_are_404(signed_in, region):
    assert signed_in.get(reverse("organisation:body", args=["NOPE"])).status_code == 404
    assert signed_in.get(reverse("organisation:unit", args=["NOPE"])).status_code == 404
    assert signed_in.get(reverse("organisation:person", args=[999999])).status_code == 404


def test_search_page_and_htmx_fragment(signed_in, region):
    full = signed_in.get(reverse("organisation:search"), {"q": "ekonomi"})
    assert full.status_code == 200
    assert "<html" in full.content.decode()
    part = signed_in.get(reverse("organisation:search"), {"q": "ekonomi"}, HTTP_HX_REQUEST="true")
    assert "<html" not in part.content.decode()
    assert "Ekonomi" in part.content.decode()


def test_pages_read_in_a_fixed_number_of_queries(signed_in, region, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        signed_in.get(reverse("organisation:overview"))
    with django_assert_max_num_queries(14):
        signed_in.get(reverse("organisation:unit", args=["RK"]))


def test_strict_content_security_policy_header(signed_in, region):
    response = signed_in.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_language_switch_turns_the_interface_english(signed_in, region):
    signed_in.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = signed_in.get(reverse("home")).content.decode()
    assert 'lang="en"' in html
    assert "Skip to content" in html


def test_the_language_menu_names_each_language_in_itself(signed_in, region):
    """Whatever the interface's language, the menu reads "Svenska" and "English"."""
    for language in ("sv", "en"):
        signed_in.post(reverse("set_language"), {"language": language, "next": "/"})
        html = signed_in.get(reverse("home")).content.decode()
        assert '<option value="sv" lang="sv"' in html
        assert ">Svenska</option>" in html
        assert ">English</option>" in html
        assert "Swedish" not in html and "Engelska" not in html


def test_swedish_is_the_default_whatever_the_browser_asks(client, region):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="sv"' in html


def test_health_is_public(client):
    assert client.get(reverse("health")).json() == {"status": "ok"}


def test_english_says_bodies_for_the_list_and_body_for_one(signed_in, region):
    signed_in.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = signed_in.get(reverse("home")).content.decode()
    assert '<h2 class="nav-heading" id="nav-bodies">Bodies</h2>' in html
    from django.utils import translation

    with translation.override("en"):
        assert translation.gettext("Organ") == "Body"
        assert translation.pgettext("plural", "Uppdrag") == "Assignments"
