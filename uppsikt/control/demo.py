"""Demo step: Driftnämnden Regionservice's internal-control plan for 2025, with reference 002's
three control questions ("Internkontroll – sammanfattning efter april och augusti").

The plan is drawn up, sent for decision (case and proposal in the register) and adopted by the
committee in § 12 on 2025-02-11. It has four risks, one of them accepted. The control points
are reported in Uppföljningsrapport 1 (April) and 2 (August), both approved, and in the
Årsrapport, which is still open with a result in each earlier state: submitted, returned to
Måltidsservice (the demo reporter's unit) and a draft. April's deviations have actions: one
done, one open, and one raised into the assignment the committee gave in § 61 on 2025-06-10.
The follow-up periods of 2025 that the demo lacks are added here.
"""

from __future__ import annotations

import datetime as dt

from uppsikt.cases import services as case_services
from uppsikt.cases.demo import _not_affected
from uppsikt.cases.models import AssessmentTemplate
from uppsikt.core.permissions import SYSTEM
from uppsikt.followup import services as followup
from uppsikt.followup.models import ReportingPeriod
from uppsikt.meetings import services as meetings
from uppsikt.meetings.demo import _approve, _dispatch, _held

from . import services
from .models import Action, Risk, RiskCategory

YEAR = 2025
QUESTIONS = [
    "Sker utbetalningar utifrån korrekta underlag?",
    "Finns det följsamhet till framtagna rutiner för tjänsternas utförande?",
    "Hur stor andel av Regionservices medarbetare har genomgått utbildningen i "
    "informationssäkerhet?",
]
EVALUATION = (
    "<p>Driftnämnden bedömer att den interna kontrollen under 2025 har varit tillräcklig. "
    "Kontrollerna av utbetalningar och av rutinerna för tjänsternas utförande visar en god "
    "följsamhet med enstaka avvikelser, som har åtgärdats under året.</p>"
    "<p>Andelen medarbetare som har genomgått utbildningen i informationssäkerhet har ökat från "
    "62 till 81 procent men når ännu inte målet på 90 procent. Nämnden har gett "
    "förvaltningschefen i uppdrag att alla medarbetare ska ha genomgått utbildningen, och "
    "arbetet fortsätter 2026.</p>"
)


def _periods(organisation) -> dict[str, ReportingPeriod]:
    """UR1, UR2 and Årsrapport 2025: the demo's, or the default calendar's where it has none."""
    have = {
        (p.kind, p.last_month): p
        for p in ReportingPeriod.objects.filter(organisation=organisation, year=YEAR)
    }
    for kind, first, last, scope, (month, day) in followup.DEFAULT_CALENDAR:
        if (kind, last) in have:
            continue
        have[(kind, last)] = followup.period_create(
            actor=SYSTEM,
            organisation=organisation,
            year=YEAR,
            kind=kind,
            first_month=first,
            last_month=last,
            deadline=dt.date(YEAR + 1 if month < last else YEAR, month, day),
            scope=scope,
        )
    kinds = ReportingPeriod.Kind
    return {
        "april": have[(kinds.UR1, 4)],
        "august": have[(kinds.UR2, 8)],
        "annual": have[(kinds.ANNUAL, 12)],
    }


def _plan(dnrs, units, officials, periods):
    organisation = dnrs.organisation
    plan = services.plan_create(actor=SYSTEM, body=dnrs, year=YEAR)
    category = {c.code: c for c in RiskCategory.objects.filter(organisation=organisation)}
    risks = [
        ("Ekonomi – utbetalningar", "Utbetalningar görs på felaktiga eller ofullständiga "
         "underlag, vilket kan leda till felaktiga betalningar och förtroendeskada.",
         "reporting", 2, 3, Risk.Decision.ACT),
        ("Tjänsternas utförande", "Framtagna rutiner för tjänsternas utförande följs inte, "
         "vilket kan ge brister i kvalitet, livsmedelssäkerhet och arbetsmiljö.",
         "operations", 3, 3, Risk.Decision.ACT),
        ("Informationssäkerhet", "Medarbetare saknar kunskap om informationssäkerhet, vilket "
         "ökar risken för incidenter, dataintrång och felaktig hantering av personuppgifter.",
         "it", 3, 4, Risk.Decision.ACT),
        ("Lager och logistik", "Transporter av förrådsvaror till vårdenheterna avbryts "
         "kortvarigt vid extremväder.", "external", 2, 2, Risk.Decision.ACCEPT),
    ]  # fmt: skip
    made = [
        services.risk_create(
            actor=SYSTEM,
            plan=plan,
            process=process,
            description=description,
            category=category[code],
            probability=p,
            consequence=c,
            decision=decision,
        )
        for process, description, code, p, c, decision in risks
    ]
    every = [periods["april"], periods["august"], periods["annual"]]
    points = [
        ("Stickprov på 20 leverantörsfakturor och 10 utlägg per period: underlag, attest och "
         "kontering granskas mot attestordningen.", units["RSE"], officials[("Controller", "RSE")]),
        ("Egenkontroll enligt checklista i köken och i restaurangen; avvikelser i "
         "avvikelsesystemet gås igenom.", units["RSE-MAT"],
         officials[("Enhetschef", "RSE-MAT-UTS")]),
        ("Utdrag ur lärplattformen över genomförd webbutbildning, jämfört med antalet "
         "anställda.", units["RSE"], officials[("Förvaltningschef", "RSE")]),
    ]  # fmt: skip
    control_points = [
        services.control_point_create(
            actor=SYSTEM,
            risk=risk,
            question=question,
            method=method,
            frequency="Tre gånger per år (april, augusti, december)",
            responsible_unit=unit,
            responsible_person=person,
            periods=every,
        )
        for risk, question, (method, unit, person) in zip(made, QUESTIONS, points, strict=False)
    ]
    return plan, control_points


