"""Choosing an indicator's Kolada comparison, fetching its values as a job, who may do it, and
the indicator page showing ours beside the peers'. No network: the recorded fixtures answer
(``UPPSIKT_KOLADA_RECORDED`` in the test settings)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from uppsikt.core.audit import AuditEvent
from uppsikt.core.exceptions import DomainError, NotPermitted
from uppsikt.core.models import Job
from uppsikt.core.permissions import SYSTEM
from uppsikt.kolada import selectors, services
from uppsikt.kolada.client import KoladaClient
from uppsikt.kolada.models import Comparison, KoladaValue
from uppsikt.kolada.recorded import RecordedSession
from uppsikt.kolada.regions import REGION_IDS
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories as org_factories
from uppsikt.planning.models import Indicator
from uppsikt.planning.tests import factories

from .fakes import BASE

pytestmark = pytest.mark.django_db
PEERS = [i for i in REGION_IDS if i != "0013"]


@pytest.fixture
def region():
    org = org_factories.organisation()
    rs = org_factories.body(org, "RS")
    dn = org_factories.body(org, "DN")
    rk = org_factories.unit(org, "RK", body=rs)
    rse = org_factories.unit(org, "RSE", body=dn)
    plan = factories.plan(org, rs, 2024)
    indicator = factories.indicator(
        org, "Sjukfrånvaro", decimals=1, direction=Indicator.Direction.LOWER, plans=[plan]
    )
    users = {}
    for name, role, scope in (
        ("controller", Role.CONTROLLER, {"body": rs}),
        ("other_controller", Role.CONTROLLER, {"unit": rse}),
        ("reporter", Role.REPORTER, {"unit": rk}),
    ):
        users[name] = org_factories.user(name)
        org_factories.grant(users[name], role, org, **scope)
    return {"org": org, "plan": plan, "indicator": indicator, **users}


def _set(region, actor=None, **kwargs):
    args = {
        "kpi": "N60030",
        "own_id": "0013",
        "peer_ids": PEERS,
        "first_year": 2019,
        "last_year": 2023,
        **kwargs,
    }
    return services.comparison_set(
        actor=actor or region["controller"],
        plan=region["plan"],
        indicator=region["indicator"],
        **args,
    )


def _load(region, comparison):
    client = KoladaClient(base_url=BASE, session=RecordedSession(BASE), sleep=lambda s: None)
    fetched = services.values_fetch(
        actor=SYSTEM, plan=region["plan"], comparison=comparison, client=client
    )
    return services.values_store(
        actor=SYSTEM, plan=region["plan"], comparison=comparison, fetched=fetched
    )


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_controller_of_the_plans_body_sets_the_comparison(region):
    comparison = _set(region, kpi=" n60030 ", peer_ids=["0014", "0013", "0001", "0014"])
    assert comparison.kpi == "N60030"
    assert comparison.peer_ids == ["0001", "0014"]  # ours left out, sorted, no repeats
    assert comparison.municipality_ids() == ["0001", "0013", "0014"]
    assert AuditEvent.objects.filter(action="kolada.comparison.set").count() == 1
    again = _set(region, first_year=2020)
    assert again.pk == comparison.pk and again.first_year == 2020


@pytest.mark.parametrize(
    "change",
    [
        {"kpi": "sjukfrånvaro"},
        {"own_id": "13"},
        {"peer_ids": ["0001", "Halland"]},
        {"peer_ids": ["0013"]},  # only ourselves
        {"first_year": 2024, "last_year": 2023},
        {"first_year": 2000, "last_year": 2023},  # more than twenty years
    ],
)
def test_a_comparison_that_cannot_be_asked_is_refused(region, change):
    with pytest.raises(DomainError):
        _set(region, **change)
    assert not Comparison.objects.exists()


def test_a_controller_of_another_unit_and_a_reporter_may_not_set_or_fetch(region):
    for user in (region["other_controller"], region["reporter"]):
        with pytest.raises(NotPermitted):
            _set(region, actor=user)
    comparison = _set(region)
    client = KoladaClient(base_url=BASE, session=RecordedSession(BASE))
    with pytest.raises(NotPermitted):
        services.values_fetch(
            actor=region["other_controller"],
            plan=region["plan"],
            comparison=comparison,
            client=client,
        )
    assert client.session.calls == []  # refused before asking Kolada


def test_an_indicator_outside_the_plan_is_refused(region):
    outside = factories.indicator(region["org"], "Annat")
    with pytest.raises(DomainError):
        services.comparison_set(
            actor=region["controller"],
            plan=region["plan"],
            indicator=outside,
            kpi="N60030",
            own_id="0013",
            peer_ids=PEERS,
            first_year=2019,
            last_year=2023,
        )


def test_the_values_are_stored_per_gender_and_replaced_when_fetched_again(region):
    comparison = _set(region)
    assert _load(region, comparison) == 21 * 5 * 3
    assert _load(region, comparison) == 21 * 5 * 3
    assert KoladaValue.objects.count() == 21 * 5 * 3
    halland = KoladaValue.objects.get(municipality_id="0013", year=2023, gender="T")
    assert halland.value == Decimal("5.5") and halland.municipality_name == "Region Halland"
    gotland = KoladaValue.objects.get(municipality_id="0009", year=2019, gender="K")
    assert gotland.value is None and gotland.status == "Missing"
    comparison.refresh_from_db()
    assert comparison.fetched_at is not None


def test_the_table_ranks_by_direction_and_gives_the_peers_median(region):
    comparison = _set(region)
    _load(region, comparison)
    table = selectors.comparison_table(comparison)
    assert table.year == 2023 and table.years == [2019, 2020, 2021, 2022, 2023]
    first = table.rows[0]
    # 2023 in the fixtures: Halland 5,5 is the lowest; lower is better
    assert (first.name, first.total, first.rank, first.own) == (
        "Region Halland",
        Decimal("5.5"),
        1,
        True,
    )
    assert table.rows[-1].name == "Region Norrbotten" and table.rows[-1].rank == 21
    # the other twenty in 2023: the 10th and 11th of them sorted are both 6,4
    assert table.peer_median[-1] == Decimal("6.4")
    assert table.own_series[-1] == Decimal("5.5")


def test_the_table_of_a_comparison_without_values_is_empty(region):
    table = selectors.comparison_table(_set(region))
    assert table.year is None and table.rows == []


def test_the_controller_fetches_the_values_as_a_job_from_the_indicator_page(region):
    comparison = _set(region)
    url = reverse("kolada:comparison_fetch", args=[region["plan"].pk, region["indicator"].pk])
    response = _client(region["controller"]).post(url)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobb/{job.pk}/"
    assert job.kind == "kolada_import" and job.status == Job.Status.DONE, job.message
    assert job.progress == 100 and "315" in job.message
    indicator_page = f"/planering/{region['plan'].pk}/indikatorer/{region['indicator'].pk}/"
    assert job.result == {"url": indicator_page}
    assert KoladaValue.objects.filter(kpi=comparison.kpi).count() == 315


def test_a_reporter_and_a_controller_of_another_unit_cannot_start_the_job(region):
    _set(region)
    url = reverse("kolada:comparison_fetch", args=[region["plan"].pk, region["indicator"].pk])
    for user in (region["reporter"], region["other_controller"]):
        assert _client(user).post(url).status_code == 403
    assert not Job.objects.exists() and not KoladaValue.objects.exists()


def test_a_job_kolada_cannot_answer_fails_with_the_reason(region):
    _set(region, kpi="N99999")  # not recorded: the recorded session answers 404
    url = reverse("kolada:comparison_fetch", args=[region["plan"].pk, region["indicator"].pk])
    _client(region["controller"]).post(url)
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED and "404" in job.message
    assert not KoladaValue.objects.exists()


def test_fetching_without_a_comparison_says_what_to_do_first(region):
    url = reverse("kolada:comparison_fetch", args=[region["plan"].pk, region["indicator"].pk])
    response = _client(region["controller"]).post(url, follow=True)
    assert "Välj först" in response.content.decode()
    assert not Job.objects.exists()


def test_saving_the_comparison_through_the_form(region):
    url = reverse("kolada:comparison_save", args=[region["plan"].pk, region["indicator"].pk])
    data = {
        "kolada-kpi": "N60031",
        "kolada-own_id": "0013",
        "kolada-peer_ids": "",  # empty: every region
        "kolada-first_year": "2020",
        "kolada-last_year": "2023",
    }
    assert _client(region["reporter"]).post(url, data).status_code == 403
    assert _client(region["other_controller"]).post(url, data).status_code == 403
    assert not Comparison.objects.exists()
    response = _client(region["controller"]).post(url, data)
    assert response.status_code == 302
    comparison = Comparison.objects.get()
    assert comparison.kpi == "N60031" and comparison.peer_ids == PEERS
    bad = _client(region["controller"]).post(url, {**data, "kolada-own_id": "x"}, follow=True)
    assert "fyra siffror" in bad.content.decode()


def test_the_indicator_page_shows_ours_beside_the_peers(region):
    comparison = _set(region)
    _load(region, comparison)
    url = reverse("planning:indicator_edit", args=[region["plan"].pk, region["indicator"].pk])
    html = _client(region["controller"]).get(url).content.decode()
    assert "Jämförelse med andra i Kolada" in html
    assert "Region Halland</strong>" in html and "Region Norrbotten" in html
    assert ">5,5<" in html  # Halland 2023, Swedish decimal comma
    assert ">6,4<" in html  # the peers' median 2023
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    assert "Hämta värdena från Kolada" in html


def test_the_page_offers_the_form_with_the_indicators_kolada_id(region):
    region["indicator"].kolada_id = "N60084"
    region["indicator"].save()
    url = reverse("planning:indicator_edit", args=[region["plan"].pk, region["indicator"].pk])
    html = _client(region["controller"]).get(url).content.decode()
    assert "Indikatorn jämförs inte med andra i Kolada ännu." in html
    assert 'value="N60084"' in html


def test_a_report_shows_the_comparison_only_when_chosen(region):
    from uppsikt.reports.data import StaffFigure
    from uppsikt.reports.sections.staff import _kolada

    figure = StaffFigure(
        block="sickness",
        name="Sjukfrånvaro",
        indicator=region["indicator"],
        value=None,
        target=None,
        status=None,
    )
    comparison = _set(region)
    _load(region, comparison)
    assert _kolada(figure) == []  # not chosen for the reports
    _set(region, in_reports=True)
    sentence, table = _kolada(figure)
    assert "".join(map(str, sentence.content)) == (
        "I Kolada (N60030, 2023) har Region Halland 5,5 %, plats 1 av 21; "
        "de övrigas median är 6,4 %."
    )
    assert len(table.rows) == 21
    assert [str(c) for c in table.rows[0].cells[0].content] == ["Region Halland"]


# --- Kolada's own groups (municipality_groups) -------------------------------------------------

GROUP = "G100013"  # a recorded group of regions like Region Halland (fixtures)


def test_a_group_alone_is_a_comparison_and_its_id_is_checked(region):
    comparison = _set(region, peer_ids=[], peer_group=" g100013 ")
    assert comparison.peer_group == GROUP and comparison.peer_ids == []
    assert comparison.group_member_ids == []  # Kolada says who, with the values
    for bad in ("100013", "GX", "G" + "1" * 11):
        with pytest.raises(DomainError):
            _set(region, peer_ids=[], peer_group=bad)
    with pytest.raises(DomainError):
        _set(region, peer_ids=[], peer_group="")


def test_the_groups_members_are_read_from_kolada_and_their_values_imported(region):
    comparison = _set(region, peer_ids=[], peer_group=GROUP)
    stored = _load(region, comparison)
    comparison.refresh_from_db()
    members = ["0006", "0007", "0008", "0010", "0020"]
    assert comparison.group_member_ids == members
    assert comparison.peer_group_name == "Liknande regioner, sjukfrånvaro – Region Halland"
    assert comparison.municipality_ids() == sorted(["0013", *members])
    # six regions, five years, three genders
    assert stored == 6 * 5 * 3
    table = selectors.comparison_table(comparison)
    assert table.year == 2023
    # lower is better: Halland 5,5; Kronoberg 5,8; Jönköping 5,9; Dalarna and Kalmar 6,2
    # (a tie, by name); Blekinge 6,7
    assert [(r.municipality_id, r.rank, r.total) for r in table.rows] == [
        ("0013", 1, Decimal("5.5")),
        ("0007", 2, Decimal("5.8")),
        ("0006", 3, Decimal("5.9")),
        ("0020", 4, Decimal("6.2")),
        ("0008", 5, Decimal("6.2")),
        ("0010", 6, Decimal("6.7")),
    ]
    assert [r.in_group for r in table.rows] == [False, True, True, True, True, True]
    # the members' median: 2019 of 5,7 5,6 6,0 6,5 6,0 is 6,0; 2023 of 5,9 5,8 6,2 6,7 6,2 is 6,2
    assert table.peer_median[0] == Decimal("6.0") and table.peer_median[-1] == Decimal("6.2")


def test_a_group_beside_chosen_peers_takes_both(region):
    from uppsikt.kolada.client import KoladaError

    comparison = _set(region, peer_ids=["0001"], peer_group=GROUP)
    session = RecordedSession(BASE)
    client = KoladaClient(base_url=BASE, session=session, sleep=lambda s: None)
    # the members' names come with the group; Kolada is asked for the others' names only
    # (that request is not recorded: the recorded session answers 404)
    with pytest.raises(KoladaError):
        services.values_fetch(
            actor=SYSTEM, plan=region["plan"], comparison=comparison, client=client
        )
    assert session.calls == [f"municipality_groups/{GROUP}", "municipality/0001,0013"]


def test_a_group_kolada_does_not_know_fails_the_job_with_the_reason(region):
    _set(region, peer_ids=[], peer_group="G999")
    url = reverse("kolada:comparison_fetch", args=[region["plan"].pk, region["indicator"].pk])
    _client(region["controller"]).post(url)
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED and "404" in job.message
    assert not KoladaValue.objects.exists()


def test_a_group_answer_without_the_group_or_members_is_refused():
    from uppsikt.kolada.client import KoladaError, group_members

    from .fakes import FakeSession, page

    assert group_members({"members": ["0006", {"id": "0007", "title": "Region Kronoberg"}]}) == [
        ("0006", "0006"),
        ("0007", "Region Kronoberg"),
    ]
    client = KoladaClient(
        base_url=BASE,
        session=FakeSession(page([{"id": "G1", "title": "Tom", "members": []}]), page([])),
        sleep=lambda s: None,
    )
    with pytest.raises(KoladaError, match="inga medlemmar"):
        services._group(client, "G1")
    with pytest.raises(KoladaError, match="ingen grupp"):
        services._group(client, "G2")


def test_choosing_a_group_on_the_indicator_page_and_seeing_its_members(region):
    url = reverse("kolada:comparison_save", args=[region["plan"].pk, region["indicator"].pk])
    data = {
        "kolada-kpi": "N60030",
        "kolada-own_id": "0013",
        "kolada-peer_ids": "",  # with a group: its members only
        "kolada-peer_group": GROUP,
        "kolada-first_year": "2019",
        "kolada-last_year": "2023",
    }
    assert _client(region["reporter"]).post(url, data).status_code == 403
    assert _client(region["controller"]).post(url, data).status_code == 302
    comparison = Comparison.objects.get()
    assert comparison.peer_ids == [] and comparison.peer_group == GROUP
    _load(region, comparison)
    page = f"/planering/{region['plan'].pk}/indikatorer/{region['indicator'].pk}/"
    html = _client(region["controller"]).get(page).content.decode()
    assert "Liknande regioner, sjukfrånvaro – Region Halland (G100013), 5 medlemmar" in html
    assert "Region Blekinge" in html and "i gruppen" in html
    assert "Region Stockholm" not in html  # not a member, not chosen
