"""Reference check: from the demo data, the brief of Regionservice's autumn dialogue 2025
(Nämndsdialog #2 2025) reproduces reference 002's slides, in its order, with its figures; read
back from the PPTX (the text of every slide and its charts) and from the PDF.

The expected figures are 002's, and each is worked out by hand from the demo's invented data
(``workforce.demo``, ``finance.demo``): staff turnover R12 to 2025-08-31 = 55 departures / an
average of 6 918 / 12 = 576,5 permanent staff = 9,54 % (external 32 → 5,55 %, internal 8 →
1,39 %, retirement 15 → 2,60 %, written 2,6 as 002 writes it); sickness absence = 3,4 + 1,88 +
1,82 = 7,10 % (7,1); the year before (in brackets) 8,68 % and 7,57 %. The business lines' results
are the SIE files' Jan–Aug 2025 and 2024 sums per cost centre: Ordinarie 4,26 / 6,01 mnkr,
Förstärkt försörjningsberedskap 4,62 / 4,31, Förrådsvaror −0,79 / 0,02; total 8,09 / 10,34; the
forecasts entered after August: −1,0, +4,0 and 0,0, total +3,0. The internal control is
``control.demo``'s: the plan adopted in § 12 on 2025-02-11, its three questions reported and
approved in April (none, minor, deviation) and in August (minor, none, minor).

The demo is loaded and the brief rendered once for the module, in a transaction rolled back.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from uppsikt.documents import docx as doc_docx
from uppsikt.documents import pdf as doc_pdf
from uppsikt.documents import pptx as doc_pptx
from uppsikt.documents import render
from uppsikt.reports import oversight

pytestmark = pytest.mark.django_db

NBSP, MINUS = "\u00a0", "\u2212"


def _norm(text: str) -> str:
    return text.replace(NBSP, " ")


@pytest.fixture(scope="module")
def brief(django_db_setup, django_db_blocker, tmp_path_factory):
    from uppsikt.core.permissions import SYSTEM
    from uppsikt.demo.loader import load_demo
    from uppsikt.dialogues import selectors
    from uppsikt.dialogues.models import Dialogue, DialogueNotes
    from uppsikt.reports.dialogue import brief_deck

    out: dict = {}
    folder = tmp_path_factory.mktemp("brief")
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        autumn = Dialogue.objects.get(committee__code="DNRS", year=2025, number=2)
        deck = brief_deck(dialogue=autumn)
        out["pptx"] = render.render(deck, "pptx")
        out["slides"] = doc_pptx.read(out["pptx"])
        if doc_pdf.available():
            out["pdf"] = _pdf_pages(render.render(deck, "pdf"))
        spring = Dialogue.objects.get(committee__code="DNRS", year=2025, number=1)
        out["spring"] = doc_pptx.read(render.render(brief_deck(dialogue=spring), "pptx"))
        out["html"] = _norm(render.render(deck, "html").decode())
        out["overview"] = {
            day: {
                r.committee.code: r.control
                for r in oversight.overview(
                    actor=SYSTEM, organisation=autumn.organisation, today=day
                )
            }
            for day in (dt.date(2025, 10, 14), dt.date(2025, 11, 1), dt.date(2026, 1, 1))
        }
        out["stages"] = {
            f"{d.committee.code} {d.ident}": selectors.stage(d, selectors.minutes_item_of(d)).code
            for d in Dialogue.objects.all()
        }
        path = folder / "brief.pptx"
        stdout = io.StringIO()
        call_command(
            "render_dialogue",
            "--committee",
            "DRS",
            "--dialogue",
            "2025-2",
            "--format",
            "pptx",
            "--out",
            str(path),
            stdout=stdout,
        )
        out["command"] = (stdout.getvalue(), Path(path).read_bytes())
        notes = folder / "notes.docx"
        call_command(
            "render_dialogue_notes",
            "--committee",
            "RU",
            "--date",
            "2017-06-19",
            "--format",
            "docx",
            "--out",
            str(notes),
            stdout=io.StringIO(),
        )
        out["notes"] = _norm(doc_docx.text_of(notes.read_bytes()))
        out["notes_count"] = DialogueNotes.objects.count()
        transaction.set_rollback(True)
    return out


def _pdf_pages(data: bytes) -> list[str]:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return [_norm(page.extract_text()) for page in reader.pages]


def _slide(brief, title: str):
    [found] = [s for s in brief["slides"] if s.lines and s.lines[0] == title]
    return found, _norm(found.text)


SLIDE_TITLES = [
    "Nämndsdialog #2 2025",
    "Inledande reflektioner uppföljningsrapport #2",
    "Målstyrning",
    "Exempel",
    "Medarbetare – personalomsättning",
    "Medarbetare – sjukfrånvaro",
    "Internkontroll – sammanfattning efter april och augusti",
    "Ekonomistyrning",
    "Utmaningar och framgångsfaktorer",
    "Från föregående dialog",
]


def test_the_brief_has_002s_slides_in_002s_order(brief):
    assert [s.lines[0] for s in brief["slides"]] == SLIDE_TITLES


def test_the_title_slide_names_the_committee_the_overseeing_body_and_the_organisation(brief):
    title = brief["slides"][0]
    assert title.lines == [
        "Nämndsdialog #2 2025",
        "Driftnämnden Regionservice",
        "Regionstyrelsens arbetsutskott",
        "2025-10-14",
        "Region Halland",
    ]


def test_the_committees_own_slides_are_its_texts(brief):
    _s, text = _slide(brief, "Inledande reflektioner uppföljningsrapport #2")
    assert "Fortsatt låg personalomsättning, högt söktryck vid vakanser" in text
    _s, text = _slide(brief, "Utmaningar och framgångsfaktorer")
    assert "Leda förändring och i förändring" in text
    _s, text = _slide(brief, "Exempel")
    assert "En praktikplats på Region Halland förändrar liv" in text


def test_the_goal_slide_shows_focus_area_council_goal_committee_goal_and_forecast(brief):
    _s, text = _slide(brief, "Målstyrning")
    lines = text.splitlines()
    assert "Fokusområde\tFullmäktiges mål\tNämndens mål i Verksamhetsplan 2025\tPrognos" in lines
    assert (
        "En organisation med utvecklings- och motståndskraft\tEn organisation med robust "
        "verksamhet och tryggt samhällsuppdrag.\tSäkerställa att prioriterade delar av "
        "verksamheten kan bedrivas även vid allvarliga störningar.\t● Uppnås"
    ) in lines
    # the forecast by symbol and text
    assert "\t\tMinska sjukfrånvaro bland medarbetarna.\t◆ Uppnås delvis" in lines
    assert sum(1 for line in lines if line.endswith(("● Uppnås", "◆ Uppnås delvis"))) == 9


TURNOVER = [
    "Personalomsättning R12 = 9,54 % (8,68 %)",
    "Riktvärde = 11 %",
    "Extern avgång = 5,55 % (4,78 %)",
    "Intern avgång = 1,39 % (2,12 %)",
    "Pension = 2,6 % (1,77 %)",
]
SICKNESS = [
    "Sjukfrånvaro (R12) = 7,1 % (7,57 %)",
    "Målvärde = 6,5 %",
    "Dag 1–14 = 3,4 % (3,8 %)",
    "Dag 15–90 = 1,88 % (1,58 %)",
    "Dag 91+ = 1,82 % (2,19 %)",
    "Kvinnor har högre sjukfrånvaro än män (7,75 % jmf 5,59 %)",
    "Deltidsanställda har högre sjukfrånvaro än heltidsanställda (11,3 % jmf 6,6 %)",
    # the group of 70 and older is too small to show: the sentence says so
    "Åldersgruppen 60–69 år har högre sjukfrånvaro än övriga redovisade åldersgrupper (9,76 %)",
]


def _r12_chart(slide, name: str, target: float) -> None:
    [chart] = slide.charts
    assert chart["title"] == f"{name} R12 (%)"
    assert chart["categories"][:5] == ["sep 2024", "okt", "nov", "dec", "jan 2025"]
    assert chart["categories"][-1] == "aug"
    assert len(chart["categories"]) == 12
    assert set(chart["series"]) == {"R12", "Målvärde"}
    assert set(chart["series"]["Målvärde"]) == {target}
    assert chart["alt"].startswith(f"{name} för Regionservice, rullande tolv månader")


def test_the_turnover_slide_shows_002s_figures_and_the_r12_chart(brief):
    slide, text = _slide(brief, "Medarbetare – personalomsättning")
    lines = text.splitlines()
    assert lines[1:6] == TURNOVER
    _r12_chart(slide, "Personalomsättning", 11.0)
    # the chart ends on the figure the slide states
    assert round(slide.charts[0]["series"]["R12"][-1], 2) == 9.54


def test_the_sickness_slide_shows_002s_figures_sentences_and_the_r12_chart(brief):
    slide, text = _slide(brief, "Medarbetare – sjukfrånvaro")
    assert text.splitlines()[1:9] == SICKNESS
    _r12_chart(slide, "Sjukfrånvaro", 6.5)


def test_the_finance_slide_shows_002s_business_lines(brief):
    _s, text = _slide(brief, "Ekonomistyrning")
    lines = text.splitlines()
    assert "Prognos för helåret efter augusti: +3,0 mnkr (överskott)" in lines
    assert (
        "Verksamhet\tAck utfall (mnkr)\tAck utfall fg år (mnkr)\tPrognos (mnkr)\tFörändring (mnkr)"
        in lines
    )
    assert f"Ordinarie\t+4,3\t+6,0\t{MINUS}1,0\t–" in lines
    assert "Förstärkt försörjningsberedskap\t+4,6\t+4,3\t+4,0\t–" in lines
    assert f"Förrådsvaror\t{MINUS}0,8\t0,0\t0,0\t–" in lines
    assert "Totalt\t+8,1\t+10,3\t+3,0\t–" in lines


def test_the_last_slide_is_the_previous_dialogues_decision_and_its_assignment(brief):
    _s, text = _slide(brief, "Från föregående dialog")
    lines = text.splitlines()
    assert lines[1] == (
        "Regionstyrelsens arbetsutskott 2025-04-01 § 83: Nämndsdialog med driftnämnden "
        "Regionservice, våren 2025"
    )
    assert (
        "Notera driftnämndens arbete med beredskapsfrågor för att säkra en robust verksamhet, "
        "särskilt avseende kontinuitetsplanering samt inom området lager och logistik"
    ) in lines
    [assignment] = [line for line in lines if line.startswith("Ge driftnämnden") and "\t" in line]
    assert assignment.endswith("\tDriftnämnden Regionservice\t2026-12-31\t○ Pågående")


CONTROL_QUESTIONS = [
    "Sker utbetalningar utifrån korrekta underlag?",
    "Finns det följsamhet till framtagna rutiner för tjänsternas utförande?",
    "Hur stor andel av Regionservices medarbetare har genomgått utbildningen i "
    "informationssäkerhet?",
]


def test_the_internal_control_slide_follows_the_sickness_slide_with_002s_questions(brief):
    titles = [s.lines[0] for s in brief["slides"]]
    control = "Internkontroll – sammanfattning efter april och augusti"
    assert titles.index(control) == titles.index("Medarbetare – sjukfrånvaro") + 1
    assert titles.index("Ekonomistyrning") == titles.index(control) + 1
    _s, text = _slide(brief, control)
    lines = text.splitlines()
    # the questions × UR1 (April) and UR2 (August), the dialogue's period; the annual report's
    # results (after the dialogue's period) are not in it
    assert lines[1:5] == [
        "Kontrollfråga\tApril\tAugusti",
        f"{CONTROL_QUESTIONS[0]}\t● Ingen avvikelse\t◆ Mindre avvikelse",
        f"{CONTROL_QUESTIONS[1]}\t◆ Mindre avvikelse\t● Ingen avvikelse",
        f"{CONTROL_QUESTIONS[2]}\t▲ Avvikelse\t◆ Mindre avvikelse",
    ]
    assert lines[5] == (
        "Internkontrollplan 2025, antagen av Driftnämnden Regionservice 2025-02-11 § 12."
    )
    assert not _s.charts


def test_the_spring_brief_states_that_there_is_no_adopted_plan_for_its_year(brief):
    # the spring dialogue rests on the annual report 2024; the demo's plan is 2025's
    [slide] = [s for s in brief["spring"] if s.lines[0].startswith("Internkontroll")]
    assert slide.lines[:2] == [
        "Internkontroll – sammanfattning",
        "Nämnden har ingen antagen internkontrollplan för 2024.",
    ]


def test_the_brief_on_screen_and_in_print_has_the_internal_control_slide(brief):
    html = brief["html"]
    assert "Internkontroll – sammanfattning efter april och augusti" in html
    assert CONTROL_QUESTIONS[2] in html
    assert html.index("Medarbetare – sjukfrånvaro") < html.index("Internkontroll – samman")
    assert html.index("Internkontroll – samman") < html.index("Ekonomistyrning")


def test_the_oversight_overview_counts_the_demo_plans_deviations_and_actions(brief):
    # reported with ▲: April's training; with ◆: April's routines, August's payments and
    # training (the annual report's ◆ is a draft); open: the action in progress (due
    # 2025-10-31) and the raised one (2025-12-31); the third is done
    for day, overdue in (("2025-10-14", 0), ("2025-11-01", 1), ("2026-01-01", 2)):
        cells = brief["overview"][dt.date.fromisoformat(day)]
        c = cells["DNRS"]
        assert (c.plan.year, c.adopted, c.deviations, c.minor) == (2025, True, 1, 3)
        assert (c.open_actions, c.overdue_actions) == (2, overdue)
        # no other committee of the demo has a control plan
        assert all(cell is None for code, cell in cells.items() if code != "DNRS")


def test_only_the_staff_slides_have_charts(brief):
    with_charts = [s.lines[0] for s in brief["slides"] if s.charts]
    assert with_charts == ["Medarbetare – personalomsättning", "Medarbetare – sjukfrånvaro"]


def test_the_pdf_has_one_page_per_slide_with_the_same_figures(brief, require_prerequisite):
    require_prerequisite(doc_pdf.available(), "PDF needs WeasyPrint and Pango")
    pages = brief["pdf"]
    assert len(pages) == len(SLIDE_TITLES)
    for page, title in zip(pages, SLIDE_TITLES, strict=True):
        assert title in page
    for line in TURNOVER:
        assert line in pages[4]
    for line in SICKNESS[:5]:
        assert line in pages[5]
    assert "Internkontroll – sammanfattning efter april och augusti" in pages[6]
    for question in CONTROL_QUESTIONS:
        assert question in " ".join(pages[6].split())
    assert "Ordinarie +4,3 +6,0 " + MINUS + "1,0" in pages[7]


def test_the_render_command_writes_the_brief_with_its_checksum(brief):
    stdout, content = brief["command"]
    assert content[:2] == b"PK"
    assert "Nämndsdialog #2 2025 – Driftnämnden Regionservice" in stdout
    assert "kontrollsumma (SHA-256)" in stdout
    assert [s.lines[0] for s in doc_pptx.read(content)] == SLIDE_TITLES


def test_the_pptx_is_the_same_bytes_for_the_same_data(brief):
    from uppsikt.documents.slides import Deck, Slide

    deck = Deck("Nämndsdialog #1 2026", slides=[Slide("Titel", layout="title", lines=["x"])])
    assert render.render(deck, "pptx") == render.render(deck, "pptx")


def test_the_demo_has_a_dialogue_in_every_state(brief):
    stages = brief["stages"]
    assert stages["DNRS 2025-1"] == "decided" and stages["DNRS 2025-2"] == "decided"
    assert "brief" in stages.values() and "preparation" in stages.values()


def test_the_notes_of_004_render(brief):
    text = brief["notes"]
    assert (
        "Minnesanteckningar från Regionstyrelsens träff med Regionala utvecklingsförvaltningens "
        "ledningsgrupp 20170619"
    ) in text
    assert (
        "Närvarande: Anders Byström bitr regiondirektör, Ingrid Printz områdeschef kulturen"
    ) in text
    assert "Ann-Marie Johansson, Elin Lemon (på telefon) och Ingela Jönsson" in text
    assert "Hur långt har ni kommit med kompetensförskjutning?" in text
    assert "Vilka kompetenser ska vi ha för att klara uppdraget" in text
