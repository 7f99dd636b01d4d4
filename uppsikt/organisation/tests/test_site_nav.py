"""The main menu of a signed-in page (core.templatetags.shell.site_nav): rendered once for each
set of menu switches, bodies, förvaltningar and current page, and kept; what one person's
menu shows never reaches a person with other roles."""

from __future__ import annotations

import pytest
from django.urls import reverse

from uppsikt.organisation.models import Role

from . import factories

pytestmark = pytest.mark.django_db


def _nav(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    text = response.content.decode()
    return text[text.index('<nav class="site-nav"') : text.index("</nav>")]


@pytest.fixture
def region():
    org = factories.organisation(name="Region Test")
    body = factories.body(org, "RS", name="Regionstyrelsen")
    unit = factories.unit(org, "RK", name="Regionkontoret")
    reader = factories.user("lasare")
    factories.grant(reader, Role.READER, org)
    admin = factories.user("admin")
    factories.grant(admin, Role.ADMINISTRATOR, org)
    return org, body, unit, reader, admin


def test_each_person_sees_the_menu_of_their_own_roles_in_turn(client, region):
    _org, _body, _unit, reader, admin = region
    people = reverse("organisation:admin_people")
    for _ in range(2):  # the second round is served from what the first kept
        client.force_login(reader)
        nav = _nav(client, reverse("my_account"))
        assert "Personer och roller" not in nav
        assert "Granskningslogg" not in nav
        assert 'id="nav-admin"' not in nav
        client.force_login(admin)
        nav = _nav(client, reverse("my_account"))
        assert f'<a href="{people}">Personer och roller</a>' in nav
        assert "Granskningslogg" in nav


def test_the_current_page_is_marked_and_only_it(client, region):
    _org, body, unit, reader, admin = region
    client.force_login(admin)
    people = reverse("organisation:admin_people")
    nav = _nav(client, people)
    assert f'<a href="{people}" aria-current="page">Personer och roller</a>' in nav
    assert nav.count('aria-current="page"') == 1
    client.force_login(reader)
    nav = _nav(client, body.get_absolute_url())
    assert f'<a href="{body.get_absolute_url()}" aria-current="page">Regionstyrelsen</a>' in nav
    assert f'<a href="{unit.get_absolute_url()}">Regionkontoret</a>' in nav
    assert nav.count('aria-current="page"') == 1
    nav = _nav(client, unit.get_absolute_url())
    assert f'<a href="{body.get_absolute_url()}">Regionstyrelsen</a>' in nav
    assert f'<a href="{unit.get_absolute_url()}" aria-current="page">Regionkontoret</a>' in nav
    nav = _nav(client, reverse("home"))
    assert '<a href="/" aria-current="page">Översikt</a>' in nav
    assert nav.count('aria-current="page"') == 1


def test_the_menu_speaks_the_language_of_the_page(client, region):
    _org, _body, _unit, _reader, admin = region
    client.force_login(admin)
    assert ">Översikt</a>" in _nav(client, reverse("my_account"))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    nav = _nav(client, reverse("my_account"))
    assert ">Overview</a>" in nav
    assert ">People and roles</a>" in nav
    assert ">Bodies</h2>" in nav
    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    assert ">Översikt</a>" in _nav(client, reverse("my_account"))


def test_the_public_gets_no_menu(client, region):
    response = client.get(reverse("noticeboard:board"))
    assert response.status_code == 200
    assert 'id="site-nav"' not in response.content.decode()
