"""Demo step: Regionservice's committee dialogues of 2025 (reference 002) and the dialogue notes
of 2017 (reference 004).

- The 2025 follow-up calendar; Mål och budget 2025 with 002's focus areas and council goals;
  Driftnämnden Regionservice's Verksamhetsplan 2025 with its goals as 002's Målstyrning slide
  lists them (which row serves which council goal follows the slide's rows); the targets 11 %
  (staff turnover) and 6,5 % (sickness absence) for 2025.
- Uppföljningsrapport 2 2025: Regionservice's forecast for each goal, approved (the forecasts are
  illustrative: 002 shows them as symbols, "Prognos att ambitioner inom utpekade mål
  väsentligen uppnås").
- The dialogues 2025-1 (2025-04-01, § 83, with the health-care subcommittee invited) and
  2025-2 (2025-10-14, § 248) with the working committee, linked to the case RS241521 and the
  proposals the register's demo wrote, with the committee's slides of 002; and, around today,
  a dialogue in preparation with Driftnämnden Kultur och skola and one with Driftnämnden
  Kollektivtrafik whose brief the next step generates (``reports.demo_briefs``).
- The question bank with 004's questions, the regional development committee of 2017
  (register prefix RU) and the notes of the board's meeting with its administration's
  management group on 2017-06-19, as 004 has them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from uppsikt.core.permissions import SYSTEM
from uppsikt.followup import services as followup_services
from uppsikt.followup.models import Assessment, ReportingPeriod, ScaleLevel
from uppsikt.organisation import services as org_services
from uppsikt.organisation.demo import TERM_END, TERM_START
from uppsikt.organisation.models import Body, Membership, Party
from uppsikt.planning import services as planning
from uppsikt.planning.models import Goal, Indicator, Plan

from . import services
from .models import NotesAttendee

YEAR = 2025

# Reference 002, "Målstyrning": focus area → council goals → the committee's goals.
GOALS_2025 = [
    (
        "En organisation med utvecklings- och motståndskraft",
        [
            (
                "En organisation med robust verksamhet och tryggt samhällsuppdrag.",
                [
                    "Säkerställa att prioriterade delar av verksamheten kan bedrivas även vid "
                    "allvarliga störningar.",
                    "Bidra till en säker och trygg miljö i verksamhetslokaler och i de delar av "
                    "gemensamma utrymmen som Regionservice har ansvar för.",
                ],
            ),
            (
                "En attraktiv arbetsgivare för hållbar kompetensförsörjning.",
                [
                    "Stärka chefers och medarbetares kompetens och förutsättningar för ett "
                    "hållbart arbetsliv.",
                    "Minska sjukfrånvaro bland medarbetarna.",
                ],
            ),
            (
                "En organisation som minskar sin klimat- och miljöpåverkan.",
                [
                    "Minska klimatpåverkan från materialförbrukning och avfall.",
                    "Främja resurseffektiva och fossilfria transporter.",
                ],
            ),
        ],
    ),
    (
        "En tillgänglig och högkvalitativ hälso- och sjukvård",
        [
            (
                "En region som vidareutvecklar den nära vården.",
                [
                    "Vidareutveckla arbetet med bland annat tjänsteutbud för att bidra till en "
                    "god och nära vård."
                ],
            )
        ],
    ),
    (
        "En digital kraftsamling för framtidens välfärd",
        [
            (
                "En region som bidrar till en smartare och enklare vardag genom AI och "
                "informationsdriven utveckling.",
                [
                    "Öka förvaltningens digitala mognad för att möjliggöra relevanta insatser "
                    "inom digital verksamhetsutveckling."
                ],
            ),
            (
                "En region som säkerställer ett modernt och sammanhållet vårdinformationsstöd.",
                ["Genomföra införandet av Cosmic hos berörda avdelningar inom Regionservice."],
            ),
        ],
    ),
]
# The goals whose forecast is "uppnås delvis" (illustrative); the others "uppnås".
PARTLY = {
    "Minska sjukfrånvaro bland medarbetarna.",
    "Genomföra införandet av Cosmic hos berörda avdelningar inom Regionservice.",
}

REFLECTIONS = [
    "Prognos att ambitioner inom utpekade mål väsentligen uppnås",
    "Stärkt kompetens och förutsättningar inom digitalisering",
    "Tar emot och möjliggör för de långt från arbetsmarknaden och studenter",
    "Fortsatt låg personalomsättning, högt söktryck vid vakanser",
    "Minskande sjukfrånvaro R12 och korttidssjukfrånvaro, 2 områden bidrar starkt",
    "Behov fortsatt arbete med retur av ej konsumerad mat",
    "Lämnat ekonomiskt resultat visar på fortsatt balans med bibehållen prognos",
]
EXAMPLES = (
    "<p>Exempel på arbetet med nämndens mål:</p><ul>"
    "<li>Främja resurseffektiva och fossilfria transporter</li>"
    "<li>Säkerställa att prioriterade delar av verksamheten kan bedrivas även vid allvarliga "
    "störningar</li>"
    "<li>Öka förvaltningens digitala mognad för att möjliggöra relevanta insatser inom digital "
    "verksamhetsutveckling</li>"
    "<li>Vidareutveckla arbetet med bland annat tjänsteutbud för att bidra till en god och nära "
    "vård</li>"
    "<li>Stärka chefers och medarbetares kompetens och förutsättningar för ett hållbart "
    "arbetsliv</li></ul>"
    "<p><strong>En praktikplats på Region Halland förändrar liv – Sofie fick sitt första jobb "
    "vid 32 års ålder</strong></p>"
)
CHALLENGES = [
    "Gasa och bromsa – samtidigt",
    "Leda förändring och i förändring",
    "Kompetensbehov",
]
# The spring dialogue's slides (illustrative: 002 quotes only its decision).
SPRING_REFLECTIONS = [
    "Årsrapport 2024: verksamhetsplanens mål i huvudsak uppnådda",
    "Beredskapsfrågor och kontinuitetsplanering inom lager och logistik",
    "Fördjupad analys av nästa generations måltidssystem för patienter",
]
SPRING_CHALLENGES = ["Åtgärdsplaner för att eliminera interna obalanser", "Kompetensförsörjning"]

# Reference 004.
NOTES_QUESTIONS = [
    ("Hur arbetar ni med utvecklingsarbete enligt LEAN?", "Utveckling"),
    (
        "Hur långt har ni kommit med produktions- och kapacitetsplanering och förbättring av "
        "tillgängligheten?",
        "Utveckling",
    ),
    ("Hur långt har ni kommit med kompetensförskjutning?", "Kompetens"),
    ("Hur samarbetar ni med andra enheter när det gäller bemanning?", "Kompetens"),
    (
        "Beskriv er interna budgetprocess + Hur följer ni upp er verksamhet och vad sker om man "
        "inte håller sig inom ramarna?",
        "Ekonomi",
    ),
]
NOTES_PRESENT = [
    ("Anders Byström", "bitr regiondirektör"),
    ("Ingrid Printz", "områdeschef kulturen"),
    ("Marina Gregorsson", "områdeschef välfärd, klimat och kompetens"),
    ("Arne Nilsson", "förvaltningscontroller"),
    ("Dan Humble", "Handlingsplan Jämställd regional tillväxt"),
    ("James Winoy", "sekreterare"),
    ("Camilla Randström", "internationell strateg"),
    ("Lenita Larsson", "personalkonsult"),
]
NOTES_BOARD = [("Ann-Marie Johansson", False), ("Elin Lemon", True), ("Ingela Jönsson", False)]
NOTES_ANSWERS = [
    "<p>Förvaltningen arbetar med organisationsutvecklingsprocesser med syfte att skapa ökad "
    "delaktighet för medarbetarna t ex extern/intern information, mötesstruktur, struktur på "
    "APT, pulsmötena, chefernas möjlighet att vara närvarande chef</p>"
    "<p>Kulturen har arbetat med ett särskilt värdegrundsarbete – vem är vi till för, "
    "bemötande, medarbetarna i främsta rummet. Estrad Norr har ett pågående leancoachlett "
    "arbete</p>"
    "<p>Dan Humble nämner också 4R-metoden för bättre analyser.</p>"
    "<p>Medarbetarna inom välfärd, klimat och kompetens efterfrågar utbildning om lean.</p>"
    "<p>Förvaltningen har två leancoacher.</p>",
    "<p>Detta är inte direkt tillämpligt i denna förvaltning. Förvaltningen beskriver sitt "
    "arbete med att gå från stuprör till horisontellt arbetssätt. Från projektinriktning "
    "(44 projekt) till program (5-6)</p>"
    "<p>Mycket arbete med att förstå och tydliggöra den röda tråden i alla planer från politik "
    "till medarbetare.</p>"
    "<p>Det handlar också om att balansera uppdraget från staten och från regionen.</p>"
    "<p>Läget i länet var en framgångsrik analys – nu handlar det om att göra nåt av det – "
    "pågår förankring med kommuncheferna och regionledningen.</p>"
    "<p>Gränsdragningen mot länsstyrelsen fungerar bra. Överenskommelsen om roller och ansvar "
    "från 2015 ska revideras under hösten 2017.</p>",
    "<p>I denna förvaltning handlar det om att nyttja medarbetarnas kompetenser bättre, och att "
    "vara tydligare i befattningsbeskrivningar angående mål för våra medarbetare.</p>"
    "<p>Det handlar också om:</p><ul><li>Vilka kompetenser ska vi ha för att klara "
    "uppdraget</li><li>Kompetensväxlingar</li><li>Ha kompetens som klarar omvärldsbevakning "
    "och framtidsspaning</li><li>Ha analyskapacitet</li></ul>"
    "<p>Det som är mest svårrekryterat i denna förvaltning är lärare och "
    "bibliotekspersonal.</p>"
    "<p>En brist man upplever är att det inte finns några assistenter – cheferna får därmed "
    "göra många enkla administrativa uppgifter själva.</p>"
    "<p>Synpunkter på den nya organisationen som framfördes var:</p><ul><li>Man har inte sett "
    "fördelarna med en gemensam regionstab. Tanken att ekonomer och personalkonsulter skulle "
    "kunna gå in för varandra har inte fungerat – så ett missnöje finns om att inte tillhöra "
    "och vara fysiskt placerad vid verksamheterna man servar.</li></ul>",
    "<p>Samverkan sker inom förvaltningen och med externa parter</p>",
    "<p>Tacksamt läge eftersom förvaltningens ekonomi är i balans. Man behöver inte titta "
    "bakåt så mycket.</p>"
    "<p>Förvaltningschef + områdeschef + förvaltningscontroller har uppföljningssamtal enligt "
    "regionens modell dvs varje månad, vid tertial och delårsbokslut.</p>"
    "<p>Statens finansiering av vissa verksamheter innebär att varje besparing slår "
    "dubbelt.</p>"
    "<p>Verksamheterna har varit duktiga på att växla upp de egna medlen med extern "
    "finansiering.</p>",
]


def _bullets(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _plans(context, organisation, bodies, rse) -> Plan:
    """Mål och budget 2025 and Driftnämnden Regionservice's Verksamhetsplan 2025."""
    council = planning.plan_create(
        actor=SYSTEM,
        organisation=organisation,
        body=bodies["RF"],
        year=YEAR,
        title="Mål och budget 2025",
    )
    plan = planning.plan_create(
        actor=SYSTEM,
        organisation=organisation,
        body=bodies["DNRS"],
        year=YEAR,
        title="Verksamhetsplan 2025 Driftnämnden Regionservice",
    )
    goal_position = council_position = 0
    for area_position, (area_name, council_goals) in enumerate(GOALS_2025):
        area = planning.focus_area_create(
            actor=SYSTEM, plan=council, name=area_name, position=area_position
        )
        for council_title, titles in council_goals:
            council_position += 1
            council_goal = planning.goal_create(
                actor=SYSTEM,
                plan=council,
                level=Goal.Level.COUNCIL,
                title=council_title,
                focus_area=area,
                position=council_position,
            )
            for title in titles:
                goal_position += 1
                planning.goal_create(
                    actor=SYSTEM,
                    plan=plan,
                    level=Goal.Level.BODY,
                    title=title,
                    serves=[council_goal],
                    responsible_unit=rse,
                    position=goal_position,
                )
    planning.plan_set_status(actor=SYSTEM, plan=council, status=Plan.Status.ADOPTED)
    planning.plan_set_status(actor=SYSTEM, plan=plan, status=Plan.Status.ADOPTED)
    for computed, value in (
        ("workforce.turnover.total", Decimal("11")),
        ("workforce.sickness.total", Decimal("6.5")),
    ):
        indicator = Indicator.objects.get(organisation=organisation, computed_from=computed)
        planning.target_set(
            actor=SYSTEM,
            indicator=indicator,
            year=YEAR,
            body=bodies["DNRS"],
            value=value,
            tolerance=Decimal("0.5"),
        )
    return plan


