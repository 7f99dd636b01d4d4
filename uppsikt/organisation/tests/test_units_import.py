"""Importing units.csv: the happy path, idempotence and every kind of bad input."""

from __future__ import annotations

import pytest

from uppsikt.core.exceptions import ImportFailed, NotPermitted
from uppsikt.core.models import AuditEvent
from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation.importers import read_units_csv
from uppsikt.organisation.models import CostCentre, Unit
from uppsikt.organisation.services import units_import

from . import factories

pytestmark = pytest.mark.django_db

GOOD = """code,name,parent_code,kind,body_code,cost_centres
RK,Regionkontoret,,förvaltning,RS,
RK-EKO,Ekonomi,RK,avdelning,,
RK-EKO-RED,Redovisning,RK-EKO,enhet,,1310;1311
RK-KAN,Kansli,RK,avdelning,,1510
"""


def do_import(org, text: str, actor=SYSTEM, name="units.csv"):
    return units_import(
        actor=actor, organisation=org, units_file=read_units_csv(text.encode(), filename=name)
    )


@pytest.fixture
def org():
    organisation = factories.organisation()
    factories.body(organisation, "RS")
    return organisation


def test_import_creates_the_tree_with_bodies_and_cost_centres(org):
    result = do_import(org, GOOD)
    assert (result.created, result.updated, result.unchanged, result.cost_centres) == (4, 0, 0, 3)
    red = Unit.objects.get(code="RK-EKO-RED")
    assert red.parent.code == "RK-EKO"
    assert red.kind == Unit.Kind.SECTION
    assert red.depth == 2
    rk = Unit.objects.get(code="RK")
    assert rk.body.code == "RS"
    assert set(rk.subtree().values_list("code", flat=True)) == {
        "RK",
        "RK-EKO",
        "RK-EKO-RED",
        "RK-KAN",
    }
    assert sorted(red.cost_centres.values_list("code", flat=True)) == ["1310", "1311"]


def test_reimporting_the_same_file_changes_nothing(org):
    do_import(org, GOOD)
    audit_rows = AuditEvent.objects.count()
    result = do_import(org, GOOD)
    assert (result.created, result.updated, result.unchanged, result.cost_centres) == (0, 0, 4, 0)
    assert AuditEvent.objects.count() == audit_rows


def test_reimport_with_a_move_updates_paths_of_the_whole_subtree(org):
    do_import(org, GOOD)
    moved = GOOD.replace("RK-EKO,Ekonomi,RK,", "RK-EKO,Ekonomi,RK-KAN,")
    result = do_import(org, moved)
    assert result.updated == 1
    red = Unit.objects.get(code="RK-EKO-RED")
    kan = Unit.objects.get(code="RK-KAN")
    assert red.depth == 3
    assert red.path.startswith(kan.path)
    assert AuditEvent.objects.filter(action="unit.update").count() == 1


def test_every_write_of_an_import_is_audited(org):
    do_import(org, GOOD)
    assert (
        AuditEvent.objects.filter(action="unit.create", object_type="organisation.unit").count()
        == 4
    )
    assert AuditEvent.objects.filter(action="cost_centre.import").count() == 3


def assert_refused(org, text, *fragments):
    with pytest.raises(ImportFailed) as info:
        do_import(org, text)
    joined = "\n".join(info.value.errors)
    for fragment in fragments:
        assert fragment in joined, joined
    assert Unit.objects.count() == 0
    assert CostCentre.objects.count() == 0
    return info.value.errors


def test_missing_column_is_named(org):
    assert_refused(
        org, "code,name,parent_code\nRK,Regionkontoret,\n", "units.csv, rad 1", "”kind” saknas"
    )


def test_duplicate_code_names_both_lines(org):
    text = "code,name,parent_code,kind\nRK,A,,förvaltning\nX,B,RK,avdelning\nRK,C,,förvaltning\n"
    assert_refused(org, text, "units.csv, rad 4", "RK finns redan på rad 2")


def test_unknown_parent_code_is_an_error_with_its_line(org):
    text = "code,name,parent_code,kind\nRK,A,,förvaltning\nX,B,NOPE,avdelning\n"
    assert_refused(org, text, "units.csv, rad 3", "okänd överordnad kod NOPE")


