"""Demo step: the register cases of references 000 (RS211123, § 311 Översyn förvaltningarnas
stabsfunktioner) and 002 (RS241521, Nämndsdialog Regionservice) with their records, decision
proposals and impact assessments; a secret record; a council motion; a delegated decision.

The proposal texts are those of the public reference documents; the people are the demo's
invented officials.
"""

from __future__ import annotations

import datetime as dt

from uppsikt.core.permissions import SYSTEM

from . import services
from .models import AssessmentTemplate, Case, Record

STABS_BACKGROUND = (
    "Regionstyrelsens roll att leda och samordna förvaltningen av regionens angelägenheter och "
    "att ha uppsikt över övriga nämnders verksamhet medför att styrelsens förvaltning ansvarar "
    "för en ansevärd mängd strategiska processer (tex upphandling och inköp, "
    "kompetensförsörjning, ekonomi och budget, administration, juridik och säkerhetsfrågor m. m.) "
    "som behöver säkerställas. Det bedöms samtidigt också behövas kapacitet för att omhänderta "
    "och säkerställa politiskt beslutade viljeinriktningar i regionens olika strategi- och "
    "policydokument och i mål- och budgetsammanhang, såsom arbete med jämställdhet och miljö- "
    "och klimatarbete. Vidare behöver förvaltningarna själva ha förmågan att möta sin egen "
    "nämnds förväntningar och krav på utveckling.\n\n"
    "Regionkontoret har mot bakgrund av detta och arbetsutskottets uppdrag genomfört en "
    "översiktlig genomlysning av förvaltningarnas stabsfunktioner och administrativa "
    "kapaciteter, dels för att kunna föra en konstruktiv och givande dialog med förvaltningarna "
    "om behov och förväntningar, och dels för att rusta regionen inför denna mandatperiod. "
    "Genomlysningen har gjorts med hjälp av enkäter, enkätsvar och uppföljande dialoger med "
    "samtliga förvaltningsledningar och stabsfunktioner. Huvuddelen av genomlysningen har skett "
    "i dialogform."
)
STABS_CONSIDERATIONS = (
    "Dialogerna och enkätsvaren ger en bild av att resurser för stabsarbete och "
    "förvaltningsprocesser har ökat i stort sett i samtliga förvaltningar senaste åren och att "
    "de flesta förvaltningar bedömer att både allmänna förvaltningskrav och pågående "
    "utvecklingsnivå är rimlig, om än inte alltid tillräcklig. För Hallandstrafiken/driftnämnden "
    "för kollektivtrafik och kultur- och skola är slutsatserna av översynen att det fortfarande "
    "saknas tillräckligt bemanning för vissa centrala funktioner.\n\n"
    "Förvaltningarna har lämnat ett samlat uttryck för att det i takt med att det "
    "regiongemensamma arbetet förväntas öka, ökar också behovet av övergripande resurser i "
    "förvaltningarna.\n\n"
    "Samtidigt efterfrågas ännu fler regionala processer, att Region Halland som organisation "
    "bör arbeta mer likriktat, i syfte att nå ökad effektivitet och bättre resursanvändning.\n\n"
    "En viktig slutsats är därför att förvaltningarna generellt sett - snarare än att ange krav "
    "på utökade resurser – istället efterlyser en utveckling av regionens gemensamma "
    "arbetsmetoder och en förbättrad koordinering på regionkontorets olika processer.\n\n"
    "Genomlysningen ger dock också vid handen att i första hand driftnämnden för kollektivtrafik "
    "och driftnämnden för kultur- och skola i något större utsträckning än övriga driftnämnder "
    "saknar några av de stabsfunktioner/resurser som bör finnas på en förvaltning för att kunna "
    "säkerställa genomförandekraft och utveckling. Om sådan förstärkning blir aktuell får dock "
    "återkommas till inom ramen för ordinarie budgetprocess."
)
STABS_SUMMARY = (
    "Regionkontoret fick i slutet på 2021 (2021-11-09, § 398) i uppdrag att översiktligt "
    "kartlägga förvaltningarnas förutsättningar - och administrativa kapaciteter - i syfte att "
    "inför nuvarande mandatperiod säkra genomförandekraft inom regionens förvaltningar.\n\n"
    "Översikten skulle göras i nära samarbete med förvaltningsledningarna och därefter "
    "återrapporeras till arbetsutskottet."
)
DIALOGUE_SUMMARY = (
    "Nämndsdialoger är ett systematiskt arbetssätt med strukturerade dialoger för att bidra "
    "till att säkra både grunduppdrag och utvecklingsarbete. Syftet med nämndsdialogerna är att "
    "utgöra en del i säkerställandet av regionstyrelsens uppsiktsplikt, samt bidra till ökad "
    "förståelse, helhetssyn och samverkan."
)
DIALOGUE_POINTS = [
    "anteckna informationen från driftnämnden Regionservice till protokollet.",
    "notera driftnämndens arbete med att utföra grunduppdraget med hög kvalitet.",
    "notera driftnämndens arbete med att genomföra beslutad verksamhetsplan och därmed arbeta "
    "för att bidra till regionfullmäktiges fokusområden för Region Halland.",
    "notera driftnämndens arbete med en budget i balans, och en god ekonomisk hushållning.",
    "notera driftnämndens arbete med en god intern kontroll och prioriterade kontrollåtgärder.",
]


