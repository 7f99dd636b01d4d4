"""The batch import of measurements: all or nothing, errors per row, idempotent by key."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from uppsikt.api.periods import period_bounds
from uppsikt.planning.models import Measurement

from .conftest import bearer, make_token

pytestmark = pytest.mark.django_db
URL = "/api/v1/measurements/batch"


def send(client, rows, secret, key=None):
    extra = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(
        URL,
        data=json.dumps({"rows": rows}),
        content_type="application/json",
        **bearer(secret),
        **extra,
    )


def rows_for(region, unit="RSE-MAT"):
    return [
        {"unit": unit, "indicator": str(region.indicator.pk), "period": "2024-Q4", "value": "4.5"},
        {"unit": unit, "indicator": str(region.indicator.pk), "date": "2024-12-31", "value": "4"},
    ]


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("2025", (dt.date(2025, 1, 1), dt.date(2025, 12, 31))),
        ("2024-02", (dt.date(2024, 2, 1), dt.date(2024, 2, 29))),  # a leap year
        ("2025-02", (dt.date(2025, 2, 1), dt.date(2025, 2, 28))),
        ("2025-T2", (dt.date(2025, 5, 1), dt.date(2025, 8, 31))),
        ("2025-T3", (dt.date(2025, 9, 1), dt.date(2025, 12, 31))),
        ("2025-Q1", (dt.date(2025, 1, 1), dt.date(2025, 3, 31))),
        ("2025-Q4", (dt.date(2025, 10, 1), dt.date(2025, 12, 31))),
        ("2025-13", None),
        ("2025-00", None),
        ("2025-T4", None),
        ("2025-Q5", None),
        ("25", None),
        ("２０２５", None),
    ],
)
def test_period_bounds(text, bounds):
    assert period_bounds(text) == bounds


def test_a_batch_is_written_whole(client, api_region):
    _t, secret = make_token(api_region, api_region.controller)
    response = send(client, rows_for(api_region), secret)
    assert response.status_code == 201, response.content
    assert response.json()["written"] == 2
    q4 = Measurement.objects.get(unit=api_region.mat, period_start=dt.date(2024, 10, 1))
    assert (q4.period_end, q4.value) == (dt.date(2024, 12, 31), Decimal("4.5"))
    day = Measurement.objects.get(unit=api_region.mat, period_start=dt.date(2024, 12, 31))
    assert day.period_end == dt.date(2024, 12, 31)


def test_one_bad_row_writes_nothing_and_names_every_bad_row(client, api_region):
    _t, secret = make_token(api_region, api_region.controller)
    before = Measurement.objects.count()
    rows = [
        *rows_for(api_region),
        {"unit": "NOPE", "indicator": "999999", "period": "2024", "value": "1"},
        {"unit": "RSE-MAT", "indicator": str(api_region.indicator.pk), "period": "2024-13"},
        {"unit": "RSE-MAT", "indicator": str(api_region.indicator.pk), "period": "2024"},
    ]
    response = send(client, rows, secret)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "batch_refused"
    by_row = {d["row"]: d["problems"] for d in error["details"]}
    assert set(by_row) == {3, 4}
    assert by_row[3] == ["Enheten NOPE finns inte.", "Indikatorn 999999 finns inte."]
    assert by_row[4] == ["Perioden 2024-13 känns inte igen."]
    assert Measurement.objects.count() == before


def test_a_row_the_service_refuses_rolls_back_the_rows_before_it(client, api_region):
    _t, secret = make_token(api_region, api_region.controller)
    before = Measurement.objects.count()
    rows = [*rows_for(api_region)]
    rows.append({"unit": "RSE-MAT", "indicator": str(api_region.indicator.pk), "period": "2023"})
    response = send(client, rows, secret)
    assert response.status_code == 422
    details = response.json()["error"]["details"]
    assert details == [
        {"row": 3, "problems": ["Ange utfallet, eller markera att det inte redovisas."]}
    ]
    assert Measurement.objects.count() == before


def test_a_unit_token_cannot_import_into_another_unit(client, api_region):
    _t, secret = make_token(api_region, api_region.controller, units=[api_region.mat])
    response = send(client, rows_for(api_region, "RSE-LOG"), secret)
    assert response.status_code == 422
    problems = response.json()["error"]["details"][0]["problems"]
    assert problems == ["Nyckeln får inte registrera mätningar för enheten RSE-LOG."]
    assert not Measurement.objects.filter(unit=api_region.log, period_end="2024-12-31").exists()


def test_a_token_without_the_write_permission_gets_403(client, api_region):
    _t, secret = make_token(api_region, api_region.reporter)
    assert send(client, rows_for(api_region), secret).status_code == 403


def test_the_same_key_and_body_give_the_same_reply_and_write_once(client, api_region):
    _t, secret = make_token(api_region, api_region.controller)
    first = send(client, rows_for(api_region), secret, key="imp-2025-01")
    assert first.status_code == 201
    Measurement.objects.filter(pk__in=first.json()["measurements"]).update(value=Decimal(9))
    again = send(client, rows_for(api_region), secret, key="imp-2025-01")
    assert (again.status_code, again.json()) == (201, first.json())
    # not written again: the values changed in between stay
    assert set(
        Measurement.objects.filter(pk__in=first.json()["measurements"]).values_list(
            "value", flat=True
        )
    ) == {Decimal(9)}


def test_the_same_key_with_another_body_is_409(client, api_region):
    _t, secret = make_token(api_region, api_region.controller)
    assert send(client, rows_for(api_region), secret, key="k1").status_code == 201
    other = rows_for(api_region)
    other[0]["value"] = "5"
    response = send(client, other, secret, key="k1")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "idempotency_conflict"


def test_a_refused_batch_keeps_no_key(client, api_region):
    """A batch refused for its rows may be corrected and sent again with the same key."""
    _t, secret = make_token(api_region, api_region.controller)
    bad = [{"unit": "NOPE", "indicator": "1", "period": "2024", "value": "1"}]
    assert send(client, bad, secret, key="k2").status_code == 422
    assert send(client, rows_for(api_region), secret, key="k2").status_code == 201


def test_period_and_date_are_one_or_the_other(client, api_region):
    _t, secret = make_token(api_region, api_region.controller)
    row = {"unit": "RSE-MAT", "indicator": str(api_region.indicator.pk), "value": "1"}
    for extra in ({}, {"period": "2024", "date": "2024-01-01"}):
        response = send(client, [{**row, **extra}], secret)
        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["problems"] == [
            "Ange antingen period eller datum."
        ]


def test_an_indicator_by_its_kolada_id(client, api_region):
    api_region.indicator.kolada_id = "N60030"
    api_region.indicator.save()
    _t, secret = make_token(api_region, api_region.controller)
    row = {"unit": "RSE-MAT", "indicator": "N60030", "period": "2025", "value": "3"}
    assert send(client, [row], secret).status_code == 201
