"""The resources: scope of a unit's token, the error shape, pagination, ETag, writes through
the follow-up and planning services."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from uppsikt.core.models import AuditEvent
from uppsikt.followup.models import Assessment
from uppsikt.planning.models import Measurement

from .conftest import bearer, make_token

pytestmark = pytest.mark.django_db


def post(client, url, body, secret, **extra):
    return client.post(
        url, data=json.dumps(body), content_type="application/json", **bearer(secret), **extra
    )


def put(client, url, body, secret):
    return client.put(url, data=json.dumps(body), content_type="application/json", **bearer(secret))


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    return body["error"]


# --- scope: a token of a role on one unit -------------------------------------------------


def test_a_unit_token_reads_only_its_units_assessments(client, api_region):
    log_assessment = api_region.log_assessment()
    _token, secret = make_token(api_region, api_region.reporter)
    listed = client.get("/api/v1/assessments", **bearer(secret)).json()["data"]
    assert {a["unit"] for a in listed} == {"RSE-MAT"}
    assert (
        client.get(f"/api/v1/assessments/{log_assessment.pk}", **bearer(secret)).status_code == 404
    )
    got = client.get(f"/api/v1/assessments/{api_region.assessment.pk}", **bearer(secret))
    assert got.status_code == 200 and got.json()["unit"] == "RSE-MAT"


def test_a_unit_token_cannot_write_another_units_assessment(client, api_region):
    log_assessment = api_region.log_assessment()
    _token, secret = make_token(api_region, api_region.reporter)
    url = f"/api/v1/assessments/{log_assessment.pk}"
    body = {"version": log_assessment.version, "status": "on_track", "comment": "x"}
    assert put(client, url, body, secret).status_code == 404
    assert post(client, url + "/submit", {"version": 1}, secret).status_code == 404
    assert Assessment.objects.get(pk=log_assessment.pk).version == log_assessment.version


def test_a_token_scoped_below_its_owner_reaches_only_its_scope(client, api_region):
    """The approver holds RSE (both units); a token scoped to RSE-LOG sees only RSE-LOG."""
    log_assessment = api_region.log_assessment()
    _t, secret = make_token(api_region, api_region.approver, units=[api_region.log])
    listed = client.get("/api/v1/assessments", **bearer(secret)).json()["data"]
    assert {a["id"] for a in listed} == {log_assessment.pk}
    api_region.submitted()
    url = f"/api/v1/assessments/{api_region.assessment.pk}/approve"
    assert post(client, url, {"version": api_region.fresh().version}, secret).status_code == 404
    assert api_region.fresh().state == Assessment.State.SUBMITTED


def test_a_unit_token_reads_and_writes_only_its_units_measurements(client, api_region):
    _t, secret = make_token(api_region, api_region.controller, units=[api_region.mat])
    rows = client.get("/api/v1/measurements", **bearer(secret)).json()["data"]
    assert {r["unit"] for r in rows} == {"RSE-MAT"} and len(rows) == 2
    body = {
        "indicator": api_region.indicator.pk,
        "unit": "RSE-LOG",
        "period_start": "2024-01-01",
        "period_end": "2024-12-31",
        "value": "8.0",
    }
    response = post(client, "/api/v1/measurements", body, secret)
    assert response.status_code == 403
    assert error_of(response)["code"] == "forbidden"
    assert not Measurement.objects.filter(unit=api_region.log, period_end="2024-12-31").exists()
    body["unit"] = "RSE-MAT"
    response = post(client, "/api/v1/measurements", body, secret)
    assert response.status_code == 201, response.content
    assert response.json()["value"] == "8.000000" or Decimal(response.json()["value"]) == 8


def test_a_reporter_cannot_record_measurements(client, api_region):
    """Recording needs planning.manage (controllers, administrators), as on the screens."""
    _t, secret = make_token(api_region, api_region.reporter)
    body = {
        "indicator": api_region.indicator.pk,
        "unit": "RSE-MAT",
        "period_start": "2024-01-01",
        "period_end": "2024-12-31",
        "value": "1",
    }
    assert post(client, "/api/v1/measurements", body, secret).status_code == 403


def test_people_need_their_own_permission(client, api_region):
    _t, without = make_token(api_region, api_region.reporter, ["organisation.view"])
    response = client.get("/api/v1/people", **bearer(without))
    assert response.status_code == 403
    _t, secret = make_token(api_region, api_region.reporter, ["people.view"])
    people = client.get("/api/v1/people", **bearer(secret)).json()["data"]
    assert [p["last_name"] for p in people] == ["Ek"]
    assert "eva@example.se" not in json.dumps(people)


# --- the workflow through the follow-up services ------------------------------------------


def test_the_done_when_script(client, api_region):
    """With a token, read a unit's indicator series and submit that unit's assessments; the
    unit's approver approves one through the API."""
    _t, secret = make_token(api_region, api_region.reporter, units=[api_region.mat])
    series = client.get(
        f"/api/v1/measurements?indicator={api_region.indicator.pk}&unit=RSE-MAT&year=2024",
        **bearer(secret),
    ).json()["data"]
    assert [(m["period_end"], Decimal(m["value"])) for m in series] == [
        ("2024-04-30", Decimal("5.5")),
        ("2024-08-31", Decimal("6.25")),
    ]
    todo = client.get(
        f"/api/v1/assessments?unit=RSE-MAT&period={api_region.period.pk}&state=draft",
        **bearer(secret),
    ).json()["data"]
    assert len(todo) == 1
    for a in todo:
        url = f"/api/v1/assessments/{a['id']}"
        saved = put(
            client,
            url,
            {"version": a["version"], "status": "on_track", "comment": "<p>Enligt plan.</p>"},
            secret,
        )
        assert saved.status_code == 200, saved.content
        assert saved.json()["status"] == "on_track"
        done = post(client, url + "/submit", {"version": saved.json()["version"]}, secret)
        assert done.status_code == 200 and done.json()["state"] == "submitted"
    assert AuditEvent.objects.filter(action="assessment.submit", actor=api_region.reporter).exists()
    _t, approver = make_token(api_region, api_region.approver)
    a = api_region.fresh()
    ok = post(client, f"/api/v1/assessments/{a.pk}/approve", {"version": a.version}, approver)
    assert ok.status_code == 200 and ok.json()["state"] == "approved"


