"""A SIE file as read: its header facts, its tables, every error with its line, and warnings;
and the longest values the ledger keeps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

# The longest line read (bytes, without its line break); longer is an error. Real records are
# well under 1 KiB; the bound keeps the memory one line can take small.
MAX_LINE_BYTES = 64 * 1024
# The longest texts and codes the ledger keeps (the models' max_length): longer is an error,
# never cut short.
MAX_NAME = 200
MAX_ORGNR = 20
MAX_ACCOUNT = 20
MAX_OBJECT = 40
MAX_OBJECT_LIST = 200


@dataclass
class SieFile:
    filename: str
    encoding: str = "cp437"
    sie_type: int | None = None
    program: str = ""
    company: str = ""
    orgnr: str = ""
    currency: str = "SEK"
    chart: str = ""
    fiscal_years: dict[int, tuple[dt.date, dt.date]] = field(default_factory=dict)
    accounts: dict[str, dict] = field(default_factory=dict)
    dimensions: dict[str, dict] = field(default_factory=dict)
    objects: dict[tuple[str, str], str] = field(default_factory=dict)
    balances: pl.DataFrame | None = None  # IB, UB, OIB, OUB, RES
    periods: pl.DataFrame | None = None  # PSALDO, PBUDGET
    vouchers: pl.DataFrame | None = None
    transactions: pl.DataFrame | None = None
    line_count: int = 0
    sha256: str = ""
    size: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Gathered while the header records are read, for the checks and the balances table.
    ksumma_marks: list[tuple[int, str | None]] = field(default_factory=list, repr=False)
    balance_rows: list[dict] = field(default_factory=list, repr=False)

    def error(self, line: int, message: str) -> None:
        self.errors.append(f"{self.filename}, rad {line}: {message}")

    def warn(self, line: int | None, message: str) -> None:
        where = f", rad {line}" if line else ""
        self.warnings.append(f"{self.filename}{where}: {message}")

    @property
    def has_vouchers(self) -> bool:
        return self.transactions is not None and self.transactions.height > 0

    def year_of(self, index: int) -> tuple[dt.date, dt.date] | None:
        return self.fiscal_years.get(index)