def _forecasts(organisation, plan: Plan, ur2: ReportingPeriod) -> None:
    """Regionservice's assessment of each goal in Uppföljningsrapport 2 2025, approved."""
    followup_services.period_open(actor=SYSTEM, period=ur2)
    levels = {
        level.code: level
        for level in ScaleLevel.objects.filter(organisation=organisation, item_kind="goal")
    }
    for assessment in Assessment.objects.filter(period=ur2, goal__plan=plan).select_related("goal"):
        level = levels["partly" if assessment.goal.title in PARTLY else "achieved"]
        assessment = followup_services.assessment_save_draft(
            actor=SYSTEM,
            assessment=assessment,
            version=assessment.version,
            status=level,
            forecast=level,
        )
        assessment = followup_services.assessment_submit(
            actor=SYSTEM, assessment=assessment, version=assessment.version
        )
        followup_services.assessment_approve(
            actor=SYSTEM, assessment=assessment, version=assessment.version
        )
    followup_services.period_close(actor=SYSTEM, period=ur2)


def _texts(dialogue, texts: dict[str, tuple[str, str]]) -> None:
    rows = {t.key: t for t in dialogue.texts.all()}
    for key, (title, html) in texts.items():
        services.dialogue_text_save(
            actor=SYSTEM,
            dialogue=dialogue,
            key=key,
            title=title,
            text=html,
            version=rows[key].version,
        )