def test_the_reporter_token_cannot_approve(client, api_region):
    api_region.submitted()
    _t, secret = make_token(api_region, api_region.reporter)
    a = api_region.fresh()
    response = post(client, f"/api/v1/assessments/{a.pk}/approve", {"version": a.version}, secret)
    assert response.status_code == 403
    assert api_region.fresh().state == Assessment.State.SUBMITTED


def test_an_old_version_is_a_conflict(client, api_region):
    _t, secret = make_token(api_region, api_region.reporter)
    a = api_region.filled()
    response = put(client, f"/api/v1/assessments/{a.pk}", {"version": 1, "comment": "x"}, secret)
    assert response.status_code == 409
    assert error_of(response)["code"] == "version_conflict"


def test_a_refused_transition_is_a_conflict_in_swedish(client, api_region):
    _t, secret = make_token(api_region, api_region.approver)
    a = api_region.fresh()  # a draft
    response = post(client, f"/api/v1/assessments/{a.pk}/approve", {"version": a.version}, secret)
    assert response.status_code == 409
    assert error_of(response) == {
        "code": "invalid_transition",
        "message": "Bara inlämnade bedömningar kan godkännas.",
        "details": None,
    }


def test_submitting_without_an_assessment_is_refused_with_the_services_message(client, api_region):
    _t, secret = make_token(api_region, api_region.reporter)
    a = api_region.fresh()
    response = post(client, f"/api/v1/assessments/{a.pk}/submit", {"version": a.version}, secret)
    assert response.status_code == 422
    assert error_of(response)["message"] == "Välj en bedömning innan du lämnar in."


def test_an_unknown_scale_code_is_422(client, api_region):
    _t, secret = make_token(api_region, api_region.reporter)
    a = api_region.fresh()
    response = put(client, f"/api/v1/assessments/{a.pk}", {"version": 1, "status": "nope"}, secret)
    assert response.status_code == 422
    assert "nope" in error_of(response)["message"]


