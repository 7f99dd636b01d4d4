from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from uppsikt.api import services
from uppsikt.core.permissions import SYSTEM
from uppsikt.followup.models import Assessment
from uppsikt.followup.tests.conftest import Region
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories as org_factories
from uppsikt.planning import services as planning_services
from uppsikt.planning.tests import factories as plan_factories

EVERY = [
    "organisation.view",
    "people.view",
    "planning.view",
    "planning.manage",
    "followup.report",
    "followup.approve",
    "followup.monitor",
    "finance.view",
    "workforce.view",
    "meetings.view",
    "cases.view",
    "secrecy.read",
    "documents.view",
]


class ApiRegion(Region):
    """The follow-up region (RSE → RSE-MAT, RSE-LOG; a reporter on RSE-MAT, an approver on
    RSE, a controller organisation-wide), with an administrator, a reporter on RSE-LOG, an
    assignment and measurements for each of the two units, and a person."""

    def __init__(self):
        self.log_assignment = None
        super().__init__()
        self.admin = org_factories.user("admin")
        org_factories.grant(self.admin, Role.ADMINISTRATOR, self.org)
        self.log_reporter = org_factories.user("rapportor-log")
        org_factories.grant(self.log_reporter, Role.REPORTER, self.org, unit=self.log)
        self.reader = org_factories.user("lasare")
        org_factories.grant(self.reader, Role.READER, self.org)
        self.secretary = org_factories.user("sekreterare")
        org_factories.grant(self.secretary, Role.SECRETARY, self.org, body=self.dnrs)
        self.indicator = plan_factories.indicator(self.org, "Sjukfrånvaro")
        for unit, values in ((self.mat, ("5.5", "6.25")), (self.log, ("7.0", "7.5"))):
            for month, value in zip((4, 8), values, strict=True):
                planning_services.measurement_record(
                    actor=SYSTEM,
                    indicator=self.indicator,
                    unit=unit,
                    period_start=dt.date(2024, 1, 1),
                    period_end=dt.date(2024, month, 30 if month == 4 else 31),
                    value=Decimal(value),
                )
        self.person = org_factories.person(self.org, "Eva", "Ek", email="eva@example.se")

    def log_assessment(self) -> Assessment:
        """An assessment of RSE-LOG's own assignment in an open period of 2024 (T2)."""
        from uppsikt.followup import services as followup_services
        from uppsikt.followup.models import ReportingPeriod

        assignment = plan_factories.plan_assignment(self.plan, self.log, "Korta ledtiderna")
        period = followup_services.period_create(
            actor=SYSTEM,
            organisation=self.org,
            year=2024,
            kind=ReportingPeriod.Kind.UR2,
            first_month=1,
            last_month=8,
            deadline=dt.date(2024, 9, 15),
            scope=ReportingPeriod.Scope.FULL,
        )
        followup_services.period_open(actor=SYSTEM, period=period)
        return Assessment.objects.get(period=period, assignment=assignment)


@pytest.fixture
def api_region(db):
    cache.clear()
    return ApiRegion()


def make_token(region, owner, permissions=EVERY, *, units=(), bodies=(), days=30, **kwargs):
    """A token for ``owner`` with the permissions it holds of ``permissions``."""
    from uppsikt.api import tokens

    held = [p for p in permissions if tokens.owner_may_carry(owner, p, [*units, *bodies])]
    return services.api_token_create(
        actor=region.admin,
        organisation=region.org,
        name=kwargs.pop("name", f"Nyckel {owner.username}"),
        owner=owner,
        permissions=held,
        units=list(units),
        bodies=list(bodies),
        expires_at=timezone.now() + dt.timedelta(days=days),
        **kwargs,
    )


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


class Register:
    """Beside the API region: Regionservice serving DNRS; a case open to all and a secret
    one, each with a record; a meeting of DNRS held, with a § on each case and a secret §
    without a case, an assignment given by each §; its approved minutes on the notice board;
    and a follow-up report of DNRS kept as a PDF."""

    def __init__(self, region: ApiRegion):
        from uppsikt.cases import services as case_services
        from uppsikt.cases.models import Record
        from uppsikt.documents import services as doc_services
        from uppsikt.meetings.models import (
            AgendaItem,
            DecisionAssignment,
            Meeting,
            MinutesItem,
            Notice,
        )

        org = region.org
        region.rse.body = region.dnrs
        region.rse.save()

        def case(title, secret=False):
            return case_services.case_register(
                actor=SYSTEM,
                organisation=org,
                body=region.dnrs,
                title=title,
                unit=region.mat,
                registered_on=dt.date(2024, 3, 1),
                secret=secret,
                secrecy_ground="OSL 39:3" if secret else "",
            )

        def record(c, description, secret=False):
            return case_services.record_register(
                actor=SYSTEM,
                case=c,
                description=description,
                kind=Record.Kind.INCOMING,
                counterpart="Leverantören",
                date=dt.date(2024, 3, 2),
                secret=secret,
                secrecy_ground="OSL 31:16" if secret else "",
            )

        self.open_case = case("Upphandling av livsmedel")
        self.secret_case = case("Personalärende Hemlig Hansson", secret=True)
        self.open_record = record(self.open_case, "Anbud inkom")
        self.secret_record = record(self.open_case, "Anbud med affärshemlighet", secret=True)
        self.record_of_secret_case = record(self.secret_case, "Läkarintyg")
        self.meeting = Meeting.objects.create(
            organisation=org,
            body=region.dnrs,
            date=dt.date(2024, 5, 20),
            start_time=dt.time(9),
            place="Halmstad",
            status=Meeting.Status.HELD,
        )
        self.items = {}
        for position, (key, title, c, secret) in enumerate(
            [
                ("open", "Upphandling av livsmedel", self.open_case, False),
                ("secret_case", "Personalärende Hemlig Hansson", self.secret_case, False),
                ("secret", "Förhandling Sekretessgatan", None, True),
            ],
            start=1,
        ):
            agenda = AgendaItem.objects.create(
                meeting=self.meeting, position=position, title=title, case=c
            )
            self.items[key] = MinutesItem.objects.create(
                meeting=self.meeting,
                agenda_item=agenda,
                body=region.dnrs,
                year=2024,
                number=position,
                position=position,
                title=title,
                case=c,
                secret=secret,
                decision_points=["Uppdra åt förvaltningen att återkomma."],
                approved_at=timezone.now(),
            )
        self.assignments = {
            key: DecisionAssignment.objects.create(
                organisation=org,
                given_by=item,
                point=1,
                text=f"Återkomma om {item.title}",
                recipient_unit=region.mat,
                due_date=dt.date(2024, 12, 31),
            )
            for key, item in self.items.items()
        }
        today = dt.date.today()
        self.notice = Notice.objects.create(
            organisation=org,
            kind=Notice.Kind.APPROVAL,
            meeting=self.meeting,
            approved_on=today,
            posted_on=today,
            last_day=today + dt.timedelta(days=21),
            appeal_last_day=today + dt.timedelta(days=21),
            minutes_kept_at="Regionens kansli",
        )
        self.document = doc_services.rendered_store(
            kind="followup",
            subject=f"{org.pk}/DNRS/2024-UR1",
            fmt="pdf",
            content=b"%PDF-1.7\n% Uppfoljningsrapport DNRS\n",
            data_version="v1",
            title="Uppföljningsrapport 1 2024",
            actor=SYSTEM,
        )


@pytest.fixture
def register(api_region):
    return Register(api_region)