def _regionservice(context, organisation, bodies) -> dict:
    case = context.objects["cases"]["RS241521"]
    spring_proposal = case.proposals.get(title__endswith="våren 2025")
    autumn_proposal = case.proposals.get(title__endswith="hösten 2025")
    spring = services.dialogue_create(
        actor=SYSTEM,
        organisation=organisation,
        overseer=bodies["RSAU"],
        committee=bodies["DNRS"],
        year=YEAR,
        number=1,
        date=dt.date(YEAR, 4, 1),
        guests=[bodies["RSHU"]],
    )
    spring = services.dialogue_proposal_link(
        actor=SYSTEM, dialogue=spring, proposal=spring_proposal
    )
    _texts(
        spring,
        {
            "reflections": ("Inledande reflektioner årsrapport 2024", _bullets(SPRING_REFLECTIONS)),
            "challenges": ("Utmaningar och framgångsfaktorer", _bullets(SPRING_CHALLENGES)),
        },
    )
    autumn = services.dialogue_create(
        actor=SYSTEM,
        organisation=organisation,
        overseer=bodies["RSAU"],
        committee=bodies["DNRS"],
        year=YEAR,
        number=2,
        date=dt.date(YEAR, 10, 14),
    )
    autumn = services.dialogue_proposal_link(
        actor=SYSTEM, dialogue=autumn, proposal=autumn_proposal
    )
    _texts(
        autumn,
        {
            "reflections": (
                "Inledande reflektioner uppföljningsrapport #2",
                _bullets(REFLECTIONS),
            ),
            "examples": ("Exempel", EXAMPLES),
            "challenges": ("Utmaningar och framgångsfaktorer", _bullets(CHALLENGES)),
        },
    )
    return {"2025-1": spring, "2025-2": autumn}