# --- the error shape ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "status", "code"),
    [
        ("get", "/api/v1/nowhere", 404, "not_found"),
        ("get", "/api/v1/units/NOPE", 404, "not_found"),
        ("get", "/api/v1/units?limit=0", 422, "invalid"),
        ("get", "/api/v1/units?limit=abc", 422, "invalid"),
        ("get", "/api/v1/units?cursor=%%%", 400, "bad_cursor"),
        ("get", "/api/v1/units?body=NOPE", 422, "invalid"),
        ("delete", "/api/v1/units", 405, "method_not_allowed"),
        ("post", "/api/v1/measurements", 415, "unsupported_media_type"),
    ],
)
def test_every_error_has_the_one_shape_in_swedish(client, api_region, method, url, status, code):
    _t, secret = make_token(api_region, api_region.controller)
    response = getattr(client, method)(url, **bearer(secret))
    assert response.status_code == status
    error = error_of(response)
    assert error["code"] == code
    assert error["message"] in SWEDISH[code]


SWEDISH = {
    "not_found": {"Det som efterfrågades finns inte."},
    "invalid": {
        "limit ska vara mellan 1 och 200.",
        "Begäran innehåller fel.",
        "Filtret body känns inte igen.",
    },
    "bad_cursor": {"Markören (cursor) är ogiltig."},
    "method_not_allowed": {"Metoden stöds inte för den här adressen."},
    "unsupported_media_type": {"Skicka innehållet som JSON (Content-Type: application/json)."},
}


def test_an_empty_json_body_is_422_with_the_fields(client, api_region):
    _t, secret = make_token(api_region, api_region.controller)
    response = post(client, "/api/v1/measurements", {}, secret)
    assert response.status_code == 422
    fields = {d["field"] for d in error_of(response)["details"]}
    assert {"body.payload.indicator", "body.payload.unit"} <= fields


def test_a_malformed_json_body_is_an_error_in_the_shape(client, api_region):
    _t, secret = make_token(api_region, api_region.controller)
    response = client.post(
        "/api/v1/measurements", data="{", content_type="application/json", **bearer(secret)
    )
    assert response.status_code in (400, 422)
    error_of(response)


# --- pagination and ETag ----------------------------------------------------------------


def test_cursor_pages_walk_every_row_once_in_a_stable_order(client, api_region):
    _t, secret = make_token(api_region, api_region.controller)
    seen, cursor, pages = [], None, 0
    while True:
        url = "/api/v1/units?limit=2" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(url, **bearer(secret)).json()
        seen += [u["code"] for u in body["data"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == ["RSE", "RSE-MAT", "RSE-LOG"]  # by id: the order they were made
    assert pages == 2


def test_modified_since_filters_by_the_change_time(client, api_region):
    _t, secret = make_token(api_region, api_region.controller)
    later = "2999-01-01T00:00:00Z"
    body = client.get(f"/api/v1/units?modified_since={later}", **bearer(secret)).json()
    assert body == {"data": [], "next_cursor": None}


def test_etag_and_if_none_match_answer_304(client, api_region):
    _t, secret = make_token(api_region, api_region.controller)
    first = client.get("/api/v1/units", **bearer(secret))
    etag = first["ETag"]
    again = client.get("/api/v1/units", HTTP_IF_NONE_MATCH=etag, **bearer(secret))
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    api_region.log.name = "Logistik"
    api_region.log.save()
    changed = client.get("/api/v1/units", HTTP_IF_NONE_MATCH=etag, **bearer(secret))
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_plans_and_their_items(client, api_region):
    _t, secret = make_token(api_region, api_region.reporter)
    plans = client.get("/api/v1/plans?year=2024", **bearer(secret)).json()["data"]
    assert [p["id"] for p in plans] == [api_region.plan.pk]
    detail = client.get(f"/api/v1/plans/{api_region.plan.pk}", **bearer(secret)).json()
    assert {(i["kind"], i["title"], i["responsible_unit"]) for i in detail["items"]} == {
        ("assignment", "Minska matsvinnet", "RSE-MAT")
    }
    assert client.get("/api/v1/plans?year=2023", **bearer(secret)).json()["data"] == []
