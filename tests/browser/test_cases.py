"""The register in a real browser: a case officer registers a case and an incoming letter,
writes a decision proposal with both impact assessments and finalises it; a secretary finds it
by full-text search; a reader sees that a secret record exists but not what it withholds.
The case officer starts from her home page, on a desktop and on a phone; every page of her
journey passes ``Page.check`` (axe WCAG 2.1 A/AA, nothing blocked by the CSP, dates unbroken,
no sideways scroll on a phone)."""

from __future__ import annotations

import pytest

from .conftest import VIEWPORTS

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


def _logout(page):
    page.page.get_by_role("button", name="Logga ut").click()
    page.page.wait_for_load_state()


@VIEWPORTS
def test_register_write_finalise_search_and_secrecy(page, demo_region, media, viewport):
    from uppsikt.cases.models import Case, DecisionProposal

    p = page.page
    page.login("handlaggare", "uppsikt-demo")
    assert p.get_by_role("heading", level=1).inner_text() == "Översikt"
    page.check()
    page.nav("Diariet")
    page.check()

    # The case officer opens a case …
    p.get_by_role("link", name="Registrera ärende").click()
    p.wait_for_load_state()
    page.check()
    p.get_by_label("Organ (diarium)").select_option(label="Regionstyrelsen")
    p.get_by_label("Ärendemening").fill("Barnrättsstrategi för kollektivtrafiken")
    p.get_by_role("button", name="Registrera").click()
    p.wait_for_load_state()
    case = Case.objects.get(title="Barnrättsstrategi för kollektivtrafiken")
    assert p.get_by_role("heading", level=1).inner_text().startswith(case.number)
    assert case.officer.title == "Hållbarhetschef"  # she is its officer by default
    page.check()

    # … registers the incoming letter with its PDF …
    p.get_by_role("link", name="Registrera handling").click()
    p.wait_for_load_state()
    page.check()
    p.get_by_label("Typ av handling").select_option(label="Inkommen")
    p.get_by_label("Datum").fill("2026-03-02")
    p.get_by_label("Avsändare/mottagare").fill("Barnombudsmannen")
    p.get_by_label("Kort beskrivning").fill("Skrivelse om barnrätt i kollektivtrafiken")
    p.get_by_label("Filer").set_input_files(
        files=[{"name": "skrivelse.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    p.get_by_role("button", name="Registrera handlingen").click()
    p.wait_for_load_state()
    assert f"Handlingen är registrerad som {case.number}-1." in p.content()
    assert p.get_by_role("link", name="skrivelse.pdf").count() == 1
    page.check()

    # … writes the proposal …
    p.get_by_role("link", name="Skriv beslutsförslag").click()
    p.wait_for_load_state()
    # the deciding body is the case's
    assert p.get_by_label("Beslutande organ").input_value() == str(case.body_id)
    page.check()
    p.get_by_role("button", name="Skapa utkast").click()
    p.wait_for_load_state()
    page.check()
    p.get_by_label("Förslag till beslut").fill(
        "anta barnrättsstrategin för kollektivtrafiken.\nuppdra åt regiondirektören att följa upp."
    )
    p.get_by_label("Sammanfattning").fill("Strategin beskriver hur barns rättigheter beaktas.")
    p.get_by_label("Ekonomiska konsekvenser").fill("Ryms inom befintlig budget.")
    p.get_by_label(f"{case.number}-1 Skrivelse om barnrätt i kollektivtrafiken").check()
    p.get_by_role("button", name="Spara").click()
    p.wait_for_load_state()
    assert "Beslutsförslaget är sparat." in p.content()
    page.check()

    # … finalising before the assessments are done is refused …
    p.get_by_role("button", name="Gör slutligt").click()
    p.wait_for_load_state()
    assert "Konsekvensbeskrivning: Barnrätt" in p.get_by_role("alert").inner_text()

    # … answers the child-rights assessment (children are affected) …
    p.get_by_role("link", name="Konsekvensanalys: Barnrätt").click()
    p.wait_for_load_state()
    page.check()
    p.get_by_label("Ja, påverkas").check()
    p.get_by_label("Berörs barn av förslaget, och i så fall vilka?").fill(
        "Barn och unga som reser med kollektivtrafiken"
    )
    p.get_by_label("Vilket kunskapsunderlag finns om hur barnen berörs?").fill(
        "Resvaneundersökningen"
    )
    p.get_by_label("Har barnens egna synpunkter inhämtats, och vad sa de?").fill(
        "Ja, genom elevråd"
    )
    p.get_by_label("Hur påverkas barnens rättigheter på kort och lång sikt?").fill(
        "Tryggare resor på kort sikt, större rörelsefrihet på lång sikt"
    )
    p.get_by_label("Vilka alternativ och kompenserande åtgärder har övervägts?").fill(
        "Inga negativa följder har identifierats"
    )
    p.get_by_label("Slutsats").fill("Förslaget är till barnets bästa")
    p.get_by_role("button", name="Spara analysen").click()
    p.wait_for_load_state()

    # … and the gender-equality one (not affected, because …) …
    p.get_by_role("link", name="Konsekvensanalys: Jämställdhet").click()
    p.wait_for_load_state()
    p.get_by_label("Nej, påverkas inte").check()
    p.get_by_label("Påverkas inte, eftersom …").fill("strategin gäller alla barn lika oavsett kön")
    p.get_by_role("button", name="Spara analysen").click()
    p.wait_for_load_state()

    # … and finalises it.
    p.get_by_role("button", name="Gör slutligt").click()
    p.wait_for_load_state()
    assert "Beslutsförslaget är slutligt och klart för sammanträde." in p.content()
    proposal = DecisionProposal.objects.get(case=case)
    assert proposal.status == "final"
    assert "Regionkontoret bedömer att ärendet medför konsekvenser utifrån ett " in (
        proposal.impact_text
    )
    page.check()
    _logout(page)
    page.assert_no_console_errors()
    if page.phone:
        return  # searching and reading the register are the desktop's

    # The secretary finds it by full-text search.
    page.login("sekreterare", "uppsikt-demo")
    page.goto("/diariet/")
    p.get_by_label("Sök i ärenden, handlingar och beslutsförslag").fill("barnrättsstrategin")
    p.get_by_role("button", name="Sök", exact=True).last.click()
    p.wait_for_load_state()
    results = p.get_by_role("table")
    assert results.get_by_role("link", name=case.number).count() >= 1
    page.assert_accessible()
    _logout(page)

    # A reader sees that the secret record of RS241521 exists, not what it withholds.
    page.login("lasare", "uppsikt-demo")
    page.goto("/diariet/RS241521/")
    row = p.get_by_role("row").filter(has_text="RS241521-4")
    assert "Sekretess (OSL 18 kap. 8 §)" in row.inner_text()
    assert "Kontinuitetsplan" not in p.content()
    page.assert_accessible()
    row.get_by_role("link", name="RS241521-4").click()
    p.wait_for_load_state()
    assert "Handlingen omfattas av sekretess" in p.content()
    assert "Lager och logistik" not in p.content()
    page.assert_accessible()
    page.assert_no_console_errors()


def test_register_pages_for_the_administrator_are_accessible(page, demo_region):
    page.login("admin", "uppsikt-demo")
    for path in (
        "/diariet/",
        "/diariet/?q=stabsfunktioner",
        "/diariet/RS211123/",
        "/diariet/RS241521/handlingar/4/",
        "/diariet/RF260001/",
        "/diariet/delegationsbeslut/",
        "/diariet/konsekvensanalyser/",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        page.assert_accessible()
    page.goto("/diariet/RS211123/")
    page.page.get_by_role("link", name="Översyn förvaltningarnas stabsfunktioner").click()
    page.page.wait_for_load_state()
    assert "Regionkontoret bedömer inte att ärendet medför" in page.page.content()
    page.assert_accessible()
    assert page.page.get_by_role("link", name="Konsekvensanalys: Barnrätt").count() == 0  # final
    page.assert_no_console_errors()
