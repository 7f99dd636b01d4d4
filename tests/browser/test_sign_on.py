"""Single sign-on against a local OpenID provider (the npm package oidc-provider), which the
test starts on 127.0.0.1."""

from __future__ import annotations

import pytest

from tests.oidc.local import LOA3, running_provider
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def provider(live_server):
    with running_provider(
        [f"{live_server.url}/oidc/callback/", f"{live_server.url}/oidc/e-legitimation/"],
        UPPSIKT_APPROVAL_ACR=LOA3,
    ) as issuer:
        yield issuer


def sign_on(page, login: str) -> None:
    page.goto("/logga-in/")
    page.page.get_by_role("link", name="Logga in med Region Testland").click()
    page.page.wait_for_load_state()
    login_at_provider(page, login)


def login_at_provider(page, login: str) -> None:
    page.page.locator("input[name=login]").fill(login)
    page.page.locator("input[name=password]").fill("any")
    page.page.locator("button[type=submit]").first.click()
    page.page.wait_for_load_state()
    # the provider asks for consent the first time
    if "/interaction/" in page.page.url:
        page.page.locator("button[type=submit]").first.click()
        page.page.wait_for_load_state()


def test_a_known_person_signs_on_with_the_organisations_account(page, provider, transactional_db):
    org = factories.organisation(name="Region Testland")
    user = factories.user("eva", password=None)
    user.email = "eva@example.org"
    user.save(update_fields=["email"])
    factories.grant(user, Role.READER, org)
    sign_on(page, "eva")
    assert page.page.url == page.base_url + "/"
    assert page.page.get_by_role("heading", level=1).inner_text() == "Översikt"
    assert "Region Testland" in page.page.locator(".brand").inner_text()
    assert "eva" in page.page.locator(".user-name").inner_text()


def test_someone_without_an_account_is_turned_away(page, provider, transactional_db):
    factories.organisation(name="Region Testland")
    sign_on(page, "okand")
    assert "/logga-in/" in page.page.url
    assert "misslyckades" in page.page.get_by_role("alert").inner_text()
    page.assert_accessible()


def test_the_chair_approves_the_minutes_with_a_fresh_e_id_login(page, provider, transactional_db):
    from uppsikt.meetings.models import Approval
    from uppsikt.meetings.tests import factories as meeting_factories

    # given: a held meeting; the chair's account has the e-mail of the provider's login "ordf"
    c = meeting_factories.committee()
    m = meeting_factories.held_meeting(c)
    c.chair_user.email = "ordf@example.org"
    c.chair_user.save(update_fields=["email"])
    page.login(c.chair_user.username, "korrekt-hast-batteri")
    page.goto(m.get_absolute_url())
    page.assert_accessible()
    # when: the chair approves with e-ID and signs on afresh at the provider
    page.page.get_by_role("button", name="Justera med e-legitimation").click()
    # the page in between sends the browser on to the provider
    page.page.wait_for_url(provider + "/**")
    page.page.wait_for_load_state()
    login_at_provider(page, "ordf")
    # then: back on the meeting, signed by e-ID at the level asked for
    assert page.page.url == page.base_url + m.get_absolute_url()
    assert "med e-legitimation" in page.page.get_by_role("status").first.inner_text()
    signers = page.page.get_by_role("table", name="Ordförande och justerare")
    row = signers.get_by_role("row", name=c.members[0].full_name)
    assert "E-legitimation (tillitsnivå " + LOA3 + ")" in row.inner_text()
    page.assert_accessible()
    a = Approval.objects.get(meeting=m)
    assert (a.person, a.method, a.eid_acr, a.eid_issuer) == (c.members[0], "e_id", LOA3, provider)
