"""Reads of the finance app: the ledger, the budgets, the forecasts and the capital projects.

Definitions (docs/definitions.md §2): report sign is the organisation's view (revenue positive,
costs negative), i.e. minus the SIE sign. Variance = actual − budget; variance % = variance /
|budget|. Every figure is summed from whole öre and handed out unrounded as ``Decimal`` kronor.

One module per subject; callers use this package
(``from uppsikt.finance import selectors; selectors.ytd_table(...)``):

- ``ledger``: year to date per report line and per account, bookings, the trial balance, the
  imports and their check;
- ``budget``: the operating budget per report line, from the ledger or the decided revisions;
- ``forecast``: the forecast table per report line and the business lines;
- ``capital``: the capital budget, the capital projects and the multi-year plan;
- ``_base``: what they share (kronor, months, the source of a year's figures, the report lines'
  account ranges).
"""

from ._base import (
    HUNDRED,
    LineMap,
    Source,
    cost_centres_of,
    imports_current,
    kronor,
    month_key,
    parse_month,
    source_for,
)
from .budget import (
    budget_by_line,
    ledger_budget_by_line,
    operating_budget_current,
    operating_budget_history,
)
from .capital import (
    INVESTMENT_ACCOUNTS,
    CapitalRow,
    capital_budget,
    capital_forecast,
    capital_plan,
    capital_table,
)
from .forecast import (
    BusinessLineRow,
    ForecastRow,
    ForecastTable,
    business_line_table,
    forecast_lines_stored,
    forecast_table,
)
from .ledger import (
    AccountFigure,
    TrialBalanceRow,
    YtdRow,
    YtdTable,
    account_transactions,
    file_closing,
    import_check,
    imports_list,
    last_booked_month,
    latest_budgeted_month,
    latest_month,
    trial_balance,
    ytd_accounts,
    ytd_table,
)
from .vouchers import PER_PAGE, SORTS, VoucherPage, voucher_page

__all__ = [
    "HUNDRED",
    "INVESTMENT_ACCOUNTS",
    "AccountFigure",
    "BusinessLineRow",
    "CapitalRow",
    "ForecastRow",
    "ForecastTable",
    "LineMap",
    "Source",
    "TrialBalanceRow",
    "YtdRow",
    "YtdTable",
    "account_transactions",
    "voucher_page",
    "VoucherPage",
    "PER_PAGE",
    "SORTS",
    "budget_by_line",
    "business_line_table",
    "capital_budget",
    "capital_forecast",
    "capital_plan",
    "capital_table",
    "cost_centres_of",
    "file_closing",
    "forecast_lines_stored",
    "forecast_table",
    "import_check",
    "imports_current",
    "imports_list",
    "kronor",
    "last_booked_month",
    "latest_budgeted_month",
    "latest_month",
    "ledger_budget_by_line",
    "month_key",
    "operating_budget_current",
    "operating_budget_history",
    "parse_month",
    "source_for",
    "trial_balance",
    "ytd_accounts",
    "ytd_table",
]
