"""The public tables: the register's public cases and the public indicator values, as CSV and
JSON, without login; no secret or voided case, no value of a draft plan or a computed figure;
no text a formula."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from uppsikt.cases import services as case_services
from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation.tests import factories as org
from uppsikt.planning import services as planning_services
from uppsikt.planning.models import Indicator
from uppsikt.planning.tests import factories as planning

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x.example","klicka")'


@pytest.fixture
def region():
    o = org.organisation(name="Region Prov", slug="region-prov")
    board = org.body(o, "RS", name="Regionstyrelsen")
    unit = org.unit(o, "RK", name="Regionkontoret")
    public = case_services.case_register(
        actor=SYSTEM,
        organisation=o,
        body=board,
        title=FORMULA,
        registered_on=dt.date(2025, 3, 4),
    )
    case_services.case_register(
        actor=SYSTEM,
        organisation=o,
        body=board,
        title="Hemligt ärende XQ",
        secret=True,
        secrecy_ground="OSL 21 kap. 1 §",
    )
    voided = case_services.case_register(
        actor=SYSTEM, organisation=o, body=board, title="Makulerat ärende XQ"
    )
    case_services.case_void(actor=SYSTEM, case=voided, reason="Dubbelregistrering.")
    adopted = planning.plan(o, board, 2025)
    draft = planning.plan(o, board, 2026, adopted=False)

    def measured(name, plan, value, **kwargs):
        indicator = planning.indicator(o, name, plans=[plan], decimals=1, **kwargs)
        planning_services.measurement_record(
            actor=SYSTEM,
            indicator=indicator,
            unit=unit,
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 6, 30),
            value=Decimal(value),
            provenance="Källa XQ",
        )

    measured("Väntetid", adopted, "12.25")
    measured("Utkastindikator XQ", draft, "3")
    measured("Beräknad XQ", adopted, "4", source=Indicator.Source.COMPUTED)
    return {"public": public}


def test_the_register_list_of_public_cases_as_csv_neutralises_formulas(client, region):
    response = client.get(reverse("oparl:cases_download", args=["csv"]))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == "Diarienummer;Ärendemening;Ärendetyp;Organ;Registrerat;Status;Avslutat"
    assert len(lines) == 2
    number = region["public"].number
    assert lines[1].startswith(f"{number};\"'=HYPERLINK(")
    assert lines[1].endswith(";Ärende;Regionstyrelsen;2025-03-04;Pågående;")
    assert "XQ" not in text


def test_the_register_list_as_json(client, region):
    response = client.get(reverse("oparl:cases_download", args=["json"]))
    rows = json.loads(response.content)["data"]
    assert [r["number"] for r in rows] == [region["public"].number]
    assert rows[0]["title"] == FORMULA  # JSON is no spreadsheet: the text as it is
    assert rows[0]["registered_on"] == "2025-03-04"


def test_indicator_values_only_of_adopted_plans_and_never_computed(client, region):
    response = client.get(reverse("oparl:indicators_download", args=["csv"]))
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == "Indikator;Enhet;Enhetskod;Organisatorisk enhet;Från;Till;Utfall"
    # 12.25 with one decimal (half to even, as Decimal formats): 12,2
    assert lines[1:] == ["Väntetid;%;RK;Regionkontoret;2025-01-01;2025-06-30;12,2"]
    rows = json.loads(client.get(reverse("oparl:indicators_download", args=["json"])).content)
    assert rows["data"][0]["value"] == "12.2"
    assert "XQ" not in text and "Källa" not in text


def test_an_unknown_format_is_not_found_and_the_page_links_both(client, region):
    assert client.get(reverse("oparl:cases_download", args=["xlsx"])).status_code == 404
    page = client.get(reverse("oparl:downloads")).content.decode()
    assert reverse("oparl:cases_download", args=["csv"]) in page
    assert reverse("oparl:indicators_download", args=["json"]) in page
    assert reverse("oparl:system") in page
    board = client.get(reverse("noticeboard:board")).content.decode()
    assert reverse("oparl:downloads") in board