def _around_today(organisation, bodies) -> dict:
    """A dialogue in preparation (Kultur och skola) and one whose brief is to be generated
    (Kollektivtrafik), both in two weeks."""
    day = timezone.localdate() + dt.timedelta(days=14)
    number = 1 if day.month <= 6 else 2
    out = {}
    for code in ("DNKS", "DNKT"):
        dialogue = services.dialogue_create(
            actor=SYSTEM,
            organisation=organisation,
            overseer=bodies["RSAU"],
            committee=bodies[code],
            year=day.year,
            number=number,
            date=day,
            register=code == "DNKT",
        )
        _texts(
            dialogue,
            {
                "reflections": (
                    "Inledande reflektioner",
                    _bullets(
                        [
                            "Verksamheten bedrivs enligt plan",
                            "Fortsatt arbete med kompetensförsörjning",
                        ]
                    ),
                )
            },
        )
        out[code] = dialogue
    return out


def _notes(organisation, bodies) -> None:
    questions = [
        services.question_create(
            actor=SYSTEM, organisation=organisation, text=text, area=area, position=position
        )
        for position, (text, area) in enumerate(NOTES_QUESTIONS, start=1)
    ]
    ru = org_services.body_create(
        actor=SYSTEM,
        organisation=organisation,
        code="RUN",
        name="Regionala utvecklingsnämnden",
        kind=Body.Kind.COMMITTEE,
        register_prefix="RU",
        description="Nämnden för regional utveckling.",
        position=20,
    )
    _seats(organisation, ru)
    notes = services.notes_create(
        actor=SYSTEM,
        organisation=organisation,
        overseer=bodies["RS"],
        committee=ru,
        management_group="Regionala utvecklingsförvaltningens ledningsgrupp",
        date=dt.date(2017, 6, 19),
        questions=questions,
    )
    for name, role in NOTES_PRESENT:
        notes = _add_attendee(notes, name=name, role=role)
    for name, by_phone in NOTES_BOARD:
        notes = _add_attendee(notes, name=name, by_phone=by_phone, side=NotesAttendee.Side.BOARD)
    for question, answer in zip(notes.questions.order_by("position"), NOTES_ANSWERS, strict=True):
        notes.refresh_from_db()
        services.notes_answer_save(
            actor=SYSTEM, notes=notes, question=question, answer=answer, version=notes.version
        )


