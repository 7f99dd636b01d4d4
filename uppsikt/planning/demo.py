"""Demo step: the 2024 council goals and focus areas (reference 003 §2.1) and Regionstyrelsen's
plan for 2024 (reference 001: its five assignments, the work-environment activities, the staff
indicators with their Jan–Apr figures from reference 003), entered through the services. The
follow-up step (``followup.demo``) reports on them.

Which council goal an assignment serves is not stated in the documents; the links below are
illustrative (docs/planning.md). So is Driftnämnden Regionservice's small plan (left as a draft
here; the follow-up step adopts it after UR1), which gives the demo reporter (Måltidsservice)
something to report in the open period, UR2 2024.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from uppsikt.core.permissions import SYSTEM
from uppsikt.planning import services
from uppsikt.planning.demo_texts import PLAN_TEXTS
from uppsikt.planning.models import Goal, Indicator, Plan

YEAR = 2024

# Reference 003 §2.1: Region Hallands målstyrning 2024, focus area → council goals.
COUNCIL_GOALS = [
    (
        "Accelerera digital transformation",
        [
            "Smartare och enklare digital vardag",
            "Stärkt innovationskraft och digital samverkan med externa aktörer",
            "Informationsdrivna verksamheter",
        ],
    ),
    (
        "Attraktiva och hållbara livsmiljöer",
        [
            "Bidra till god tillgänglighet till arbete, studier och samhällsservice, digitalt "
            "såväl som fysiskt",
            "Bidra till god tillgång till boende, kollektivtrafik, kultur och service",
            "Bidra till en hållbar resursanvändning",
            "Bidra till en minskad klimatpåverkan",
        ],
    ),
    (
        "Förnyelseförmåga och konkurrenskraft",
        [
            "Bidra till att stärka det regionala näringslivets innovationskapacitet",
            "Positionera regionen för att attrahera etableringar, besökare och kompetenser",
            "Stärka det regionala ledarskapet och bidra till positiva förflyttningar inom "
            "näringslivet",
        ],
    ),
    (
        "Utbildning, kompetens och jämlik hälsa",
        [
            "Bidra till en god kompetensförsörjning i regionen",
            "Bidra till en god hälsa i befolkningen och minskade hälsoskillnader",
            "Främja en mer inkluderande och jämställd arbetsmarknad",
        ],
    ),
    ("En robust kultursektor", ["Bidra till en mer robust kultursektor"]),
    (
        "Nära och sammanhållen vård",
        [
            "Vidareutveckla den nära vården",
            "Säkerställa god tillgänglighet till vård",
            "Utveckla arbetet för barn och unga med psykisk ohälsa",
            "Öka användandet av digitala verktyg och besöksformer",
        ],
    ),
    (
        "Styrning utifrån kunskap och kvalitet inom hälso- och sjukvård",
        [
            "Utveckla cancervården samt förbättra resultatet för de kvalitetsindikatorer där "
            "Halland ligger under rikssnitt",
            "Säkerställa införandet av framtidens vårdinformationsstöd",
            "Säkerställa implementering och uppföljning av personcentrerade och sammanhållna "
            "vårdförlopp",
        ],
    ),
]

# Reference 001, "Regionstyrelsens uppdrag": area, title, and the council goal it serves
# (illustrative: the documents do not state the links; None where no link is made). The texts
# are in ``demo_texts``.
ASSIGNMENTS = [
    (
        "Hållbarhet",
        "Regionstyrelsen ska säkerställa ett barnrättsperspektiv i beslutsförslagen",
        "Bidra till en god hälsa i befolkningen och minskade hälsoskillnader",
    ),
    (
        "Hållbarhet",
        "Regionstyrelsen ska ha en minskad klimatpåverkan i egen verksamhet",
        "Bidra till en minskad klimatpåverkan",
    ),
    (
        "Hållbarhet",
        "Regionstyrelsen ska bidra till en hållbar resursanvändning",
        "Bidra till en hållbar resursanvändning",
    ),
    (
        "Medarbetare",
        "Regionstyrelsen ska ta fram en kompetensförsörjningsplan för egen verksamhet",
        "Bidra till en god kompetensförsörjning i regionen",
    ),
    (
        "Robusta verksamheter",
        "Regionstyrelsen ska ta fram en kontinuitetsplanering för egen verksamhet",
        None,
    ),
]

# Reference 001, "Prioriterade aktiviteter inom arbetsmiljö".
ACTIVITIES = [
    "Utveckla hållbara former för platsoberoende arbetssätt",
    "Förbättra chefers förutsättningar",
]

SICKNESS_NOT_REPORTED = (
    "Sjukfrånvaro indikatorn följs inte upp i UR 1 med anledning av att vi är mitt i "
    "införandet av nytt schemahanteringsystem och därmed arbetar i två system parallellt, "
    "sjukfrånvarostatistiken visas felaktigt för de enheter som har gått in i Tessa. Ett "
    "regionalt beslut är taget om att inte redovisa sjukfrånvaron i första "
    "uppföljningsrapporten."
)


ECONOMY_INDICATORS = (
    ("Periodresultat", "Periodens resultat, ackumulerat"),
    ("Ackumulerad budgetavvikelse", ""),
    (
        "Prognos budgetavvikelse",
        "Prognos budgetavvikelse vid årets slut, Årsprognos (mnkr). Prognostiserat resultat minus "
        "årets budget.",
    ),
    (
        "Prognos investeringsbudgetavvikelse",
        "Beskrivning av de investeringar som gjorts sedan senaste rapportering. Det är viktigt att "
        "ni fyller i ackumulerad förbrukning och prognos, såväl som en analys av förbrukningen och "
        "prognosen i kommentarsfältet.",
    ),
)


def load(*, context) -> None:
    organisation = context.organisation
    bodies, units = context.objects["bodies"], context.objects["units"]
    rk = units["RK"]

    # Mål och budget 2024: focus areas and council goals.
    council_plan = services.plan_create(
        actor=SYSTEM,
        organisation=organisation,
        body=bodies["RF"],
        year=YEAR,
        title="Mål och budget 2024",
    )
    council_goals: dict[str, Goal] = {}
    position = 0
    for area_position, (area_name, titles) in enumerate(COUNCIL_GOALS):
        area = services.focus_area_create(
            actor=SYSTEM, plan=council_plan, name=area_name, position=area_position
        )
        for title in titles:
            position += 1
            council_goals[title] = services.goal_create(
                actor=SYSTEM,
                plan=council_plan,
                level=Goal.Level.COUNCIL,
                title=title,
                focus_area=area,
                position=position,
            )
    services.plan_set_status(actor=SYSTEM, plan=council_plan, status=Plan.Status.ADOPTED)

    # Regionstyrelsen's verksamhetsplan 2024.
    plan = services.plan_create(
        actor=SYSTEM,
        organisation=organisation,
        body=bodies["RS"],
        year=YEAR,
        title="Verksamhetsplan 2024 Regionstyrelsen",
    )
    assignments = []
    for position, (area, title, goal_title) in enumerate(ASSIGNMENTS):
        assignments.append(
            services.plan_assignment_create(
                actor=SYSTEM,
                plan=plan,
                title=title,
                area=area,
                description=PLAN_TEXTS[title],
                responsible_unit=rk,
                goal=council_goals.get(goal_title) if goal_title else None,
                position=position,
            )
        )
    activities = [
        services.activity_create(
            actor=SYSTEM,
            plan=plan,
            title=title,
            area="Arbetsmiljöplan",
            description=PLAN_TEXTS[title],
            responsible_unit=rk,
            position=position,
        )
        for position, title in enumerate(ACTIVITIES)
    ]
    turnover = services.indicator_create(
        actor=SYSTEM,
        organisation=organisation,
        name="Personalomsättning",
        description="Andel medarbetare som avslutar sin anställning, går i pension eller byter "
        "tjänst av totalt antal tillsvidareanställda inom Region Halland.",
        unit_of_measure="%",
        direction=Indicator.Direction.LOWER,
        decimals=2,
        computed_from="workforce.turnover.total",
        area="Medarbetare",
        plans=[plan],
    )
    sickness = services.indicator_create(
        actor=SYSTEM,
        organisation=organisation,
        name="Sjukfrånvaro",
        description="Mäter medarbetares frånvaro på grund av sjukdom. Avser både "
        "korttidssjukfrånvaro och långtidssjukfrånvaro.",
        unit_of_measure="%",
        direction=Indicator.Direction.LOWER,
        decimals=1,
        computed_from="workforce.sickness.total",
        area="Medarbetare",
        plans=[plan],
    )
    # 001's economic indicators, described as 001 describes them; their values are the ledger's
    # (no target of their own, so no unit reports them in the follow-up).
    for name, description in ECONOMY_INDICATORS:
        services.indicator_create(
            actor=SYSTEM,
            organisation=organisation,
            name=name,
            description=description,
            unit_of_measure="mnkr",
            direction=Indicator.Direction.HIGHER,
            decimals=1,
            area="Ekonomi",
            plans=[plan],
        )
    # 001 gives the target values 11,0 and 5,2; the tolerance (0,5 points) is illustrative.
    for indicator, value in ((turnover, Decimal("11.0")), (sickness, Decimal("5.2"))):
        services.target_set(
            actor=SYSTEM,
            indicator=indicator,
            year=YEAR,
            body=bodies["RS"],
            value=value,
            tolerance=Decimal("0.5"),
        )
    january, april = dt.date(YEAR, 1, 1), dt.date(YEAR, 4, 30)
    # Turnover is computed from the HR extract (the staff-indicator step writes the measurements);
    # sickness absence is not reported in UR1 2024, by decision (reference 003).
    services.measurement_record(
        actor=SYSTEM,
        indicator=sickness,
        unit=rk,
        period_start=january,
        period_end=april,
        not_reported=True,
        reason=SICKNESS_NOT_REPORTED,
    )
    services.plan_set_status(actor=SYSTEM, plan=plan, status=Plan.Status.ADOPTED)

    # Illustrative: Driftnämnden Regionservice's goal serving the same council goal, with an
    # assignment for Måltidsservice, so the red thread crosses bodies and the demo reporter
    # has an item to report.
    dnrs_plan = services.plan_create(
        actor=SYSTEM,
        organisation=organisation,
        body=bodies["DNRS"],
        year=YEAR,
        title="Verksamhetsplan 2024 Driftnämnden Regionservice",
    )
    dnrs_goal = services.goal_create(
        actor=SYSTEM,
        plan=dnrs_plan,
        level=Goal.Level.BODY,
        title="Driftnämnden Regionservice ska bidra till en hållbar resursanvändning",
        area="Hållbarhet",
        serves=[council_goals["Bidra till en hållbar resursanvändning"]],
    )
    services.plan_assignment_create(
        actor=SYSTEM,
        plan=dnrs_plan,
        goal=dnrs_goal,
        title="Minska matsvinnet i patientmåltiderna",
        area="Hållbarhet",
        description="<p>Exempel i demon: Måltidsservice mäter och minskar matsvinnet.</p>",
        responsible_unit=units["RSE-MAT"],
    )

    context.objects["plans"] = {"RF": council_plan, "RS": plan, "DNRS": dnrs_plan}
    context.objects["rs_items"] = {"assignments": assignments, "activities": activities}
