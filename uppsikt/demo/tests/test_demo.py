from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from uppsikt.organisation import selectors
from uppsikt.organisation.models import (
    Body,
    Membership,
    Organisation,
    Role,
    RoleGrant,
    Unit,
)

pytestmark = pytest.mark.django_db

REGIONKONTORET_DEPARTMENTS = {
    "IT och digitalisering",
    "Säkerhet",
    "Ekonomi",
    "HR",
    "Kansli",
    "Hållbarhet",
    "Kommunikation",
    "Regional utveckling",
    "Hälso- och sjukvård",
    "Fastighet",
}


@pytest.fixture
def demo():
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    return out.getvalue()


def test_loading_without_serving_leaves_nothing_of_the_test_e_id_on_in_the_process(demo):
    from django.conf import settings

    from uppsikt.organisation import testeid

    assert not testeid.enabled()
    assert not getattr(settings, "UPPSIKT_DEMO_EID", False)
    assert "test-e-legitimation" not in (getattr(settings, "OIDC_OP_TOKEN_ENDPOINT", "") or "")


def test_demo_prints_one_working_login_per_role(demo, rf):
    for username in [
        "admin",
        "controller",
        "rapportor",
        "godkannare",
        "sekreterare",
        "handlaggare",
        "ledamot",
        "lasare",
    ]:
        assert f"{username:<14} uppsikt-demo" in demo
        user = authenticate(rf.post("/logga-in/"), username=username, password="uppsikt-demo")
        assert user is not None, username
    roles = set(RoleGrant.objects.values_list("role", flat=True))
    assert roles == set(Role.values)


def test_demo_lines_up_its_logins_in_columns(demo):
    """The longest role name ("Förtroendevald (RS), justerare") still leaves the user names in
    one column."""
    lines = [line for line in demo.splitlines() if line.endswith(" uppsikt-demo")]
    assert len(lines) == 9
    assert any(
        line.strip().startswith("Förtroendevald (RS), justerare  justerare") for line in lines
    )
    columns = {line.index(" uppsikt-demo") for line in lines}
    assert len(columns) == 1, lines


def test_demo_has_the_bodies_of_the_reference_documents(demo):
    org = Organisation.objects.get()
    names = set(Body.objects.filter(organisation=org).values_list("name", flat=True))
    assert {
        "Regionfullmäktige",
        "Regionstyrelsen",
        "Regionstyrelsens arbetsutskott",
        "Driftnämnden Regionservice",
        "Driftnämnden Kultur och skola",
        "Driftnämnden Kollektivtrafik",
    } <= names
    au = Body.objects.get(code="RSAU")
    assert au.parent.code == "RS" and au.effective_register_prefix == "RS"


def test_regionkontoret_has_the_departments_the_documents_name_and_serves_the_board(demo):
    rk = Unit.objects.get(name="Regionkontoret")
    assert rk.body.code == "RS"
    departments = set(rk.children.values_list("name", flat=True))
    assert departments >= REGIONKONTORET_DEPARTMENTS
    assert Unit.objects.get(name="Regionservice").body.name == "Driftnämnden Regionservice"


def test_every_body_has_a_chair_today_and_a_full_board(demo):
    today = dt.date(2026, 11, 22)
    for body in Body.objects.all():
        seats = selectors.memberships_current(body=body, on=today)
        assert seats[0].role == Membership.Role.CHAIR, body
    board = selectors.memberships_current(body=Body.objects.get(code="RS"), on=today)
    assert sum(m.role in Membership.VOTING_ROLES for m in board) == 15


def test_running_the_demo_again_reuses_the_database(demo):
    units = Unit.objects.count()
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    assert "återanvänds" in out.getvalue()
    assert Unit.objects.count() == units
    assert Organisation.objects.count() == 1
