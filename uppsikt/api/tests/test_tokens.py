"""Tokens: made with a secret shown once and kept hashed, refused when expired, revoked, of
another organisation or wider than their owner."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from uppsikt.api import services
from uppsikt.api.models import ApiToken
from uppsikt.core.exceptions import DomainError, NotPermitted
from uppsikt.core.models import AuditEvent
from uppsikt.organisation.models import Role, RoleGrant
from uppsikt.organisation.tests import factories as org_factories

from .conftest import bearer, make_token

pytestmark = pytest.mark.django_db
URL = "/api/v1/units"


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    return body["error"]


def test_the_secret_is_kept_only_as_its_sha256(api_region):
    token, secret = make_token(api_region, api_region.reporter)
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith("upk_") and len(secret) > 40
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(
        {f.attname: getattr(stored, f.attname) for f in ApiToken._meta.concrete_fields}
    )
    event = AuditEvent.objects.get(action="api_token.create", object_id=str(token.pk))
    assert "secret_hash" not in event.after and secret not in str(event.after)


def test_a_token_calls_and_its_use_is_audited_and_dated(client, api_region):
    token, secret = make_token(api_region, api_region.reporter)
    assert client.get(URL, **bearer(secret)).status_code == 200
    assert client.get(URL, **bearer(secret)).status_code == 200
    uses = AuditEvent.objects.filter(action="api_token.use", object_id=str(token.pk))
    assert uses.count() == 1  # one row per token and minute for reads
    assert uses.get().actor == api_region.reporter
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


@pytest.mark.parametrize(
    "header",
    [{}, {"HTTP_AUTHORIZATION": "Bearer upk_wrong"}, {"HTTP_AUTHORIZATION": "Basic x"}],
)
def test_no_or_a_wrong_token_answers_401_in_the_error_shape(client, api_region, header):
    response = client.get(URL, **header)
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthenticated"


def test_an_expired_token_is_refused(client, api_region):
    token, secret = make_token(api_region, api_region.reporter)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(URL, **bearer(secret))
    assert response.status_code == 401
    assert error_of(response)["message"] == "API-nyckeln har gått ut."


def test_a_revoked_token_is_refused(client, api_region):
    token, secret = make_token(api_region, api_region.reporter)
    services.api_token_revoke(actor=api_region.admin, token=token)
    response = client.get(URL, **bearer(secret))
    assert response.status_code == 401
    assert error_of(response)["message"] == "API-nyckeln är återkallad."
    assert AuditEvent.objects.filter(action="api_token.revoke", object_id=str(token.pk)).exists()


def test_a_token_of_an_inactive_owner_is_refused(client, api_region):
    _token, secret = make_token(api_region, api_region.reporter)
    api_region.reporter.is_active = False
    api_region.reporter.save()
    assert client.get(URL, **bearer(secret)).status_code == 401


def test_a_token_works_only_on_its_organisations_host(client, api_region, settings):
    other = org_factories.organisation(slug="annan")
    settings.UPPSIKT_ORGANISATIONS = {"a.example": api_region.org.slug, "b.example": "annan"}
    settings.ALLOWED_HOSTS = ["a.example", "b.example", "c.example"]
    _token, secret = make_token(api_region, api_region.controller)
    assert client.get(URL, HTTP_HOST="a.example", **bearer(secret)).status_code == 200
    response = client.get(URL, HTTP_HOST="b.example", **bearer(secret))
    assert response.status_code == 401
    assert "organisationen" in error_of(response)["message"]
    response = client.get(URL, HTTP_HOST="c.example", **bearer(secret))
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
    assert other.pk != api_region.org.pk


def test_granting_needs_the_grant_permission(api_region):
    with pytest.raises(NotPermitted):
        services.api_token_create(
            actor=api_region.controller,
            organisation=api_region.org,
            name="x",
            owner=api_region.controller,
            permissions=["planning.view"],
            expires_at=timezone.now() + dt.timedelta(days=1),
        )
    token, _secret = make_token(api_region, api_region.reporter)
    with pytest.raises(NotPermitted):
        services.api_token_revoke(actor=api_region.controller, token=token)


def _create(region, owner, permissions, **kwargs):
    return services.api_token_create(
        actor=region.admin,
        organisation=region.org,
        name="Nyckel",
        owner=owner,
        permissions=permissions,
        expires_at=kwargs.pop("expires_at", timezone.now() + dt.timedelta(days=10)),
        **kwargs,
    )


def test_a_token_is_never_wider_than_its_owner(api_region):
    # the reporter of RSE-MAT does not approve, and reports only below RSE-MAT
    with pytest.raises(DomainError):
        _create(api_region, api_region.reporter, ["followup.approve"])
    with pytest.raises(DomainError):
        _create(api_region, api_region.reporter, ["followup.report"], units=[api_region.log])
    with pytest.raises(DomainError):
        _create(api_region, api_region.reporter, ["followup.report"], units=[api_region.rse])
    token, _ = _create(api_region, api_region.reporter, ["followup.report"], units=[api_region.mat])
    assert token.permissions == ["followup.report"]


@pytest.mark.parametrize("days", [0, -1, 367])
def test_a_token_expires_within_a_year(api_region, days):
    with pytest.raises(DomainError):
        _create(
            api_region,
            api_region.reporter,
            ["planning.view"],
            expires_at=timezone.now() + dt.timedelta(days=days),
        )


def test_an_unknown_permission_or_another_organisations_unit_is_refused(api_region):
    with pytest.raises(DomainError):
        _create(api_region, api_region.controller, ["audit.view"])
    other = org_factories.organisation()
    foreign = org_factories.unit(other, "X")
    with pytest.raises(DomainError):
        _create(api_region, api_region.controller, ["planning.view"], units=[foreign])


def test_the_owners_roles_now_bound_the_token(client, api_region):
    """A role taken back after the token was made is gone from the token too."""
    _token, secret = make_token(api_region, api_region.reporter, units=[api_region.mat])
    url = f"/api/v1/assessments/{api_region.assessment.pk}"
    assert client.get(url, **bearer(secret)).status_code == 200
    RoleGrant.objects.filter(user=api_region.reporter).delete()
    assert client.get(url, **bearer(secret)).status_code == 403


def test_the_rate_limit_answers_429_with_retry_after(client, api_region, settings):
    settings.UPPSIKT_API_RATE_LIMIT = 2
    settings.UPPSIKT_API_RATE_WINDOW = 3600
    _token, secret = make_token(api_region, api_region.reporter)
    assert client.get(URL, **bearer(secret)).status_code == 200
    assert client.get(URL, **bearer(secret)).status_code == 200
    response = client.get(URL, **bearer(secret))
    assert response.status_code == 429
    assert error_of(response)["code"] == "rate_limited"
    assert int(response["Retry-After"]) >= 1
    # another token has its own window
    _other, second = make_token(api_region, api_region.controller)
    assert client.get(URL, **bearer(second)).status_code == 200


def test_a_role_on_another_organisation_counts_for_nothing(api_region):
    other = org_factories.organisation()
    stranger = org_factories.user("stranger")
    org_factories.grant(stranger, Role.ADMINISTRATOR, other)
    with pytest.raises(DomainError):
        _create(api_region, stranger, ["planning.view"])


def test_another_organisations_objects_are_not_found(client, api_region, settings):
    other = org_factories.organisation(slug="tredje")
    settings.UPPSIKT_ORGANISATIONS = {"testserver": api_region.org.slug}
    foreign = org_factories.unit(other, "RSE-MAT-X")
    _token, secret = make_token(api_region, api_region.controller)
    assert client.get(f"/api/v1/units/{foreign.code}", **bearer(secret)).status_code == 404
    codes = [u["code"] for u in client.get(URL, **bearer(secret)).json()["data"]]
    assert "RSE-MAT-X" not in codes
