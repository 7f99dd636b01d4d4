"""The demo's follow-up is reference 003's UR1 2024 for Regionstyrelsen."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from uppsikt.demo.loader import load_demo
from uppsikt.followup.models import Assessment, ReportingPeriod
from uppsikt.planning.models import Measurement

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    return load_demo()


def test_ur1_2024_has_the_five_assignments_and_two_activities_approved(demo):
    ur1 = ReportingPeriod.objects.get(year=2024, kind="ur1")
    states = list(Assessment.objects.filter(period=ur1).values_list("item_kind", "state"))
    assert sorted(states) == sorted(
        [("assignment", "approved")] * 5 + [("activity", "approved")] * 2
    )
    assert not ur1.is_open


def test_the_assignments_ur1_comment_is_the_reports_text(demo):
    a = Assessment.objects.get(
        period__kind="ur1", assignment__title__startswith="Regionstyrelsen ska ta fram en kompet"
    )
    # 003 §2.2.3, word for word
    assert a.comment == (
        "<p>Under 2024 kommer de identifierade behoven för regionkontorets del att prioriteras "
        "och realiserar. Regionkontorets behov kommer dessutom att synkas med Region Hallands "
        "övergripande kompetensförsörjningsplan.</p>"
    )
    assert a.status.label == "Pågår enligt plan"


def test_sickness_absence_is_not_reported_in_ur1(demo):
    # the decision (reference 003) stands over the computed R12 figure for the same month
    [m] = Measurement.objects.filter(
        indicator__name="Sjukfrånvaro", unit__code="RK", period_end=dt.date(2024, 4, 30)
    )
    assert (m.not_reported, m.value) == (True, None)
    assert "inte redovisa sjukfrånvaron i första uppföljningsrapporten" in m.reason


def test_turnover_for_ur1_is_computed_from_the_hr_extract(demo):
    # reference 003: 11,05 % R12 to 2024-04-30, written by the staff-indicator computation
    m = Measurement.objects.get(
        indicator__name="Personalomsättning", unit__code="RK", period_end=dt.date(2024, 4, 30)
    )
    assert round(m.value, 2) == Decimal("11.05")
    assert m.period_start == dt.date(2023, 5, 1) and m.provenance.startswith("Uppsikt: R12")


def test_ur2_2024_is_open_with_an_item_for_maltidsservice(demo):
    ur2 = ReportingPeriod.objects.get(year=2024, kind="ur2")
    assert ur2.is_open
    assert Assessment.objects.filter(period=ur2, unit__code="RSE-MAT").count() == 1


def test_suppressed_staff_figures_become_not_reported_measurements(demo):
    from uppsikt.workforce.models import StaffFigureSet

    suppressed = [s for s in StaffFigureSet.objects.all() if s.figures["turnover"]["total"] is None]
    assert suppressed, "the demo has small units whose turnover is suppressed"
    s = suppressed[0]
    m = Measurement.objects.get(
        indicator__name="Personalomsättning", unit=s.unit, period_end=s.period_end
    )
    assert (m.value, m.not_reported) == (None, True)
    assert m.reason == "Gruppen är 10 personer eller färre."


def test_the_controller_reminds_units_that_have_not_submitted(demo, client):
    from django.contrib.auth import get_user_model
    from django.core import mail
    from django.urls import reverse

    from uppsikt.core.models import AuditEvent

    ur2 = ReportingPeriod.objects.get(year=2024, kind="ur2")
    controller = get_user_model().objects.get(username="controller")
    client.force_login(controller)
    client.post(reverse("followup:reminders", args=[ur2.pk]))
    # UR2 2024 has one open item, for Måltidsservice; its reporter is the demo's "rapportor"
    [message] = mail.outbox
    reporter = get_user_model().objects.get(username="rapportor")
    assert message.to == [reporter.email]
    assert "Måltidsservice" in message.subject and ur2.deadline.isoformat() in message.subject
    assert f"/uppfoljning/{ur2.pk}/enhet/RSE-MAT/" in message.body
    assert AuditEvent.objects.filter(action="followup.reminders").count() == 1


def test_a_reader_cannot_send_reminders(demo, client):
    from django.contrib.auth import get_user_model
    from django.core import mail
    from django.urls import reverse

    ur2 = ReportingPeriod.objects.get(year=2024, kind="ur2")
    client.force_login(get_user_model().objects.get(username="lasare"))
    assert client.post(reverse("followup:reminders", args=[ur2.pk])).status_code == 403
    assert mail.outbox == []


def _workbook_rows(data):
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return book, book["Bedömningar"]


def _save(book):
    import io

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_assessments_go_to_excel_and_back_as_drafts(demo, client):
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    ur2 = ReportingPeriod.objects.get(year=2024, kind="ur2")
    client.force_login(get_user_model().objects.get(username="rapportor"))
    url = reverse("followup:unit_workbook", args=[ur2.pk, "RSE-MAT"])
    book, sheet = _workbook_rows(client.get(url).content)
    row = sheet[2]
    assessment = Assessment.objects.get(pk=row[0].value)
    row[4].value = "Pågår enligt plan"
    row[6].value = "Arbetet går enligt plan."
    client.post(
        reverse("followup:unit_workbook_upload", args=[ur2.pk, "RSE-MAT"]),
        {"file": SimpleUploadedFile("b.xlsx", _save(book))},
    )
    assessment.refresh_from_db()
    assert assessment.status.label == "Pågår enligt plan"
    # saved, never submitted: the demo's approver has returned it, and it stays to report
    assert (
        assessment.comment == "Arbetet går enligt plan."
        and assessment.state == Assessment.State.RETURNED
    )


def test_a_bad_workbook_names_sheet_row_and_column_and_saves_nothing(demo, client):
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    ur2 = ReportingPeriod.objects.get(year=2024, kind="ur2")
    client.force_login(get_user_model().objects.get(username="rapportor"))
    book, sheet = _workbook_rows(
        client.get(reverse("followup:unit_workbook", args=[ur2.pk, "RSE-MAT"])).content
    )
    sheet[2][4].value = "Nästan klart"
    before = Assessment.objects.get(pk=sheet[2][0].value).version
    response = client.post(
        reverse("followup:unit_workbook_upload", args=[ur2.pk, "RSE-MAT"]),
        {"file": SimpleUploadedFile("b.xlsx", _save(book))},
        follow=True,
    )
    assert (
        "blad Bedömningar, rad 2, kolumn E: ”Nästan klart” finns inte i skalan."
        in response.content.decode()
    )
    assert Assessment.objects.get(pk=sheet[2][0].value).version == before


def test_staff_indicator_page_shows_the_plans_target_and_status(demo, client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    client.force_login(get_user_model().objects.get(username="controller"))
    html = client.get(
        reverse("workforce:unit", args=["RK"]), {"period": "2024-04"}
    ).content.decode()
    # turnover 11,05 % against the target 11,0 % with tolerance 0,5 (lower is better):
    # 0,05 on the wrong side, within the tolerance → near
    assert "11,00&#160;%" in html
    assert '<span aria-hidden="true">◆</span> Nära målvärdet' in html
