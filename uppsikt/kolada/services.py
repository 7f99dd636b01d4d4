"""Writes of the Kolada comparison (docs/kolada.md): choosing an indicator's comparison, and
storing the values fetched from Kolada. Fetching runs outside any transaction (``values_fetch``,
network), storing in one (``values_store``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError
from uppsikt.organisation.permissions import ensure_can
from uppsikt.planning.models import Indicator, Plan
from uppsikt.planning.selectors import plan_scope

from .client import KoladaClient, KoladaError, KoladaValue, group_members
from .models import Comparison
from .models import KoladaValue as StoredValue

KPI_ID = re.compile(r"^[A-Z]\d{5}$")
MUNICIPALITY_ID = re.compile(r"^\d{4}$")
GROUP_ID = re.compile(r"^G\d{1,10}$")
MAX_YEARS = 20


def _check(actor, plan: Plan, indicator: Indicator) -> None:
    ensure_can(actor, "planning.manage", plan_scope(plan))
    if (
        indicator.organisation_id != plan.organisation_id
        or not plan.indicators.filter(pk=indicator.pk).exists()
    ):
        raise DomainError(_("Indikatorn finns inte i planen."))


def _validate(
    kpi: str, own_id: str, peer_ids: list[str], first_year: int, last_year: int, peer_group: str
):
    if not KPI_ID.match(kpi):
        raise DomainError(_("Ett Kolada-nyckeltal har formen N60030."))
    bad = [i for i in [own_id, *peer_ids] if not MUNICIPALITY_ID.match(i)]
    if bad:
        raise DomainError(
            _("Ett Kolada-id för en kommun eller region har fyra siffror, t.ex. 0013: %(bad)s")
            % {"bad": ", ".join(bad[:5])}
        )
    if peer_group and not GROUP_ID.match(peer_group):
        raise DomainError(
            _("En jämförelsegrupp i Kolada har ett id som börjar på G, t.ex. G100013.")
        )
    if not peer_group and (not peer_ids or set(peer_ids) == {own_id}):
        raise DomainError(
            _("Välj minst en kommun eller region att jämföra med, eller en grupp i Kolada.")
        )
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
    peer_group: str = "",
) -> Comparison:
    """Compare ``indicator`` with Kolada's ``kpi``: ours (``own_id``) beside ``peer_ids`` and
    the members of Kolada's group ``peer_group`` (read from Kolada with the values)."""
    _check(actor, plan, indicator)
    kpi = kpi.strip().upper()
    own_id = own_id.strip()
    peer_group = peer_group.strip().upper()
    peers = sorted({p.strip() for p in peer_ids if p.strip()} - {own_id})
    _validate(kpi, own_id, peers or [own_id], first_year, last_year, peer_group)
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
    if comparison.peer_group != peer_group:
        # the members are Kolada's to say: read again with the next values
        comparison.peer_group = peer_group
        comparison.peer_group_name = ""
        comparison.group_member_ids = []
    comparison.save()
    audit_record(actor=actor, action="kolada.comparison.set", obj=comparison, before=before)
    return comparison


@dataclass(frozen=True)
class Fetched:
    names: dict[str, str]  # municipality id → its name in Kolada
    values: list[KoladaValue]
    group_name: str = ""
    group_members: list[str] = field(default_factory=list)


def _group(client: KoladaClient, group_id: str) -> tuple[str, list[tuple[str, str]]]:
    """The name and the members (id, name) of Kolada's municipality group ``group_id``."""
    for group in client.municipality_groups([group_id]):
        if str(group.get("id", "")).upper() == group_id:
            members = [(i, n) for i, n in group_members(group) if MUNICIPALITY_ID.match(i)]
            if not members:
                raise KoladaError(
                    _("Gruppen %(id)s i Kolada har inga medlemmar.") % {"id": group_id}
                )
            return str(group.get("title") or group_id), members
    raise KoladaError(_("Kolada har ingen grupp %(id)s.") % {"id": group_id})


def values_fetch(*, actor, plan: Plan, comparison: Comparison, client: KoladaClient) -> Fetched:
    """Ask Kolada for the comparison's values (no transaction: this waits for the network):
    the group's members first, when a group is chosen, then the names and the values of
    ours, the peers and the members."""
    _check(actor, plan, comparison.indicator)
    group_name, members = "", []
    if comparison.peer_group:
        group_name, members = _group(client, comparison.peer_group)
    names = dict(members)
    ids = sorted({comparison.own_id, *comparison.peer_ids, *names})
    unnamed = [i for i in ids if i not in names]
    if unnamed:
        names |= {
            str(m["id"]): str(m.get("title") or m["id"]) for m in client.municipalities(ids=unnamed)
        }
    values = client.data(
        kpi=comparison.kpi,
        municipalities=ids,
        years=range(comparison.first_year, comparison.last_year + 1),
    )
    return Fetched(
        names=names, values=values, group_name=group_name, group_members=[i for i, _n in members]
    )


@transaction.atomic
def values_store(*, actor, plan: Plan, comparison: Comparison, fetched: Fetched) -> int:
    """Replace the stored values of the comparison's KPI, municipalities and years with those
    fetched. Returns how many were stored."""
    _check(actor, plan, comparison.indicator)
    if comparison.peer_group:
        comparison.peer_group_name = fetched.group_name[:200]
        comparison.group_member_ids = sorted(set(fetched.group_members))
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
    comparison.save(
        update_fields=["fetched_at", "peer_group_name", "group_member_ids", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="kolada.values.import",
        obj=comparison,
        detail={"kpi": comparison.kpi, "values": len(rows)},
    )
    return len(rows)