def _adopt(plan, dnrs, officials) -> None:
    """The plan's case and proposal, finalised, and § 12 of 2025-02-11 adopting it."""
    organisation = dnrs.organisation
    proposed = services.plan_propose(actor=SYSTEM, plan=plan, registered_on=dt.date(YEAR, 1, 20))
    proposal = case_services.proposal_update(
        actor=SYSTEM,
        proposal=proposed.proposal,
        date=dt.date(YEAR, 1, 20),
        economic_consequences="Internkontrollplanen genomförs inom befintlig budget.",
        signatories=[officials[("Förvaltningschef", "RSE")]],
    )
    templates = {t.code: t for t in AssessmentTemplate.objects.filter(organisation=organisation)}
    _not_affected(
        proposal,
        templates,
        {
            "child_rights": "Planen gäller förvaltningens interna rutiner och riktar inga "
            "åtgärder mot barn",
            "gender_equality": "Planen gäller förvaltningens interna rutiner och ändrar inte "
            "service, inflytande eller resurser",
        },
    )
    proposal = case_services.proposal_transition(actor=SYSTEM, proposal=proposal, to="final")
    meeting, chair, approver = _held(
        dnrs,
        dt.date(YEAR, 2, 11),
        last_number=11,
        officials=[officials[("Nämndsekreterare", "RK-KAN-SEK")]],
        agenda=[{"proposal": proposal}],
    )
    meetings.item_decide(actor=SYSTEM, item=meeting.items.get())
    _approve(meeting, chair, approver, dt.date(YEAR, 2, 14))


def _report(result, outcome, checked, comment="", *, submit=True, approve=True):
    result = services.result_save_draft(
        actor=SYSTEM,
        result=result,
        version=result.version,
        outcome=outcome,
        checked=f"<p>{checked}</p>",
        comment=f"<p>{comment}</p>" if comment else "",
    )
    if submit:
        result = services.result_submit(actor=SYSTEM, result=result, version=result.version)
    if approve:
        result = services.result_approve(actor=SYSTEM, result=result, version=result.version)
    return result


def _action(result, description, owner, due, status=Action.Status.NOT_STARTED, follow_up=""):
    action = services.action_create(
        actor=SYSTEM, result=result, description=description, owner=owner, due_date=due
    )
    if status != Action.Status.NOT_STARTED:
        action = services.action_update(
            actor=SYSTEM,
            action=action,
            version=action.version,
            description=description,
            owner=owner,
            due_date=due,
            status=status,
            follow_up=follow_up,
        )
    return action


def _april(points, periods, officials):
    payments, routines, training = (p.results.get(period=periods["april"]) for p in points)
    followup.period_open(actor=SYSTEM, period=periods["april"])
    _report(
        payments,
        "none",
        "20 leverantörsfakturor och 10 utlägg från januari–april.",
        "Samtliga hade korrekt underlag och attest enligt attestordningen.",
    )
    routines = _report(
        routines,
        "minor",
        "Egenkontroll i sex kök och i Restaurang Utsikten under mars och april.",
        "Två kök saknade signerad temperaturlogg för enstaka dagar.",
    )
    training = _report(
        training,
        "deviation",
        "Utdrag ur lärplattformen den 30 april 2025.",
        "62 procent av medarbetarna har genomgått utbildningen; målet är 90 procent.",
    )
    followup.period_close(actor=SYSTEM, period=periods["april"])
    head, cook = officials[("Förvaltningschef", "RSE")], officials[("Enhetschef", "RSE-MAT-UTS")]
    done = _action(
        routines,
        "Påminna om temperaturloggen och införa en veckovis kontroll av loggarna.",
        cook,
        dt.date(YEAR, 6, 30),
        Action.Status.DONE,
        "Veckokontrollen infördes i maj; loggarna är kompletta sedan dess.",
    )
    open_action = _action(
        training,
        "Ge varje chef en lista över medarbetare som inte har gått utbildningen och följa upp "
        "på arbetsplatsträffarna.",
        head,
        dt.date(YEAR, 10, 31),
        Action.Status.IN_PROGRESS,
        "Listorna är utskickade; uppföljning på arbetsplatsträffarna i september.",
    )
    raised = _action(
        training,
        "Schemalägga utbildningstid för medarbetare som saknar dator i tjänsten.",
        head,
        dt.date(YEAR, 12, 31),
    )
    return {"done": done, "open": open_action, "raised": raised}


