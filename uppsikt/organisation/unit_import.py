"""The units import service: checks a parsed ``units.csv`` against the database and applies it
in one transaction (all or nothing). Re-importing the same file changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from uppsikt.core.audit import snapshot
from uppsikt.core.exceptions import ImportFailed
from uppsikt.core.models import AuditEvent
from uppsikt.core.permissions import SYSTEM, user_or_none

from . import reference
from .importers import UnitsFile
from .models import Body, CostCentre, Organisation, Unit
from .permissions import ensure_can_everywhere


@dataclass(frozen=True)
class UnitsImportResult:
    created: int
    updated: int
    unchanged: int
    cost_centres: int


def _check_references(units_file: UnitsFile, organisation: Organisation) -> list[str]:
    errors: list[str] = []
    name = units_file.name
    rows = {row.code: row for row in units_file.rows}
    existing_parent = dict(
        Unit.objects.filter(organisation=organisation).values_list("code", "parent__code")
    )
    bodies = set(Body.objects.filter(organisation=organisation).values_list("code", flat=True))
    for row in units_file.rows:
        if (
            row.parent_code
            and row.parent_code not in rows
            and row.parent_code not in existing_parent
        ):
            errors.append(
                f"{name}, {_('rad')} {row.line}: "
                + _("okänd överordnad kod %(parent)s.") % {"parent": row.parent_code}
            )
        if row.body_code and row.body_code not in bodies:
            errors.append(
                f"{name}, {_('rad')} {row.line}: "
                + _("okänt organ %(body)s.") % {"body": row.body_code}
            )
    # The tree after the import: the file's rows over the database's units.
    parent_of = {code: parent or "" for code, parent in existing_parent.items()}
    parent_of.update({row.code: row.parent_code for row in units_file.rows})
    reported: set[str] = set()
    for start in rows:
        seen: list[str] = []
        code = start
        while code and code in parent_of and code not in seen:
            seen.append(code)
            code = parent_of[code]
        if code and code in seen:
            cycle = seen[seen.index(code) :]
            key = min(cycle)
            if key in reported:
                continue
            reported.add(key)
            lines = sorted(rows[c].line for c in cycle if c in rows)
            errors.append(
                f"{name}, {_('rad')} {lines[0]}: "
                + _("enhetsträdet får en cykel: %(cycle)s.")
                % {"cycle": " → ".join([*cycle, cycle[0]])}
            )
    return errors


def _recompute_paths(organisation: Organisation) -> None:
    units = list(
        Unit.objects.filter(organisation=organisation).only("id", "parent_id", "path", "depth")
    )
    by_id = {u.id: u for u in units}
    children: dict[int | None, list[Unit]] = {}
    for u in units:
        children.setdefault(u.parent_id, []).append(u)
    changed: list[Unit] = []
    stack = [(u, "/", 0) for u in children.get(None, [])]
    while stack:
        unit, prefix, depth = stack.pop()
        path = f"{prefix}{unit.id}/"
        if unit.path != path or unit.depth != depth:
            unit.path, unit.depth = path, depth
            changed.append(unit)
        stack.extend((c, path, depth + 1) for c in children.get(unit.id, []))
    assert len(by_id) == sum(len(v) for v in children.values())
    Unit.objects.bulk_update(changed, ["path", "depth"], batch_size=500)


def _create_units(
    organisation: Organisation, units_file: UnitsFile, existing: dict[str, Unit], bodies
) -> list[Unit]:
    """The file's units not in the database yet, created without their parents (set after)."""
    new_units = [
        Unit(
            organisation=organisation,
            code=row.code,
            name=row.name,
            kind=row.kind,
            body=bodies.get(row.body_code),
            position=index,
        )
        for index, row in enumerate(units_file.rows)
        if row.code not in existing
    ]
    Unit.objects.bulk_create(new_units)
    if any(u.pk is None for u in new_units):  # a backend that does not return keys
        new_units = list(
            Unit.objects.filter(organisation=organisation, code__in=[u.code for u in new_units])
        )
    return new_units


