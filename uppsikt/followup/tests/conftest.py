from __future__ import annotations

import datetime as dt

import pytest

from uppsikt.core.permissions import SYSTEM
from uppsikt.followup import services
from uppsikt.followup.models import Assessment, ItemKind, ReportingPeriod, ScaleLevel
from uppsikt.organisation.models import Body, Role
from uppsikt.organisation.tests import factories as org_factories
from uppsikt.planning.tests import factories as plan_factories


class Region:
    """An organisation with Regionservice → Måltidsservice, a reporter on Måltidsservice, an
    approver on Regionservice, a controller, a plan with an assignment for Måltidsservice, and
    UR1 2024 open for reporting."""

    def __init__(self):
        self.org = org_factories.organisation()
        self.dnrs = org_factories.body(self.org, "DNRS", kind=Body.Kind.COMMITTEE)
        self.rse = org_factories.unit(self.org, "RSE")
        self.mat = org_factories.unit(self.org, "RSE-MAT", self.rse)
        self.log = org_factories.unit(self.org, "RSE-LOG", self.rse)
        self.reporter = org_factories.user("rapportor")
        org_factories.grant(self.reporter, Role.REPORTER, self.org, unit=self.mat)
        self.approver = org_factories.user("godkannare")
        org_factories.grant(self.approver, Role.APPROVER, self.org, unit=self.rse)
        self.controller = org_factories.user("controller")
        org_factories.grant(self.controller, Role.CONTROLLER, self.org)
        self.plan = plan_factories.plan(self.org, self.dnrs)
        self.assignment = plan_factories.plan_assignment(
            self.plan, self.mat, "Minska matsvinnet", area="Hållbarhet"
        )
        services.scale_defaults_create(actor=SYSTEM, organisation=self.org)
        self.period = services.period_create(
            actor=SYSTEM,
            organisation=self.org,
            year=2024,
            kind=ReportingPeriod.Kind.UR1,
            first_month=1,
            last_month=4,
            deadline=dt.date(2024, 5, 15),
            scope=ReportingPeriod.Scope.FULL,
        )
        services.period_open(actor=SYSTEM, period=self.period)
        self.assessment = Assessment.objects.get(period=self.period, assignment=self.assignment)

    def level(self, code: str, kind: str = ItemKind.ASSIGNMENT) -> ScaleLevel:
        return ScaleLevel.objects.get(organisation=self.org, item_kind=kind, code=code)

    def fresh(self) -> Assessment:
        return Assessment.objects.get(pk=self.assessment.pk)

    def filled(self, code: str = "on_track") -> Assessment:
        a = self.fresh()
        return services.assessment_save_draft(
            actor=self.reporter,
            assessment=a,
            version=a.version,
            status=self.level(code),
            comment="<p>Arbetet pågår.</p>",
        )

    def submitted(self, code: str = "on_track") -> Assessment:
        a = self.filled(code)
        return services.assessment_submit(actor=self.reporter, assessment=a, version=a.version)


@pytest.fixture
def region(db):
    return Region()
