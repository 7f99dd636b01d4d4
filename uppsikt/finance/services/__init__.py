"""Writes of the finance app: the only way to change the ledger, the budgets and the forecasts.

One module per subject; callers use this package
(``from uppsikt.finance import services; services.sie_import_file(...)``):

- ``ledger_import``: the SIE import, all or nothing;
- ``report_lines``: the report lines and their account ranges;
- ``capital``: capital projects, the capital budget and the projects' forecasts;
- ``operating``: the operating budget, the forecasts per report line and the business lines.
"""

from .capital import (
    capital_budget_revise,
    capital_forecast_items_set,
    capital_forecast_set,
    capital_project_create,
)
from .ledger_import import SieImportResult, sie_import_file
from .operating import (
    business_line_create,
    business_line_forecast_set,
    forecast_set,
    operating_budget_from_ledger,
    operating_budget_set,
    unit_forecast_set,
)
from .report_lines import DEFAULT_LINES, report_line_ranges_set, report_lines_set_default

__all__ = [
    "DEFAULT_LINES",
    "SieImportResult",
    "business_line_create",
    "business_line_forecast_set",
    "capital_budget_revise",
    "capital_forecast_items_set",
    "capital_forecast_set",
    "capital_project_create",
    "forecast_set",
    "operating_budget_from_ledger",
    "operating_budget_set",
    "report_line_ranges_set",
    "report_lines_set_default",
    "sie_import_file",
    "unit_forecast_set",
]
