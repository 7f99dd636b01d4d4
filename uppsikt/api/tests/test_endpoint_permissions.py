"""Every endpoint, as a token of every role (with all the permissions its owner holds), as
tests/access/test_url_permissions.py walks the screens. An endpoint without a row fails."""

from __future__ import annotations

import json

import pytest

from uppsikt.api.api import api
from uppsikt.documents import pdf as pdf_writer

from .conftest import bearer, make_token
from .test_downloads import attach

pytestmark = pytest.mark.django_db

ROLES = ["admin", "controller", "reporter", "approver", "log_reporter", "reader", "secretary"]


def every(status):
    return dict.fromkeys(ROLES, status)


def rule(**by_role):
    others = by_role.pop("others")
    return {role: by_role.get(role, others) for role in ROLES}


FOLLOWUP_READERS = rule(reader=403, secretary=403, others=200)
# the assessment of RSE-MAT: its reporter, the approver of RSE, organisation-wide roles
MAT_ASSESSMENT = rule(reader=403, secretary=403, log_reporter=404, others=200)
# RSE-MAT's ledger: every role covering it (the secretary's body DNRS is served by RSE)
MAT_FINANCE = rule(log_reporter=403, others=200)
# staff figures: every role but the secretary's (workforce.view)
STAFF = rule(secretary=403, others=200)
# DNRS's follow-up report: a role on DNRS, organisation-wide, or on every unit serving DNRS
# (RSE: the approver); a role on one unit below RSE does not cover the body
DNRS_DOCUMENT = rule(reporter=404, log_reporter=404, others=200)
MANAGERS_WRITE = rule(admin=201, controller=201, others=403)
# approving a draft: those who may approve get past the check and the service refuses (409)
APPROVE_DRAFT = rule(admin=409, approver=409, log_reporter=404, others=403)
# submitting a draft without a status: the reporters get past the check, the service refuses
SUBMIT_EMPTY = rule(admin=422, reporter=422, log_reporter=404, others=403)
SAVE = rule(admin=200, reporter=200, log_reporter=404, others=403)

# (method, path in the schema) → expected status per role
MATRIX = {
    ("get", "/api/v1/organisation"): every(200),
    ("get", "/api/v1/bodies"): every(200),
    ("get", "/api/v1/bodies/{code}"): every(200),
    ("get", "/api/v1/units"): every(200),
    ("get", "/api/v1/units/{code}"): every(200),
    ("get", "/api/v1/people"): every(200),
    ("get", "/api/v1/plans"): every(200),
    ("get", "/api/v1/plans/{plan_id}"): every(200),
    ("get", "/api/v1/indicators"): every(200),
    ("get", "/api/v1/indicators/{indicator_id}"): every(200),
    ("get", "/api/v1/measurements"): every(200),
    ("post", "/api/v1/measurements"): MANAGERS_WRITE,
    ("post", "/api/v1/measurements/batch"): MANAGERS_WRITE,
    ("get", "/api/v1/periods"): FOLLOWUP_READERS,
    ("get", "/api/v1/assessments"): FOLLOWUP_READERS,
    ("get", "/api/v1/assessments/{assessment_id}"): MAT_ASSESSMENT,
    ("post", "/api/v1/assessments/{assessment_id}/approve"): APPROVE_DRAFT,
    ("post", "/api/v1/assessments/{assessment_id}/return"): APPROVE_DRAFT,
    ("post", "/api/v1/assessments/{assessment_id}/submit"): SUBMIT_EMPTY,
    ("put", "/api/v1/assessments/{assessment_id}"): SAVE,
    ("get", "/api/v1/finance/year-to-date"): MAT_FINANCE,
    ("get", "/api/v1/finance/forecast"): MAT_FINANCE,
    ("get", "/api/v1/finance/forecasts"): every(200),
    ("get", "/api/v1/staff-figures"): STAFF,
    ("get", "/api/v1/meetings"): every(200),
    ("get", "/api/v1/meetings/{meeting_id}"): every(200),
    ("get", "/api/v1/minutes-items"): every(200),
    ("get", "/api/v1/minutes-items/{item_id}"): every(200),
    ("get", "/api/v1/decision-assignments"): every(200),
    ("get", "/api/v1/notices"): every(200),
    ("get", "/api/v1/cases"): every(200),
    ("get", "/api/v1/cases/{case_id}"): every(200),
    ("get", "/api/v1/records"): every(200),
    ("get", "/api/v1/documents"): every(200),
    ("get", "/api/v1/documents/{document_id}/file"): DNRS_DOCUMENT,
    # the register's meeting is held, not approved: its minutes are not a file yet
    ("get", "/api/v1/meetings/{meeting_id}/minutes"): every(409),
    # the notice board's PDF of the approved items (404 where no PDF can be written)
    ("get", "/api/v1/notices/{notice_id}/minutes"): every(200 if pdf_writer.available() else 404),
    ("get", "/api/v1/minutes-items/{item_id}/extract"): every(200),
    ("get", "/api/v1/records/{record_id}/files/{file_id}"): every(200),
}
# the month and unit of the finance tables (a read without a unit is the organisation's)
QUERIES = {
    "/api/v1/finance/year-to-date": "?unit=RSE-MAT&period=2024-04",
    "/api/v1/finance/forecast": "?unit=RSE-MAT&period=2024-04",
    "/api/v1/minutes-items/{item_id}/extract": "?format=docx",
}


