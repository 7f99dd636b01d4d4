"""Demo step: the region's ledger for 2023, 2024 and 2025 (through August), written as SIE files
and read through the same importer a controller uses. Regionkontoret's Jan–Apr 2024 (and the same
months of 2023) and Regionservice's Jan–Aug 2025 (and 2024) figures are those of references 003
and 002; around them every month lies near its budget."""

from __future__ import annotations

import tempfile
from pathlib import Path

from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation.models import CostCentre

from . import services
from .sie_writer import demo_files


def load(*, context) -> None:
    organisation = context.organisation
    units = context.objects["units"]
    roots = [code for code, unit in units.items() if unit.parent_id is None]
    cost_centres = {
        code: list(
            CostCentre.objects.filter(unit__in=units[code].subtree())
            .order_by("code")
            .values_list("code", flat=True)
        )
        for code in roots
    }
    names = {
        cc.code: cc.unit.name
        for cc in CostCentre.objects.filter(organisation=organisation).select_related("unit")
    }
    with tempfile.TemporaryDirectory() as directory:
        for path in demo_files(Path(directory), cost_centres=cost_centres, names=names):
            services.sie_import_file(
                actor=SYSTEM, organisation=organisation, data=path.read_bytes(), filename=path.name
            )
    load_capital(context=context)
    load_budgets(context=context)


def load_capital(*, context) -> None:
    """Regionkontoret's capital projects: the 2024–2026 budget of reference 001, the revision
    that carried 2023's unspent money into 2024 (111,5 → 131,5 mnkr, reference 003), and the
    forecasts of Uppföljningsrapport 1."""
    import datetime as dt
    from decimal import Decimal as D

    from uppsikt.finance.models import CapitalProject
    from uppsikt.finance.sie_writer import CAPITAL_PROJECTS

    organisation = context.organisation
    rk = context.objects["units"]["RK"]
    itd = context.objects["units"]["RK-ITD"]
    category = {
        "INV-BRED": CapitalProject.Category.DECIDED,
        "INV-FVIS": CapitalProject.Category.DECIDED,
        "INV-VAND": CapitalProject.Category.NEW,
        "INV-MOB": CapitalProject.Category.REINVESTMENT,
        "INV-IT": CapitalProject.Category.REINVESTMENT,
    }
    p = {
        code: services.capital_project_create(
            actor=SYSTEM,
            organisation=organisation,
            code=code,
            name=name,
            category=category[code],
            unit=itd if code in {"INV-IT", "INV-FVIS"} else rk,
            position=position,
        )
        for position, (code, name) in enumerate(
            sorted(
                CAPITAL_PROJECTS.items(),
                # reference 003's order: furniture, trail, broadband, FVIS, IT equipment
                key=lambda kv: ["INV-MOB", "INV-VAND", "INV-BRED", "INV-FVIS", "INV-IT"].index(
                    kv[0]
                ),
            )
        )
    }
    mn = D(1_000_000)  # the references state millions of kronor
    services.capital_budget_revise(
        actor=SYSTEM,
        organisation=organisation,
        label="Mål och budget 2024 med plan för 2025–2026",
        decided_on=dt.date(2023, 6, 20),
        lines={
            (p["INV-BRED"], 2024): D("15.0") * mn,
            (p["INV-BRED"], 2025): D("20.0") * mn,
            (p["INV-BRED"], 2026): D("10.0") * mn,
            (p["INV-FVIS"], 2024): D("0.5") * mn,
            (p["INV-FVIS"], 2025): D("15.0") * mn,
            (p["INV-MOB"], 2024): D("0.6") * mn,
            (p["INV-MOB"], 2025): D("0.6") * mn,
            (p["INV-MOB"], 2026): D("0.6") * mn,
            (p["INV-IT"], 2024): D("95.4") * mn,
            (p["INV-IT"], 2025): D("52.9") * mn,
            (p["INV-IT"], 2026): D("66.0") * mn,
        },
    )
    services.capital_budget_revise(
        actor=SYSTEM,
        organisation=organisation,
        label="Ombudgetering av ej förbrukade investeringsmedel från 2023",
        decided_on=dt.date(2024, 3, 26),
        note="Överföring av 2023 års ej förbrukade medel till 2024.",
        lines={
            (p["INV-MOB"], 2024): D("4.3") * mn,
            (p["INV-VAND"], 2024): D("1.8") * mn,
            (p["INV-FVIS"], 2024): D("15.0") * mn,
        },
    )
    services.capital_forecast_set(
        actor=SYSTEM,
        project=p["INV-FVIS"],
        year=2024,
        as_of=(2024, 4),
        amount=D("0.5") * mn,
        # 003 lists FVIS last among ITD's forecast variances, after IT-utrustning's three parts
        items=[
            (
                "FVIS",
                D("14.5") * mn,
                "Den sista och återstående utbetalningen av Cosmic sker efter driftstart och "
                "kommer därför ske först 2025.",
                3,
            )
        ],
    )
    services.capital_forecast_set(
        actor=SYSTEM,
        project=p["INV-IT"],
        year=2024,
        as_of=(2024, 4),
        amount=D("98.8") * mn,
        # 003's parts of the variance of 95,4 − 98,8 = −3,4 mnkr: −2,0 − 3,4 + 2,0, in 003's
        # order (the last number of each: its position among ITD's forecast variances)
        items=[
            (
                "Centrala datorer",
                D("-2.0") * mn,
                "Högre volymer än beräknat bland annat till följd av Tessa-utrullningen.",
                0,
            ),
            (
                "Tessa",
                D("-3.4") * mn,
                "Skärmlösningen har visat sig bli dyrare än vad som budgeterats.",
                1,
            ),
            (
                "Lagring och backup",
                D("2.0") * mn,
                "Genom en förbättrad konkurrensutsättning av underleverantörer minskar "
                "investeringsbehovet med ca 2 mnkr.",
                2,
            ),
        ],
    )


