"""Two organisations in one database: each page, opened on the second organisation's host name
by its administrator, shows nothing of the first; the first's objects are not found there; a
role in one organisation gives nothing in the other. How a request and a command find their
organisation (docs/adr/0009).

The second organisation is a small but complete copy of the demo region: the same codes where
the demo's URLs name one (the body RS, the units RK-EKO and RSE-MAT), so that a page that looks
up by code without the organisation would find the first organisation's; its own names
everywhere, so that anything of the first shows.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from tests.access.test_url_permissions import MATRIX, NOROLE, oparl_samples
from uppsikt.cases import services as case_services
from uppsikt.cases.models import AssessmentTemplate, Case, DecisionProposal, Record
from uppsikt.control.models import (
    Action,
    ControlPlan,
    ControlPoint,
    ControlResult,
    Risk,
    RiskCategory,
    RiskScaleStep,
)
from uppsikt.core.jobs import job_create
from uppsikt.core.models import AuditEvent
from uppsikt.core.permissions import SYSTEM
from uppsikt.demo.loader import load_demo
from uppsikt.dialogues.models import Dialogue, DialogueNotes, NotesQuestion
from uppsikt.documents.models import DocumentText
from uppsikt.finance import services as finance_services
from uppsikt.finance.models import CapitalProject, LedgerImport
from uppsikt.finance.tests.test_ledger import LEDGER
from uppsikt.followup import services as followup_services
from uppsikt.followup.models import Assessment, ReportingPeriod
from uppsikt.meetings import services as meeting_services
from uppsikt.meetings.models import DecisionAssignment, Meeting, MinutesItem, Notice
from uppsikt.organisation import services as org_services
from uppsikt.organisation.models import (
    Body,
    Membership,
    Organisation,
    Person,
    Role,
    RoleGrant,
    Unit,
)
from uppsikt.organisation.permissions import has_permission
from uppsikt.organisation.tenancy import organisation_for_command
from uppsikt.organisation.tests import factories as org_factories
from uppsikt.planning import services as plan_services
from uppsikt.planning.models import Activity, Goal, Indicator, Plan, PlanAssignment, Target

pytestmark = pytest.mark.django_db

FIRST_HOST = "uppsikt.region.example"
SECOND_HOST = "uppsikt.norrby.example"
SECOND_SLUG = "norrby-kommun"
SECOND_CASE = "RS250007"  # the second organisation's case, where the demo's URLs say RS241521


def two_hosts(first_slug: str):
    return override_settings(
        ALLOWED_HOSTS=[FIRST_HOST, SECOND_HOST, "testserver"],
        UPPSIKT_ORGANISATIONS={FIRST_HOST: first_slug, SECOND_HOST: SECOND_SLUG},
    )


# --- the second organisation -----------------------------------------------------------------


def build_second() -> dict:
    """Norrby kommun: its bodies, units, people, roles, a plan with every kind of item, the
    follow-up calendar with assessments, a ledger, a capital project, a case with records and a
    final proposal, an approved meeting on the notice board with a decision assignment."""
    org = org_services.organisation_create(
        actor=SYSTEM, name="Norrby kommun", slug=SECOND_SLUG, kind=Organisation.Kind.MUNICIPALITY
    )

    def body(code, name, kind, **kw):
        return org_services.body_create(
            actor=SYSTEM, organisation=org, code=code, name=name, kind=kind, **kw
        )

    def unit(code, name, parent=None, **kw):
        kind = Unit.Kind.DEPARTMENT if parent else Unit.Kind.ADMINISTRATION
        return org_services.unit_create(
            actor=SYSTEM, organisation=org, code=code, name=name, kind=kind, parent=parent, **kw
        )

    kf = body("KF", "Norrby kommunfullmäktige", Body.Kind.COUNCIL, register_prefix="KF")
    rs = body("RS", "Norrby kommunstyrelse", Body.Kind.BOARD, register_prefix="RS")
    kontor = unit("RK", "Norrby kommunledningskontor", body=rs)
    eko = unit("RK-EKO", "Norrby ekonomiavdelning", kontor, cost_centres=["11"])
    service = unit("RSE", "Norrby serviceförvaltning", body=rs)
    mat = unit("RSE-MAT", "Norrby kostavdelning", service, cost_centres=["21"])

    party = org_services.party_create(
        actor=SYSTEM, organisation=org, name="Norrbypartiet", abbreviation="NP"
    )
    people = {}
    for first, last, title, where in [
        ("Greta", "Norrbysdotter", "Kommundirektör", kontor),
        ("Olle", "Norrbysson", "Ekonomichef", eko),
        ("Saga", "Norrbystrand", "Kostchef", mat),
        ("Ivar", "Norrbyholm", "Ordförande", None),
        ("Tyra", "Norrbyvik", "Vice ordförande", None),
        ("Arvid", "Norrbylund", "Ledamot", None),
    ]:
        people[last] = org_services.person_create(
            actor=SYSTEM,
            organisation=org,
            first_name=first,
            last_name=last,
            title=title,
            unit=where,
        )
    for last, role in [
        ("Norrbyholm", Membership.Role.CHAIR),
        ("Norrbyvik", Membership.Role.FIRST_VICE_CHAIR),
        ("Norrbylund", Membership.Role.MEMBER),
    ]:
        org_services.membership_create(
            actor=SYSTEM,
            person=people[last],
            body=rs,
            role=role,
            start_date=dt.date(2023, 1, 1),
            end_date=dt.date(2026, 12, 31),
            party=party,
        )
    admin = org_services.account_create(
        actor=SYSTEM,
        username="norrby-admin",
        password="korrekt-hast-batteri",
        person=people["Norrbysdotter"],
    )
    grant = org_services.role_grant(
        actor=SYSTEM, user=admin, role=Role.ADMINISTRATOR, organisation=org
    )

    # Planning: the council's goals and the board's plan for 2024.
    council_plan = plan_services.plan_create(
        actor=SYSTEM, organisation=org, body=kf, year=2024, title="Norrbys budget 2024"
    )
    area = plan_services.focus_area_create(
        actor=SYSTEM, plan=council_plan, name="Norrbys hållbara vardag"
    )
    council_goal = plan_services.goal_create(
        actor=SYSTEM,
        plan=council_plan,
        level=Goal.Level.COUNCIL,
        title="Norrbys kommunmål om cirkulär ekonomi",
        focus_area=area,
    )
    plan_services.plan_set_status(actor=SYSTEM, plan=council_plan, status=Plan.Status.ADOPTED)
    plan = plan_services.plan_create(
        actor=SYSTEM, organisation=org, body=rs, year=2024, title="Norrbys verksamhetsplan 2024"
    )
    assignment = plan_services.plan_assignment_create(
        actor=SYSTEM,
        plan=plan,
        title="Norrbyuppdraget om måltider",
        responsible_unit=mat,
        goal=council_goal,
    )
    activity = plan_services.activity_create(
        actor=SYSTEM, plan=plan, title="Norrbyaktiviteten om arbetsmiljö", responsible_unit=mat
    )
    indicator = plan_services.plan_indicator_create(
        actor=SYSTEM,
        plan=plan,
        name="Norrbys andel ekologiska livsmedel",
        direction=Indicator.Direction.HIGHER,
        unit_of_measure="%",
        decimals=1,
        value=Decimal("40"),
        tolerance=Decimal("2"),
    )
    plan_services.plan_set_status(actor=SYSTEM, plan=plan, status=Plan.Status.ADOPTED)

    # Follow-up: the 2024 calendar, UR1 and UR2 open.
    followup_services.scale_defaults_create(actor=SYSTEM, organisation=org)
    periods = {
        p.kind: p
        for p in followup_services.periods_create_default(actor=SYSTEM, organisation=org, year=2024)
    }
    followup_services.period_open(actor=SYSTEM, period=periods[ReportingPeriod.Kind.UR1])
    followup_services.period_open(actor=SYSTEM, period=periods[ReportingPeriod.Kind.UR2])

    # The ledger, a capital project.
    finance_services.sie_import_file(
        actor=SYSTEM, organisation=org, data=LEDGER.encode("cp437"), filename="norrby.se"
    )
    finance_services.capital_project_create(
        actor=SYSTEM,
        organisation=org,
        code="NORRBY-INV",
        name="Norrbys nya kök",
        category=CapitalProject.Category.NEW,
        unit=mat,
    )

    # The register: a case with four records (the fourth secret), a final proposal.
    case_services.impact_assessment_templates_ensure(actor=SYSTEM, organisation=org)
    templates = {t.code: t for t in AssessmentTemplate.objects.filter(organisation=org)}
    case = case_services.case_register(
        actor=SYSTEM,
        organisation=org,
        body=rs,
        unit=kontor,
        officer=people["Norrbysdotter"],
        title="Norrbys översyn av kostverksamheten",
        registered_on=dt.date(2025, 2, 3),
        number=SECOND_CASE,
    )
    records = [
        case_services.record_register(
            actor=SYSTEM,
            case=case,
            kind=Record.Kind.INCOMING,
            date=dt.date(2025, 2, 3 + n),
            counterpart="Norrbys kostråd",
            description=f"Norrbyskrivelse nummer {n + 1}",
            secret=n == 3,
            secrecy_ground="OSL 21 kap. 1 §" if n == 3 else "",
        )
        for n in range(4)
    ]
    proposal = case_services.proposal_create(
        actor=SYSTEM,
        case=case,
        body=rs,
        title="Norrbys beslutsförslag om kostverksamheten",
        date=dt.date(2025, 3, 1),
        decision_intro="Norrby kommunstyrelse beslutar att",
    )
    case_services.proposal_update(
        actor=SYSTEM,
        proposal=proposal,
        decision_points=["godkänna Norrbys översyn", "ge Norrbys kostavdelning ett uppdrag"],
        summary="Norrbys sammanfattning.",
        economic_consequences="Inga för Norrby.",
        basis=[records[0]],
        signatories=[people["Norrbysdotter"]],
    )
    for code in ("child_rights", "gender_equality"):
        case_services.impact_assessment_save(
            actor=SYSTEM,
            proposal=proposal,
            template=templates[code],
            affected=False,
            not_affected_reason="Rör inte Norrbys barn",
        )
    proposal = case_services.proposal_transition(actor=SYSTEM, proposal=proposal, to="final")

    # A meeting of the board, held and approved: its notice on the board, an assignment.
    meeting = meeting_services.meeting_create(
        actor=SYSTEM,
        body=rs,
        date=dt.date(2025, 4, 2),
        start_time=dt.time(9),
        place="Norrby rådhus",
        minutes_kept_at="Norrby kommunkansli",
    )
    meeting_services.agenda_add(actor=SYSTEM, meeting=meeting, proposal=proposal)
    meeting_services.attendance_record(
        actor=SYSTEM,
        meeting=meeting,
        present=[people[p].pk for p in ("Norrbyholm", "Norrbyvik", "Norrbylund")],
    )
    meeting_services.meeting_set_approvers(
        actor=SYSTEM,
        meeting=meeting,
        chair=people["Norrbyholm"],
        approvers=[people["Norrbyvik"]],
    )
    meeting_services.meeting_hold(actor=SYSTEM, meeting=meeting)
    item = meeting.items.get()
    meeting_services.item_decide(actor=SYSTEM, item=item)
    for person in ("Norrbyholm", "Norrbyvik"):
        meeting_services.minutes_approve(actor=SYSTEM, meeting=meeting, person=people[person])
    decision_assignment = meeting_services.assignment_create(
        actor=SYSTEM, item=item, point=2, recipient_unit=mat, due_date=dt.date(2026, 6, 30)
    )

    return {
        "organisation": org,
        "admin": admin,
        "samples": {
            "person": people["Norrbystrand"].pk,
            "role_grant": grant.pk,
            "ledger_import": LedgerImport.objects.get(organisation=org).pk,
            "plan": plan.pk,
            "council_goal": council_goal.pk,
            "council_plan": council_plan.pk,
            "focus_area": area.pk,
            "plan_assignment": assignment.pk,
            "plan_activity": activity.pk,
            "plan_indicator": indicator.pk,
            "plan_target": Target.objects.get(indicator=indicator, body=rs, year=2024).pk,
            "period": periods[ReportingPeriod.Kind.UR2].pk,
            "proposal": proposal.pk,
            "meeting": meeting.pk,
            "meeting_248": meeting.pk,
            "minutes_item": item.pk,
            "decision_assignment": decision_assignment.pk,
            "notice": Notice.objects.get(meeting=meeting).pk,
            "assessment": Assessment.objects.filter(unit=mat).first().pk,
            "job": job_create(kind="test", title="Norrbyjobb", started_by=admin).pk,
            "RS241521": SECOND_CASE,
            "organisation_slug": SECOND_SLUG,
        },
    }


def first_samples(django_user_model) -> dict:
    """The demo region's objects, as test_url_permissions opens them (before the second
    organisation exists)."""
    return {
        "person": Person.objects.get(user__username="lasare").pk,
        "role_grant": RoleGrant.objects.filter(user__username="admin").first().pk,
        "ledger_import": LedgerImport.objects.order_by("pk").first().pk,
        "plan": Plan.objects.get(title="Verksamhetsplan 2024 Regionstyrelsen").pk,
        "council_goal": Goal.objects.get(title="Bidra till en hållbar resursanvändning").pk,
        "council_plan": Goal.objects.get(title="Bidra till en hållbar resursanvändning").plan_id,
        "focus_area": Goal.objects.get(
            title="Bidra till en hållbar resursanvändning"
        ).focus_area_id,
        "plan_assignment": PlanAssignment.objects.filter(
            plan__title="Verksamhetsplan 2024 Regionstyrelsen"
        )
        .first()
        .pk,
        "plan_activity": Activity.objects.filter(plan__title="Verksamhetsplan 2024 Regionstyrelsen")
        .first()
        .pk,
        "plan_indicator": Indicator.objects.get(name="Personalomsättning").pk,
        "plan_target": Target.objects.filter(indicator__name="Personalomsättning", year=2024)
        .first()
        .pk,
        "period": ReportingPeriod.objects.get(year=2024, kind="ur2").pk,
        "proposal": DecisionProposal.objects.get(
            case__number="RS241521", title__endswith="hösten 2025"
        ).pk,
        "meeting": Meeting.objects.get(body__code="RS", status="planned").pk,
        "meeting_248": MinutesItem.objects.get(number=248).meeting_id,
        "minutes_item": MinutesItem.objects.get(number=248).pk,
        "decision_assignment": DecisionAssignment.objects.get(given_by__number=83).pk,
        "notice": Notice.objects.get(meeting__items__number=248).pk,
        "assessment": Assessment.objects.filter(unit__code="RSE-MAT").first().pk,
        "control_plan": ControlPlan.objects.get(body__code="DNRS", year=2025).pk,
        "risk": Risk.objects.get(plan__body__code="DNRS", process="Informationssäkerhet").pk,
        "control_point": ControlPoint.objects.get(
            responsible_unit__code="RSE-MAT", risk__plan__year=2025
        ).pk,
        "control_result": ControlResult.objects.get(
            control_point__responsible_unit__code="RSE-MAT", period__kind="annual"
        ).pk,
        "control_action": Action.objects.get(
            result__control_point__responsible_unit__code="RSE-MAT"
        ).pk,
        "risk_category": RiskCategory.objects.get(code="legal").pk,
        "risk_scale_step": RiskScaleStep.objects.get(dimension="probability", value=1).pk,
        "dialogue": Dialogue.objects.get(committee__code="DNRS", year=2025, number=2).pk,
        "notes": DialogueNotes.objects.get(date="2017-06-19").pk,
        "notes_question": NotesQuestion.objects.filter(notes__date="2017-06-19").first().pk,
        "job": job_create(
            kind="test", title="Prov", started_by=django_user_model.objects.get(username="admin")
        ).pk,
        **oparl_samples(),
    }


# --- what of the first organisation may not show ---------------------------------------------


def _plain(text: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def names_of(first: Organisation) -> set[str]:
    """An organisation's names, titles and numbers (those long enough not to occur in a page
    by chance)."""
    found: set[str] = {first.name}
    found.update(Body.objects.filter(organisation=first).values_list("name", flat=True))
    found.update(Unit.objects.filter(organisation=first).values_list("name", flat=True))
    found.update(f"{p.first_name} {p.last_name}" for p in Person.objects.filter(organisation=first))
    found.update(Plan.objects.filter(organisation=first).values_list("title", flat=True))
    found.update(Goal.objects.filter(plan__organisation=first).values_list("title", flat=True))
    found.update(
        PlanAssignment.objects.filter(plan__organisation=first).values_list("title", flat=True)
    )
    found.update(Activity.objects.filter(plan__organisation=first).values_list("title", flat=True))
    # (the staff indicators computed from HR data are named as every page names them, and the
    # economic ones of 001 as every follow-up report names its own tables)
    found.update(
        Indicator.objects.filter(organisation=first, computed_from="")
        .exclude(name__in=("Ackumulerad budgetavvikelse", "Prognos budgetavvikelse"))
        .values_list("name", flat=True)
    )
    found.update(Case.objects.filter(organisation=first).values_list("title", flat=True))
    found.update(Case.objects.filter(organisation=first).values_list("number", flat=True))
    found.update(
        Record.objects.filter(case__organisation=first).values_list("description", flat=True)
    )
    found.update(
        DecisionProposal.objects.filter(case__organisation=first).values_list("title", flat=True)
    )
    found.update(Meeting.objects.filter(organisation=first).values_list("place", flat=True))
    found.update(
        MinutesItem.objects.filter(meeting__organisation=first).values_list("title", flat=True)
    )
    found.update(CapitalProject.objects.filter(organisation=first).values_list("name", flat=True))
    found.update(
        LedgerImport.objects.filter(organisation=first).values_list("file_name", flat=True)
    )
    return {s for s in found if s and (len(s) >= 10 or (" " in s and len(s) >= 8))}


def document_texts() -> set[str]:
    """The first words of every text written for a document (all the first organisation's
    while there is no other)."""
    return {_plain(t)[:40] for t in DocumentText.objects.values_list("text", flat=True)} - {""}


def leaks(response, strings: set[str]) -> list[str]:
    """The strings of ``strings`` that the response shows (HTML, CSV, XLSX, DOCX or PDF)."""
    content = b"".join(response) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if content[:2] == b"PK":  # DOCX, XLSX: zipped XML
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            text = " ".join(
                _plain(z.read(n).decode("utf-8", "replace"))
                for n in z.namelist()
                if n.endswith(".xml")
            )
    elif content[:4] == b"%PDF":
        from pypdf import PdfReader

        text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(content)).pages)
        text = " ".join(text.split())
    else:
        text = content.decode("utf-8", "replace")
    if "html" in kind or "xml" in kind:
        text = html.unescape(text)
    return sorted(s for s in strings if s in text)


# --- the crawl -------------------------------------------------------------------------------


def _url(name: str, kwargs: dict, samples: dict) -> str:
    args = {k: samples.get(v, v) for k, v in kwargs.items()}
    return reverse(name, kwargs=args or None)


# Objects the second organisation does not have (yet): the pages of one internal-control plan and
# one committee dialogue are opened in the first organisation only. Their lists and overviews are
# crawled on the second host like every page, and the first organisation's objects are 404 there
# (test_the_first_organisations_objects_are_not_found_on_the_second_host).
NOT_IN_SECOND = {
    # the open data's objects: the first organisation's are 404 on the second host; its lists
    # are walked there like every page
    "oparl_body",
    "oparl_party",
    "oparl_person",
    "oparl_membership",
    "oparl_meeting",
    "oparl_agendaitem",
    "oparl_case",
    "oparl_proposal",
    "oparl_file",
    "control_plan",
    "risk",
    "control_point",
    "control_result",
    "control_action",
    "risk_category",
    "risk_scale_step",
    "dialogue",
    "notes",
    "notes_question",
    "archive_export",
    "archived_case",
    "disposal_run",
    "retention_schedule",
    "retention_rule",
    "capital_project",
}


def _names_object_not_in_second(kwargs: dict, samples: dict) -> bool:
    missing = {v for v in kwargs.values() if isinstance(v, str) and v in NOT_IN_SECOND}
    assert not missing - NOT_IN_SECOND
    return bool(missing) and not missing & samples.keys()


# What the second organisation's host answers where it differs from the demo's: it has uploaded
# no logo, so the first organisation's is not served there (404).
SECOND_ANSWERS = {"organisation:logo": 404}


def _posts_only(expected: dict) -> bool:
    return expected["administrator"] == 405


# Extra addresses with a query: searches for words the first organisation's names contain,
# drill-downs by report line and account.
QUERIES = [
    ("reports:search", {}, "?q=Region"),
    ("reports:search", {}, "?q=Halland"),
    ("cases:index", {}, "?q=Nämndsdialog"),
    ("cases:index", {}, "?q=stabsfunktioner"),
    ("cases:delegated", {}, "?organ=RS"),
    ("finance:ledger", {}, "?enhet=RK&manad=2024-02"),
    ("finance:accounts", {}, "?rad=staff&enhet=RK&manad=2024-02"),
    ("finance:transactions", {}, "?konto=4011&enhet=RK&manad=2024-02"),
    ("organisation:admin_people", {}, "?q=a"),
    ("organisation:admin_audit", {}, ""),
    ("organisation:admin_audit", {}, "?sida=2"),
]


def test_the_second_organisations_administrator_sees_nothing_of_the_first(
    client, django_user_model
):
    load_demo()
    first = Organisation.objects.get()
    forbidden = names_of(first) | document_texts()
    second = build_second()
    forbidden -= names_of(second["organisation"])  # nothing the second has too
    client.force_login(second["admin"])
    failures = []
    with two_hosts(first.slug):
        # every page of the second organisation, as its administrator: what the demo's
        # administrator gets in the demo, and nothing of the first
        for name, (kwargs, expected) in sorted(MATRIX.items()):
            if _posts_only(expected) or _names_object_not_in_second(kwargs, second["samples"]):
                continue
            url = _url(name, kwargs, second["samples"])
            response = client.get(url, HTTP_HOST=SECOND_HOST)
            want = SECOND_ANSWERS.get(name, expected["administrator"])
            if response.status_code != want:
                failures.append(f"{url}: expected {want}, got {response.status_code}")
            failures += [f"{url} shows {s!r}" for s in leaks(response, forbidden)]
        for name, kwargs, query in QUERIES:
            url = _url(name, kwargs, second["samples"]) + query
            response = client.get(url, HTTP_HOST=SECOND_HOST)
            if response.status_code != 200:
                failures.append(f"{url}: expected 200, got {response.status_code}")
            failures += [f"{url} shows {s!r}" for s in leaks(response, forbidden)]
    assert not failures, "\n".join(failures)


def test_the_first_organisations_objects_are_not_found_on_the_second_host(
    client, django_user_model
):
    """Every address that names an object, with the first organisation's: 404, by GET or (for
    an action) by POST, and nothing is written."""
    load_demo()
    first = Organisation.objects.get()
    ones = first_samples(django_user_model)
    second = build_second()
    client.force_login(second["admin"])
    written = AuditEvent.objects.count()
    failures = []
    with two_hosts(first.slug):
        for name, (kwargs, expected) in sorted(MATRIX.items()):
            if not any(v in ones or v == "RS241521" for v in kwargs.values()):
                continue  # names no object of the first organisation by id or number
            url = _url(name, kwargs, ones)
            if _posts_only(expected):
                response = client.post(url, {}, HTTP_HOST=SECOND_HOST)
            else:
                response = client.get(url, HTTP_HOST=SECOND_HOST)
            # a job is its starter's, whatever the organisation: another's is refused
            want = 403 if name == "job" else 404
            if response.status_code != want:
                failures.append(f"{url}: expected {want}, got {response.status_code}")
    assert not failures, "\n".join(failures)
    assert AuditEvent.objects.count() == written


def test_roles_in_the_first_organisation_give_nothing_in_the_second(client, django_user_model):
    """The demo's administrator (administrator of the whole first organisation) on the second
    organisation's host is an account without a role there."""
    load_demo()
    first = Organisation.objects.get()
    second = build_second()
    client.force_login(django_user_model.objects.get(username="admin"))
    failures = []
    with two_hosts(first.slug):
        for name, (kwargs, expected) in sorted(MATRIX.items()):
            if _names_object_not_in_second(kwargs, second["samples"]):
                continue
            url = _url(name, kwargs, second["samples"])
            response = client.get(url, HTTP_HOST=SECOND_HOST)
            want = SECOND_ANSWERS.get(name, expected[NOROLE])
            if response.status_code != want:
                failures.append(f"{url}: expected {want}, got {response.status_code}")
        # and on its own host it is the administrator
        response = client.get(reverse("organisation:admin_audit"), HTTP_HOST=FIRST_HOST)
        assert response.status_code == 200
    assert not failures, "\n".join(failures)