def operations():
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return {
        (method, path)
        for path, methods in schema["paths"].items()
        for method in methods
        if method in ("get", "post", "put", "patch", "delete")
    }


def test_every_endpoint_has_a_row():
    assert operations() == set(MATRIX)


def _owner(region, role):
    return {
        "admin": region.admin,
        "controller": region.controller,
        "reporter": region.reporter,
        "approver": region.approver,
        "log_reporter": region.log_reporter,
        "reader": region.reader,
        "secretary": region.secretary,
    }[role]


def _call(client, region, register, method, path, secret):
    a = region.fresh()
    url = (
        path.replace("{code}", "RSE-MAT" if "units" in path else "DNRS")
        .replace("{plan_id}", str(region.plan.pk))
        .replace("{indicator_id}", str(region.indicator.pk))
        .replace("{assessment_id}", str(a.pk))
        .replace("{meeting_id}", str(register.meeting.pk))
        .replace("{item_id}", str(register.items["open"].pk))
        .replace("{case_id}", str(register.open_case.pk))
        .replace("{document_id}", str(register.document.pk))
        .replace("{notice_id}", str(register.notice.pk))
        .replace("{record_id}", str(register.open_record.pk))
        .replace("{file_id}", str(register.open_file.pk))
    ) + QUERIES.get(path, "")
    bodies = {
        "/api/v1/measurements": {
            "indicator": region.indicator.pk,
            "unit": "RSE-MAT",
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "value": "3.5",
        },
        "/api/v1/measurements/batch": {
            "rows": [
                {"unit": "RSE-MAT", "indicator": str(region.indicator.pk), "period": "2024"}
                | {"value": "3.5"}
            ]
        },
        "/api/v1/assessments/{assessment_id}": {"version": a.version, "status": "on_track"},
        "/api/v1/assessments/{assessment_id}/return": {"version": a.version, "comment": "Nej"},
    }
    if method == "get":
        return client.get(url, **bearer(secret))
    body = bodies.get(path, {"version": a.version})
    return getattr(client, method)(
        url, data=json.dumps(body), content_type="application/json", **bearer(secret)
    )


@pytest.mark.parametrize("role", ROLES)
def test_every_endpoint_as_every_role(client, api_region, register, role):
    _token, secret = make_token(api_region, _owner(api_region, role))
    register.open_file = attach(register.open_record, "anbud.pdf", b"%PDF-1.4 anbud\n")
    # the reads, then the refused transitions, then the writes that succeed
    order = sorted(MATRIX, key=lambda op: (op[0] != "get", op[0] == "put", op[1]))
    found = {}
    for method, path in order:
        response = _call(client, api_region, register, method, path, secret)
        found[(method, path)] = response.status_code
        if response.status_code >= 400:
            assert set(response.json()) == {"error"}, (method, path)
    assert found == {op: MATRIX[op][role] for op in order}


def test_every_endpoint_refuses_a_call_without_a_token(client, api_region):
    for method, path in MATRIX:
        url = path.replace("{code}", "X").replace("{plan_id}", "1")
        url = url.replace("{indicator_id}", "1").replace("{assessment_id}", "1")
        for name in (
            "{meeting_id}",
            "{item_id}",
            "{case_id}",
            "{document_id}",
            "{notice_id}",
            "{record_id}",
            "{file_id}",
        ):
            url = url.replace(name, "1")
        response = getattr(client, method)(url, content_type="application/json")
        assert response.status_code == 401, (method, path)
        assert response.json()["error"]["code"] == "unauthenticated"
