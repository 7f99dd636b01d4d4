"""Internal control in the dialogue brief and in the oversight overview.

The brief's slide "Internkontroll – sammanfattning efter …" shows the committee's adopted plan:
its control questions × the plan's periods up to and including the dialogue's, as the
follow-up reports do; the overview's column counts the deviations and open actions of each
committee's latest plan, for the committees the viewer may see.

The fixture is ``test_control_section.reported``: Driftnämnden Regionservice's plan adopted
on 2025-02-11, question A approved ● in April and approved ▲ in August (two actions due
2025-12-31: one done, one raised into an assignment and not started), question B approved ◆
in April and submitted ● (not yet approved) in August, nothing reported in the annual report.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from uppsikt.control import services as control
from uppsikt.core.permissions import SYSTEM
from uppsikt.documents import pptx as doc_pptx
from uppsikt.documents import render, slides_html
from uppsikt.organisation.models import Body, Role
from uppsikt.organisation.tests import factories as org
from uppsikt.reports import oversight
from uppsikt.reports.dialogue import brief_deck
from uppsikt.reports.tests import test_control_section as section

pytestmark = pytest.mark.django_db

# the follow-up section's fixtures: the region and DNRS's reported plan
region = section.region
reported = section.reported

NBSP = "\u00a0"


@pytest.fixture
def board(region):
    rs = org.body(region.org, "RS", name="Regionstyrelsen", kind=Body.Kind.BOARD)
    rsau = org.body(
        region.org,
        "RSAU",
        name="Regionstyrelsens arbetsutskott",
        kind=Body.Kind.SUBCOMMITTEE,
        parent=rs,
        register_prefix="",
    )
    return rs, rsau


def _dialogue(region, board, *, committee=None, number=2, period=None):
    from uppsikt.dialogues import services

    return services.dialogue_create(
        actor=SYSTEM,
        organisation=region.org,
        overseer=board[1],
        committee=committee or region.dnrs,
        year=2025,
        number=number,
        date=dt.date(2025, 10, 14) if number == 2 else dt.date(2025, 4, 1),
        period=period if period is not None else region.ur2,
    )


def _slides(dialogue):
    return doc_pptx.read(render.render(brief_deck(dialogue=dialogue), "pptx"))


def _control_slide(dialogue):
    slides = _slides(dialogue)
    [slide] = [s for s in slides if s.lines[0].startswith("Internkontroll")]
    return slide, [s.lines[0] for s in slides]


# ---------------------------------------------------------------------------------------------
# The slide


def test_the_autumn_slide_shows_the_questions_after_april_and_august(region, reported, board):
    slide, titles = _control_slide(_dialogue(region, board))
    assert slide.lines[:4] == [
        "Internkontroll – sammanfattning efter april och augusti",
        "Kontrollfråga\tApril\tAugusti",
        "Fråga A?\t● Ingen avvikelse\t▲ Avvikelse",
        # submitted, not yet approved: shown and marked, as in the follow-up reports
        "Fråga B?\t◆ Mindre avvikelse\t● Ingen avvikelse – inlämnad, ännu inte godkänd",
    ]
    # the plan was adopted by the committee's first § of 2025, at its meeting of 2025-02-11
    assert slide.lines[4] == (
        "Internkontrollplan 2025, antagen av Driftnämnden Regionservice 2025-02-11 § 1."
    )
    # right after the sickness slide, before the finance slide
    i = titles.index("Internkontroll – sammanfattning efter april och augusti")
    assert titles[i - 1] == "Medarbetare – sjukfrånvaro" and titles[i + 1] == "Ekonomistyrning"


def test_a_dialogue_resting_on_the_first_report_shows_april_only(region, reported, board):
    slide, _titles = _control_slide(_dialogue(region, board, number=1, period=region.ur1))
    assert slide.lines[:4] == [
        "Internkontroll – sammanfattning efter april",
        "Kontrollfråga\tApril",
        "Fråga A?\t● Ingen avvikelse",
        "Fråga B?\t◆ Mindre avvikelse",
    ]


def test_a_committee_without_an_adopted_plan_gets_one_sentence(region, reported, board):
    dialogue = _dialogue(region, board, committee=region.dnks)
    slide, _titles = _control_slide(dialogue)
    assert slide.lines[:2] == [
        "Internkontroll – sammanfattning",
        "Nämnden har ingen antagen internkontrollplan för 2025.",
    ]
    # a plan drawn up but not adopted is not the committee's plan yet
    control.plan_create(actor=region.controller_elsewhere, body=region.dnks, year=2025)
    slide, _titles = _control_slide(dialogue)
    assert slide.lines[1] == "Nämnden har ingen antagen internkontrollplan för 2025."


def test_the_slide_is_on_screen_and_in_print(region, reported, board):
    deck = brief_deck(dialogue=_dialogue(region, board))
    for page in (slides_html.fragment(deck), slides_html.standalone(deck)):
        page = page.replace(NBSP, " ")
        assert "Internkontroll – sammanfattning efter april och augusti" in page
        # the outcome by symbol and text (the symbol hidden from screen readers)
        assert '<span class="doc-symbol" aria-hidden="true">▲</span> Avvikelse' in page
        assert "inlämnad, ännu inte godkänd" in page
        assert "Fråga B?" in page
        assert page.index("Medarbetare – sjukfrånvaro") < page.index("Internkontroll – samman")
        assert page.index("Internkontroll – samman") < page.index("Ekonomistyrning")


# ---------------------------------------------------------------------------------------------
# The overview's column


@pytest.fixture
def committees(region, reported, board):
    """Besides DNRS's plan: a draft plan of DNKS with nothing reported, and a third committee
    (DNX, served by no unit) without a plan."""
    dnks_plan = control.plan_create(actor=region.controller_elsewhere, body=region.dnks, year=2025)
    dnx = org.body(region.org, "DNX", name="Driftnämnden X", kind=Body.Kind.COMMITTEE)
    return {"dnrs": reported, "dnks": dnks_plan, "dnx": dnx}


def _by_code(rows):
    return {r.committee.code: r for r in rows}


def test_the_column_counts_the_latest_plans_deviations_and_open_actions(region, committees):
    rows = _by_code(
        oversight.overview(
            actor=region.organisation_controller,
            organisation=region.org,
            today=dt.date(2026, 1, 15),
        )
    )
    c = rows["DNRS"].control
    # reported with a deviation: A in August; with a minor one: B in April (B's August result
    # is ●); open: the raised action (the other is done), due 2025-12-31, overdue on 2026-01-15
    assert (c.plan, c.adopted, c.deviations, c.minor) == (committees["dnrs"], True, 1, 1)
    assert (c.open_actions, c.overdue_actions) == (1, 1)
    assert c.url == reverse("control:plan", args=[committees["dnrs"].pk])
    d = rows["DNKS"].control
    assert (d.plan, d.adopted, d.deviations, d.minor, d.open_actions) == (
        committees["dnks"],
        False,
        0,
        0,
        0,
    )
    assert rows["DNX"].control is None


def test_an_action_is_overdue_only_after_its_due_date(region, committees):
    for today, overdue in ((dt.date(2025, 12, 31), 0), (dt.date(2026, 1, 1), 1)):
        rows = _by_code(
            oversight.overview(
                actor=region.organisation_controller, organisation=region.org, today=today
            )
        )
        assert rows["DNRS"].control.overdue_actions == overdue


def test_a_plan_of_a_later_year_is_not_this_years(region, committees):
    # on 2024-06-30 DNRS's only plan (2025's) lies ahead: no plan yet
    rows = _by_code(
        oversight.overview(
            actor=region.organisation_controller,
            organisation=region.org,
            today=dt.date(2024, 6, 30),
        )
    )
    assert rows["DNRS"].control is None


def test_the_column_is_read_in_a_fixed_number_of_queries(region, committees):
    from uppsikt.dialogues import selectors as dialogue_selectors

    found = list(dialogue_selectors.committees(organisation=region.org))
    assert len(found) == 3
    with CaptureQueriesContext(connection) as queries:
        cells = oversight.control_cells(
            organisation=region.org, committees=found, today=dt.date(2026, 1, 15)
        )
    # the plans, the §§ that handled their proposals and those §§' motions, the results by
    # plan and outcome, the open actions by plan
    assert len(queries) == 5
    assert set(cells) == {region.dnrs.pk, region.dnks.pk}


def _column(client, user) -> dict[str, str]:
    """The overview page's internal-control cell of each committee row, by committee name."""
    client.force_login(user)
    response = client.get(reverse("reports:oversight"))
    assert response.status_code == 200
    table = response.content.decode().split('id="oversight"')[1].split("</table>")[0]
    out = {}
    for row in table.split("<tr>")[2:]:
        if "<th" not in row:
            continue
        name = row.split('<th scope="row">')[1].split("</th>")[0]
        out[name] = row.split("<td>")[-1].split("</td>")[0]
    return out


