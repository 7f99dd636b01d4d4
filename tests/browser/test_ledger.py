"""A controller reads a SIE file into the ledger, sees Regionkontoret's year to date and drills
from a variance down to the accounts and the vouchers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SIE_DIR = Path(__file__).resolve().parents[2] / "uppsikt" / "finance" / "tests" / "data" / "sie"


def test_controller_imports_sie_and_drills_down(page, demo_region, tmp_path):
    p = page.page
    page.login("controller", "uppsikt-demo")
    p.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Ekonomi").click()
    p.wait_for_load_state()
    p.get_by_role("link", name="Läs in SIE-fil och se importer").click()
    p.wait_for_load_state()
    page.assert_accessible()
    p.locator("#id_file").set_input_files(str(SIE_DIR / "Test4.SE"))
    p.get_by_role("button", name="Läs in").click()
    p.wait_for_load_state()
    assert "/jobb/" in p.url
    assert p.get_by_role("progressbar").count() == 1
    assert "Klar" in p.get_by_role("status").inner_text()
    page.assert_accessible()
    p.get_by_role("link", name="Visa resultatet").click()
    p.wait_for_load_state()
    assert p.get_by_role("heading", level=1).inner_text() == "Test4.SE"
    assert "Råbalansen stämmer" in p.get_by_role("status").first.inner_text()
    page.assert_accessible()

    page.goto("/ekonomi/?enhet=RK&manad=2024-04")
    table = p.get_by_role("table")
    net = table.get_by_role("row", name="Nettokostnad")
    cells = [c.strip() for c in net.get_by_role("cell").all_inner_texts()]
    assert cells[:2] == ["\u2212225\u00a0975\u00a0tkr", "\u2212240\u00a0413\u00a0tkr"]
    assert cells[2].startswith("+14\u00a0438\u00a0tkr")  # then the link's hidden words
    assert cells[3] == "+6,0\u00a0%"
    page.assert_accessible()
    table.get_by_role("link", name="Övriga driftskostnader: visa konton").click()
    p.wait_for_load_state()
    assert (
        p.get_by_role("heading", level=1).inner_text() == "Övriga driftskostnader: Regionkontoret"
    )
    page.assert_accessible()
    # (Test4.SE, read above, renamed some accounts: the chart is the latest file's)
    p.get_by_role("link", name=re.compile(r"^6110 ")).click()
    p.wait_for_load_state()
    assert "Månadsbokföring" in p.get_by_role("table").inner_text()
    page.assert_accessible()
    page.assert_no_console_errors()


def test_a_reader_sees_the_ledger_but_cannot_import(page, demo_region):
    page.login("lasare", "uppsikt-demo")
    page.goto("/ekonomi/importer/")
    assert page.page.get_by_role("button", name="Läs in").count() == 0
    page.assert_accessible()


def test_capital_table_and_multi_year_plan(page, demo_region):
    p = page.page
    page.login("controller", "uppsikt-demo")
    page.goto("/ekonomi/investeringar/?enhet=RK&manad=2024-04")
    total = p.get_by_role("table").first.get_by_role("row", name="Summa")
    assert [c.strip() for c in total.get_by_role("cell").all_inner_texts()] == [
        "33,9",
        "131,5",
        "120,4",
        "+11,1",
    ]
    assert (
        p.get_by_role(
            "table", name="Enligt Mål och budget 2024 med plan för 2025–2026 (2023-06-20), mnkr"
        ).count()
        == 1
    )
    page.assert_accessible()
    p.get_by_label("IT-utrustning: årsprognos (tkr)").fill("97 800")
    p.get_by_role("button", name="Spara IT-utrustning").click()
    p.wait_for_load_state()
    assert "Prognosen för IT-utrustning är sparad." in p.get_by_role("status").first.inner_text()
    row = p.get_by_role("table").first.get_by_role("row", name="IT-utrustning")
    assert row.get_by_role("cell").all_inner_texts()[-1].strip() == "\u22122,4"  # 95,4 − 97,8
    page.assert_accessible()


def test_a_unit_enters_its_forecast_and_sees_the_change_since_february(page, demo_region):
    p = page.page
    page.login("controller", "uppsikt-demo")
    page.goto("/ekonomi/prognos/?enhet=RK&manad=2024-04")
    net = p.get_by_role("table").get_by_role("row", name="Nettokostnad")
    cells = [c.strip() for c in net.get_by_role("cell").all_inner_texts()]
    # budget, actual, proposal, forecast, variance, change (tkr)
    assert cells[0] == "\u2212702\u00a0553" and cells[3] == "\u2212711\u00a0553"
    assert cells[4:] == ["\u22129\u00a0000", "+8\u00a0500"]
    page.assert_accessible()
    p.get_by_label("Årsprognos Övriga driftskostnader (tkr)").fill("−575 553")
    p.get_by_role("button", name="Spara prognosen").click()
    p.wait_for_load_state()
    net = p.get_by_role("table").get_by_role("row", name="Nettokostnad")
    assert [c.strip() for c in net.get_by_role("cell").all_inner_texts()][4] == "\u22128\u00a0000"
    page.assert_accessible()


def test_regionservice_forecast_by_business_line(page, demo_region):
    p = page.page
    page.login("godkannare", "uppsikt-demo")
    page.goto("/ekonomi/prognos/?enhet=RSE&manad=2025-08")
    table = p.get_by_role("table", name=re.compile("Resultat per verksamhet"))
    total = table.get_by_role("row", name="Totalt")
    assert [c.strip() for c in total.get_by_role("cell").all_inner_texts()][:2] == [
        "+8\u00a0090",
        "+10\u00a0340",
    ]
    page.assert_accessible()
