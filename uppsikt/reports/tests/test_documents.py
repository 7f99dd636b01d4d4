"""Reference check: from the demo data, Regionstyrelsen's Uppföljningsrapport 1 2024 reproduces
reference 003 and its Verksamhetsplan 2024 reproduces reference 001 — every table, every figure
and the section structure — in the DOCX and in the PDF. The expected values are read off the
reference documents (docs/definitions.md §2 gives their arithmetic), not from running the code.

The demo is loaded and the documents rendered once for the module, inside a transaction that is
rolled back; the tests then read the rendered files.
"""

from __future__ import annotations

import io
import re

import pytest
from django.db import transaction

from conftest import require
from uppsikt.documents import docx as doc_docx
from uppsikt.documents import pdf as doc_pdf
from uppsikt.documents import render

pytestmark = pytest.mark.django_db

NBSP, MINUS = "\u00a0", "\u2212"


def _norm(text: str) -> str:
    """The text as a person reads it: ordinary spaces."""
    return text.replace(NBSP, " ")


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    from uppsikt.demo.loader import load_demo
    from uppsikt.followup.models import ReportingPeriod
    from uppsikt.organisation.models import Organisation
    from uppsikt.reports import build as documents

    out: dict = {}
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        org = Organisation.objects.get()
        rs = documents.body_from_code(organisation=org, code="RS")
        ur1 = documents.document_for(kind="followup", organisation=org, body=rs, ident="2024-UR1")
        plan = documents.document_for(kind="plan", organisation=org, body=rs, ident="2024")
        feb = documents.document_for(kind="monthly", organisation=org, body=rs, ident="2024-02")
        out["ur1_docx"] = _norm(doc_docx.text_of(render.render(ur1, "docx")))
        out["plan_docx"] = _norm(doc_docx.text_of(render.render(plan, "docx")))
        out["feb_docx"] = _norm(doc_docx.text_of(render.render(feb, "docx")))
        if doc_pdf.available():
            out["ur1_pdf"] = _pdf_text(render.render(ur1, "pdf"))
            out["plan_pdf"] = _pdf_text(render.render(plan, "pdf"))
            out["feb_pdf_pages"] = _pdf_pages(render.render(feb, "pdf"))
            group_ur1 = documents.document_for(
                kind="group", organisation=org, body=None, ident="2024-UR1"
            )
            out["header_lines"] = {
                name: _table_header_lines(doc)
                for name, doc in (("ur1", ur1), ("plan", plan), ("feb", feb), ("group", group_ur1))
            }
        out["group"] = {}
        for period in ReportingPeriod.objects.filter(organisation=org, year=2024):
            ident = documents.period_id(period)
            doc = documents.document_for(kind="group", organisation=org, body=None, ident=ident)
            out["group"][ident] = _norm(doc_docx.text_of(render.render(doc, "docx")))
        transaction.set_rollback(True)
    return out


def _pdf_text(data: bytes) -> str:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return _norm("\n".join(page.extract_text() for page in reader.pages))


