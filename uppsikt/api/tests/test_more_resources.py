"""The resources beside planning and follow-up: the ledger and forecasts kept to the units in
scope, the staff figures only as the disclosure control lets them out, the register and the
meetings without what secrecy withholds, the notice board, and the kept documents."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from uppsikt.core.permissions import SYSTEM
from uppsikt.finance.models import Forecast, ReportLine
from uppsikt.workforce import selectors as workforce_selectors
from uppsikt.workforce import services as workforce_services
from uppsikt.workforce.tests.test_import import sources

from .conftest import EVERY, bearer, make_token

pytestmark = pytest.mark.django_db


def get(client, url, secret):
    return client.get(url, **bearer(secret))


def data(client, url, secret) -> list:
    response = get(client, url, secret)
    assert response.status_code == 200, response.content
    return response.json()["data"]


def error_code(response) -> str:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    return body["error"]["code"]


# --- finance: a unit's token reads its unit only ----------------------------------------------


@pytest.fixture
def forecasts(api_region):
    line = ReportLine.objects.create(organisation=api_region.org, code="K1", name="Kostnader")
    made = {}
    for unit, cents in ((api_region.mat, -125_000_000), (api_region.log, -90_000_000)):
        made[unit.code] = Forecast.objects.create(
            unit=unit, year=2024, as_of=202404, report_line=line, cents=cents
        )
    return made


def test_a_unit_token_reads_only_its_units_ledger_and_forecasts(client, api_region, forecasts):
    _t, secret = make_token(api_region, api_region.reporter)  # a reporter on RSE-MAT
    for url in (
        "/api/v1/finance/year-to-date?unit=RSE-LOG&period=2024-04",
        "/api/v1/finance/forecast?unit=RSE-LOG&period=2024-04",
        "/api/v1/finance/forecast?unit=RSE&period=2024-04",  # the parent holds RSE-LOG too
        "/api/v1/finance/year-to-date?period=2024-04",  # the whole organisation
    ):
        response = get(client, url, secret)
        assert response.status_code == 403, url
        assert error_code(response) == "forbidden"
    rows = data(client, "/api/v1/finance/forecasts", secret)
    assert [(r["unit"], Decimal(r["amount"])) for r in rows] == [("RSE-MAT", Decimal(-1250000))]
    assert data(client, "/api/v1/finance/forecasts?unit=RSE-LOG", secret) == []
    table = get(client, "/api/v1/finance/forecast?unit=RSE-MAT&period=2024-04", secret).json()
    # the entered forecast −1 250 000 kr against no budget: variance = forecast − 0
    k1 = next(r for r in table["rows"] if r["code"] == "K1")
    assert k1["entered"] is True
    assert Decimal(k1["forecast"]) == Decimal(-1250000) == Decimal(k1["variance"])
    net = next(r for r in table["rows"] if r["code"] == "net")
    assert Decimal(net["forecast"]) == Decimal(-1250000)  # RSE-LOG's −900 000 is not in it


def test_a_token_scoped_to_a_unit_is_kept_there_though_its_owner_reads_everything(
    client, api_region, forecasts
):
    _t, secret = make_token(api_region, api_region.controller, units=[api_region.mat])
    assert (
        get(client, "/api/v1/finance/year-to-date?unit=RSE-LOG&period=2024-04", secret).status_code
        == 403
    )
    assert get(client, "/api/v1/finance/year-to-date?period=2024-04", secret).status_code == 403
    assert {r["unit"] for r in data(client, "/api/v1/finance/forecasts", secret)} == {"RSE-MAT"}
    _t, everywhere = make_token(api_region, api_region.controller)
    whole = get(client, "/api/v1/finance/year-to-date?period=2024-04", everywhere)
    assert whole.status_code == 200 and whole.json()["unit"] is None
    assert {r["unit"] for r in data(client, "/api/v1/finance/forecasts", everywhere)} == {
        "RSE-MAT",
        "RSE-LOG",
    }


@pytest.mark.parametrize("period", ["2024-13", "2024-4", "24-04", "x"])
def test_a_month_that_is_no_month_is_422(client, api_region, period):
    _t, secret = make_token(api_region, api_region.controller)
    response = get(client, f"/api/v1/finance/year-to-date?unit=RSE-MAT&period={period}", secret)
    assert response.status_code == 422 and error_code(response) == "invalid"


def test_without_a_budgeted_month_the_default_month_is_not_found(client, api_region):
    _t, secret = make_token(api_region, api_region.controller)
    response = get(client, "/api/v1/finance/year-to-date?unit=RSE-MAT", secret)
    assert response.status_code == 404 and error_code(response) == "not_found"


# --- staff figures: the disclosure control's figures, and nothing to subtract -----------------


def _people(n_mat: int, n_log: int) -> dict:
    """``n_mat`` employees on RSE-MAT and ``n_log`` on RSE-LOG, full time since 2020, each
    sick three days in January 2025."""
    employees = ["employee_id,gender,birth_year"]
    employments = [
        "employment_id,employee_id,unit_code,start_date,end_date,form,weekly_hours,extent,"
        "end_reason"
    ]
    absences = ["employee_id,start_date,end_date,extent,kind"]
    units = ["RSE-MAT"] * n_mat + ["RSE-LOG"] * n_log
    for i, unit in enumerate(units, start=1):
        employees.append(f"E{i},{'K' if i % 2 else 'M'},{1970 + i}")
        employments.append(f"A{i},E{i},{unit},2020-01-01,,tillsvidare,40,100,")
        absences.append(f"E{i},2025-01-{10 + i % 10:02d},2025-01-{12 + i % 10:02d},100,sjuk")
    return sources(
        "\n".join(employees) + "\n", "\n".join(employments) + "\n", "\n".join(absences) + "\n"
    )


@pytest.fixture
def staff(api_region):
    """12 persons on RSE-MAT, 3 on RSE-LOG, 15 on RSE. RSE-LOG (3 ≤ 10) is suppressed for its
    size; RSE's rest beside RSE-MAT would then be RSE-LOG's 3 persons, so RSE-MAT is
    suppressed too (complementary suppression); RSE (15) is shown, as percentages only, since
    it has sub-units (docs/workforce.md, Disclosure control)."""
    workforce_services.hr_extract_import(
        actor=SYSTEM,
        organisation=api_region.org,
        sources=_people(12, 3),
        covers_until=dt.date(2025, 3, 31),
    )
    workforce_services.staff_figures_recompute(actor=SYSTEM, organisation=api_region.org)
    return api_region


ABSOLUTE = ("sick_hours", "ordinary_hours", "departures", "average_headcount")


def _values(block):
    if isinstance(block, dict):
        for value in block.values():
            yield from _values(value)
    else:
        yield block


def test_suppressed_staff_figures_stay_suppressed_and_leave_nothing_to_subtract(client, staff):
    _t, secret = make_token(staff, staff.approver)  # RSE and both units below it
    rows = data(client, "/api/v1/staff-figures?period=2025-02", secret)  # the latest stored
    by_unit = {r["unit"]: r for r in rows}
    assert set(by_unit) == {"RSE", "RSE-MAT", "RSE-LOG"}
    # RSE-LOG for its size, RSE-MAT to protect it: every value of both blocks is null
    for code in ("RSE-MAT", "RSE-LOG"):
        for block in ("sickness", "turnover"):
            assert set(_values(by_unit[code][block])) == {None}, (code, block)
    # RSE is shown, as a share only: no hours or heads from which a sub-unit's could be
    # subtracted (whatever could be derived from what the API returns counts as shown)
    assert by_unit["RSE"]["sickness"]["total"] is not None
    for key in ("sick_hours", "ordinary_hours"):
        assert by_unit["RSE"]["sickness"][key] is None
    for key in ("departures", "average_headcount"):
        assert by_unit["RSE"]["turnover"][key] is None
    # the same as the screens' selector hands out, for every unit and month listed
    every = []
    cursor = None
    while True:
        page = get(
            client,
            "/api/v1/staff-figures?limit=50" + (f"&cursor={cursor}" if cursor else ""),
            secret,
        ).json()
        every += page["data"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    units = {u.code: u for u in (staff.rse, staff.mat, staff.log)}
    for row in every:
        shown = workforce_selectors.figure_set(
            unit=units[row["unit"]], period_end=dt.date.fromisoformat(row["period_end"])
        )
        assert row["sickness"] == shown.figures["sickness"], row["period"]
        assert row["turnover"] == shown.figures["turnover"], row["period"]
        if row["unit"] == "RSE":
            assert all(
                row[block][key] is None
                for block in ("sickness", "turnover")
                for key in ABSOLUTE
                if key in row[block]
            )
    # no figure of a group's size leaves at all
    assert "sizes" not in json.dumps(every) and "exposure" not in json.dumps(every)


def test_a_unit_token_reads_only_its_units_staff_figures(client, staff):
    _t, secret = make_token(staff, staff.reporter)  # RSE-MAT
    assert {r["unit"] for r in data(client, "/api/v1/staff-figures", secret)} == {"RSE-MAT"}
    assert data(client, "/api/v1/staff-figures?unit=RSE-LOG", secret) == []
    assert data(client, "/api/v1/staff-figures?unit=RSE", secret) == []
    _t, scoped = make_token(staff, staff.approver, units=[staff.log])
    assert {r["unit"] for r in data(client, "/api/v1/staff-figures", scoped)} == {"RSE-LOG"}


def test_staff_figures_need_their_permission(client, staff):
    _t, secret = make_token(staff, staff.secretary)  # a secretary reads no staff figures
    response = get(client, "/api/v1/staff-figures", secret)
    assert response.status_code == 403 and error_code(response) == "forbidden"
    _t, without = make_token(staff, staff.approver, ["organisation.view"])
    assert get(client, "/api/v1/staff-figures", without).status_code == 403


# --- secrecy: a secret case, record or § never appears for a token not entitled to it -------

SECRETS = ("Hemlig Hansson", "Sekretessgatan", "affärshemlighet", "Läkarintyg")
LISTS = (
    "/api/v1/cases",
    "/api/v1/records",
    "/api/v1/meetings",
    "/api/v1/minutes-items",
    "/api/v1/decision-assignments",
    "/api/v1/notices",
    "/api/v1/documents",
)


def _sweep(client, register, secret) -> str:
    """Every answer of the register's and the meetings' reads, as one text."""
    urls = [
        *LISTS,
        f"/api/v1/meetings/{register.meeting.pk}",
        f"/api/v1/records?case={register.secret_case.pk}",
        f"/api/v1/minutes-items?meeting={register.meeting.pk}",
    ]
    return "\n".join(get(client, url, secret).content.decode("unicode_escape") for url in urls)


def _ids(client, url, secret) -> set[int]:
    return {r["id"] for r in data(client, url, secret)}


@pytest.mark.parametrize("role", ["reader", "reporter", "approver", "controller"])
def test_secret_material_never_appears_for_an_owner_the_gate_keeps_out(
    client, api_region, register, role
):
    """Every permission, ``secrecy.read`` too: the owner is not entitled, so none of it."""
    _t, secret = make_token(api_region, getattr(api_region, role), EVERY)
    text = _sweep(client, register, secret)
    for word in SECRETS:
        assert word not in text, word
    assert _ids(client, "/api/v1/cases", secret) == {register.open_case.pk}
    assert _ids(client, "/api/v1/records", secret) == {register.open_record.pk}
    assert _ids(client, "/api/v1/minutes-items", secret) == {register.items["open"].pk}
    assert _ids(client, "/api/v1/decision-assignments", secret) == {register.assignments["open"].pk}
    for url in (
        f"/api/v1/cases/{register.secret_case.pk}",
        f"/api/v1/minutes-items/{register.items['secret'].pk}",
        f"/api/v1/minutes-items/{register.items['secret_case'].pk}",
    ):
        response = get(client, url, secret)
        assert response.status_code == 404 and error_code(response) == "not_found"
    agenda = get(client, f"/api/v1/meetings/{register.meeting.pk}", secret).json()["agenda"]
    assert [a["title"] for a in agenda] == ["Upphandling av livsmedel"]


def test_the_notice_board_shows_a_secret_item_by_its_number_only(client, api_region, register):
    _t, secret = make_token(api_region, api_region.reader, ["organisation.view"])
    [notice] = data(client, "/api/v1/notices", secret)  # no permission needed beyond a token
    assert [(i["label"], i["title"], i["secret"]) for i in notice["items"]] == [
        ("§ 1", "Upphandling av livsmedel", False),
        ("§ 2", "", True),
        ("§ 3", "", True),
    ]
    assert data(client, "/api/v1/notices?current=false", secret) == []


def test_the_entitled_owner_reads_secret_material_only_with_secrecy_read(
    client, api_region, register
):
    """The secretary of DNRS (``cases.secret`` on it) is entitled by the gate; a token of
    theirs shows secret material only when it carries ``secrecy.read``, and only within its
    own scope."""
    without = [p for p in EVERY if p != "secrecy.read"]
    _t, plain = make_token(api_region, api_region.secretary, without)
    text = _sweep(client, register, plain)
    for word in SECRETS:
        assert word not in text, word
    _t, entitled = make_token(api_region, api_region.secretary, EVERY)
    assert _ids(client, "/api/v1/cases", entitled) == {
        register.open_case.pk,
        register.secret_case.pk,
    }
    assert _ids(client, "/api/v1/records", entitled) == {
        register.open_record.pk,
        register.secret_record.pk,
        register.record_of_secret_case.pk,
    }
    assert _ids(client, "/api/v1/minutes-items", entitled) == {
        i.pk for i in register.items.values()
    }
    assert (
        len(get(client, f"/api/v1/meetings/{register.meeting.pk}", entitled).json()["agenda"]) == 3
    )
    _t, elsewhere = make_token(api_region, api_region.secretary, EVERY, units=[api_region.log])
    text = _sweep(client, register, elsewhere)
    for word in SECRETS:
        assert word not in text, word


def test_taking_the_role_back_takes_the_secrets_from_the_token(client, api_region, register):
    from uppsikt.organisation.models import RoleGrant

    _t, secret = make_token(api_region, api_region.secretary, EVERY)
    assert register.secret_case.pk in _ids(client, "/api/v1/cases", secret)
    RoleGrant.objects.filter(user=api_region.secretary).delete()
    response = get(client, "/api/v1/cases", secret)  # no role left: cases.view neither
    assert response.status_code == 403 and error_code(response) == "forbidden"


# --- documents -----------------------------------------------------------------------------


def test_a_kept_document_is_listed_and_downloaded_as_kept(client, api_region, register):
    _t, secret = make_token(api_region, api_region.approver)  # on RSE, which serves DNRS
    [doc] = data(client, "/api/v1/documents?kind=followup&body=DNRS&year=2024", secret)
    assert (doc["body"], doc["period"], doc["format"]) == ("DNRS", "2024-UR1", "pdf")
    response = get(client, f"/api/v1/documents/{doc['id']}/file", secret)
    assert response.status_code == 200
    assert response.content == b"%PDF-1.7\n% Uppfoljningsrapport DNRS\n"
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Checksum-SHA256"] == register.document.checksum
    again = client.get(
        f"/api/v1/documents/{doc['id']}/file", HTTP_IF_NONE_MATCH=response["ETag"], **bearer(secret)
    )
    assert again.status_code == 304
    assert data(client, "/api/v1/documents?year=2023", secret) == []
    assert data(client, "/api/v1/documents?period=2024-UR2", secret) == []


def test_a_document_of_a_body_the_owner_does_not_cover_is_not_there(client, api_region, register):
    _t, secret = make_token(api_region, api_region.reporter)  # RSE-MAT only: not all of DNRS
    assert data(client, "/api/v1/documents", secret) == []
    response = get(client, f"/api/v1/documents/{register.document.pk}/file", secret)
    assert response.status_code == 404 and error_code(response) == "not_found"
    _t, scoped = make_token(api_region, api_region.controller, units=[api_region.log])
    assert data(client, "/api/v1/documents", scoped) == []


# --- filters, pages, ETag ----------------------------------------------------------------------


def test_meetings_filters_pages_and_etag(client, api_region, register):
    _t, secret = make_token(api_region, api_region.reader)
    assert _ids(client, "/api/v1/meetings?body=DNRS&year=2024&status=held", secret) == {
        register.meeting.pk
    }
    assert data(client, "/api/v1/meetings?year=2023", secret) == []
    response = get(client, "/api/v1/meetings?status=nope", secret)
    assert response.status_code == 422 and error_code(response) == "invalid"
    assert data(client, "/api/v1/minutes-items?modified_since=2999-01-01T00:00:00Z", secret) == []
    first = get(client, "/api/v1/decision-assignments?limit=1&unit=RSE-MAT", secret).json()
    assert len(first["data"]) == 1 and first["next_cursor"] is None  # the only one it may see
    response = get(client, "/api/v1/cases?body=NOPE", secret)
    assert response.status_code == 422 and error_code(response) == "invalid"
    listed = get(client, "/api/v1/cases", secret)
    same = client.get("/api/v1/cases", HTTP_IF_NONE_MATCH=listed["ETag"], **bearer(secret))
    assert same.status_code == 304


def test_cases_page_through_in_a_stable_order(client, api_region, register):
    _t, secret = make_token(api_region, api_region.secretary, EVERY)
    first = get(client, "/api/v1/cases?limit=1", secret).json()
    second = get(client, f"/api/v1/cases?limit=1&cursor={first['next_cursor']}", secret).json()
    assert [c["id"] for c in first["data"] + second["data"]] == [
        register.open_case.pk,
        register.secret_case.pk,
    ]
    assert second["next_cursor"] is None


def test_the_indicator_series_written_from_staff_figures_shows_no_more_than_they_do(client, staff):
    """The plans' indicators computed from the staff figures are another way out: for a
    suppressed unit they hold no value, and for the parent its share (the same as
    /staff-figures), so no sum or difference of what the API returns reveals a hidden one."""
    from uppsikt.planning.tests import factories as plan_factories

    indicator = plan_factories.indicator(
        staff.org, "Sjukfrånvaro R12", computed_from="workforce.sickness.total"
    )
    workforce_services.staff_measurements_publish(actor=SYSTEM, organisation=staff.org)
    _t, secret = make_token(staff, staff.approver)
    series = data(
        client, f"/api/v1/measurements?indicator={indicator.pk}&year=2025&limit=200", secret
    )
    figures = {
        (r["unit"], r["period_end"]): r["sickness"]["total"]
        for r in data(client, "/api/v1/staff-figures?year=2025&limit=200", secret)
    }
    assert series and len(series) == len(figures)
    for m in series:
        shown = figures[(m["unit"], m["period_end"])]
        if m["unit"] in ("RSE-MAT", "RSE-LOG"):
            assert m["value"] is None and m["not_reported"] is True
        assert (m["value"] is None) == (shown is None)
        if shown is not None:
            # a measurement keeps six decimals
            assert Decimal(m["value"]) == Decimal(str(shown)).quantize(Decimal("0.000001"))


def test_a_member_reads_the_secret_case_sent_to_their_meeting_and_no_other_secret(
    client, api_region, register
):
    """The gate's meeting-material provider admits a member of DNRS to the cases on the
    agenda of its meeting held (the secret case), not to a secret § without a case nor to
    a secret record of an open case, which were never sent as basis."""
    from uppsikt.organisation import services as org_services
    from uppsikt.organisation.models import Membership, Role
    from uppsikt.organisation.tests import factories as org_factories

    person = org_factories.person(api_region.org, "Mia", "Holm")
    org_factories.membership(person, api_region.dnrs, Membership.Role.MEMBER, end=None)
    member = org_services.account_create(
        actor=SYSTEM, username="ledamot", password="korrekt-hast-batteri", person=person
    )
    org_factories.grant(member, Role.MEMBER, api_region.org, body=api_region.dnrs)
    _t, secret = make_token(api_region, member, EVERY)
    assert _ids(client, "/api/v1/cases", secret) == {
        register.open_case.pk,
        register.secret_case.pk,
    }
    assert _ids(client, "/api/v1/minutes-items", secret) == {
        register.items["open"].pk,
        register.items["secret_case"].pk,
    }
    text = _sweep(client, register, secret)
    for word in ("Sekretessgatan", "affärshemlighet", "Läkarintyg"):
        assert word not in text, word


# --- the ledger's figures of a unit and of the organisation ---------------------------------


@pytest.fixture
def ledger(db):
    """The finance tests' ledger (uppsikt/finance/tests/test_ledger.py): Regionkontoret with
    Ekonomi (cost centre 11) and Regionservice (21), with an account for each role used."""
    from django.core.cache import cache

    from uppsikt.finance import services as finance_services
    from uppsikt.finance.tests.test_ledger import LEDGER
    from uppsikt.organisation.models import Role
    from uppsikt.organisation.tests import factories as org_factories

    cache.clear()
    org = org_factories.organisation()
    rk = org_factories.unit(org, "RK")
    org_factories.unit(org, "EKO", rk, cost_centres=["11"])
    rse = org_factories.unit(org, "RSE", cost_centres=["21"])
    finance_services.sie_import_file(
        actor=SYSTEM, organisation=org, data=LEDGER.encode("cp437"), filename="r.se"
    )
    admin = org_factories.user("admin")
    org_factories.grant(admin, Role.ADMINISTRATOR, org)
    unit_reader = org_factories.user("lasare-rse")
    org_factories.grant(unit_reader, Role.READER, org, unit=rse)
    reader = org_factories.user("lasare")
    org_factories.grant(reader, Role.READER, org)

    class Ledger:
        pass

    found = Ledger()
    found.org, found.admin, found.unit_reader, found.reader = org, admin, unit_reader, reader
    return found


def _rows(response) -> dict:
    assert response.status_code == 200, response.content
    return {r["code"]: r for r in response.json()["rows"]}


def test_a_unit_readers_token_reads_its_units_ledger_and_no_other(client, ledger):
    _t, secret = make_token(ledger, ledger.unit_reader, ["finance.view"])
    rows = _rows(get(client, "/api/v1/finance/year-to-date?unit=RSE&period=2024-02", secret))
    # RSE (cost centre 21): 80 000 on 4011 in January, budget 70 000; report sign: minus
    assert Decimal(rows["staff"]["actual"]) == Decimal(-80000)
    assert Decimal(rows["staff"]["budget"]) == Decimal(-70000)
    assert Decimal(rows["staff"]["variance"]) == Decimal(-10000)
    for url in (
        "/api/v1/finance/year-to-date?unit=EKO&period=2024-02",
        "/api/v1/finance/year-to-date?unit=RK&period=2024-02",
        "/api/v1/finance/year-to-date?period=2024-02",
        "/api/v1/finance/forecast?unit=EKO&period=2024-02",
    ):
        response = get(client, url, secret)
        assert response.status_code == 403 and error_code(response) == "forbidden", url


def test_an_organisation_wide_token_reads_the_whole_ledger(client, ledger):
    _t, secret = make_token(ledger, ledger.reader, ["finance.view"])
    rows = _rows(get(client, "/api/v1/finance/year-to-date?period=2024-02", secret))
    # every cost centre: −(95 000 + 80 000 + 98 000)
    assert Decimal(rows["staff"]["actual"]) == Decimal(-273000)
    eko = _rows(get(client, "/api/v1/finance/year-to-date?unit=RK&period=2024-02", secret))
    # Regionkontoret's subtree is Ekonomi's cost centre 11: −(95 000 + 98 000); budget −200 000
    assert Decimal(eko["staff"]["actual"]) == Decimal(-193000)
    assert Decimal(eko["staff"]["budget"]) == Decimal(-200000)
    # previous year Jan–Feb 2023 (#PSALDO −1): −90 000
    assert Decimal(eko["staff"]["previous"]) == Decimal(-90000)