def _not_affected(proposal, templates, reasons: dict[str, str]) -> None:
    for code, reason in reasons.items():
        services.impact_assessment_save(
            actor=SYSTEM,
            proposal=proposal,
            template=templates[code],
            affected=False,
            not_affected_reason=reason,
        )


def load(*, context) -> None:
    organisation = context.organisation
    bodies, units, officials = (
        context.objects["bodies"],
        context.objects["units"],
        context.objects["officials"],
    )
    services.impact_assessment_templates_ensure(actor=SYSTEM, organisation=organisation)
    templates = {t.code: t for t in AssessmentTemplate.objects.filter(organisation=organisation)}
    director = officials[("Regiondirektör", "RK")]
    chancery = officials[("Kanslichef", "RK-KAN")]
    controller = officials[("Verksamhetscontroller", "RK-EKO-BUD")]

    # Reference 000: the review of the administrations' staff functions, an assignment of
    # 2021-11-09 § 398 reported back to the working committee in 2023.
    stabs = services.case_register(
        actor=SYSTEM,
        organisation=organisation,
        body=bodies["RS"],
        unit=units["RK-KAN"],
        officer=chancery,
        title="Översyn förvaltningarnas stabsfunktioner",
        description="Uppdrag 2021-11-09 § 398: kartlägga förvaltningarnas stabsfunktioner och "
        "administrativa kapaciteter.",
        registered_on=dt.date(2021, 11, 9),
        classification="1.1.2",
        number="RS211123",
    )
    services.record_register(
        actor=SYSTEM,
        case=stabs,
        kind=Record.Kind.OUTGOING,
        date=dt.date(2021, 11, 12),
        counterpart="Regionkontoret",
        description="Protokollsutdrag RSAU 2021-11-09 § 398, uppdrag om översyn",
        registered_on=dt.date(2021, 11, 12),
    )
    report = services.record_register(
        actor=SYSTEM,
        case=stabs,
        kind=Record.Kind.DRAWN_UP,
        date=dt.date(2023, 9, 1),
        description="Översyn förvaltningarnas stabsfunktioner",
        registered_on=dt.date(2023, 9, 1),
    )
    proposal = services.proposal_create(
        actor=SYSTEM,
        case=stabs,
        body=bodies["RSAU"],
        title="Översyn förvaltningarnas stabsfunktioner",
        date=dt.date(2023, 9, 20),
        decision_intro="Arbetsutskottet beslutar att",
    )
    services.proposal_update(
        actor=SYSTEM,
        proposal=proposal,
        decision_points=[
            "lägga redovisningen till handlingarna och anse utredningsuppdrag § 398 2021-11-09 "
            "slutfört.",
            "anteckna att det i kommande och ordinarie budgetprocess kan komma att lyftas "
            "definierade kapacitetsförstärkande åtgärder för ett par driftnämnder.",
        ],
        summary=STABS_SUMMARY,
        background=STABS_BACKGROUND,
        considerations=STABS_CONSIDERATIONS,
        economic_consequences="Förslaget ger inga ekonomiska konsekvenser i dagsläget.",
        basis=[report],
        dispatch_to=["Förvaltningsledningarna"],
        signatories=[director, chancery],
    )
    _not_affected(
        proposal,
        templates,
        {
            "child_rights": "Översynen gäller förvaltningarnas interna stabsfunktioner och rör "
            "inte barn",
            "gender_equality": "Översynen gäller förvaltningarnas interna stabsfunktioner",
        },
    )
    services.proposal_transition(actor=SYSTEM, proposal=proposal, to="final")

    # Reference 002: the committee dialogues with Regionservice, one case over the years.
    dialogue = services.case_register(
        actor=SYSTEM,
        organisation=organisation,
        body=bodies["RS"],
        unit=units["RK-EKO"],
        officer=controller,
        title="Nämndsdialog med driftnämnden Regionservice",
        description="Regionstyrelsens nämndsdialoger med driftnämnden Regionservice, våren och "
        "hösten, som en del av uppsiktsplikten.",
        registered_on=dt.date(2024, 11, 4),
        classification="1.3.1",
        number="RS241521",
    )
    services.record_register(
        actor=SYSTEM,
        case=dialogue,
        kind=Record.Kind.DRAWN_UP,
        date=dt.date(2025, 3, 3),
        description="Beslutsförslag, Nämndsdialog med driftnämnden Regionservice, våren 2025",
        registered_on=dt.date(2025, 3, 3),
    )
    own = services.record_register(
        actor=SYSTEM,
        case=dialogue,
        kind=Record.Kind.DRAWN_UP,
        date=dt.date(2025, 9, 1),
        description="Beslutsförslag, Nämndsdialog med driftnämnden Regionservice, hösten 2025",
        registered_on=dt.date(2025, 9, 1),
    )
    brief = services.record_register(
        actor=SYSTEM,
        case=dialogue,
        kind=Record.Kind.INCOMING,
        date=dt.date(2025, 10, 7),
        counterpart="Driftnämnden Regionservice",
        description="Dialogunderlag 2025-10-14 RGS",
        registered_on=dt.date(2025, 10, 7),
    )
    services.record_register(
        actor=SYSTEM,
        case=dialogue,
        kind=Record.Kind.INCOMING,
        date=dt.date(2025, 10, 8),
        counterpart="Regionservice, Lager och logistik",
        description="Kontinuitetsplan för lager och logistik, bilaga om skyddsåtgärder",
        secret=True,
        secrecy_ground="OSL 18 kap. 8 §",
        registered_on=dt.date(2025, 10, 8),
    )
    proposal = services.proposal_create(
        actor=SYSTEM,
        case=dialogue,
        body=bodies["RSAU"],
        title="Beslutsförslag, Nämndsdialog med driftnämnden Regionservice, hösten 2025",
        date=dt.date(2025, 9, 1),
        decision_intro="Regionstyrelsens arbetsutskott beslutar att",
    )
    services.proposal_update(
        actor=SYSTEM,
        proposal=proposal,
        decision_points=DIALOGUE_POINTS,
        summary=DIALOGUE_SUMMARY,
        economic_consequences="Det finns inga ekonomiska konsekvenser till följd av beslutet.",
        basis=[own, brief],
        attachments=["Dialogunderlag Regionservice"],
        dispatch_to=["Driftnämnden Regionservice"],
        signatories=[director],
    )
    _not_affected(
        proposal,
        templates,
        {
            "child_rights": "Beslutet antecknar och noterar information och riktar inga "
            "åtgärder mot barn",
            "gender_equality": "Beslutet antecknar och noterar information och ändrar inte "
            "service, inflytande eller resurser",
        },
    )
    services.proposal_transition(actor=SYSTEM, proposal=proposal, to="final")

    # Reference 001's commitment, as a case the demo's case officer (Hållbarhetschef) has just
    # started: a draft proposal whose impact assessments are still to be answered.
    sustainability = officials[("Hållbarhetschef", "RK-HAB")]
    child_rights = services.case_register(
        actor=SYSTEM,
        organisation=organisation,
        body=bodies["RS"],
        unit=units["RK-HAB"],
        officer=sustainability,
        title="Stöd för barnkonsekvensanalys i beslutsförslag",
        description="Regionstyrelsen ska säkerställa ett barnrättsperspektiv i beslutsförslagen "
        "(Verksamhetsplan 2024).",
        registered_on=dt.date(2026, 2, 2),
        classification="1.1.4",
    )
    services.record_register(
        actor=SYSTEM,
        case=child_rights,
        kind=Record.Kind.INCOMING,
        date=dt.date(2026, 2, 2),
        counterpart="Beredningen för social hållbarhet",
        description="Uppdrag att samordna och utveckla ett systematiskt arbete med "
        "barnkonventionen",
        registered_on=dt.date(2026, 2, 2),
    )
    services.proposal_create(
        actor=SYSTEM,
        case=child_rights,
        title="Stöd för barnkonsekvensanalys i beslutsförslag",
        date=dt.date(2026, 3, 2),
    )

    # A member's motion on its way to the council, and a delegated decision to report.
    services.case_register(
        actor=SYSTEM,
        organisation=organisation,
        body=bodies["RF"],
        kind=Case.Kind.COUNCIL_MOTION,
        title="Motion om fria resor i kollektivtrafiken för barn under 12 år",
        submitted_by="Ledamot i regionfullmäktige (S)",
        registered_on=dt.date(2026, 3, 2),
    )
    services.delegated_decision_register(
        actor=SYSTEM,
        organisation=organisation,
        body=bodies["RS"],
        decided_by=director,
        decided_on=dt.date(2025, 10, 1),
        delegation_point="2.4",
        decision="Yttrande över remiss om regional transportinfrastrukturplan",
    )
    context.objects.update({"cases": {"RS211123": stabs, "RS241521": dialogue}})
