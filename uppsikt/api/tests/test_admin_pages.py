"""The administration of tokens: made with the secret shown once, listed without it,
revoked; only with api.grant."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from uppsikt.api.models import ApiToken

from .conftest import make_token

pytestmark = pytest.mark.django_db


def _form(region, **over):
    data = {
        "name": "Personalsystemet",
        "owner": region.controller.pk,
        "integration": "HR-systemet",
        "permissions": ["planning.view", "planning.manage"],
        "units": [region.mat.pk],
        "expires_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
    }
    data.update(over)
    return data


def test_creating_shows_the_secret_once(client, api_region):
    client.force_login(api_region.admin)
    response = client.post(reverse("api_admin:token_create"), _form(api_region))
    assert response.status_code == 200
    token = ApiToken.objects.get(name="Personalsystemet")
    secret = response.context["secret"]
    assert hashlib.sha256(secret.encode()).hexdigest() == token.secret_hash
    assert secret in response.content.decode()
    assert [u.code for u in token.units.all()] == ["RSE-MAT"]
    assert token.integration == "HR-systemet" and token.created_by == api_region.admin
    listing = client.get(reverse("api_admin:tokens"))
    assert listing.status_code == 200
    page = listing.content.decode()
    assert token.prefix in page and secret not in page
    assert secret not in client.get(reverse("api_admin:token_create")).content.decode()


def test_a_token_wider_than_its_owner_is_refused_on_the_form(client, api_region):
    client.force_login(api_region.admin)
    data = _form(api_region, owner=api_region.reporter.pk, permissions=["followup.approve"])
    response = client.post(reverse("api_admin:token_create"), data)
    assert response.status_code == 200
    assert "Ägaren saknar behörigheten" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_from_the_list(client, api_region):
    token, _ = make_token(api_region, api_region.reporter)
    client.force_login(api_region.admin)
    response = client.post(reverse("api_admin:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


@pytest.mark.parametrize("who", ["controller", "reporter", "approver"])
def test_only_those_who_grant_reach_the_pages(client, api_region, who):
    token, _ = make_token(api_region, api_region.reporter)
    client.force_login(getattr(api_region, who))
    assert client.get(reverse("api_admin:tokens")).status_code == 403
    assert client.get(reverse("api_admin:token_create")).status_code == 403
    assert client.post(reverse("api_admin:token_revoke", args=[token.pk])).status_code == 403
    assert client.get(reverse("api_admin:token_revoke", args=[token.pk])).status_code == 405
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
