"""Demo step: the region's ledger for 2024 and 2025, written as SIE files and read through the
same importer a controller uses. Regionkontoret's Jan–Apr 2024 and Regionservice's Jan–Aug 2025
figures are those of references 003 and 002."""

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
