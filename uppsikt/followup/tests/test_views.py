from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from uppsikt.core.permissions import SYSTEM
from uppsikt.followup import services
from uppsikt.followup.models import Assessment, ReportingPeriod
from uppsikt.followup.services import period_create
from uppsikt.organisation.selectors import organisation_only
from uppsikt.planning.tests import factories as plan_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client, region):
    assert organisation_only() == region.org

    def login(user):
        client.force_login(user)
        return client

    return login


def unit_url(region, code="RSE-MAT"):
    return reverse("followup:unit", args=[region.period.pk, code])


def form_data(region, a, **extra):
    p = f"a{a.pk}"
    data = {
        f"{p}-version": a.version,
        f"{p}-status": region.level("on_track").pk,
        f"{p}-forecast": region.level("done").pk,
        f"{p}-comment": "Arbetet pågår.",
        "back": "RSE-MAT",
    }
    data.update(extra)
    return data


def test_the_reporter_sees_the_units_to_do_list_with_a_labelled_form(as_user, region):
    response = as_user(region.reporter).get(unit_url(region))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Minska matsvinnet" in html
    assert f'<label for="id_a{region.assessment.pk}-status">Bedömning</label>' in html
    assert f'hx-post="{reverse("followup:save", args=[region.assessment.pk])}"' in html


def test_a_reporter_on_another_unit_gets_403(as_user, region):
    response = as_user(region.reporter).get(unit_url(region, "RSE-LOG"))
    assert response.status_code == 403


def test_saving_without_javascript_redirects_back_to_the_item(as_user, region):
    a = region.assessment
    response = as_user(region.reporter).post(
        reverse("followup:save", args=[a.pk]), form_data(region, a)
    )
    assert response.status_code == 302
    assert response["Location"] == unit_url(region) + f"#item-{a.pk}"
    saved = region.fresh()
    assert (saved.status.code, saved.forecast.code, saved.version) == ("on_track", "done", 2)


