"""Secrecy (OSL): what a secret case or record withholds is shown only to those entitled, on
every way out — screens, search, export, file download, documents — through one gate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Q

from uppsikt.cases import secrecy, selectors
from uppsikt.core.exceptions import NotPermitted

from . import factories

pytestmark = pytest.mark.django_db

GROUND = "OSL 21 kap. 1 §"


@pytest.fixture
def r(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    region = factories.region()
    region.case = factories.case(region, "Upphandling av städtjänster")
    region.open_record = factories.record(
        region.case, "Anbudsinbjudan", counterpart="Upphandlingsenheten"
    )
    region.secret_record = factories.record(
        region.case,
        "Läkarintyg om sjukskrivning",
        counterpart="Vårdcentralen Nord",
        secret=True,
        secrecy_ground=GROUND,
        files=[factories.pdf("intyg.pdf")],
    )
    return region


def _entitled(r):
    return {"officer": r.officer_user, "secretary": r.secretary, "admin": r.admin}


def _not_entitled(r):
    return {
        "reader": r.reader,
        "member": r.member,
        "another case officer": r.other_officer_user,
        "secretary of another body": r.rse_secretary,
    }


def test_on_screen_those_not_entitled_see_the_record_exists_but_not_what_it_withholds(r):
    for who, user in _not_entitled(r).items():
        view = selectors.case_detail(actor=user, case=r.case)
        shown = {rv.number: rv for rv in view.records}
        secret = shown["RS240001-2"]
        assert secret.withheld, who
        assert (secret.description, secret.counterpart, secret.files) == (None, None, []), who
        assert secret.record.secrecy_ground == GROUND  # the ground is shown
        assert shown["RS240001-1"].description == "Anbudsinbjudan", who


def test_on_screen_the_officer_the_secretary_and_the_administrator_see_everything(r):
    for who, user in _entitled(r).items():
        view = selectors.case_detail(actor=user, case=r.case)
        secret = {rv.number: rv for rv in view.records}["RS240001-2"]
        assert not secret.withheld, who
        assert secret.description == "Läkarintyg om sjukskrivning", who
        assert [f.name for f in secret.files] == ["intyg.pdf"], who


def test_a_secret_file_is_downloaded_only_by_those_entitled(r):
    pk = r.secret_record.files.get().pk
    for user in _not_entitled(r).values():
        with pytest.raises(NotPermitted):
            selectors.record_file_for_download(actor=user, record=r.secret_record, pk=pk)
    for who, user in _entitled(r).items():
        f = selectors.record_file_for_download(actor=user, record=r.secret_record, pk=pk)
        assert f.name == "intyg.pdf", who


def test_a_secret_case_withholds_its_title_and_records_but_not_its_number(r):
    c = factories.case(
        r, "Tvist med leverantören X AB", secret=True, secrecy_ground="OSL 19 kap. 1 §"
    )
    factories.record(c, "Stämningsansökan", counterpart="X AB")
    rows = {v.number: v for v in selectors.case_list(actor=r.reader, organisation=r.organisation)}
    assert rows["RS240002"].withheld and rows["RS240002"].title is None
    assert rows["RS240001"].title == "Upphandling av städtjänster"
    detail = selectors.case_detail(actor=r.reader, case=c)
    assert detail.title is None and detail.records[0].description is None
    officer_view = selectors.case_detail(actor=r.officer_user, case=c)
    assert officer_view.title == "Tvist med leverantören X AB"


def test_search_never_finds_a_withheld_field_for_those_not_entitled(r):
    for who, user in _not_entitled(r).items():
        hits = selectors.search(actor=user, organisation=r.organisation, query="Läkarintyg")
        assert hits == [], who
        hits = selectors.search(actor=user, organisation=r.organisation, query="Vårdcentralen")
        assert hits == [], who
    for who, user in _entitled(r).items():
        hits = selectors.search(actor=user, organisation=r.organisation, query="Läkarintyg")
        assert [(h.kind, h.number) for h in hits] == [("record", "RS240001-2")], who


def test_search_by_number_shows_that_a_secret_record_exists_and_nothing_more(r):
    hits = selectors.search(actor=r.reader, organisation=r.organisation, query="RS240001-2")
    assert [(h.kind, h.number, h.title) for h in hits] == [("record", "RS240001-2", None)]


def test_the_export_withholds_the_secret_fields(r):
    rows = selectors.export_rows(actor=r.reader, organisation=r.organisation)
    secret = next(row for row in rows if row[1] == "RS240001-2")
    assert secret[6:8] == ["[Sekretess]", "[Sekretess]"] and secret[9] == GROUND
    flat = " ".join(" ".join(row) for row in rows)
    assert "Läkarintyg" not in flat and "Vårdcentralen" not in flat
    rows = selectors.export_rows(actor=r.secretary, organisation=r.organisation)
    assert "Läkarintyg om sjukskrivning" in " ".join(" ".join(row) for row in rows)


class _MeetingMaterial:
    """What the meetings app will register: the members of a body see the records sent to
    their meeting. Here: records whose number is in ``sent``."""

    def __init__(self, member, record_ids):
        self.member, self.record_ids = member, record_ids

    def cases_q(self, actor) -> Q:
        return Q(pk__in=[])

    def records_q(self, actor) -> Q:
        return Q(pk__in=self.record_ids) if actor.pk == self.member.pk else Q(pk__in=[])


def test_a_meeting_material_provider_lets_the_deciding_bodys_members_see_what_was_sent(r):
    provider = _MeetingMaterial(r.member, [r.secret_record.pk])
    secrecy.register_meeting_access(provider)
    try:
        view = selectors.case_detail(actor=r.member, case=r.case)
        assert {rv.number: rv.description for rv in view.records}["RS240001-2"] == (
            "Läkarintyg om sjukskrivning"
        )
        # a reader stays outside
        view = selectors.case_detail(actor=r.reader, case=r.case)
        assert {rv.number: rv.description for rv in view.records}["RS240001-2"] is None
    finally:
        secrecy.unregister_meeting_access(provider)
    view = selectors.case_detail(actor=r.member, case=r.case)
    assert {rv.number: rv.description for rv in view.records}["RS240001-2"] is None


def test_a_proposal_lists_a_secret_record_in_its_basis_without_its_description(r):
    from uppsikt.cases import services
    from uppsikt.core.permissions import SYSTEM

    p = services.proposal_create(
        actor=SYSTEM, case=r.case, title="Tilldelning", date=dt.date(2024, 4, 1)
    )
    services.proposal_update(actor=SYSTEM, proposal=p, basis=[r.open_record, r.secret_record])
    view = selectors.proposal_detail(actor=r.reader, proposal=p)
    assert [(b.number, b.description) for b in view.basis] == [
        ("RS240001-1", "Anbudsinbjudan"),
        ("RS240001-2", None),
    ]


def test_the_proposals_of_a_secret_case_are_withheld_on_screen_and_in_search(r):
    from uppsikt.cases import services
    from uppsikt.core.permissions import SYSTEM

    c = factories.case(r, "Förhandling om lokaler", secret=True, secrecy_ground="OSL 19 kap. 3 §")
    p = services.proposal_create(actor=SYSTEM, case=c, title="Hyresavtal för lokalerna")
    assert selectors.proposal_detail(actor=r.reader, proposal=p).withheld
    assert selectors.case_detail(actor=r.reader, case=c).proposals == []
    assert selectors.search(actor=r.reader, organisation=r.organisation, query="Hyresavtal") == []
    assert not selectors.proposal_detail(actor=r.officer_user, proposal=p).withheld
    hits = selectors.search(actor=r.officer_user, organisation=r.organisation, query="Hyresavtal")
    assert [(h.kind, h.number) for h in hits] == [("proposal", "RS240002")]


def test_a_case_page_reads_in_a_fixed_number_of_queries(r, django_assert_max_num_queries):
    for i in range(12):
        factories.record(r.case, f"Brev {i}", secret=i % 2 == 0, secrecy_ground="OSL 21 kap. 1 §")
    user = type(r.reader).objects.get(pk=r.reader.pk)  # no cached roles
    with django_assert_max_num_queries(6):
        view = selectors.case_detail(actor=user, case=r.case)
        assert len(view.records) == 14
    with django_assert_max_num_queries(5):
        selectors.case_list(actor=user, organisation=r.organisation)


def test_a_delegated_decision_in_a_secret_case_is_withheld_from_those_not_entitled(r):
    import datetime as dt

    from uppsikt.cases import services
    from uppsikt.core.permissions import SYSTEM

    c = factories.case(r, "Personalärende", secret=True, secrecy_ground="OSL 39 kap. 3 §")
    services.delegated_decision_register(
        actor=SYSTEM,
        organisation=r.organisation,
        body=r.rs,
        decided_by=r.officer,
        decided_on=dt.date(2024, 3, 5),
        delegation_point="5.1",
        decision="Avsked av medarbetare",
        case=c,
    )
    [row] = selectors.delegated_decisions(actor=r.reader, organisation=r.organisation)
    assert row.withheld
    [row] = selectors.delegated_decisions(actor=r.secretary, organisation=r.organisation)
    assert not row.withheld