def _pdf_pages(data: bytes) -> list[str]:
    import pypdf

    return [_norm(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_the_monthly_report_keeps_its_short_chapters_on_one_page(rendered):
    """The monthly report's three chapters (forecast, staff, deviations) follow one another
    after the contents: cover, contents and one page, not a page a chapter."""
    require("feb_pdf_pages" in rendered, "WeasyPrint/Pango saknas")
    pages = rendered["feb_pdf_pages"]
    assert len(pages) == 3
    body = re.sub(r"\s+", " ", pages[2])
    assert "1 Ekonomisk prognos" in body and "2 Medarbetare" in body and "3 Avvikelser" in body


def _table_header_lines(doc) -> list[tuple[str, int]]:
    """(text, number of lines) of every column header of every table, as WeasyPrint lays the PDF
    out."""
    import weasyprint
    from weasyprint.formatting_structure import boxes

    from uppsikt.documents.template import style_of

    def lines(box) -> int:
        return sum(
            1 if isinstance(c, boxes.LineBox) else lines(c) for c in getattr(box, "children", [])
        )

    def text(box) -> str:
        if isinstance(box, boxes.TextBox):
            return box.text
        return " ".join(text(c) for c in getattr(box, "children", []))

    found: list[tuple[str, int]] = []

    def walk(box) -> None:
        if isinstance(box, boxes.TableRowGroupBox) and box.is_header:
            found.extend((text(cell), lines(cell)) for row in box.children for cell in row.children)
            return
        for child in getattr(box, "children", []):
            walk(child)

    laid_out = weasyprint.HTML(string=doc_pdf.standalone_html(doc, style_of(None))).render()
    for page in laid_out.pages:
        walk(page._page_box)
    return found


def _lines(text: str) -> list[str]:
    return text.splitlines()


# --------------------------------------------------------------------------------------------
# Uppföljningsrapport 1 2024, Regionstyrelsen (reference 003)

UR1_HEADINGS = [
    "1 Sammanfattning",
    "2 Målstyrning",
    "2.1 Region Hallands målstyrning",
    "2.2 Regionstyrelsens uppdrag",
    "2.2.1 Regionstyrelsen ska bidra till en hållbar resursanvändning",
    "2.2.2 Regionstyrelsen ska ha en minskad klimatpåverkan i egen verksamhet",
    "2.2.3 Regionstyrelsen ska ta fram en kompetensförsörjningsplan för egen verksamhet",
    "2.2.4 Regionstyrelsen ska säkerställa ett barnrättsperspektiv i beslutsförslagen",
    "2.2.5 Regionstyrelsen ska ta fram en kontinuitetsplanering för egen verksamhet",
    "3 Kvalitetsstyrning",
    "3.1 Uppföljning av arbetsmiljöplanen",
    "3.1.1 Utveckla hållbara former för platsoberoende arbetssätt",
    "3.1.2 Förbättra chefers förutsättningar",
    "4 Medarbetare",
    "4.1 Personalomsättning",
    "4.2 Sjukfrånvaro",
    "5 Ekonomi",
    "5.1 Ackumulerad budgetavvikelse",
    "5.1.1 Resultaträkning",
    "5.2 Prognos budgetavvikelse",
    "5.2.1 Prognosförändring sedan föregående rapport",
    "5.3 Investeringar",
    "5.3.1 Prognos investeringsbudgetavvikelse",
]

# 003's tables, cell by cell (a positive variance carries its "+", docs/definitions.md §2).
UR1_TABLE_ROWS = [
    # 4.1 Personalomsättning: ◆ near the target (11,05 against 11, tolerance 0,5)
    "◆ Personalomsättning\t11,05 %\t11 %",
    # 5.1 Ackumulerad budgetavvikelse: −225 975 − (−240 413) = +14 438 tkr
    "Ackumulerad budgetavvikelse\t−225 975 tkr\t−240 413 tkr\t+14 438 tkr",
    # 5.1.1 per förvaltning, mnkr, with the April forecast variance
    "Regionkontoret\t−226,0\t−240,4\t+14,4\t−9,0",
    "Totalt\t−226,0\t−240,4\t+14,4\t−9,0",
    # 5.2 Prognos budgetavvikelse: −711 553 − (−702 553) = −9 000 tkr
    "Prognos budgetavvikelse\t−711 553 tkr\t−702 553 tkr\t−9 000 tkr",
    # 5.3 Investeringar: variance = annual budget − forecast
    "Möbler och utrustning Regionkontoret\t0,2\t4,3\t4,3\t0,0",
    "Kustnära vandringsled\t0,9\t1,8\t1,8\t0,0",
    "Bredbandsutbyggnad i Halland\t0,0\t15,0\t15,0\t0,0",
    "Framtidens vårdinformationssystem, FVIS\t0,0\t15,0\t0,5\t+14,5",
    "IT-utrustning\t32,8\t95,4\t98,8\t−3,4",
    "Summa\t33,9\t131,5\t120,4\t+11,1",
    # 5.3.1 Prognos investeringsbudgetavvikelse: 131 500 − 120 400 = +11 100 tkr
    "120 400 tkr\t131 500 tkr\t+11 100 tkr",
]

# Sentences that state figures, generated from the same values as the tables.
UR1_SENTENCES = [
    "Efter april är Regionkontorets samlade bedömning av årsprognosen en negativ avvikelse på "
    "−9,0 mnkr vid årets slut.",
    "Regionkontorets personalomsättning ligger på 11,05 % vilket är strax över målvärdet på 11 %.",
    # 003: pensionsavgångar 1,66, interna 2,58, externa 6,82 (sum 11,05 unrounded)
    "pensionsavgångar 1,66 %",
    "2,58 % och externa avgångar 6,82 %.",
    "För perioden januari till april 2024 redovisar Regionkontoret en total avvikelse mot budget "
    "på +14,4 mnkr, vilket är en avvikelse mot budget på +6,0 %.",
    # +14 438 / |−240 413| = 6,005… % → +6,0 %
    # Jan–Apr 2023: −186,7 − (−203,6) = +16,9 mnkr; 16,9 / 203,6 = 8,30… % → +8,3 %
    "För motsvarande period föregående år var budgetavvikelsen +16,9 mnkr, +8,3 % av budget.",
    "Intäkterna avviker mot budget med +23,5 mnkr.",
    "Personalkostnaderna avviker mot budget med +21,4 mnkr.",
    "Övriga kostnader avviker mot budget med −30,5 mnkr.",
    "Efter fyra månader är Regionkontorets samlade bedömning av årsprognosen en negativ "
    "avvikelse på −9,0 mnkr vid årets slut.",
    # forecast change: −9,0 − (−17,5) = +8,5 mnkr
    "Totalt sett har Regionkontorets prognos för helåret förbättrats med +8,5 mnkr från "
    "−17,5 mnkr i februari till −9,0 mnkr i denna rapport.",
    # 003 §4.1: women 11,1 (32 × 12 / 3 458 = 11,10 %, written without its trailing zero),
    # men 10,99
    "Bland kvinnor är värdet 11,1 % och bland män 10,99 %.",
    # 003 §5.2: the staff costs' forecast −485,0 − (−520,0) = +35,0 mnkr
    "Regionkontoret prognostiserar en total avvikelse på personalkostnader om ca +35,0 mnkr.",
    # 003 §5.3: ITD's projects, IT-utrustning 32,8 + FVIS 0,0 = 32,8 mnkr
    "Utfallet för perioden januari–april är 33,9 mnkr. Inom IT och digitalisering är utfallet "
    "för perioden 32,8 mnkr.",
    "Den samlade bedömningen är att prognosen för Regionkontorets investeringar är ett utfall "
    "som är 11,1 mnkr lägre än avsatt årsbudget.",
]


def test_ur1_docx_has_the_section_structure_of_reference_003(rendered):
    lines = _lines(rendered["ur1_docx"])
    # the table of contents lists them (number, tab, title) …
    toc = [line.replace("\t", " ") for line in lines if re.match(r"^\d(\.\d)*\t", line)]
    assert toc == UR1_HEADINGS
    # … and the headings come in that order in the body
    body = [line for line in lines if line in UR1_HEADINGS]
    assert body == UR1_HEADINGS


def test_ur1_docx_has_every_table_row_of_reference_003(rendered):
    lines = _lines(rendered["ur1_docx"])
    for row in UR1_TABLE_ROWS:
        assert row in lines, row


def test_ur1_docx_states_the_figures_in_sentences_from_the_same_data(rendered):
    text = rendered["ur1_docx"]
    for sentence in UR1_SENTENCES:
        assert sentence in text, sentence


def test_ur1_lists_itds_forecast_variances_as_003_does(rendered):
    """003 §5.3.1 "ITD - Prognosavvikelser", in 003's order: IT-utrustning's −3,4 (95,4 − 98,8)
    in its three parts −2,0 − 3,4 + 2,0, then FVIS +14,5 (15,0 − 0,5) last, although FVIS
    comes before IT-utrustning in the table: the parts' positions (0, 1, 2; 3) order them."""
    lines = _lines(rendered["ur1_docx"])
    start = lines.index("IT och digitalisering – prognosavvikelser")
    assert lines[start + 1 : start + 5] == [
        "Centrala datorer −2,0 mnkr. Högre volymer än beräknat bland annat till följd av "
        "Tessa-utrullningen.",
        "Tessa −3,4 mnkr. Skärmlösningen har visat sig bli dyrare än vad som budgeterats.",
        "Lagring och backup +2,0 mnkr. Genom en förbättrad konkurrensutsättning av "
        "underleverantörer minskar investeringsbehovet med ca 2 mnkr.",
        "FVIS +14,5 mnkr. Den sista och återstående utbetalningen av Cosmic sker efter "
        "driftstart och kommer därför ske först 2025.",
    ]
    # IT-utrustning and FVIS themselves are stated only in their parts
    assert not any(line.startswith("IT-utrustning −3,4 mnkr") for line in lines)
    assert not any(line.startswith("Framtidens vårdinformationssystem, FVIS +") for line in lines)


def test_ur1_lists_the_21_council_goals_by_focus_area(rendered):
    lines = _lines(rendered["ur1_docx"])
    start = lines.index("Fokusområde\tMål")
    rows = lines[start + 1 : start + 22]
    assert rows[0] == "Accelerera digital transformation\tSmartare och enklare digital vardag"
    assert rows[-1].endswith("personcentrerade och sammanhållna vårdförlopp")
    assert sum(1 for r in rows if not r.startswith("\t")) == 7  # seven focus areas


def test_ur1_shows_each_assignment_with_its_assessment_and_comment(rendered):
    text = rendered["ur1_docx"]
    assert text.count("Bedömning: ● Pågår enligt plan.") == 7  # 5 assignments, 2 activities
    # 003 §2.2.3, the comment word for word
    assert (
        "2.2.3 Regionstyrelsen ska ta fram en kompetensförsörjningsplan för egen verksamhet\n"
        "Bedömning: ● Pågår enligt plan. Prognos vid årets slut: ● Pågår enligt plan.\n"
        "Under 2024 kommer de identifierade behoven för regionkontorets del att prioriteras och "
        "realiserar."
    ) in text
    # emphasis inside a comment keeps the words around it apart
    assert "dialog kring Handlingsplan för Region Hallands klimat- och miljöarbete hittills" in text


def test_ur1_gives_the_reason_sickness_absence_is_not_reported(rendered):
    text = rendered["ur1_docx"]
    start = text.index("4.2 Sjukfrånvaro\n")
    assert text[start:].split("\n")[1].startswith("Sjukfrånvaro indikatorn följs inte upp i UR 1")


def test_ur1_page_header_and_footer(rendered):
    lines = _lines(rendered["ur1_docx"])
    assert "Regionstyrelsen" in lines[-2:]
    assert lines[-1].startswith("Uppföljningsrapport 1 januari–april\t\tSida ")


def test_ur1_pdf_reproduces_reference_003(rendered):
    require(doc_pdf.available(), "WeasyPrint/Pango saknas")
    text = rendered["ur1_pdf"]
    flat = " ".join(text.split())
    for heading in UR1_HEADINGS:
        assert heading in flat, heading
    for row in UR1_TABLE_ROWS:
        assert " ".join(row.replace("\t", " ").split()) in flat, row
    for sentence in UR1_SENTENCES:
        assert " ".join(sentence.split()) in flat, sentence
    # the contents give page numbers, every page but the cover says "Sida N av M"
    assert re.search(r"1 Sammanfattning [.]+ 3", flat)
    pages = re.findall(r"Sida (\d+) av (\d+)", flat)
    assert pages and pages[0] == ("2", pages[0][1]) and len(pages) == int(pages[0][1]) - 1


# --------------------------------------------------------------------------------------------
# Verksamhetsplan 2024, Regionstyrelsen (reference 001)

PLAN_TOC = [
    "Inledning",
    "Verksamhetens uppdrag",
    "Uppföljning av verksamhetsplan",
    "Målstyrning",
    "Regionstyrelsens uppdrag",
    "Kvalitetsstyrning",
    "Arbetsmiljöplan",
    "Indikatorer",
    "Ekonomistyrning",
    "Driftbudget",
    "Investeringsbudget",
]

PLAN_TABLE_ROWS = [
    # Driftbudget (mnkr): 332 / −529 / −515, net −713 (001)
    "Belopp i mnkr\tRegionkontoret",
    "Verksamhetens intäkter\t332",
    "Personalkostnader\t−529",
    "Övriga driftskostnader\t−515",
    "Nettobudget\t−713",
    # Investeringsbudget 2024–2026 (mnkr), as adopted (111,5 in 2024)
    "Investering (belopp i mnkr)\t2024\t2025\t2026",
    "Redan beslutade investeringar\t\t\t",
    "Bredbandsutbyggnad i Halland\t15,0\t20,0\t10,0",
    "Framtidens vårdinformationssystem, FVIS\t0,5\t15,0\t",
    "Nya behov av investeringar\t\t\t",
    "Reinvesteringar\t\t\t",
    "Möbler och utrustning Regionkontoret\t0,6\t0,6\t0,6",
    "IT-utrustning\t95,4\t52,9\t66,0",
    "Summa\t111,5\t88,5\t76,6",
]


def test_plan_docx_has_the_structure_of_reference_001(rendered):
    lines = _lines(rendered["plan_docx"])
    start = lines.index("Innehållsförteckning")
    assert [line for line in lines[start + 1 :] if line][: len(PLAN_TOC)] == PLAN_TOC
    # the assignments under their areas, with their texts
    for area, first in (
        (
            "Hållbarhet",
            "Regionstyrelsen ska säkerställa ett barnrättsperspektiv i beslutsförslagen",
        ),
        (
            "Medarbetare",
            "Regionstyrelsen ska ta fram en kompetensförsörjningsplan för egen verksamhet",
        ),
        (
            "Robusta verksamheter",
            "Regionstyrelsen ska ta fram en kontinuitetsplanering för egen verksamhet",
        ),
    ):
        i = lines.index(area)
        assert lines[i + 1] == first
    assert "Prioriterade aktiviteter inom arbetsmiljö" in lines


def test_plan_docx_has_the_indicator_operating_and_capital_tables_of_reference_001(rendered):
    lines = _lines(rendered["plan_docx"])
    for row in PLAN_TABLE_ROWS:
        assert row in lines, row
    # 001's "Indikatorer" tables: two columns, the target stated in the description
    assert lines.count("Indikatorer\tBeskrivning") == 2  # Medarbetare and Ekonomi
    assert (
        "Personalomsättning\tAndel medarbetare som avslutar sin anställning, går i pension eller "
        "byter tjänst av totalt antal tillsvidareanställda inom Region Halland. Region Hallands "
        "målvärde är 11,0." in lines
    )
    assert (
        "Sjukfrånvaro\tMäter medarbetares frånvaro på grund av sjukdom. Avser både "
        "korttidssjukfrånvaro och långtidssjukfrånvaro. Region Hallands målvärde är 5,2." in lines
    )
    economy = lines.index("Ekonomi", lines.index("Indikatorer", lines.index("Arbetsmiljöplan")))
    assert lines[economy + 1 : economy + 6] == [
        "Indikatorer\tBeskrivning",
        "Periodresultat\tPeriodens resultat, ackumulerat",
        "Ackumulerad budgetavvikelse\t",
        "Prognos budgetavvikelse\tPrognos budgetavvikelse vid årets slut, Årsprognos (mnkr). "
        "Prognostiserat resultat minus årets budget.",
        "Prognos investeringsbudgetavvikelse\tBeskrivning av de investeringar som gjorts sedan "
        "senaste rapportering. Det är viktigt att ni fyller i ackumulerad förbrukning och "
        "prognos, såväl som en analys av förbrukningen och prognosen i kommentarsfältet.",
    ]


def test_plan_pdf_reproduces_reference_001(rendered):
    require(doc_pdf.available(), "WeasyPrint/Pango saknas")
    flat = " ".join(rendered["plan_pdf"].split())
    for heading in PLAN_TOC:
        assert heading in flat, heading
    for row in PLAN_TABLE_ROWS:
        cells = " ".join(row.replace("\t", " ").split())
        assert cells in flat, row
    assert re.search(r"Inledning [.]+ 3", flat)


# --------------------------------------------------------------------------------------------
# Monthly and group reports


def test_monthly_report_after_february_has_forecast_staff_and_only_deviations(rendered):
    text = rendered["feb_docx"]
    # February forecast (demo, from 003: −17,5 mnkr): −720 053 − (−702 553) = −17 500 tkr
    assert "Prognos budgetavvikelse\t−720 053 tkr\t−702 553 tkr\t−17 500 tkr" in text
    assert "Medarbetarindikatorer" in text and "Indikator\tUtfall\tMålvärde" in text
    assert "Inga avvikelser är rapporterade för perioden." in text
    assert "2 Målstyrning" not in text  # a deviation report, not the whole plan


@pytest.mark.parametrize("ident", ["2024-02", "2024-UR1", "2024-UR2", "2024-10", "2024-AR"])
def test_the_group_report_renders_for_every_period(rendered, ident):
    text = rendered["group"][ident]
    assert "Region Halland totalt" in text
    for body in ("Regionstyrelsen", "Driftnämnden Regionservice", "Driftnämnden Psykiatri"):
        assert re.search(rf"^\d+ {body}$", text, re.M), body


def test_the_group_report_totals_the_bodies(rendered):
    text = rendered["group"]["2024-UR1"]
    # Regionstyrelsen's row carries 003's figures; the region total sums every body
    assert "Regionstyrelsen\t−226,0\t−240,4\t+14,4\t+6,0 %" in text
    assert re.search(r"^Regionen totalt\t", text, re.M)


def test_no_column_header_of_the_reports_wraps_to_three_lines(rendered):
    require(doc_pdf.available(), "WeasyPrint/Pango saknas")
    for name, headers in rendered["header_lines"].items():
        assert headers, name
        assert [(text, n) for text, n in headers if n > 2] == [], name
