"""Demo step: the texts people write for Regionstyrelsen's documents, as references 001 (the
verksamhetsplan 2024) and 003 (Uppföljningsrapport 1 2024) give them. Sentences that state
figures are not here: the documents generate them from the data (uppsikt/reports)."""

from __future__ import annotations

from uppsikt.core.permissions import SYSTEM
from uppsikt.documents import services as documents

from . import data, plan

PLAN_TEXTS = {
    "introduction": (
        "<p>Vi har de senaste åren lärt oss att vara flexibla i en verklighet där "
        "förutsättningarna ständigt förändras. Komplexa skeenden i omvärlden får stor påverkan på "
        "vår vardag. Vi möter inte kriser och utmaningar en i taget, utan flera på en gång.</p>"
        "<p>Det har blivit tydligare att vi behöver ha flexibilitet och långsiktighet samtidigt. "
        "Vi behöver kunna hantera det som händer här och nu – utan att tappa riktning. Det kommer "
        "att påverka oss som regionkontor, och vi behöver ställa om och hitta nya sätt att leda "
        "och facilitera många och komplexa frågor. Att jobba samlat som kontor med en god "
        "samverkan mellan kompetenser och organisationsstrukturer kommer bli avgörande för "
        "huruvida vi lyckas hantera omvärldens krav och komplexitet.</p>"
        "<p>Vi vet inte hur framtiden ser ut, men vi vet att vi behöver möta den med en "
        "digitaliserad utveckling – i robusta system som skapar trygghet för invånaren. Vi "
        "behöver säkra kompetensförsörjningen i en framtid där tillgången på kompetens är mindre, "
        "och arbeta för hälsa, innovation, grön omställning och jämlika villkor som skapar "
        "förutsättningar för hela Halland att växa – hållbart.</p>"
    ),
    "mission": (
        "<p>Regionstyrelsen är Region Hallands ledande förvaltningsorgan och ska i enlighet med "
        "kommunallagen leda och samordna förvaltningen av regionens angelägenheter och har även "
        "uppsiktsplikt över samtliga nämnders verksamhet. Regionstyrelsen har det övergripande "
        "ansvaret för regionens verksamheter, utveckling och ekonomiska ställning.</p>"
        "<p>Regionkontoret är stödjande förvaltning till regionstyrelsen, och dess uppdrag är "
        "bland annat att leda och samordna förvaltningen av regionens angelägenheter och ha "
        "uppsikt över övriga nämnders och de gemensamma nämndernas verksamhet.</p>"
        "<p>Som lednings- och styrfunktion innebär det att regionkontoret ska ansvara för att en "
        "effektiv och ändamålsenlig organisation upprätthålls, leda och samordna arbetet med mål, "
        "riktlinjer och ekonomiska ramar för styrningen av hela regionens verksamhet och att ta "
        "nödvändiga initiativ. Regionkontoret ska även driva utveckling, förbättring och "
        "effektivisering av regionens verksamheter och främja samverkan med relevanta aktörer på "
        "lokal, regional och nationell nivå.</p>"
        "<p>Styrning till de egna verksamheterna sker via policys och riktlinjer, mål och budget "
        "och resursfördelning samt genom uppföljning.</p>"
    ),
    "followup": (
        "<p>Regionstyrelsens verksamhetsplan följs upp i enlighet med Region Hallands Riktlinje "
        "för planering och uppföljning. Verksamhetsplanen i sin helhet redovisas till styrelsen i "
        "uppföljningsrapport 1 (januari-april), uppföljningsrapport 2 (januari-augusti) och "
        "årsrapporten.</p>"
        "<p>Månadsrapporterna efter februari och efter oktober är avvikelserapporter och "
        "redovisar främst ekonomisk prognos och medarbetarindikatorer, samt annan eventuell "
        "avvikelse vid behov.</p>"
    ),
    "goals": (
        "<p>Regionstyrelsens ska utifrån Mål och budget bidra till samtliga 21 mål i enlighet med "
        "verksamhetens uppdrag som står i reglementet.</p>"
        "<p>Regionkontoret stödjer regionstyrelsen i dess uppsiktsplikt och säkerställa att alla "
        "mål når ut i verksamheterna i Region Halland, samt att de följs upp samlat i "
        "koncernrapporterna för att säkerställa att Region Hallands verksamheter tillsammans "
        "arbetar med genomförandet. Alla verksamhetsområden på regionkontoret arbetar med "
        "verksamhetsplanering genom aktiviteter för genomförande inom samtliga av "
        "regionfullmäktiges fördelade mål. Dessa aktiviteter sammanställs tillsammans med övriga "
        "förvaltningar och redovisas i Region Hallands koncernrapporter.</p>"
        "<p>För att förenkla och förtydliga arbetet med regionstyrelsens verksamhetsplan för den "
        "egna förvaltningen avgränsas uppdragen i planen till att handla om de uppdrag som "
        "förvaltningen behöver arbeta med för att stärka upp sig som ledningskontor. Det handlar "
        "om att säkerställa en hållbar ekonomi i balans, att ständigt utvecklas som en attraktiv "
        "arbetsgivare med god arbetsmiljö och förstärka förvaltningens hållbarhetsarbete.</p>"
    ),
    "assignments_intro": (
        "<p>Regionstyrelsens utvecklingsuppdrag för verksamhetsår 2024 fokuserar på att stärka "
        "upp förvaltningens arbete inom områdena hållbarhet, ekonomi, medarbetare och robusta "
        "verksamheter. Områdena utgår ifrån Mål och budgets förutsättning för verksamhetens "
        "genomförande.</p>"
    ),
    "work_environment": (
        "<p>Regionstyrelsen har ansvar för förvaltningens arbetsmiljö och för att möjliggöra "
        "förvaltningens systematiska arbetsmiljöarbete genom att ge de förutsättningar som behövs "
        "i form av resurser, befogenheter och kompetens.</p>"
        "<p>Biträdande regiondirektören ansvarar under styrelsen för att det praktiska "
        "arbetsmiljöarbetet verkställs, detta genom att fördela arbetsmiljöuppgifter i "
        "organisationen. Syftet med förvaltningens arbetsmiljöarbete är att tydliggöra risker och "
        "möjligheter relaterat till arbetsmiljön samt för att främja god hälsa och ett uthålligt "
        "sunt arbetsliv. Medarbetare ska ha förutsättningar, känna engagemang och kunna bidra "
        "till att realisera förvaltningens uppdrag.</p>"
        "<p>Förvaltningens arbetsmiljöarbete ska ske i samverkan och med delaktighet av "
        "medarbetare i enlighet med Region Hallands arbetsmiljöpolicy och de lagar och "
        "författningar som styr arbetsmiljöarbetet. Verksamheternas systematiska "
        "arbetsmiljöarbete ingår i förvaltningens grunduppdrag.</p>"
        "<p>Utöver att arbetsmiljöperspektivet ingår som en del i verksamhetsplaneringen och "
        "beaktas i de prioriterade utvecklingsområdena, sker uppföljning, förbättring och "
        "utveckling av arbetsmiljön främst via kvalitetsstyrningen genom fastställda indikatorer. "
        "Därutöver genomförs regelbundet olika typer av undersökningar och inventeringar som helt "
        "eller delvis mäter och följer upp olika arbetsmiljöaspekter. Exempel på årliga eller "
        "regelbundet återkommande undersökningar är egenkontroller arbetsmiljö, "
        "medarbetarundersökning, intern kontroll, analys av arbetsskador och tillbud. Uppföljning "
        "av indikatorer, undersökningar och riskanalyser lyfts på förvaltningens "
        "samverkansgrupper/ skyddskommittéer och ligger sedan till grund för ett förbättringsarbete "
        "inom respektive ansvarsnivå.</p>"
    ),
    "finance": (
        "<p>Ekonomisk hållbarhet handlar om att säkerställa en hållbar ekonomi över tid och god "
        "ekonomisk hushållning. Det är en avgörande grundförutsättning för att klara framtida "
        "utmaningar och att fortsätta kunna utveckla och driva en verksamhet av högsta "
        "kvalitet.</p>"
    ),
}