def load_budgets(*, context) -> None:
    """Regionkontoret's 2024 operating budget as adopted (reference 001: 332 / −529 / −515,
    net −713 mnkr) and as revised (the ledger's monthly budget, net −702 553 tkr); its forecasts
    after February (−17,5 mnkr) and April (UR1: −711 553 tkr, −9,0 mnkr, +8,5 since February);
    Regionservice's forecast after August 2025 (reference 002: a surplus of +3,0 mnkr)."""
    import datetime as dt
    from decimal import Decimal as D

    from uppsikt.finance.models import ReportLine
    from uppsikt.finance.selectors import budget_by_line, kronor

    organisation = context.organisation
    units = context.objects["units"]
    line = {r.code: r for r in ReportLine.objects.filter(organisation=organisation)}
    adopted = {"revenue": D("331600000"), "staff": D("-529400000"), "other": D("-515200000")}
    lines = {}
    for code, annual in adopted.items():
        monthly = (annual / 12).quantize(D("0.01"))
        for month in range(1, 13):
            lines[(line[code], month)] = monthly if month < 12 else annual - monthly * 11
    services.operating_budget_set(
        actor=SYSTEM,
        unit=units["RK"],
        year=2024,
        label="Verksamhetsplan 2024 (Mål och budget 2024)",
        decided_on=dt.date(2023, 11, 28),
        lines=lines,
    )
    services.operating_budget_from_ledger(
        actor=SYSTEM,
        unit=units["RK"],
        year=2024,
        label="Reviderad driftbudget 2024",
        decided_on=dt.date(2024, 2, 20),
    )
    tkr = D(1000)
    services.forecast_set(
        actor=SYSTEM,
        unit=units["RK"],
        year=2024,
        as_of=(2024, 2),
        amounts={
            line["revenue"]: 340_000 * tkr,
            line["staff"]: -512_000 * tkr,
            line["other"]: -548_053 * tkr,
            line["financial"]: D(0),
            line["funding"]: 702_553 * tkr,
        },
        comment="Bevakningskostnaderna inom Säkerhetsavdelningen och inhyrd personal ger en negativ prognos.",
    )
    services.forecast_set(
        actor=SYSTEM,
        unit=units["RK"],
        year=2024,
        as_of=(2024, 4),
        amounts={
            line["revenue"]: 350_000 * tkr,
            line["staff"]: -485_000 * tkr,
            line["other"]: -576_553 * tkr,
            line["financial"]: D(0),
            line["funding"]: 702_553 * tkr,
        },
        comment=(
            "Den negativa prognosen utgörs av bevakningskostnaderna inom Säkerhetsavdelningen som "
            "beräknas bli −9,0 mnkr för året. Avdelningarna prognostiserar en positiv avvikelse på "
            "personalkostnader, som vägs upp av inhyrd personal, konsulter och övriga tjänster."
        ),
    )
    rse = units["RSE"]
    # Regionservice's business lines (reference 002) and their forecasts after August 2025
    from uppsikt.finance.sie_writer import RSE_LINES
    from uppsikt.organisation.models import CostCentre

    names = {
        "ordinary": "Ordinarie",
        "preparedness": "Förstärkt försörjningsberedskap",
        "stores": "Förrådsvaror",
    }
    forecasts = {"ordinary": D(-1_000_000), "preparedness": D(4_000_000), "stores": D(0)}
    for position, (key, codes) in enumerate(RSE_LINES.items()):
        business_line = services.business_line_create(
            actor=SYSTEM,
            unit=rse,
            name=names[key],
            cost_centres=list(CostCentre.objects.filter(organisation=organisation, code__in=codes)),
            position=position,
        )
        services.business_line_forecast_set(
            actor=SYSTEM,
            business_line=business_line,
            year=2025,
            as_of=(2025, 8),
            result=forecasts[key],
        )
    budget, _revision = budget_by_line(unit=rse, year=2025, organisation=organisation)
    amounts = {r: kronor(sum(budget.get(r, [0] * 12))) for r in line.values()}
    amounts[line["other"]] += 3_000 * tkr  # the surplus of reference 002's forecast column
    services.forecast_set(
        actor=SYSTEM,
        unit=rse,
        year=2025,
        as_of=(2025, 8),
        amounts=amounts,
        comment="Fortsatt balans i nämndens ekonomi efter augusti; överskott inom försörjningsberedskapen.",
    )
