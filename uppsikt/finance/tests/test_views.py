from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from uppsikt.core.models import Job
from uppsikt.finance import selectors
from uppsikt.finance.models import LedgerImport
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories

from .test_ledger import LEDGER

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    org = factories.organisation()
    rk = factories.unit(org, "RK")
    factories.unit(org, "EKO", rk, cost_centres=["11"])
    return org


@pytest.fixture
def controller(client, org):
    user = factories.user("controller")
    factories.grant(user, Role.CONTROLLER, org)
    client.force_login(user)
    return client


def upload(client, data: bytes, name="region.se"):
    return client.post(reverse("finance:import_upload"), {"file": SimpleUploadedFile(name, data)})


def test_a_controller_uploads_a_file_and_the_job_reports_success(controller, org):
    response = upload(controller, LEDGER.encode("cp437"))
    job = Job.objects.get()
    assert response["Location"] == reverse("job", args=[job.pk])
    assert job.status == Job.Status.DONE and job.progress == 100
    imp = LedgerImport.objects.get()
    assert job.result["import_id"] == imp.pk
    page = controller.get(reverse("job", args=[job.pk])).content.decode()
    assert "Klar" in page and f"/ekonomi/importer/{imp.pk}/" in page


def test_a_bad_upload_fails_with_its_line_and_changes_nothing(controller, org):
    upload(controller, LEDGER.replace("-60000.00", "-59000.00").encode("cp437"))
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert any("region.se, rad 22" in e and "balanserar inte" in e for e in job.errors), job.errors
    assert LedgerImport.objects.count() == 0
    html = controller.get(reverse("job", args=[job.pk])).content.decode()
    assert "Ingenting har ändrats." in html


def test_a_file_of_the_wrong_type_is_refused_before_reading(controller, org):
    response = upload(controller, b"%PDF-1.4", name="rapport.pdf")
    assert response["Location"] == reverse("finance:imports")
    assert Job.objects.count() == 0


def test_someone_without_the_import_role_cannot_upload(client, org):
    user = factories.user("lasare")
    factories.grant(user, Role.READER, org)
    client.force_login(user)
    assert upload(client, LEDGER.encode("cp437")).status_code == 403
    assert LedgerImport.objects.count() == 0


def test_ledger_page_drills_down_to_accounts_and_vouchers(controller, org):
    upload(controller, LEDGER.encode("cp437"))
    page = controller.get(
        reverse("finance:ledger"), {"enhet": "RK", "manad": "2024-02"}
    ).content.decode()
    assert "\u2212193\u00a0tkr" in page  # staff costs −193 000 kr, report sign, in tkr
    assert "rad=staff" in page
    accounts = controller.get(
        reverse("finance:accounts"), {"enhet": "RK", "manad": "2024-02", "rad": "staff"}
    )
    assert "4011 Löner" in accounts.content.decode()
    vouchers = controller.get(
        reverse("finance:transactions"), {"enhet": "RK", "manad": "2024-02", "konto": "4011"}
    )
    html = vouchers.content.decode()
    assert "Januari" in html and "Februari" in html and "98\u00a0000\u00a0kr" in html


def test_downloads(controller, org):
    upload(controller, LEDGER.encode("cp437"))
    csv = controller.get(reverse("finance:trial_balance", args=["csv"]), {"manad": "2024-02"})
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode().splitlines()[0] == "account,name,opening,movement,closing,budget"
    xlsx = controller.get(reverse("finance:trial_balance", args=["xlsx"]), {"manad": "2024-02"})
    assert xlsx.content[:2] == b"PK"
    assert (
        controller.get(
            reverse("finance:trial_balance", args=["pdf"]), {"manad": "2024-02"}
        ).status_code
        == 404
    )
    ytd = controller.get(
        reverse("finance:ytd_download"), {"enhet": "EKO", "manad": "2024-02"}
    ).json()
    assert ytd["unit"] == "EKO" and ytd["period"] == "2024-02"


def test_the_demo_ledger_gives_the_reference_figures(transactional_db):
    from uppsikt.demo.loader import load_demo

    context = load_demo()
    org = context.organisation
    rk = org.units.get(code="RK")
    net = selectors.ytd_table(organisation=org, unit=rk, year=2024, month=4).row("net")
    # reference 003: −225 975 tkr against −240 413 tkr, +14 438 tkr, +6,0 %
    assert (net.actual, net.budget, net.variance) == (
        Decimal(-225_975_000),
        Decimal(-240_413_000),
        Decimal(14_438_000),
    )
    assert round(net.variance_percent, 1) == Decimal("6.0")
    rse = org.units.get(code="RSE")
    result = selectors.ytd_table(organisation=org, unit=rse, year=2025, month=8).row("result")
    # reference 002: Regionservice Jan–Aug 2025 +8,1 mnkr, the year before +10,3 mnkr
    assert round(result.actual / 1_000_000, 1) == Decimal("8.1")
    assert round(result.previous / 1_000_000, 1) == Decimal("10.3")