def test_saving_with_htmx_answers_with_the_new_version_and_a_status_note(as_user, region):
    a = region.assessment
    response = as_user(region.reporter).post(
        reverse("followup:save", args=[a.pk]), form_data(region, a), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'name="a{a.pk}-version" value="2"' in html
    assert 'role="status"' in html


def test_a_stale_save_with_htmx_is_announced_as_an_alert(as_user, region):
    region.filled()
    a = region.assessment  # still version 1
    response = as_user(region.reporter).post(
        reverse("followup:save", args=[a.pk]), form_data(region, a), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "har ändrats av någon annan" in html


def test_submitting_saves_the_form_and_submits(as_user, region):
    a = region.assessment
    response = as_user(region.reporter).post(
        reverse("followup:submit", args=[a.pk]), form_data(region, a), follow=True
    )
    assert "Bedömningen är inlämnad." in response.content.decode()
    assert region.fresh().state == Assessment.State.SUBMITTED


def test_the_approver_approves_from_the_unit_page(as_user, region):
    a = region.submitted()
    client = as_user(region.approver)
    page = client.get(unit_url(region)).content.decode()
    assert reverse("followup:approve", args=[a.pk]) in page
    client.post(
        reverse("followup:approve", args=[a.pk]),
        {f"d{a.pk}-version": a.version, "back": "RSE-MAT"},
    )
    assert region.fresh().state == Assessment.State.APPROVED


def test_the_approver_returns_with_a_reason(as_user, region):
    a = region.submitted()
    as_user(region.approver).post(
        reverse("followup:return", args=[a.pk]),
        {f"d{a.pk}-version": a.version, f"d{a.pk}-comment": "Komplettera.", "back": "RSE-MAT"},
    )
    assert region.fresh().state == Assessment.State.RETURNED


def test_the_reporter_cannot_approve_through_the_url(as_user, region):
    a = region.submitted()
    response = as_user(region.reporter).post(
        reverse("followup:approve", args=[a.pk]), {f"d{a.pk}-version": a.version}, follow=True
    )
    assert "Du saknar behörighet" in response.content.decode()
    assert region.fresh().state == Assessment.State.SUBMITTED


def test_the_controller_sees_progress_and_deviations(as_user, region):
    region.submitted("deviating")
    response = as_user(region.controller).get(reverse("followup:progress", args=[region.period.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enhet RSE-MAT" in html
    assert "Pågår med avvikelse" in html


def test_each_progress_row_links_to_its_units_to_do_page(as_user, region):
    html = (
        as_user(region.controller)
        .get(reverse("followup:progress", args=[region.period.pk]))
        .content.decode()
    )
    assert f'<a href="{unit_url(region, "RSE-MAT")}">Enhet RSE-MAT</a>' in html


def _progress_row(html: str, unit_name: str) -> list[str]:
    row = re.search(rf">{unit_name}</a></th>(.*?)</tr>", html, re.S).group(1)
    return re.findall(
        r'<td class="num">(?:<strong>)?(?:<span aria-hidden="true">▲ </span>)?(\d+)', row
    )


def test_the_kept_progress_table_shows_a_submission_made_after_it_was_kept(as_user, region):
    client = as_user(region.controller)
    url = reverse("followup:progress", args=[region.period.pk])
    total = Assessment.objects.filter(period=region.period, unit=region.mat).count()
    # total, submitted, approved, returned, missing: nothing submitted yet
    assert _progress_row(client.get(url).content.decode(), "Enhet RSE-MAT") == [
        str(total),
        "0",
        "0",
        "0",
        str(total),
    ]
    region.submitted("deviating")
    assert _progress_row(client.get(url).content.decode(), "Enhet RSE-MAT") == [
        str(total),
        "1",
        "0",
        "0",
        str(total - 1),
    ]
    # the table kept in Swedish is not handed out in English
    client.post(reverse("set_language"), {"language": "en", "next": url})
    assert "Assessments by responsible unit" in client.get(url).content.decode()


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_to_do_page_takes_no_more_queries_for_more_items(
    as_user, region, django_assert_max_num_queries
):
    client = as_user(region.reporter)
    url = unit_url(region, "RSE-MAT")
    one = _queries(client, url)
    for n in range(5):
        plan_factories.plan_assignment(region.plan, region.mat, f"Uppdrag {n}")
    services.period_open(actor=SYSTEM, period=region.period)
    assert Assessment.objects.filter(period=region.period, unit=region.mat).count() == 6
    with django_assert_max_num_queries(one):
        html = client.get(url).content.decode()
    assert "Uppdrag 4" in html


def test_the_progress_page_takes_no_more_queries_for_more_units_and_deviations(
    as_user, region, django_assert_max_num_queries
):
    region.submitted("deviating")
    client = as_user(region.controller)
    url = reverse("followup:progress", args=[region.period.pk])
    one = _queries(client, url)
    for n in range(4):
        plan_factories.plan_assignment(region.plan, region.log, f"Lagrets uppdrag {n}")
    services.period_open(actor=SYSTEM, period=region.period)
    for a in Assessment.objects.filter(period=region.period, unit=region.log):
        a = services.assessment_save_draft(
            actor=SYSTEM, assessment=a, version=a.version, status=region.level("deviating")
        )
        services.assessment_submit(actor=SYSTEM, assessment=a, version=a.version)
    with django_assert_max_num_queries(one):
        html = client.get(url).content.decode()
    assert html.count("Pågår med avvikelse") == 5


def test_the_red_thread_of_an_assignment_shows_its_latest_assessment(as_user, region):
    region.submitted()
    response = as_user(region.reporter).get(
        reverse("followup:thread", args=["assignment", region.assignment.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Pågår enligt plan" in html


def test_the_reporter_finds_the_units_page_from_the_follow_up_index(as_user, region):
    html = as_user(region.reporter).get(reverse("followup:index")).content.decode()
    assert unit_url(region) in html
    assert "Läget i alla enheter" not in html


def test_the_reporter_may_not_see_progress(as_user, region):
    response = as_user(region.reporter).get(reverse("followup:progress", args=[region.period.pk]))
    assert response.status_code == 403


def test_a_submitted_item_shows_its_values_and_no_form(as_user, region):
    a = region.submitted()
    html = as_user(region.reporter).get(unit_url(region)).content.decode()
    assert reverse("followup:save", args=[a.pk]) not in html
    assert "Inlämnad" in html


def test_the_controller_opens_a_period_and_the_items_become_due(as_user, region):
    ur2 = period_create(
        actor=SYSTEM,
        organisation=region.org,
        year=2024,
        kind=ReportingPeriod.Kind.UR2,
        first_month=1,
        last_month=8,
        deadline=dt.date(2024, 9, 15),
        scope=ReportingPeriod.Scope.FULL,
    )
    response = as_user(region.controller).post(
        reverse("followup:period_open", args=[ur2.pk]), follow=True
    )
    assert "Nya bedömningar att göra: 1." in response.content.decode()
    assert Assessment.objects.filter(period=ur2, unit=region.mat).count() == 1


def test_the_controller_closes_a_period(as_user, region):
    as_user(region.controller).post(reverse("followup:period_close", args=[region.period.pk]))
    region.period.refresh_from_db()
    assert not region.period.is_open


def test_the_reporter_may_not_close_a_period(as_user, region):
    response = as_user(region.reporter).post(
        reverse("followup:period_close", args=[region.period.pk])
    )
    assert response.status_code == 403
    region.period.refresh_from_db()
    assert region.period.is_open


def _indicator_assessment(region):
    indicator = plan_factories.indicator(region.org)
    plan_factories.target(indicator, unit=region.mat)
    services.period_open(actor=SYSTEM, period=region.period)
    return Assessment.objects.get(period=region.period, indicator=indicator)


def test_an_actual_value_is_read_with_a_decimal_comma(as_user, region):
    a = _indicator_assessment(region)
    p = f"a{a.pk}"
    as_user(region.reporter).post(
        reverse("followup:save", args=[a.pk]),
        {f"{p}-version": a.version, f"{p}-actual_value": "11,05", "back": "RSE-MAT"},
    )
    a.refresh_from_db()
    assert a.actual_value == Decimal("11.05")


def test_a_value_that_is_not_a_number_is_shown_at_its_field_without_javascript(as_user, region):
    a = _indicator_assessment(region)
    p = f"a{a.pk}"
    response = as_user(region.reporter).post(
        reverse("followup:save", args=[a.pk]),
        {f"{p}-version": a.version, f"{p}-actual_value": "elva", "back": "RSE-MAT"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    error = f'<p class="field-error" role="alert" id="err-{a.pk}-actual_value">Fyll i ett tal.</p>'
    assert error in html
    # the field keeps what was typed, is marked invalid and points at its error
    assert f'value="elva" inputmode="decimal" id="id_{p}-actual_value"' in html
    assert f'aria-invalid="true" aria-describedby="err-{a.pk}-actual_value"' in html


def test_a_value_that_is_not_a_number_is_announced_with_htmx(as_user, region):
    a = _indicator_assessment(region)
    p = f"a{a.pk}"
    response = as_user(region.reporter).post(
        reverse("followup:save", args=[a.pk]),
        {f"{p}-version": a.version, f"{p}-actual_value": "elva", "back": "RSE-MAT"},
        headers={"HX-Request": "true"},
    )
    assert "Utfall: Fyll i ett tal." in response.content.decode()


def test_a_period_never_opened_reads_not_opened_and_a_closed_one_closed(as_user, region):
    """The index says "Ej öppnad" before a period is first opened and "Stängd" only after it
    was open; reopening keeps the first opening's moment."""
    later = period_create(
        actor=region.controller,
        organisation=region.org,
        year=2024,
        kind=ReportingPeriod.Kind.ANNUAL,
        first_month=1,
        last_month=12,
        deadline=dt.date(2025, 2, 15),
        scope=ReportingPeriod.Scope.FULL,
    )
    client = as_user(region.controller)

    def state(period):
        html = client.get(reverse("followup:index")).content.decode()
        row = html.split(f'<th scope="row">{period}</th>', 1)[1].split("</tr>", 1)[0]
        return [cell.split("</td>")[0] for cell in re.split(r"<td[^>]*>", row)[1:]][3]

    assert state(later) == "Ej öppnad"
    services.period_open(actor=SYSTEM, period=later)
    first_opened = ReportingPeriod.objects.get(pk=later.pk).opened_at
    assert state(later) == "Öppen för rapportering"
    services.period_close(actor=SYSTEM, period=later)
    assert state(later) == "Stängd"
    services.period_open(actor=SYSTEM, period=later)
    assert ReportingPeriod.objects.get(pk=later.pk).opened_at == first_opened


def test_an_empty_choice_reads_choose_not_dashes(region):
    """Django's "---------" for the empty choice of a select is "– välj –" in every form."""
    from django import forms

    from uppsikt.organisation.models import Unit

    class UnitForm(forms.Form):
        unit = forms.ModelChoiceField(queryset=Unit.objects.all(), required=False)

    html = str(UnitForm())
    assert "---------" not in html
    assert '<option value="" selected>– välj –</option>' in html
