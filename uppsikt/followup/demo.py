"""Demo step: the 2024 follow-up calendar and the default scales; Regionstyrelsen's
Uppföljningsrapport 1 2024 as reported in reference 003 (every assignment and work-environment
activity "pågår enligt plan", 003: "alla förvaltningsuppdrag har startats upp och pågår. Det
finns i dagsläget inga avvikelser", with the document's comments), submitted and approved;
then UR2 2024 opened for reporting."""

from __future__ import annotations

from uppsikt.core.permissions import SYSTEM
from uppsikt.planning import services as planning
from uppsikt.planning.demo import YEAR
from uppsikt.planning.demo_texts import UR1_COMMENTS
from uppsikt.planning.models import Plan

from . import services
from .models import Assessment, ItemKind, ReportingPeriod, ScaleLevel


def load(*, context) -> None:
    organisation = context.organisation
    rk = context.objects["units"]["RK"]
    items = context.objects["rs_items"]
    services.scale_defaults_create(actor=SYSTEM, organisation=organisation)
    periods = {
        (p.kind, p.last_month): p
        for p in services.periods_create_default(actor=SYSTEM, organisation=organisation, year=YEAR)
    }
    ur1 = periods[(ReportingPeriod.Kind.UR1, 4)]
    services.period_open(actor=SYSTEM, period=ur1)
    comments = [(ItemKind.ASSIGNMENT, item) for item in items["assignments"]] + [
        (ItemKind.ACTIVITY, item) for item in items["activities"]
    ]
    for kind, item in comments:
        level = ScaleLevel.objects.get(organisation=organisation, item_kind=kind, code="on_track")
        assessment = Assessment.objects.get(period=ur1, unit=rk, item_kind=kind, **{kind: item})
        assessment = services.assessment_save_draft(
            actor=SYSTEM,
            assessment=assessment,
            version=assessment.version,
            status=level,
            forecast=level,
            comment=UR1_COMMENTS[item.title],
        )
        assessment = services.assessment_submit(
            actor=SYSTEM, assessment=assessment, version=assessment.version
        )
        services.assessment_approve(actor=SYSTEM, assessment=assessment, version=assessment.version)
    services.period_close(actor=SYSTEM, period=ur1)
    planning.plan_set_status(
        actor=SYSTEM, plan=context.objects["plans"]["DNRS"], status=Plan.Status.ADOPTED
    )
    services.period_open(actor=SYSTEM, period=periods[(ReportingPeriod.Kind.UR2, 8)])
    context.objects["periods"] = periods
