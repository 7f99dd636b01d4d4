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