# --- finding the organisation ----------------------------------------------------------------


@pytest.fixture
def one_organisation():
    org = org_factories.organisation(name="Ensam region", slug="ensam-region")
    admin = org_factories.user("ensam-admin")
    org_factories.grant(admin, Role.ADMINISTRATOR, org)
    org_factories.body(org, "ENS", name="Ensamma styrelsen")
    return org, admin


def test_with_one_organisation_every_host_name_is_its_own_without_configuration(
    client, one_organisation
):
    org, admin = one_organisation
    client.force_login(admin)
    with override_settings(UPPSIKT_ORGANISATIONS={}):
        page = client.get(reverse("organisation:bodies"))
    assert page.status_code == 200
    assert "Ensamma styrelsen" in page.content.decode()
    board = client.get(reverse("noticeboard:board"))
    assert board.status_code == 200 and "Ensam region" in board.content.decode()


def test_with_two_organisations_an_unknown_host_name_is_not_found(client, one_organisation):
    org, admin = one_organisation
    org_factories.organisation(name="Andra regionen", slug="andra-regionen")
    client.force_login(admin)
    with override_settings(
        ALLOWED_HOSTS=["okand.example", "ensam.example"],
        UPPSIKT_ORGANISATIONS={"ensam.example": "ensam-region"},
    ):
        for name in ("home", "organisation:bodies", "noticeboard:board", "noticeboard:feed"):
            response = client.get(reverse(name), HTTP_HOST="okand.example")
            assert response.status_code == 404, name
        # the mapped host name works, with its port too
        response = client.get(reverse("organisation:bodies"), HTTP_HOST="ensam.example:8443")
        assert response.status_code == 200
        assert "Ensamma styrelsen" in response.content.decode()
        # the login page needs no organisation
        client.logout()
        assert client.get(reverse("login"), HTTP_HOST="okand.example").status_code == 200


