"""The demo's internal control: Driftnämnden Regionservice's 2025 plan with reference 002's three
control questions, adopted in its §, reported in April and August, and the Årsrapport open with
a result in every state, actions done, open and raised into a decision assignment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from uppsikt.control import selectors
from uppsikt.control.demo import QUESTIONS
from uppsikt.control.models import Action, ControlPlan, ControlResult, Outcome
from uppsikt.control.rules import PlanStatus
from uppsikt.demo.loader import load_demo
from uppsikt.followup.models import ReportingPeriod

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """What the tests read of the demo, gathered in one transaction that is rolled back."""
    from django.db import transaction
    from django.test import Client

    from tests.access.test_url_permissions import template_code
    from uppsikt.reports.build import document_for

    out: dict = {}
    with django_db_blocker.unblock(), transaction.atomic():
        context = load_demo()
        plan = ControlPlan.objects.select_related("body", "case").get(body__code="DNRS", year=2025)
        periods = context.objects["control"]["periods"]
        annual = ReportingPeriod.objects.get(year=2025, kind="annual")
        decision = selectors.plan_decision(plan)
        out["decision"] = (
            decision.status,
            decision.item.number,
            decision.item.meeting.date,
            decision.item.body.code,
        )
        out["case_number"] = plan.case.number
        risks = selectors.risks(plan=plan)
        out["risks"] = [(r.process, r.decision, r.value) for r in risks]
        out["questions"] = [p.question for r in risks for p in r.control_points.all()]
        out["summary"] = selectors.control_summary(
            body=plan.body, year=2025, periods=[periods["april"], periods["august"]]
        )
        out["annual_open"] = annual.is_open
        out["annual_states"] = dict(
            ControlResult.objects.filter(period=annual).values_list(
                "control_point__question", "state"
            )
        )
        out["states"] = set(ControlResult.objects.values_list("state", flat=True))
        out["actions"] = {
            a.status: {
                "done_on": a.done_on,
                "assignment": (
                    a.decision_assignment.given_by.number,
                    a.decision_assignment.given_by.body.code,
                    a.decision_assignment.point,
                    a.decision_assignment.recipient_unit.code,
                    a.decision_assignment.state,
                )
                if a.decision_assignment
                else None,
            }
            for a in Action.objects.select_related(
                "decision_assignment__given_by__body", "decision_assignment__recipient_unit"
            )
        }
        returned = ControlResult.objects.get(period=annual, state="returned")
        submitted = ControlResult.objects.get(period=annual, state="submitted")
        out["urls"] = {
            "save_returned": reverse("control:result_save", args=[returned.pk]),
            "approve_submitted": reverse("control:result_approve", args=[submitted.pk]),
        }
        pages = {
            "reporter": ("rapportor", reverse("followup:unit", args=[annual.pk, "RSE-MAT"])),
            "approver": ("godkannare", reverse("followup:unit", args=[annual.pk, "RSE"])),
            "plan": ("lasare", plan.get_absolute_url()),
        }
        out["pages"] = {}
        for name, (username, url) in pages.items():
            client = Client()
            client.force_login(get_user_model().objects.get(username=username))
            response = client.get(url)
            out["pages"][name] = (
                response.status_code,
                template_code(response),
                response.content.decode(),
            )
        doc = document_for(
            kind="followup", organisation=context.organisation, body=plan.body, ident="2025-UR2"
        )
        [section] = [s for s in doc.sections if s.title == "Intern kontroll"]
        table = section.blocks[0]
        out["report"] = (table.caption, [[c.plain for c in row.cells] for row in table.rows])
        transaction.set_rollback(True)
    return out


def test_the_plan_is_adopted_in_section_12_of_the_committee(demo):
    assert demo["decision"] == (PlanStatus.ADOPTED, 12, dt.date(2025, 2, 11), "DNRS")
    assert demo["case_number"].startswith("DRS25")


def test_the_plan_has_the_three_questions_and_an_accepted_risk(demo):
    assert [decision for _p, decision, _v in demo["risks"]] == ["act", "act", "act", "accept"]
    assert demo["questions"] == QUESTIONS
    # Informationssäkerhet: probability 3 × consequence 4
    assert ("Informationssäkerhet", "act", 12) in demo["risks"]


def test_the_summary_after_april_and_august(demo):
    summary = demo["summary"]
    assert summary.column_labels == ("April", "Augusti")
    assert [(row.question, row.outcomes, row.approved) for row in summary.rows] == [
        (QUESTIONS[0], (Outcome.NONE, Outcome.MINOR), (True, True)),
        (QUESTIONS[1], (Outcome.MINOR, Outcome.NONE), (True, True)),
        (QUESTIONS[2], (Outcome.DEVIATION, Outcome.MINOR), (True, True)),
    ]


def test_the_annual_report_has_a_result_in_each_state_before_approval(demo):
    assert demo["annual_open"]
    assert demo["annual_states"] == {
        QUESTIONS[0]: "submitted",
        QUESTIONS[1]: "returned",
        QUESTIONS[2]: "draft",
    }
    assert demo["states"] == {"draft", "submitted", "approved", "returned"}


def test_the_deviations_have_a_done_an_open_and_a_raised_action(demo):
    actions = demo["actions"]
    assert set(actions) == {"done", "in_progress", "not_started"}
    assert actions["done"]["done_on"] is not None
    assert actions["not_started"]["assignment"] == (61, "DNRS", 2, "RSE", "open")
    assert actions["in_progress"]["assignment"] is None


def test_the_reporter_reworks_the_returned_result_on_the_to_do_page(demo):
    status, code, html = demo["pages"]["reporter"]
    assert (status, code) == (200, [])
    assert "Ange hur många kök som kontrollerades och vilka månader." in html
    assert demo["urls"]["save_returned"] in html


def test_the_approver_sees_the_submitted_result_to_approve(demo):
    status, code, html = demo["pages"]["approver"]
    assert (status, code) == (200, [])
    assert demo["urls"]["approve_submitted"] in html


def test_the_plan_page_renders_for_a_reader(demo):
    status, code, html = demo["pages"]["plan"]
    assert (status, code) == (200, [])
    assert "Antagen" in html and "§ 12" in html
    assert "<caption>Riskmatris: sannolikhet × konsekvens</caption>" in html


def test_the_autumn_report_of_the_committee_has_the_summary(demo):
    caption, rows = demo["report"]
    assert caption == "Internkontroll – sammanfattning efter april och augusti"
    assert rows == [
        [QUESTIONS[0], "● Ingen avvikelse", "◆ Mindre avvikelse"],
        [QUESTIONS[1], "◆ Mindre avvikelse", "● Ingen avvikelse"],
        [QUESTIONS[2], "▲ Avvikelse", "◆ Mindre avvikelse"],
    ]