def test_a_cycle_in_the_file_is_refused(org):
    text = "code,name,parent_code,kind\nA,A,C,avdelning\nB,B,A,avdelning\nC,C,B,avdelning\n"
    errors = assert_refused(org, text, "units.csv, rad 2", "cykel")
    assert len(errors) == 1  # one cycle, reported once


def test_a_cycle_through_units_already_in_the_database_is_refused(org):
    do_import(org, GOOD)
    before = list(Unit.objects.order_by("code").values_list("code", "parent__code", "path"))
    text = "code,name,parent_code,kind\nRK,Regionkontoret,RK-EKO-RED,förvaltning\n"
    with pytest.raises(ImportFailed) as info:
        do_import(org, text)
    assert "cykel" in info.value.errors[0]
    assert list(Unit.objects.order_by("code").values_list("code", "parent__code", "path")) == before


def test_own_parent_is_refused(org):
    assert_refused(org, "code,name,parent_code,kind\nA,A,A,enhet\n", "sin egen överordnade")


def test_unknown_kind_and_empty_name_are_reported_together(org):
    text = "code,name,parent_code,kind\nA,,,förvaltning\nB,B,,sektion\n"
    assert_refused(org, text, "rad 2: namnet saknas", "rad 3: okänd typ ”sektion”")


def test_unknown_body_code_is_refused(org):
    assert_refused(
        org, "code,name,parent_code,kind,body_code\nA,A,,förvaltning,XX\n", "okänt organ XX"
    )


def test_cost_centre_listed_twice_is_refused(org):
    text = "code,name,parent_code,kind,cost_centres\nA,A,,förvaltning,1\nB,B,A,avdelning,1\n"
    assert_refused(org, text, "rad 3", "kostnadsstället 1 finns redan på rad 2")


def test_a_file_that_is_not_utf8_names_the_line():
    errors = read_units_csv(
        "code,name,parent_code,kind\nA,Ö,,enhet\n".encode("latin-1"), filename="u.csv"
    ).errors
    assert errors == ["u.csv, rad 2: filen är inte kodad i UTF-8."]


def test_semicolon_separated_file_with_bom_is_read():
    data = "\ufeffcode;name;parent_code;kind\nA;Förvaltning A;;förvaltning\n".encode()
    parsed = read_units_csv(data, filename="u.csv")
    assert parsed.errors == []
    assert parsed.rows[0].name == "Förvaltning A"


def test_import_needs_the_manage_permission(org):
    reader = factories.user("lasare")
    with pytest.raises(NotPermitted):
        do_import(org, GOOD, actor=reader)
    assert Unit.objects.count() == 0


def test_a_name_longer_than_a_unit_keeps_is_an_error_with_its_line(org):
    # Unit.name keeps 200 characters: 201 is refused, not cut short
    text = f"code,name,parent_code,kind\nA,A,,förvaltning\nB,{'n' * 201},A,enhet\n"
    assert_refused(org, text, "units.csv, rad 3: namnet är längre än 200 tecken")
    assert Unit.objects.count() == 0


def test_a_hundred_thousand_character_name_is_an_error_not_a_database_error(org):
    text = f"code,name,parent_code,kind\nA,{'n' * 100_000},,förvaltning\n"
    assert_refused(org, text, "units.csv, rad 2: namnet är längre än 200 tecken")


def test_a_unit_code_longer_than_a_unit_keeps_is_an_error(org):
    text = f"code,name,parent_code,kind\n{'K' * 41},A,,förvaltning\n"
    assert_refused(org, text, "units.csv, rad 2: koden är längre än 40 tecken")


def test_a_cost_centre_code_longer_than_kept_is_an_error(org):
    text = f"code,name,parent_code,kind,cost_centres\nA,A,,förvaltning,{'1' * 41}\n"
    assert_refused(org, text, "units.csv, rad 2: kostnadsstället är längre än 40 tecken")


def test_a_nul_byte_in_a_field_is_an_error_with_its_line(org):
    text = "code,name,parent_code,kind\nA,A,,förvaltning\nB,B\x00,A,enhet\n"
    assert_refused(org, text, "units.csv, rad 3: raden innehåller ett otillåtet styrtecken")
    assert Unit.objects.count() == 0