def test_a_controller_edits_a_report_lines_account_ranges_and_the_table_follows(controller, org):
    upload(controller, LEDGER.encode("cp437"))
    from uppsikt.finance.models import ReportLine

    rk = org.units.get(code="RK")
    before = selectors.ytd_table(organisation=org, unit=rk, year=2024, month=2)
    assert before.row("other").actual == Decimal("-12000.50")
    # move 5410 (consultants) to the staff line: staff 4000–4999 and 5400–5499
    staff = ReportLine.objects.get(organisation=org, code="staff")
    other = ReportLine.objects.get(organisation=org, code="other")
    controller.post(
        reverse("finance:report_lines"), {"line": staff.pk, "ranges": "4000-4999, 5400–5499"}
    )
    controller.post(
        reverse("finance:report_lines"), {"line": other.pk, "ranges": "5000-5399, 5500-7999"}
    )
    after = selectors.ytd_table(organisation=org, unit=rk, year=2024, month=2)
    # staff −193 000 − 12 000,50 = −205 000,50; other 0
    assert after.row("staff").actual == Decimal("-205000.50")
    assert after.row("other").actual == Decimal("0")
    assert after.row("net").actual == before.row("net").actual


def test_bad_ranges_are_refused_and_a_reader_cannot_edit(controller, org, client):
    upload(controller, LEDGER.encode("cp437"))
    from uppsikt.finance.models import ReportLine

    staff = ReportLine.objects.get(organisation=org, code="staff")
    response = controller.post(
        reverse("finance:report_lines"), {"line": staff.pk, "ranges": "4999-4000"}, follow=True
    )
    assert "Ogiltigt kontointervall" in response.content.decode()
    assert [(r.first, r.last) for r in staff.ranges.all()] == [("4000", "4999")]
    reader = factories.user("lasare2")
    factories.grant(reader, Role.READER, org)
    client.force_login(reader)
    assert (
        client.post(
            reverse("finance:report_lines"), {"line": staff.pk, "ranges": "1-2"}
        ).status_code
        == 403
    )
    assert client.get(reverse("finance:report_lines")).status_code == 200


def test_a_gzip_upload_is_refused_with_a_clear_message_before_reading(controller, org):
    import gzip

    response = upload(controller, gzip.compress(LEDGER.encode("cp437")), name="region.se")
    assert response["Location"] == reverse("finance:imports")
    assert Job.objects.count() == 0
    page = controller.get(reverse("finance:imports")).content.decode()
    assert "gzip-komprimerad" in page


@pytest.mark.parametrize(
    "ranges", ["1" * 5000 + "-9", "4000-" + "9" * 5000, "²-4999", "4000-" + "9" * 21]
)
def test_a_range_that_is_no_account_number_is_refused_with_a_message(controller, org, ranges):
    from uppsikt.core.permissions import SYSTEM
    from uppsikt.finance.models import ReportLine
    from uppsikt.finance.services import report_lines_set_default

    # an account number is at most 20 ASCII digits (ReportLineRange.first/last)

    report_lines_set_default(actor=SYSTEM, organisation=org)
    staff = ReportLine.objects.get(organisation=org, code="staff")
    response = controller.post(
        reverse("finance:report_lines"), {"line": staff.pk, "ranges": ranges}, follow=True
    )
    assert response.status_code == 200
    assert "Ogiltigt kontointervall" in response.content.decode()
    assert [(r.first, r.last) for r in staff.ranges.all()] == [("4000", "4999")]


@pytest.mark.parametrize("line", ["9" * 25, "²", "abc"])
def test_a_report_line_id_that_is_no_id_answers_400(controller, org, line):
    response = controller.post(reverse("finance:report_lines"), {"line": line, "ranges": "1-2"})
    assert response.status_code == 400


def test_the_voucher_drill_down_shows_the_rows_date_and_the_vouchers(controller, org):
    from .test_ledger import ACROSS_MONTHS

    upload(controller, ACROSS_MONTHS.encode("cp437"), "over.se")
    page = controller.get(
        reverse("finance:transactions"), {"enhet": "RK", "manad": "2024-02", "konto": "5410"}
    ).content.decode()
    # the row is dated 1 February, its voucher 31 January
    assert "Verifikationsdatum" in page
    assert '<td class="date">2024-02-01</td>' in page
    assert '<td class="date">2024-01-31</td>' in page
