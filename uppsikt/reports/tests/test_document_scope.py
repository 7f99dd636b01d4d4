"""Documents obey the scope of the screens they are made from: a body's plan, follow-up and
monthly reports hold the ledger and forecasts of the units serving the body; the group report
holds every body's. The demo is loaded once; every request is made inside one transaction that
is rolled back."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _show(kind, code, ident):
    return reverse("reports:document", kwargs={"kind": kind, "code": code, "ident": ident})


def _file(kind, code, ident):
    return reverse(
        "reports:document_file", kwargs={"kind": kind, "code": code, "ident": ident, "fmt": "docx"}
    )


@pytest.fixture(scope="module")
def seen(django_db_setup, django_db_blocker):
    """Statuses and pages for: the demo's approver (a role on the unit Regionservice, which
    serves DNRS), the demo's secretary (a role on the body RS), and a controller on the unit
    Ekonomi (one of the many units under Regionkontoret, which serves RS)."""
    from uppsikt.core.permissions import SYSTEM
    from uppsikt.demo.loader import load_demo
    from uppsikt.organisation import services
    from uppsikt.organisation.models import Body, Organisation, Role, Unit

    out: dict = {}
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        organisation = Organisation.objects.get()
        dnrs = Body.objects.get(code="DNRS")
        dnrs_code = dnrs.effective_register_prefix or dnrs.code
        user = services.account_create(actor=SYSTEM, username="ekocontroller", password=None)
        services.role_grant(
            actor=SYSTEM,
            user=user,
            role=Role.CONTROLLER,
            organisation=organisation,
            unit=Unit.objects.get(code="RK-EKO"),
        )
        approver, secretary, eko = (
            _client("godkannare"),
            _client("sekreterare"),
            _client("ekocontroller"),
        )
        out["approver_monthly_rs"] = approver.get(_show("monthly", "RS", "2024-02")).status_code
        out["approver_monthly_rs_file"] = approver.get(
            _file("monthly", "RS", "2024-02")
        ).status_code
        out["approver_followup_rs"] = approver.get(_show("followup", "RS", "2024-UR1")).status_code
        out["approver_plan_rs"] = approver.get(_show("plan", "RS", "2024")).status_code
        out["approver_group"] = approver.get(_show("group", "region", "2024-02")).status_code
        out["approver_group_file"] = approver.get(_file("group", "region", "2024-02")).status_code
        out["approver_monthly_dnrs"] = approver.get(
            _show("monthly", dnrs_code, "2024-02")
        ).status_code
        out["secretary_monthly_rs"] = secretary.get(_show("monthly", "RS", "2024-02")).status_code
        out["eko_monthly_rs"] = eko.get(_show("monthly", "RS", "2024-02")).status_code
        out["approver_index"] = approver.get(reverse("reports:documents")).content.decode()
        out["dnrs_code"] = dnrs_code
        transaction.set_rollback(True)
    return out


def test_a_unit_role_cannot_read_another_bodys_monthly_report(seen):
    # Regionservice serves DNRS, not RS: RS's forecasts are not the approver's to see
    assert seen["approver_monthly_rs"] == 403


def test_a_unit_role_cannot_download_another_bodys_monthly_report(seen):
    assert seen["approver_monthly_rs_file"] == 403


def test_a_unit_role_cannot_read_another_bodys_follow_up_report(seen):
    assert seen["approver_followup_rs"] == 403


def test_a_unit_role_cannot_read_another_bodys_plan_document(seen):
    assert seen["approver_plan_rs"] == 403


def test_the_group_report_needs_an_organisation_wide_role(seen):
    assert seen["approver_group"] == 403
    assert seen["approver_group_file"] == 403


def test_a_unit_role_reads_the_reports_of_the_body_its_units_serve(seen):
    assert seen["approver_monthly_dnrs"] == 200


def test_a_body_role_reads_its_bodys_reports(seen):
    assert seen["secretary_monthly_rs"] == 200


def test_a_role_on_part_of_a_bodys_units_cannot_read_the_bodys_reports(seen):
    # Ekonomi is one department under Regionkontoret: the report holds all of RS's units
    assert seen["eko_monthly_rs"] == 403


def test_the_documents_page_lists_only_the_documents_in_scope(seen):
    page = seen["approver_index"]
    assert f"/dokument/{seen['dnrs_code']}/2024-02/" in page
    assert "/dokument/RS/2024-02/" not in page
    assert "/dokument/group/region/" not in page
