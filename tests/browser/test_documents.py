"""The Dokument page in a real browser: a controller previews UR1 2024 for Regionstyrelsen,
downloads it as DOCX and PDF; the page passes axe (WCAG 2.1 A/AA) under the strict CSP."""

from __future__ import annotations

import pytest

from uppsikt.documents import pdf as doc_pdf

pytestmark = pytest.mark.browser


def test_a_controller_previews_and_downloads_ur1(page, demo_region):
    page.login("controller", "uppsikt-demo")
    nav = page.page.get_by_role("navigation", name="Huvudmeny")
    nav.get_by_role("link", name="Dokument").click()
    page.page.wait_for_load_state()
    assert page.page.get_by_role("heading", level=1).inner_text() == "Dokument"
    page.assert_accessible()

    page.page.get_by_role("link", name="Visa Uppföljningsrapport 1 2024, Regionstyrelsen").click()
    page.page.wait_for_load_state()
    assert "Uppföljningsrapport 1" in page.page.get_by_role("heading", level=1).inner_text()
    assert page.page.get_by_role("heading", name="5.3.1 Prognos investeringsbudgetavvikelse")
    text = page.page.get_by_role("main").inner_text().replace("\u00a0", " ")
    assert "−225 975 tkr" in text and "11,05 %" in text
    # the R12 trend of turnover, the YTD and the forecast variance per report line
    assert page.page.locator("svg.doc-chart").count() == 3
    page.assert_accessible()
    page.assert_no_console_errors()

    with page.page.expect_download() as download:
        page.page.get_by_role("link", name="Word (DOCX), redigerbar").click()
    assert download.value.suggested_filename.endswith(".docx")
    if doc_pdf.available():
        with page.page.expect_download() as download:
            page.page.get_by_role("link", name="PDF (PDF/A) för publicering och arkiv").click()
        assert download.value.suggested_filename.endswith(".pdf")


def test_the_texts_and_template_pages_are_accessible(page, demo_region):
    page.login("controller", "uppsikt-demo")
    page.goto("/dokument/followup/RS/2024-UR1/visa/")
    page.page.get_by_role(
        "link", name="Skriv dokumentets texter (sammanfattning, kommentarer)"
    ).click()
    page.page.wait_for_load_state()
    assert (
        page.page.get_by_label("Sammanfattning", exact=True)
        .input_value()
        .startswith("Regionstyrelsen är Region Hallands ledande förvaltningsorgan")
    )
    page.assert_accessible()
    page.page.get_by_role("button", name="Logga ut").click()
    page.page.wait_for_load_state()
    page.login("admin", "uppsikt-demo")
    page.page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Dokumentmall"
    ).click()
    page.page.wait_for_load_state()
    assert page.page.get_by_role("heading", level=1).inner_text() == "Dokumentmall"
    page.assert_accessible()
    page.assert_no_console_errors()