def test_a_host_name_mapped_to_a_short_name_that_does_not_exist_is_not_found(
    client, one_organisation
):
    org, admin = one_organisation
    client.force_login(admin)
    with override_settings(
        ALLOWED_HOSTS=["fel.example"], UPPSIKT_ORGANISATIONS={"fel.example": "finns-inte"}
    ):
        assert (
            client.get(reverse("organisation:bodies"), HTTP_HOST="fel.example").status_code == 404
        )


def test_changes_made_on_a_host_are_audited_in_its_organisation(client, one_organisation):
    org, admin = one_organisation
    other = org_factories.organisation(name="Andra regionen", slug="andra-regionen")
    client.force_login(admin)
    with override_settings(
        ALLOWED_HOSTS=["ensam.example"], UPPSIKT_ORGANISATIONS={"ensam.example": "ensam-region"}
    ):
        response = client.post(
            reverse("organisation:admin_person_create"),
            {"first_name": "Nils", "last_name": "Nilsson", "title": "", "email": ""},
            HTTP_HOST="ensam.example",
        )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="person.create")
    assert event.organisation_id == org.pk != other.pk


def test_a_role_for_the_whole_of_one_organisation_covers_nothing_of_another(one_organisation):
    """Outside any request too (a service called by a command or a job): the check of a unit or
    body of another organisation finds no role for it."""
    org, admin = one_organisation
    other = org_factories.organisation(name="Andra regionen", slug="andra-regionen")
    assert not has_permission(admin, "organisation.manage", org_factories.unit(other, "AU"))
    assert not has_permission(admin, "meetings.manage", org_factories.body(other, "AB"))
    assert has_permission(admin, "organisation.manage", org_factories.unit(org, "EU"))
    assert has_permission(admin, "meetings.manage", org_factories.body(org, "EB"))


# --- the command helper ----------------------------------------------------------------------


def test_a_command_needs_no_organisation_named_when_there_is_one(one_organisation):
    org, _admin = one_organisation
    assert organisation_for_command(None) == org
    assert organisation_for_command("ensam-region") == org


def test_a_command_names_the_organisation_when_there_are_several(one_organisation):
    org, _admin = one_organisation
    other = org_factories.organisation(name="Andra regionen", slug="andra-regionen")
    with pytest.raises(CommandError, match="flera organisationer.*andra-regionen, ensam-region"):
        organisation_for_command(None)
    assert organisation_for_command("andra-regionen") == other
    assert organisation_for_command("ensam-region") == org


def test_a_command_refuses_a_short_name_that_does_not_exist(one_organisation):
    with pytest.raises(CommandError, match="Organisationen finns-inte finns inte"):
        organisation_for_command("finns-inte")


def test_a_command_without_any_organisation_says_what_to_do_first():
    with pytest.raises(CommandError, match="ingen organisation"):
        organisation_for_command(None)