# The committee's seats (invented people), as every body of the demo has.
RU_SEATS = [
    ("Karin", "Wallin", Membership.Role.CHAIR, "M"),
    ("Per", "Sandberg", Membership.Role.FIRST_VICE_CHAIR, "S"),
    ("Ida", "Falk", Membership.Role.MEMBER, "C"),
    ("Jonas", "Nordin", Membership.Role.MEMBER, "KD"),
    ("Åsa", "Hedlund", Membership.Role.MEMBER, "SD"),
]


def _seats(organisation, body) -> None:
    parties = {p.abbreviation: p for p in Party.objects.filter(organisation=organisation)}
    for first, last, role, party in RU_SEATS:
        person = org_services.person_create(
            actor=SYSTEM, organisation=organisation, first_name=first, last_name=last
        )
        org_services.membership_create(
            actor=SYSTEM,
            person=person,
            body=body,
            role=role,
            start_date=TERM_START,
            end_date=TERM_END,
            party=parties.get(party),
        )


def _add_attendee(notes, **kwargs):
    services.notes_attendee_add(actor=SYSTEM, notes=notes, version=notes.version, **kwargs)
    notes.refresh_from_db()
    return notes


def load(*, context) -> None:
    organisation = context.organisation
    bodies, units = context.objects["bodies"], context.objects["units"]
    # the year's periods, as an earlier step (internal control) made them, or the default calendar
    periods = {
        (p.kind, p.last_month): p
        for p in ReportingPeriod.objects.filter(organisation=organisation, year=YEAR)
    } or {
        (p.kind, p.last_month): p
        for p in followup_services.periods_create_default(
            actor=SYSTEM, organisation=organisation, year=YEAR
        )
    }
    plan = _plans(context, organisation, bodies, units["RSE"])
    _forecasts(organisation, plan, periods[(ReportingPeriod.Kind.UR2, 8)])
    dialogues = _regionservice(context, organisation, bodies)
    dialogues.update(_around_today(organisation, bodies))
    _notes(organisation, bodies)
    context.objects["dialogues"] = dialogues