UR1_TEXTS = {
    "summary": (
        "<p>Regionstyrelsen är Region Hallands ledande förvaltningsorgan och ska i enlighet med "
        "kommunallagen leda och samordna förvaltningen av regionens angelägenheter och har även "
        "uppsiktsplikt över samtliga nämnders verksamhet. Regionstyrelsen har det övergripande "
        "ansvaret för regionens verksamheter, utveckling och ekonomiska ställning.</p>"
        "<p>Regionstyrelsen har i sin verksamhetsplan för 2024 prioriterat uppdrag som kräver "
        "regionkontorets samlade stöd för att utvecklas i syfte att få effekt såväl inom kontorets "
        "arbetssätt som i Region Hallands samlade arbete. Alla uppdrag som redovisas bidrar till "
        "regionfullmäktiges fokusområden och mål för 2024.</p>"
        "<p>Den samlade bedömningen är att alla förvaltningsuppdrag har startats upp och pågår. "
        "Det finns i dagsläget inga avvikelser.</p>"
        "<p>Regionkontorets medarbetare har en fortsatt låg sjukfrånvaro, men mätningen av "
        "personalomsättning indikerar på en ökning och ligger för närvarande strax över "
        "målvärdet.</p>"
    ),
    "summary_after": (
        "<p>Den negativa prognosen utgörs av bevakningskostnaderna inom Säkerhetsavdelningen som "
        "beräknas bli -9,0 mnkr för året. Denna avvikelse beror på en höjd nivå av bevakning efter "
        "pandemin som även rapporterades under 2023.</p>"
        "<p>Regionkontorets avdelningar prognostiserar en positiv avvikelse på personalkostnader. "
        "Detta beror på ännu ej tillsatta nya tjänster i budget 2024, samt vakanser på befintliga "
        "tjänster inom flera avdelningar. På helheten vägs dessa upp av ökade kostnader för "
        "inhyrd personal, konsulter och ökade kostnader för övriga tjänster.</p>"
    ),
    "goals_intro": (
        "<p>Regionstyrelsen identifierade fem egna utvecklingsuppdrag som särskilt behöver "
        "prioriteras i planerad verksamhet för 2024. Dessa områden syftar alla till att förstärka "
        "regionkontorets uppdrag i att leda och samordna Region Halland inom flera "
        "verksamhetsområden. Uppdragen samordnas och genomförs på regionkontoret som förvaltning "
        "med en önskan om goda effekter i hela organisationen. Alla uppdrag bidrar till "
        "regionfullmäktiges mål.</p>"
    ),
    "staff_turnover": (
        "<p>Värdet speglar den fördelning av avgångsvägar vi haft över tid. Vi har fortsatt en "
        "något högre personalomsättning bland kvinnor än bland män, vilket är en trend vi kan "
        "urskilja över tid.</p>"
        "<p>Personalomsättningen har över tid varit som högst i den allra yngsta åldersgruppen "
        "(20-29 år), yngre medarbetare har fortfarande högre omsättning än äldre men är utjämnad "
        "inom åldrarna 20-40 år.</p>"
    ),
    "finance_ytd": (
        "<p>Både 2024 och 2023 kan en stor del av avvikelsen förklaras genom ett överskott på "
        "personalkostnader.</p>"
        "<p>Flertalet avdelningar redovisar ett överskott av personalkostnader, däribland ITD, "
        "hälso- och sjukvårdsavdelningarna samt regional utveckling. Inom främst ITD har frånvaro "
        "av interna resurser har medfört att kostnaden för konsulter ökat, dels för att klara av "
        "grunduppdraget, dels för att FVIS-införandet ska införas enligt plan. Det medför för "
        "perioden en negativ budgetavvikelse för inhyrda resurser på avdelningarna.</p>"
        "<p>Kostnader för bevakning inom säkerhetsavdelningen ligger högre än budgeterat, då "
        "nivån på behovet av bevakning ökat sedan pandemin, vilket inte tillförts i budget.</p>"
        "<p>Även införandetaken på Tessa är högre än planerat vilket medför en avvikelse mot "
        "budget för perioden.</p>"
    ),
    "finance_lines": (
        "<p>Intäkternas avvikelse uppvägs till största delen av kostnader i projekt i andra "
        "kontoklasser. De övriga kostnaderna är bland annat inhyrd personal för att klara "
        "bemanningen under vakanser, samt kostnader för projekt som möts av ökade intäkter "
        "ovan.</p>"
    ),
    "finance_forecast": (
        "<p>I planeringsanalysen för 2025 finns bevakningskostnaderna med som förslag. Huruvida "
        "de kommer med i budgetbeslutet till 2025 eller ej, beslutas i Regionfullmäktige i juni "
        "2024.</p>"
        "<p>Regionkontorets avdelningar prognostiserar både överskott och underskott efter april. "
        "Regionkontoret kommer att jobba med de olika avdelningarna för att komma i balans till "
        "uppföljningsrapport 2 efter augusti. Flertalet avdelningar har svårigheter med sin "
        "kompetensförsörjning, vilket lett till en positiv avvikelse på personalkostnader. Detta "
        "beror på ännu ej tillsatta nya tjänster i budget 2024, samt vakanser på befintliga "
        "tjänster och ses inom flera avdelningar, däribland ITD, hälso och sjukvård, regional "
        "utveckling samt kommunikationsavdelningen. På helheten vägs dessa upp av ökade kostnader "
        "för inhyrd personal, konsulter och ökade kostnader för övriga tjänster.</p>"
        "<p>FVIS Programkostnad beräknas bli -3 mnkr dyrare än budgeterat.</p>"
    ),
    "finance_forecast_change": (
        "<p>Den främsta anledningen till prognosförändringen är att personalkostnaderna beräknas "
        "generera ett större överskott i årsprognosen. Förändringen sedan februari är att "
        "regional utveckling, kommunikation och ITD prognostiserar ett större överskott.</p>"
        "<p>Totalen för de övriga kostnaderna har förändrats marginellt jämfört med februari. "
        "Dock består dessa bland annat av ett prognostiserat överskott inom ledarskaps- och "
        "traineeutbildningar, samtidigt som tex Fastighetsavdelningen prognostiserar en negativ "
        "prognos på grund av lägre tidstransaktioner för projektredovisning och ökade kostnader "
        "för köpta tjänster för IT konsulter. Införandetakten på Tessa är högre än budgeterat "
        "vilket medför ökade kostnader och en avvikelse mot budget på -5,3 mnkr.</p>"
    ),
    "finance_capital": (
        "<p>Majoriteten av årets planerade investeringar återstår att genomföras. Utfallet inom "
        "ITD består till största delen av inköp av nätverksutrustning, sedvanliga inköp av "
        "centralt ägda datorer men också investeringar kopplade till införandet av Tessa.</p>"
    ),
    "finance_capital_forecast": ("<p>Avvikelserna finns inom IT och digitalisering.</p>"),
}


