"""Pages and downloads are never stored by browsers or shared caches."""

from __future__ import annotations

import pytest
from django.urls import reverse

from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    org = factories.organisation()
    factories.unit(org, "RK")
    admin = factories.user("admin")
    factories.grant(admin, Role.ADMINISTRATOR, org)
    client.force_login(admin)
    return client


def test_a_page_for_a_signed_in_person_is_not_stored(admin_client):
    response = admin_client.get(reverse("organisation:units"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"


def test_a_download_is_not_stored(admin_client):
    response = admin_client.get(reverse("reports:document_template_file"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "no-store, private"


def test_a_page_for_someone_not_signed_in_is_not_stored(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