def test_the_page_shows_the_column_with_links_to_the_plans(client, region, committees):
    cells = _column(client, region.organisation_controller)
    dnrs = cells["Driftnämnden Regionservice"]
    assert f'href="{reverse("control:plan", args=[committees["dnrs"].pk])}"' in dnrs
    assert "▲ 1 avvikelse, ◆ 1 mindre avvikelse" in dnrs
    assert "1 öppen åtgärd" in dnrs and "Internkontrollplan 2025" in dnrs
    dnks = cells["Driftnämnden Kultur och skola"]
    assert f'href="{reverse("control:plan", args=[committees["dnks"].pk])}"' in dnks
    assert "Inga avvikelser" in dnks and "ej antagen" in dnks
    assert cells["Driftnämnden X"] == "Ingen plan"


def test_a_role_scoped_to_one_unit_sees_only_its_committees_figures(client, region, committees):
    # the approver of Regionservice (serving DNRS) sees DNRS's row, not DNKS's plan
    cells = _column(client, region.approver)
    assert list(cells) == ["Driftnämnden Regionservice"]
    page = client.get(reverse("reports:oversight")).content.decode()
    assert reverse("control:plan", args=[committees["dnks"].pk]) + '"' not in page
    # and the approver of Kultur och skola the other way round
    cells = _column(client, region.approver_elsewhere)
    assert list(cells) == ["Driftnämnden Kultur och skola"]
    page = client.get(reverse("reports:oversight")).content.decode()
    assert reverse("control:plan", args=[committees["dnrs"].pk]) + '"' not in page
    assert "1 mindre avvikelse" not in page


def test_a_role_scoped_to_one_body_sees_only_that_committee(client, region, committees):
    user = org.user("sek-dnx")
    org.grant(user, Role.SECRETARY, region.org, body=committees["dnx"])
    assert _column(client, user) == {"Driftnämnden X": "Ingen plan"}