DEMO_MARK = (176, 98, 316, 150)  # the demo logo's "Demo" badge: left, top, right, bottom
DEMO_MARK_COLOUR = (190, 80, 20, 255)


def demo_logo() -> bytes:
    """A plain, invented logo for the demo region: a green wave on a teal square beside the
    region's name, marked as the demo's by a "Demo" badge under it, drawn here (no real logo)."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGBA", (640, 160), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((8, 8, 152, 152), radius=28, fill=(0, 105, 120, 255))
    draw.ellipse((36, 64, 124, 152), fill=(120, 190, 90, 255))
    draw.rectangle((30, 120, 130, 152), fill=(0, 105, 120, 255))
    draw.text(
        (180, 14), "Region Halland", font=ImageFont.load_default(size=54), fill=(0, 70, 85, 255)
    )
    draw.rounded_rectangle(DEMO_MARK, radius=10, fill=DEMO_MARK_COLOUR)
    draw.text(
        ((DEMO_MARK[0] + DEMO_MARK[2]) / 2, (DEMO_MARK[1] + DEMO_MARK[3]) / 2),
        "Demo",
        font=ImageFont.load_default(size=36),
        fill=(255, 255, 255, 255),
        anchor="mm",
    )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def load(*, context) -> None:
    from uppsikt.reports import services as report_services

    report_services.organisation_logo_replace(
        organisation=context.organisation,
        name="region-halland-demo.png",
        content=demo_logo(),
        actor=SYSTEM,
    )
    rs = context.objects["bodies"]["RS"]
    for key, text in PLAN_TEXTS.items():
        documents.text_set(
            kind="plan", subject=plan.subject(rs, 2024), key=key, text=text, actor=SYSTEM
        )
    for key, text in UR1_TEXTS.items():
        documents.text_set(
            kind="followup", subject=data.subject(rs, "2024-UR1"), key=key, text=text, actor=SYSTEM
        )