def _update_units(
    units_file: UnitsFile, by_code: dict[str, Unit], bodies, created_codes: set[str]
) -> tuple[list[Unit], dict[str, dict], int]:
    """Set every row's name, kind, parent and body: the units changed (the new ones get their
    parents), the changed ones' values before, and how many were already as in the file."""
    updated: list[Unit] = []
    befores: dict[str, dict] = {}
    unchanged = 0
    for row in units_file.rows:
        unit = by_code[row.code]
        parent = by_code[row.parent_code] if row.parent_code else None
        body = bodies.get(row.body_code) if units_file.has_body_column else unit.body
        if row.code in created_codes:
            unit.parent = parent
            updated.append(unit)
            continue
        if (
            unit.name == row.name
            and unit.kind == row.kind
            and unit.parent_id == (parent.pk if parent else None)
            and unit.body_id == (body.pk if body else None)
        ):
            unchanged += 1
            continue
        befores[row.code] = snapshot(unit)
        unit.name, unit.kind, unit.parent, unit.body = row.name, row.kind, parent, body
        updated.append(unit)
    Unit.objects.bulk_update(updated, ["name", "kind", "parent", "body"], batch_size=500)
    return updated, befores, unchanged


def _place_cost_centres(
    organisation: Organisation, units_file: UnitsFile, by_code: dict[str, Unit]
) -> list[CostCentre]:
    """Create the file's new cost centres and move those it places under another unit; the
    cost centres created or moved."""
    wanted = {cc: row.code for row in units_file.rows for cc in row.cost_centres}
    current = {
        c.code: c for c in CostCentre.objects.filter(organisation=organisation, code__in=wanted)
    }
    to_create, to_move = [], []
    for cc, unit_code in wanted.items():
        unit = by_code[unit_code]
        if cc not in current:
            to_create.append(CostCentre(organisation=organisation, unit=unit, code=cc))
        elif current[cc].unit_id != unit.pk:
            current[cc].unit = unit
            to_move.append(current[cc])
    CostCentre.objects.bulk_create(to_create)
    CostCentre.objects.bulk_update(to_move, ["unit"])
    return [*to_create, *to_move]


@transaction.atomic
def units_import(*, actor, organisation: Organisation, units_file: UnitsFile) -> UnitsImportResult:
    """Create or update the units of ``units_file``; units not in the file are left as they are."""
    ensure_can_everywhere(actor, "organisation.manage")
    errors = list(units_file.errors) or _check_references(units_file, organisation)
    if errors:
        raise ImportFailed(
            _("Importen av %(file)s avbröts; inget har sparats.") % {"file": units_file.name},
            errors=errors,
        )
    existing = {
        u.code: u
        for u in Unit.objects.filter(organisation=organisation).select_related("parent", "body")
    }
    bodies = {b.code: b for b in Body.objects.filter(organisation=organisation)}
    new_units = _create_units(organisation, units_file, existing, bodies)
    created_codes = {u.code for u in new_units}
    by_code = {**existing, **{u.code: u for u in new_units}}
    updated, befores, unchanged = _update_units(units_file, by_code, bodies, created_codes)
    _recompute_paths(organisation)
    placed = (
        _place_cost_centres(organisation, units_file, by_code)
        if units_file.has_cost_centre_column
        else []
    )

    actor_user = user_or_none(actor)
    detail = {"file": units_file.name, **({"actor": "system"} if actor is SYSTEM else {})}
    audit_rows = [
        AuditEvent(
            actor=actor_user,
            action="cost_centre.import",
            object_type=CostCentre._meta.label_lower,
            object_id=str(cc.pk) if cc.pk else cc.code,
            object_repr=cc.code,
            after={"code": cc.code, "unit": cc.unit.code},
            detail=detail,
        )
        for cc in placed
    ]
    fresh = {
        u.code: u
        for u in Unit.objects.filter(organisation=organisation, code__in=[u.code for u in updated])
    }
    audit_rows += [
        AuditEvent(
            actor=actor_user,
            action="unit.create" if unit.code in created_codes else "unit.update",
            object_type=Unit._meta.label_lower,
            object_id=str(fresh[unit.code].pk),
            object_repr=str(fresh[unit.code])[:300],
            before=befores.get(unit.code),
            after=snapshot(fresh[unit.code]),
            detail=detail,
        )
        for unit in updated
    ]
    AuditEvent.objects.bulk_create(audit_rows, batch_size=500)
    reference.forget_on_commit()  # the menu's förvaltningar (bulk writes send no signals)
    return UnitsImportResult(
        created=len(created_codes),
        updated=len(updated) - len(created_codes),
        unchanged=unchanged,
        cost_centres=len(placed),
    )
