"""The header and main menu of every page (core.templatetags.shell): rendered once for each set
of the values they show and kept; what one person's header or menu shows never reaches another
person (their name, unread count, search words, form token and address are filled in on every
request)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from uppsikt.notifications import services as notifications
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


def _header(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code in {200, 404}
    text = response.content.decode()
    return text[text.index('<header class="site-header">') : text.index("</header>")]


def test_each_person_sees_their_own_name_count_and_token_in_the_header(client, region):
    org, _body, _unit, reader, admin = region
    for user, first, last in ((reader, "Lena", "Läsare"), (admin, "Adam", "Admin")):
        user.first_name, user.last_name = first, last
        user.save()
    notifications.notify(
        organisation=org,
        kind="assessment_returned",
        obj=admin,
        title="Till Adam",
        url="/",
        recipients=[admin],
        entitled=lambda _user: True,
    )
    tokens = set()
    for _ in range(2):  # the second round is served from what the first kept
        for user, name, unread in ((reader, "Lena Läsare", None), (admin, "Adam Admin", "1")):
            client.force_login(user)
            header = _header(client, reverse("my_account"))
            assert f'<a class="user-name" href="/mitt-konto/">{name}<span' in header
            other = "Adam Admin" if user == reader else "Lena Läsare"
            assert other not in header
            count = re.search(r'id="notification-count">(\d+)<', header)
            assert (count.group(1) if count else None) == unread
            found = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', header)
            assert len(found) == 2  # the language form and the logout form
            tokens.update(found)
            assert "\x00" not in header
    assert len(tokens) >= 2  # each page its own masked token, never one kept


def test_the_search_words_and_the_address_are_escaped_in_the_header(client, region):
    _org, _body, _unit, reader, _admin = region
    client.force_login(reader)
    words = '"><script>alert(1)</script>'
    response = client.get(reverse("reports:search"), {"q": words})
    text = response.content.decode()
    header = text[text.index('<header class="site-header">') : text.index("</header>")]
    assert "<script>" not in header
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in header
    assert 'name="next" type="hidden" value="/sok/?q=%22%3E%3Cscript' in header


def test_the_public_header_has_the_login_link_and_no_account(client, region):
    header = _header(client, reverse("noticeboard:board"))
    assert '<span class="brand-org">Region Test</span>' in header
    assert 'class="login-link"' in header
    assert "user-name" not in header
    assert "site-search" not in header
    client.force_login(region[3])
    header = _header(client, reverse("noticeboard:board"))
    assert 'class="login-link"' not in header
    assert "site-search" in header


def test_the_header_marks_the_notifications_page_and_speaks_the_pages_language(client, region):
    client.force_login(region[4])
    header = _header(client, reverse("notifications:list"))
    assert 'href="/aviseringar/" aria-current="page">Aviseringar' in header
    assert '<option value="sv" lang="sv" selected>Svenska</option>' in header
    assert 'aria-current="page"' not in _header(client, reverse("my_account"))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    header = _header(client, reverse("my_account"))
    assert '<option value="en" lang="en" selected>English</option>' in header
    assert ">Log out</button>" in header
    client.post(reverse("set_language"), {"language": "sv", "next": "/"})


def test_the_kept_fragments_stay_within_their_bound_least_recently_used_out(monkeypatch):
    from uppsikt.core import jinja

    monkeypatch.setattr(jinja, "_kept", jinja.OrderedDict())
    monkeypatch.setattr(jinja, "_kept_chars", 0)
    values = {"flags": {}, "bodies": (), "units": (), "app_name": "", "namespace": "", "path": ""}
    first = jinja.render_fragment_kept(
        "core/site_nav.html", {**values, "url_name": "a"}, key=("a",)
    )
    monkeypatch.setattr(jinja, "_KEPT_CHARS", 3 * len(first))  # room for three such menus
    for name in "abcde":
        jinja.render_fragment_kept("core/site_nav.html", {**values, "url_name": name}, key=(name,))
    kept = [key[2][0] for key in jinja._kept]
    assert kept == ["c", "d", "e"]
    assert jinja._kept_chars == sum(len(html) for html in jinja._kept.values())
    jinja.render_fragment_kept("core/site_nav.html", {**values, "url_name": "c"}, key=("c",))
    jinja.render_fragment_kept("core/site_nav.html", {**values, "url_name": "f"}, key=("f",))
    assert [key[2][0] for key in jinja._kept] == ["e", "c", "f"]  # "c" was used again
