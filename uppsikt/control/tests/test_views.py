"""The pages and their forms, as a role scoped to the unit or body and as the same role elsewhere:
each write answers with its effect or refuses (403, 404, 400 for bad input, 409 for a version
conflict) and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from uppsikt.control import services
from uppsikt.control.models import Action, ControlPlan, ControlPoint, ControlResult, Risk
from uppsikt.core.audit import AuditEvent
from uppsikt.core.permissions import SYSTEM
from uppsikt.followup import services as followup
from uppsikt.organisation.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client, region):
    assert list(Organisation.objects.all()) == [region.org]  # the only one: needs no host

    def login(user):
        client.force_login(user)
        return client

    return login


def risk_data(region, **extra):
    data = {
        "process": "Utbetalningar",
        "description": "Utbetalningar på felaktiga underlag.",
        "category": region.category("reporting").pk,
        "probability": 2,
        "consequence": 3,
        "decision": "act",
    }
    data.update(extra)
    return data


# Plans


def test_the_plan_list_is_open_to_every_role_and_offers_a_new_plan_to_controllers(as_user, region):
    region.plan()
    html = as_user(region.reader).get(reverse("control:index")).content.decode()
    assert "Driftnämnden Regionservice" in html and "Ny internkontrollplan" not in html
    html = as_user(region.controller).get(reverse("control:index")).content.decode()
    assert "Ny internkontrollplan" in html
    # only the bodies the controller draws up plans for are offered
    assert "Driftnämnden Kultur och skola</option>" not in html


def test_a_controller_creates_a_plan_in_the_browser(as_user, region):
    response = as_user(region.controller).post(
        reverse("control:plan_create"), {"body": region.dnrs.pk, "year": 2025}
    )
    plan = ControlPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()


def test_a_controller_cannot_create_a_plan_for_another_body(as_user, region):
    response = as_user(region.controller_elsewhere).post(
        reverse("control:plan_create"), {"body": region.dnrs.pk, "year": 2025}
    )
    assert response.status_code == 400  # the body is not a choice for them
    assert not ControlPlan.objects.exists()
    response = as_user(region.reporter).post(
        reverse("control:plan_create"), {"body": region.dnrs.pk, "year": 2025}
    )
    assert response.status_code == 403


def test_bad_input_to_the_new_plan_form_is_shown_and_saves_nothing(as_user, region):
    response = as_user(region.controller).post(
        reverse("control:plan_create"), {"body": "99999999999999999999999", "year": "tjugo"}
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not ControlPlan.objects.exists()


def test_the_plan_page_shows_risks_the_matrix_as_a_table_and_control_points(as_user, region):
    plan = region.plan()
    risk = region.risk(plan, probability=3, consequence=4)
    region.point(risk)
    html = as_user(region.reader).get(plan.get_absolute_url()).content.decode()
    assert "<caption>Riskmatris: sannolikhet × konsekvens</caption>" in html
    # the matrix states each cell in words, not colour alone
    assert "Riskvärde 12 · Hög risk" in html
    assert (
        '<th scope="row">4 – Sannolik<br><span class="meta">Mer än en gång per år</span></th>'
        in html
    )
    assert "Hur många har gått utbildningen?" in html
    assert reverse("control:risk_edit", args=[plan.pk, risk.pk]) not in html  # a reader


def test_an_unknown_plan_is_404(as_user, region):
    assert as_user(region.reader).get(reverse("control:plan", args=[424242])).status_code == 404


def test_risk_form_for_the_bodys_controller_and_403_elsewhere(as_user, region):
    plan = region.plan()
    url = reverse("control:risk_create", args=[plan.pk])
    page = as_user(region.controller).get(url)
    assert page.status_code == 200
    assert '<legend>Beslut <span aria-hidden="true">*</span></legend>' in page.content.decode()
    assert as_user(region.controller_elsewhere).get(url).status_code == 403
    assert as_user(region.controller_elsewhere).post(url, risk_data(region)).status_code == 403
    assert as_user(region.reader).get(url).status_code == 403
    response = as_user(region.controller).post(url, risk_data(region))
    risk = Risk.objects.get()
    assert response["Location"] == f"{plan.get_absolute_url()}#risk-{risk.pk}"
    assert risk.value == 6


def test_a_risk_off_the_scale_is_bad_input(as_user, region):
    plan = region.plan()
    response = as_user(region.controller).post(
        reverse("control:risk_create", args=[plan.pk]), risk_data(region, probability=7)
    )
    assert response.status_code == 400 and not Risk.objects.exists()


def test_a_stale_risk_edit_is_a_conflict(as_user, region):
    plan = region.plan()
    risk = region.risk(plan)
    url = reverse("control:risk_edit", args=[plan.pk, risk.pk])
    client = as_user(region.controller)
    assert client.post(url, risk_data(region, version=1)).status_code == 302
    response = client.post(url, risk_data(region, version=1, process="Annat"))
    assert response.status_code == 409
    assert "ändrats av någon annan" in response.content.decode()
    assert Risk.objects.get().process == "Utbetalningar"


def test_a_control_point_is_added_in_the_browser(as_user, region):
    plan = region.plan()
    risk = region.risk(plan)
    url = reverse("control:point_create", args=[plan.pk, risk.pk])
    data = {
        "question": "Sker utbetalningar utifrån korrekta underlag?",
        "method": "Stickprov",
        "frequency": "Tre gånger per år",
        "responsible_unit": region.rse.pk,
        "responsible_person": region.head.pk,
        "periods": [region.ur1.pk, region.ur2.pk],
    }
    assert as_user(region.controller_elsewhere).post(url, data).status_code == 403
    response = as_user(region.controller).post(url, data)
    point = ControlPoint.objects.get()
    assert response["Location"].endswith(f"#point-{point.pk}")
    assert ControlResult.objects.filter(control_point=point).count() == 2
    # a unit outside the body's administrations is not a choice
    response = as_user(region.controller).post(url, {**data, "responsible_unit": region.kos.pk})
    assert response.status_code == 400 and ControlPoint.objects.count() == 1


def test_the_control_point_form_lists_the_periods_of_the_plans_year(as_user, region):
    plan = region.plan()
    point = region.point(region.risk(plan))
    html = (
        as_user(region.controller)
        .get(reverse("control:point_edit", args=[plan.pk, point.pk]))
        .content.decode()
    )
    assert "Uppföljningsrapport 1 (januari–april)" in html
    assert f'value="{region.ur1.pk}" id="id_periods_' in html


def test_sending_for_decision_in_the_browser(as_user, region):
    plan = region.plan()
    region.risk(plan)
    url = reverse("control:plan_propose", args=[plan.pk])
    response = as_user(region.controller).post(url, {"case_number": ""}, follow=True)
    assert "registrera" in response.content.decode()  # the controller does not register
    assert ControlPlan.objects.get().case is None
    response = as_user(region.admin).post(url, {"case_number": ""})
    assert response.status_code == 302
    assert ControlPlan.objects.get().proposal is not None


def test_the_evaluation_form_and_its_version_conflict(as_user, region):
    plan = region.plan()
    url = reverse("control:plan_evaluation", args=[plan.pk])
    client = as_user(region.controller)
    assert client.get(url).status_code == 200
    assert as_user(region.controller_elsewhere).get(url).status_code == 403
    client = as_user(region.controller)
    assert client.post(url, {"version": 1, "evaluation": "<p>Bra.</p>"}).status_code == 302
    response = client.post(url, {"version": 1, "evaluation": "<p>Sämre.</p>"})
    assert response.status_code == 409
    assert ControlPlan.objects.get().evaluation == "<p>Bra.</p>"
    assert client.post(url, {"version": "x"}).status_code == 400


# Results on the to-do page


def form_data(r, **extra):
    p = f"r{r.pk}"
    data = {
        f"{p}-version": r.version,
        f"{p}-outcome": "deviation",
        f"{p}-checked": "Tio utbetalningar.",
        f"{p}-comment": "Två saknade underlag.",
        "back": "RSE-MAT",
    }
    data.update(extra)
    return data


def todo_url(region, code="RSE-MAT", period=None):
    return reverse("followup:unit", args=[(period or region.ur1).pk, code])


def test_the_reporter_sees_the_control_points_on_the_units_to_do_page(as_user, region):
    point = region.adopted_point()
    r = region.result(point)
    html = as_user(region.reporter).get(todo_url(region)).content.decode()
    assert "Kontrollmoment: Hur många har gått utbildningen?" in html
    assert "<legend>Resultat av kontrollen</legend>" in html
    assert (
        f'<label for="id_r{r.pk}-outcome-minor"><span aria-hidden="true">◆</span> Mindre avvikelse</label>'
        in html
    )
    assert f'hx-post="{reverse("control:result_save", args=[r.pk])}"' in html
    # 0 of the unit's items done, the control point still to submit
    assert "0 klara, 1 kvar att lämna in" in html


def test_a_unit_without_control_points_shows_no_internal_control(as_user, region):
    region.adopted_point()
    html = as_user(region.reporter_elsewhere).get(todo_url(region, "RSE-LOG")).content.decode()
    assert "Intern kontroll" not in html


def test_saving_without_javascript_goes_back_to_the_control_point(as_user, region):
    point = region.adopted_point()
    r = region.result(point)
    response = as_user(region.reporter).post(
        reverse("control:result_save", args=[r.pk]), form_data(r)
    )
    assert response["Location"] == todo_url(region) + f"#result-{r.pk}"
    saved = ControlResult.objects.get(pk=r.pk)
    assert (saved.outcome, saved.checked, saved.version) == ("deviation", "Tio utbetalningar.", 2)


def test_saving_with_htmx_answers_with_the_new_version(as_user, region):
    point = region.adopted_point()
    r = region.result(point)
    response = as_user(region.reporter).post(
        reverse("control:result_save", args=[r.pk]), form_data(r), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert f'name="r{r.pk}-version" value="2"' in html and 'role="status"' in html


def test_a_stale_save_with_htmx_says_why_and_saves_nothing(as_user, region):
    point = region.adopted_point()
    r = region.result(point)
    region.filled(r)
    response = as_user(region.reporter).post(
        reverse("control:result_save", args=[r.pk]),
        form_data(r, **{f"r{r.pk}-outcome": "none"}),
        headers={"HX-Request": "true"},
    )
    assert 'role="alert"' in response.content.decode()
    assert "ändrats av någon annan" in response.content.decode()
    assert ControlResult.objects.get(pk=r.pk).outcome == "deviation"


def test_bad_input_to_a_result_saves_nothing(as_user, region):
    point = region.adopted_point()
    r = region.result(point)
    response = as_user(region.reporter).post(
        reverse("control:result_save", args=[r.pk]),
        form_data(r, **{f"r{r.pk}-outcome": "kanske", f"r{r.pk}-version": "abc"}),
        follow=True,
    )
    assert "Resultat:" in response.content.decode()
    assert ControlResult.objects.get(pk=r.pk).version == 1


def test_a_reporter_elsewhere_gets_403_for_the_result(as_user, region):
    point = region.adopted_point()
    r = region.result(point)
    for name in ("control:result_save", "control:result_submit"):
        response = as_user(region.reporter_elsewhere).post(reverse(name, args=[r.pk]), form_data(r))
        assert response.status_code == 403
    assert (
        as_user(region.reporter_elsewhere).get(reverse("control:result", args=[r.pk])).status_code
        == 403
    )
    assert ControlResult.objects.get(pk=r.pk).version == 1


def test_submit_then_approve_in_the_browser(as_user, region):
    point = region.adopted_point()
    r = region.result(point)
    as_user(region.reporter).post(reverse("control:result_submit", args=[r.pk]), form_data(r))
    r = ControlResult.objects.get(pk=r.pk)
    assert r.state == "submitted"
    html = as_user(region.approver).get(todo_url(region, "RSE")).content.decode()
    assert reverse("control:result_approve", args=[r.pk]) in html
    # an approver elsewhere cannot
    response = as_user(region.approver_elsewhere).post(
        reverse("control:result_approve", args=[r.pk]), {f"d{r.pk}-version": r.version}
    )
    assert response.status_code == 403
    response = as_user(region.approver).post(
        reverse("control:result_approve", args=[r.pk]),
        {f"d{r.pk}-version": r.version, "back": "RSE"},
    )
    assert response["Location"] == todo_url(region, "RSE") + f"#result-{r.pk}"
    assert ControlResult.objects.get(pk=r.pk).state == "approved"


def test_returning_in_the_browser_needs_a_reason(as_user, region):
    point = region.adopted_point()
    r = region.submitted(region.result(point))
    client = as_user(region.approver)
    url = reverse("control:result_return", args=[r.pk])
    client.post(url, {f"d{r.pk}-version": r.version, f"d{r.pk}-comment": ""})
    assert ControlResult.objects.get(pk=r.pk).state == "submitted"
    client.post(url, {f"d{r.pk}-version": r.version, f"d{r.pk}-comment": "Komplettera."})
    assert ControlResult.objects.get(pk=r.pk).state == "returned"
    html = as_user(region.reporter).get(todo_url(region)).content.decode()
    assert "Skickad tillbaka" in html and "Komplettera." in html


# Actions


def action_data(region, **extra):
    data = {
        "description": "Ny attestrutin",
        "owner": region.cook.pk,
        "due_date": "2025-09-30",
    }
    data.update(extra)
    return data


def test_the_reporter_adds_an_action_to_a_deviation_on_the_result_page(as_user, region):
    point = region.adopted_point()
    r = region.submitted(region.result(point))
    client = as_user(region.reporter)
    assert "Ny åtgärd" in client.get(reverse("control:result", args=[r.pk])).content.decode()
    response = client.post(reverse("control:action_create", args=[r.pk]), action_data(region))
    assert response["Location"] == r.get_absolute_url()
    assert Action.objects.get().owner == region.cook
    # the approver sees the result but does not add actions
    response = as_user(region.approver).post(
        reverse("control:action_create", args=[r.pk]), action_data(region)
    )
    assert response.status_code == 403 and Action.objects.count() == 1


def test_a_bad_action_is_shown_with_its_errors(as_user, region):
    point = region.adopted_point()
    r = region.submitted(region.result(point))
    response = as_user(region.reporter).post(
        reverse("control:action_create", args=[r.pk]), action_data(region, due_date="snart")
    )
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    assert not Action.objects.exists()


def _action(region, r):
    return services.action_create(
        actor=region.reporter,
        result=r,
        description="Ny attestrutin",
        owner=region.cook,
        due_date=dt.date(2025, 9, 30),
    )


def test_following_up_an_action_in_the_browser(as_user, region):
    point = region.adopted_point()
    action = _action(region, region.submitted(region.result(point)))
    url = reverse("control:action_update", args=[action.pk])
    data = action_data(region, version=1, status="done", follow_up="Klart i juni.")
    assert as_user(region.reporter_elsewhere).post(url, data).status_code == 403
    assert as_user(region.reporter).post(url, data).status_code == 302
    assert Action.objects.get().status == "done"
    response = as_user(region.reporter).post(url, {**data, "status": "in_progress"})
    assert response.status_code == 409
    assert Action.objects.get().status == "done"
    assert AuditEvent.objects.filter(action="control_action.update").count() == 1


def test_raising_an_action_in_the_browser(as_user, region):
    from uppsikt.control.tests.test_results import _decided_item

    point = region.adopted_point()
    action = _action(region, region.submitted(region.result(point)))
    item = _decided_item(region, ["ge Regionservice i uppdrag att utbilda alla."])
    url = reverse("control:action_raise", args=[action.pk])
    page = as_user(region.secretary).get(reverse("control:action", args=[action.pk]))
    # the secretary of the body sees the action (not its follow-up form) and may raise it
    html = page.content.decode()
    assert page.status_code == 200
    assert url in html and reverse("control:action_update", args=[action.pk]) not in html
    assert f"§ {item.number} 2025-06-10 Uppföljning av internkontrollen" in html
    assert as_user(region.reporter).post(url, {"item": item.pk, "point": 1}).status_code == 403
    elsewhere = as_user(region.secretary_elsewhere)
    assert elsewhere.get(reverse("control:action", args=[action.pk])).status_code == 403
    assert elsewhere.post(url, {"item": item.pk, "point": 1}).status_code == 403
    response = as_user(region.secretary).post(url, {"item": "x", "point": 0})
    assert response.status_code == 400
    response = as_user(region.secretary).post(url, {"item": item.pk, "point": 1})
    assert response.status_code == 302
    assert Action.objects.get().decision_assignment.given_by == item


def test_the_actions_list_shows_the_users_actions(as_user, region):
    point = region.adopted_point()
    _action(region, region.submitted(region.result(point)))
    html = as_user(region.reporter).get(reverse("control:actions")).content.decode()
    assert "Ny attestrutin" in html
    html = as_user(region.reporter_elsewhere).get(reverse("control:actions")).content.decode()
    assert "Ny attestrutin" not in html


# Categories and scales


def test_the_settings_are_for_organisation_wide_controllers(as_user, region):
    region.plan()
    url = reverse("control:settings")
    assert as_user(region.organisation_controller).get(url).status_code == 200
    assert as_user(region.controller).get(url).status_code == 403
    response = as_user(region.organisation_controller).post(
        reverse("control:category_add"), {"name": "Miljö"}
    )
    assert response.status_code == 302
    assert (
        as_user(region.controller).post(reverse("control:category_add"), {"name": "X"}).status_code
        == 403
    )
    step = services.selectors.scale(organisation=region.org, dimension="probability")[0]
    as_user(region.organisation_controller).post(
        reverse("control:step_update", args=[step.pk]),
        {f"s{step.pk}-label": "Mycket osannolik", f"s{step.pk}-description": "Aldrig"},
    )
    step.refresh_from_db()
    assert (step.label, step.description) == ("Mycket osannolik", "Aldrig")


def test_the_period_is_open_and_closed_by_follow_up(as_user, region):
    point = region.adopted_point()
    r = region.result(point)
    followup.period_close(actor=SYSTEM, period=region.ur1)
    html = as_user(region.reporter).get(todo_url(region)).content.decode()
    assert reverse("control:result_save", args=[r.pk]) not in html


def test_the_plan_downloads_as_a_workbook_whose_texts_stay_texts(as_user, region):
    import io

    from openpyxl import load_workbook

    plan = region.plan()
    risk = region.risk(plan, process="=HYPERLINK(1)", probability=2, consequence=4)
    region.point(risk, periods=[region.ur1, region.ur2])
    response = as_user(region.reader).get(reverse("control:plan_workbook", args=[plan.pk]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Risker", "Kontrollmoment", "Sammanfattning"]
    row = [c.value for c in book["Risker"][2]]
    # the risk value is the number 2 × 4 = 8; the process is text, not a formula
    assert row[0] == "=HYPERLINK(1)" and book["Risker"]["A2"].data_type == "s"
    assert row[3:6] == [2, 4, 8]
    assert [c.value for c in book["Sammanfattning"][1]] == ["Kontrollfråga", "April", "Augusti"]
