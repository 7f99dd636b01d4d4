"""The internal-control section of the follow-up reports: the control questions × the plan's
periods up to the report's, and in the annual report the evaluation and the year's counts; no
section for a body without a control plan."""

from __future__ import annotations

import datetime as dt

import pytest

from uppsikt.control import services as control
from uppsikt.control.tests.conftest import Region
from uppsikt.core.permissions import SYSTEM
from uppsikt.documents.document import Footnote, Section, Table
from uppsikt.followup import services as followup
from uppsikt.reports.build import document_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(db):
    return Region()


@pytest.fixture
def reported(region):
    """Two control points of Driftnämnden Regionservice, reported in UR1, UR2 and the annual
    report: A approved ● in April, approved ▲ in August with an action done and one raised;
    B approved ◆ in April and submitted ● (not yet approved) in August; neither in the annual
    report yet."""
    plan = region.plan()
    a = region.point(region.risk(plan, process="Utbetalningar"), question="Fråga A?")
    b = region.point(region.risk(plan, process="Rutiner"), unit=region.rse, question="Fråga B?")
    region.adopt(plan)

    def report(point, period, outcome, *, approve=True):
        user = region.reporter if point == a else region.admin
        r = region.result(point, period)
        r = control.result_save_draft(
            actor=user, result=r, version=r.version, outcome=outcome, checked="Kontrollerat."
        )
        r = control.result_submit(actor=user, result=r, version=r.version)
        if approve:
            r = control.result_approve(actor=region.admin, result=r, version=r.version)
        return r

    for period in (region.ur1, region.ur2):
        followup.period_open(actor=SYSTEM, period=period)
        period.refresh_from_db()
    report(a, region.ur1, "none")
    report(b, region.ur1, "minor")
    a2 = report(a, region.ur2, "deviation")
    report(b, region.ur2, "none", approve=False)
    done, raised = (
        control.action_create(
            actor=region.reporter,
            result=a2,
            description=text,
            owner=region.cook,
            due_date=dt.date(2025, 12, 31),
        )
        for text in ("Ny rutin", "Utbildning")
    )
    control.action_update(
        actor=region.reporter,
        action=done,
        version=1,
        description=done.description,
        owner=region.cook,
        due_date=done.due_date,
        status="done",
    )
    from uppsikt.control.tests.test_results import _decided_item

    item = _decided_item(region, ["ge Regionservice i uppdrag att utbilda alla."])
    control.action_raise(actor=region.secretary, action=raised, item=item, point=1)
    plan.refresh_from_db()
    control.plan_evaluation_save(
        actor=region.controller,
        plan=plan,
        version=plan.version,
        text="<p>Den interna kontrollen har fungerat väl.</p>",
    )
    return plan


def _section(doc, title: str) -> Section | None:
    return next((s for s in doc.sections if s.title == title), None)


def _table(section: Section) -> Table:
    return next(b for b in section.blocks if isinstance(b, Table))


def _cells(table: Table) -> list[list[str]]:
    return [[c.plain for c in row.cells] for row in table.rows]


def test_the_second_report_shows_the_questions_after_april_and_august(region, reported):
    doc = document_for(kind="followup", organisation=region.org, body=region.dnrs, ident="2025-UR2")
    section = _section(doc, "Intern kontroll")
    table = _table(section)
    assert table.caption == "Internkontroll – sammanfattning efter april och augusti"
    assert [c.label for c in table.columns] == ["Kontrollfråga", "April", "Augusti"]
    # B's August result is submitted, not approved: shown with a footnote
    assert _cells(table) == [
        ["Fråga A?", "● Ingen avvikelse", "▲ Avvikelse"],
        ["Fråga B?", "◆ Mindre avvikelse", "● Ingen avvikelse"],
    ]
    assert any(isinstance(x, Footnote) for x in table.rows[1].cells[2].content)
    assert not any(isinstance(x, Footnote) for x in table.rows[0].cells[2].content)
    assert [s.title for s in doc.sections].index("Intern kontroll") == 3  # after Kvalitetsstyrning


def test_the_first_report_shows_april_only(region, reported):
    doc = document_for(kind="followup", organisation=region.org, body=region.dnrs, ident="2025-UR1")
    table = _table(_section(doc, "Intern kontroll"))
    assert [c.label for c in table.columns] == ["Kontrollfråga", "April"]
    assert table.caption == "Internkontroll – sammanfattning efter april"


def test_the_annual_report_states_the_evaluation_and_the_years_counts(region, reported):
    doc = document_for(kind="followup", organisation=region.org, body=region.dnrs, ident="2025-AR")
    section = _section(doc, "Intern kontroll")
    table = _table(section)
    assert _cells(table)[0] == ["Fråga A?", "● Ingen avvikelse", "▲ Avvikelse", "Ej rapporterad"]
    [evaluation] = [b for b in section.blocks if isinstance(b, Section)]
    assert evaluation.title == "Utvärdering av årets interna kontroll"
    texts = [b.plain for b in evaluation.blocks]
    # reported: A ●, A ▲, B ◆, B ● (submitted counts as reported) → 4: 2 none, 1 minor, 1
    # deviation; 2 actions from A's August deviation, 1 done, 1 raised
    assert texts == [
        "Den interna kontrollen har fungerat väl.",
        "Under 2025 har 2 kontrollmoment följts upp med 4 rapporterade resultat: 2 utan "
        "avvikelse, 1 med mindre avvikelse och 1 med avvikelse.",
        "Avvikelserna har gett 2 åtgärder, varav 1 genomförd och 1 pågående. 1 åtgärd har "
        "lyfts till uppdrag genom beslut av Driftnämnden Regionservice.",
    ]


def test_a_body_without_a_control_plan_gets_no_section(region, reported):
    doc = document_for(kind="followup", organisation=region.org, body=region.dnks, ident="2025-UR2")
    assert _section(doc, "Intern kontroll") is None
    # nor does the plan's body in a year without a plan
    followup.periods_create_default(actor=SYSTEM, organisation=region.org, year=2024)
    doc = document_for(kind="followup", organisation=region.org, body=region.dnrs, ident="2024-UR2")
    assert _section(doc, "Intern kontroll") is None
