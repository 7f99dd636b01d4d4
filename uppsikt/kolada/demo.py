"""Demo step: the sickness-absence indicator compared with Kolada's N60030 (sickness absence
among the region's staff), Region Halland (0013) beside the other regions, its values read
from the recorded fixtures (no network)."""

from __future__ import annotations

from django.conf import settings

from uppsikt.core.permissions import SYSTEM

from . import services
from .client import KoladaClient
from .recorded import RecordedSession
from .regions import REGION_IDS

KPI = "N60030"
OWN = "0013"  # Region Halland in Kolada


def load(*, context) -> None:
    plan = context.objects["plans"]["RS"]
    indicator = plan.indicators.get(name="Sjukfrånvaro")
    comparison = services.comparison_set(
        actor=SYSTEM,
        plan=plan,
        indicator=indicator,
        kpi=KPI,
        own_id=OWN,
        peer_ids=[i for i in REGION_IDS if i != OWN],
        first_year=2019,
        last_year=2023,
    )
    client = KoladaClient(
        session=RecordedSession(settings.UPPSIKT_KOLADA_URL), sleep=lambda seconds: None
    )
    fetched = services.values_fetch(actor=SYSTEM, plan=plan, comparison=comparison, client=client)
    services.values_store(actor=SYSTEM, plan=plan, comparison=comparison, fetched=fetched)