def _committee_assignment(dnrs, officials, action, units):
    """§ 61 of 2025-06-10: the committee takes UR1 and gives the assignment the action is
    raised into."""
    meeting, chair, approver = _held(
        dnrs,
        dt.date(YEAR, 6, 10),
        last_number=60,
        officials=[officials[("Nämndsekreterare", "RK-KAN-SEK")]],
        agenda=[
            {
                "title": "Uppföljningsrapport 1 2025 med uppföljning av internkontrollplanen",
                "kind": "information",
            }
        ],
    )
    item = meeting.items.get()
    item = meetings.item_update(
        actor=SYSTEM,
        item=item,
        version=item.version,
        matter="Regionservice har följt upp internkontrollplanen efter april. Kontrollen av "
        "utbildningen i informationssäkerhet visar en avvikelse: 62 procent av medarbetarna "
        "har genomgått utbildningen.",
        decision_intro="Driftnämnden Regionservice beslutar att",
        decision_points=[
            "godkänna uppföljningsrapport 1 2025 med uppföljningen av internkontrollplanen.",
            "ge förvaltningschefen i uppdrag att se till att alla medarbetare har genomgått "
            "utbildningen i informationssäkerhet senast den 31 december 2025 och återrapportera "
            "i årsrapporten.",
        ],
        dispatch_to=[units["RSE"].name],
    )
    _approve(meeting, chair, approver, dt.date(YEAR, 6, 13))
    _dispatch(item, dt.date(YEAR, 6, 16))
    item.refresh_from_db()
    return services.action_raise(actor=SYSTEM, action=action, item=item, point=2)


def _august(points, periods):
    payments, routines, training = (p.results.get(period=periods["august"]) for p in points)
    followup.period_open(actor=SYSTEM, period=periods["august"])
    _report(
        payments,
        "minor",
        "20 leverantörsfakturor och 10 utlägg från maj–augusti.",
        "En faktura saknade beställningsunderlag; underlaget kompletterades.",
    )
    _report(
        routines,
        "none",
        "Egenkontroll i sex kök och i Restaurang Utsikten under juni–augusti.",
        "Loggarna är kompletta sedan veckokontrollen infördes.",
    )
    _report(
        training,
        "minor",
        "Utdrag ur lärplattformen den 31 augusti 2025.",
        "81 procent av medarbetarna har genomgått utbildningen.",
    )
    followup.period_close(actor=SYSTEM, period=periods["august"])


def _annual(points, periods):
    """The annual report, open: a result submitted, one returned to Måltidsservice, a draft."""
    payments, routines, training = (p.results.get(period=periods["annual"]) for p in points)
    followup.period_open(actor=SYSTEM, period=periods["annual"])
    _report(
        payments,
        "none",
        "20 leverantörsfakturor och 10 utlägg från september–december.",
        approve=False,
    )
    routines = _report(
        routines,
        "none",
        "Egenkontroll i köken under hösten.",
        approve=False,
    )
    services.result_return(
        actor=SYSTEM,
        result=routines,
        version=routines.version,
        comment="<p>Ange hur många kök som kontrollerades och vilka månader.</p>",
    )
    _report(
        training,
        "minor",
        "Utdrag ur lärplattformen – görs i början av januari.",
        submit=False,
        approve=False,
    )


def load(*, context) -> None:
    organisation = context.organisation
    bodies, units, officials = (
        context.objects["bodies"],
        context.objects["units"],
        context.objects["officials"],
    )
    dnrs = bodies["DNRS"]
    periods = _periods(organisation)
    plan, points = _plan(dnrs, units, officials, periods)
    _adopt(plan, dnrs, officials)
    actions = _april(points, periods, officials)
    actions["raised"] = _committee_assignment(dnrs, officials, actions["raised"], units)
    _august(points, periods)
    _annual(points, periods)
    plan.refresh_from_db()
    services.plan_evaluation_save(actor=SYSTEM, plan=plan, version=plan.version, text=EVALUATION)
    context.objects["control"] = {
        "plan": plan,
        "control_points": points,
        "periods": periods,
        "actions": actions,
    }
