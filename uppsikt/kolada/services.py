"""Writes of the Kolada comparison (docs/kolada.md): choosing an indicator's comparison, and
storing the values fetched from Kolada. Fetching runs outside any transaction (``values_fetch``,
network), storing in one (``values_store``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError
from uppsikt.organisation.permissions import ensure_can
from uppsikt.planning.models import Indicator, Plan
from uppsikt.planning.selectors import plan_scope

from .client import KoladaClient, KoladaValue
from .models import Comparison
from .models import KoladaValue as StoredValue

KPI_ID = re.compile(r"^[A-Z]\d{5}$")
MUNICIPALITY_ID = re.compile(r"^\d{4}$")
MAX_YEARS = 20


def _check(actor, plan: Plan, indicator: Indicator) -> None:
    ensure_can(actor, "planning.manage", plan_scope(plan))
    if (
        indicator.organisation_id != plan.organisation_id
        or not plan.indicators.filter(pk=indicator.pk).exists()
    ):
        raise DomainError(_("Indikatorn finns inte i planen."))


def _validate(kpi: str, own_id: str, peer_ids: list[str], first_year: int, last_year: int):
    if not KPI_ID.match(kpi):
        raise DomainError(_("Ett Kolada-nyckeltal har formen N60030."))
    bad = [i for i in [own_id, *peer_ids] if not MUNICIPALITY_ID.match(i)]
    if bad:
        raise DomainError(
            _("Ett Kolada-id för en kommun eller region har fyra siffror, t.ex. 0013: %(bad)s")
            % {"bad": ", ".join(bad[:5])}
        )
    if not peer_ids or set(peer_ids) == {own_id}:
        raise DomainError(_("Välj minst en kommun eller region att jämföra med."))
    if first_year > last_year or last_year - first_year >= MAX_YEARS:
        raise DomainError(
            _("Åren ska gå från ett tidigare till ett senare år, högst %(n)d år.")
            % {"n": MAX_YEARS}
        )


@transaction.atomic
def comparison_set(
    *,
    actor,
    plan: Plan,
    indicator: Indicator,
    kpi: str,
    own_id: str,
    peer_ids: list[str],
    first_year: int,
    last_year: int,
    in_reports: bool = False,
) -> Comparison:
    """Compare ``indicator`` with Kolada's ``kpi``: ours (``own_id``) beside ``peer_ids``."""
    _check(actor, plan, indicator)
    kpi = kpi.strip().upper()
    own_id = own_id.strip()
    peers = sorted({p.strip() for p in peer_ids if p.strip()} - {own_id})
    _validate(kpi, own_id, peers or [own_id], first_year, last_year)
    comparison = Comparison.objects.select_for_update().filter(indicator=indicator).first()
    before = snapshot(comparison) if comparison else None
    if comparison is None:
        comparison = Comparison(organisation_id=indicator.organisation_id, indicator=indicator)
    comparison.kpi = kpi
    comparison.own_id = own_id
    comparison.peer_ids = peers
    comparison.first_year = first_year
    comparison.last_year = last_year
    comparison.in_reports = in_reports
    comparison.save()
    audit_record(actor=actor, action="kolada.comparison.set", obj=comparison, before=before)
    return comparison


@dataclass(frozen=True)
class Fetched:
    names: dict[str, str]  # municipality id → its name in Kolada
    values: list[KoladaValue]


def values_fetch(*, actor, plan: Plan, comparison: Comparison, client: KoladaClient) -> Fetched:
    """Ask Kolada for the comparison's values (no transaction: this waits for the network)."""
    _check(actor, plan, comparison.indicator)
    ids = comparison.municipality_ids()
    names = {str(m["id"]): str(m.get("title") or m["id"]) for m in client.municipalities(ids=ids)}
    values = client.data(
        kpi=comparison.kpi,
        municipalities=ids,
        years=range(comparison.first_year, comparison.last_year + 1),
    )
    return Fetched(names=names, values=values)


@transaction.atomic
def values_store(*, actor, plan: Plan, comparison: Comparison, fetched: Fetched) -> int:
    """Replace the stored values of the comparison's KPI, municipalities and years with those
    fetched. Returns how many were stored."""
    _check(actor, plan, comparison.indicator)
    ids = comparison.municipality_ids()
    wanted = [
        v
        for v in fetched.values
        if v.kpi == comparison.kpi
        and v.municipality in ids
        and comparison.first_year <= v.year <= comparison.last_year
        and v.gender in StoredValue.Gender.values
    ]
    now = timezone.now()
    StoredValue.objects.filter(
        organisation_id=comparison.organisation_id,
        kpi=comparison.kpi,
        municipality_id__in=ids,
        year__gte=comparison.first_year,
        year__lte=comparison.last_year,
    ).delete()
    rows = {
        (v.municipality, v.year, v.gender): StoredValue(
            organisation_id=comparison.organisation_id,
            kpi=v.kpi,
            municipality_id=v.municipality,
            municipality_name=fetched.names.get(v.municipality, v.municipality)[:200],
            year=v.year,
            gender=v.gender,
            value=v.value,
            status=v.status[:40],
            fetched_at=now,
        )
        for v in wanted
    }
    StoredValue.objects.bulk_create(rows.values())
    comparison.fetched_at = now
    comparison.save(update_fields=["fetched_at", "updated_at"])
    audit_record(
        actor=actor,
        action="kolada.values.import",
        obj=comparison,
        detail={"kpi": comparison.kpi, "values": len(rows)},
    )
    return len(rows)
