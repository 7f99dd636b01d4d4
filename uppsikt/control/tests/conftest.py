"""A small region for internal control: Driftnämnden Regionservice (DNRS) served by Regionservice
(RSE → Måltidsservice, Lager och logistik), another committee (DNKS) served by Kultur och skola,
accounts in each role scoped to one unit or body and the same roles elsewhere, the 2025 periods
UR1, UR2 and Årsrapport, and a helper that takes a plan through the register and a meeting of
the committee until its § is approved."""

from __future__ import annotations

import datetime as dt

import pytest

from uppsikt.cases import services as case_services
from uppsikt.cases.models import AssessmentTemplate
from uppsikt.control import services
from uppsikt.control.models import ControlPlan, ControlResult, Risk, RiskCategory
from uppsikt.core.permissions import SYSTEM
from uppsikt.followup import services as followup
from uppsikt.followup.models import ReportingPeriod
from uppsikt.meetings import services as meetings
from uppsikt.meetings.models import Approval
from uppsikt.organisation.models import Body, Membership, Role
from uppsikt.organisation.tests import factories as org


class Region:
    def __init__(self):
        o = self.org = org.organisation()
        self.dnrs = org.body(
            o,
            "DNRS",
            name="Driftnämnden Regionservice",
            kind=Body.Kind.COMMITTEE,
            register_prefix="DRS",
        )
        self.dnks = org.body(
            o,
            "DNKS",
            name="Driftnämnden Kultur och skola",
            kind=Body.Kind.COMMITTEE,
            register_prefix="DKS",
        )
        self.rse = org.unit(o, "RSE", name="Regionservice", body=self.dnrs)
        self.mat = org.unit(o, "RSE-MAT", self.rse, name="Måltidsservice")
        self.log = org.unit(o, "RSE-LOG", self.rse, name="Lager och logistik")
        self.kos = org.unit(o, "KOS", name="Kultur och skola", body=self.dnks)
        self.head = org.person(o, "Eva", "Ek", title="Förvaltningschef", unit=self.rse)
        self.cook = org.person(o, "Per", "Holm", title="Enhetschef", unit=self.mat)
        self.members = []
        for i, role in enumerate(
            [Membership.Role.CHAIR, Membership.Role.FIRST_VICE_CHAIR, Membership.Role.MEMBER]
        ):
            p = org.person(o, f"Ledamot{i}", "Nämnd")
            org.membership(p, self.dnrs, role)
            self.members.append(p)

        def account(name, role, *, unit=None, body=None):
            user = org.user(name)
            org.grant(user, role, o, unit=unit, body=body)
            return user

        self.controller = account("controller", Role.CONTROLLER, body=self.dnrs)
        self.controller_elsewhere = account("controller-dnks", Role.CONTROLLER, body=self.dnks)
        self.admin = account("admin-dnrs", Role.ADMINISTRATOR, body=self.dnrs)
        self.reporter = account("rapportor", Role.REPORTER, unit=self.mat)
        self.reporter_elsewhere = account("rapportor-log", Role.REPORTER, unit=self.log)
        self.approver = account("godkannare", Role.APPROVER, unit=self.rse)
        self.approver_elsewhere = account("godkannare-kos", Role.APPROVER, unit=self.kos)
        self.secretary = account("sekreterare", Role.SECRETARY, body=self.dnrs)
        self.secretary_elsewhere = account("sekreterare-dnks", Role.SECRETARY, body=self.dnks)
        self.organisation_controller = account("controller-alla", Role.CONTROLLER)
        self.reader = account("lasare", Role.READER)
        followup.scale_defaults_create(actor=SYSTEM, organisation=o)
        periods = followup.periods_create_default(actor=SYSTEM, organisation=o, year=2025)
        by_kind = {(p.kind, p.last_month): p for p in periods}
        self.ur1 = by_kind[(ReportingPeriod.Kind.UR1, 4)]
        self.ur2 = by_kind[(ReportingPeriod.Kind.UR2, 8)]
        self.ar = by_kind[(ReportingPeriod.Kind.ANNUAL, 12)]
        self.february = by_kind[(ReportingPeriod.Kind.MONTHLY, 2)]

    # -- building a plan

    def category(self, code: str = "it") -> RiskCategory:
        return RiskCategory.objects.get(organisation=self.org, code=code)

    def plan(self, year: int = 2025) -> ControlPlan:
        return services.plan_create(actor=self.controller, body=self.dnrs, year=year)

    def risk(self, plan, decision=Risk.Decision.ACT, probability=3, consequence=4, **kw) -> Risk:
        return services.risk_create(
            actor=self.controller,
            plan=plan,
            process=kw.pop("process", "Informationssäkerhet"),
            description=kw.pop("description", "Medarbetare saknar utbildning."),
            category=kw.pop("category", None) or self.category(),
            probability=probability,
            consequence=consequence,
            decision=decision,
        )

    def point(self, risk, unit=None, periods=None, question="Hur många har gått utbildningen?"):
        return services.control_point_create(
            actor=self.controller,
            risk=risk,
            question=question,
            method="Utdrag ur lärplattformen.",
            frequency="Tre gånger per år",
            responsible_unit=unit or self.mat,
            responsible_person=self.cook,
            periods=periods if periods is not None else [self.ur1, self.ur2, self.ar],
        )

    def adopt(self, plan, *, approve: bool = True, date=dt.date(2025, 2, 11)):
        """Send the plan for decision, finalise its proposal, decide it at a meeting of DNRS
        and (unless ``approve`` is False) approve the minutes."""
        proposed = services.plan_propose(
            actor=self.admin, plan=plan, registered_on=dt.date(2025, 1, 20)
        )
        proposal = proposed.proposal
        case_services.proposal_update(
            actor=SYSTEM,
            proposal=proposal,
            economic_consequences="Inga.",
            signatories=[self.head],
        )
        for template in AssessmentTemplate.objects.filter(organisation=self.org):
            case_services.impact_assessment_save(
                actor=SYSTEM,
                proposal=proposal,
                template=template,
                affected=False,
                not_affected_reason="Planen riktar sig till förvaltningens interna rutiner",
            )
        proposal = case_services.proposal_transition(actor=SYSTEM, proposal=proposal, to="final")
        meeting = meetings.meeting_create(
            actor=SYSTEM, body=self.dnrs, date=date, start_time=dt.time(9), place="Halmstad"
        )
        meetings.agenda_add(actor=SYSTEM, meeting=meeting, proposal=proposal)
        meetings.attendance_record(
            actor=SYSTEM, meeting=meeting, present=[p.pk for p in self.members]
        )
        meetings.meeting_set_approvers(
            actor=SYSTEM, meeting=meeting, chair=self.members[0], approvers=[self.members[1]]
        )
        meetings.meeting_hold(actor=SYSTEM, meeting=meeting)
        item = meeting.items.get()
        meetings.item_decide(actor=SYSTEM, item=item)
        if approve:
            for person in self.members[:2]:
                meetings.minutes_approve(
                    actor=SYSTEM, meeting=meeting, person=person, method=Approval.Method.IN_SYSTEM
                )
        item.refresh_from_db()
        plan.refresh_from_db()
        return item

    def adopted_point(self, unit=None, periods=None):
        """An adopted plan with one risk acted on and one control point (for Måltidsservice
        unless ``unit``), reported in UR1, UR2 and the annual report; UR1 open."""
        plan = self.plan()
        point = self.point(self.risk(plan), unit=unit, periods=periods)
        self.adopt(plan)
        followup.period_open(actor=SYSTEM, period=self.ur1)
        self.ur1.refresh_from_db()
        return point

    def result(self, point, period=None) -> ControlResult:
        return ControlResult.objects.get(control_point=point, period=period or self.ur1)

    def filled(self, result, outcome="deviation", user=None):
        return services.result_save_draft(
            actor=user or self.reporter,
            result=result,
            version=result.version,
            outcome=outcome,
            checked="<p>Tio utbetalningar i april.</p>",
            comment="<p>Två saknade underlag.</p>",
        )

    def submitted(self, result, outcome="deviation"):
        r = self.filled(result, outcome)
        return services.result_submit(actor=self.reporter, result=r, version=r.version)


@pytest.fixture
def region(db):
    return Region()
