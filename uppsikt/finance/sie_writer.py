"""Writing SIE 4 files: the demo region's ledger and, for benchmarks, files of any size.

The demo files are built so that the reference documents' figures come out of the ledger
exactly (see ``DEMO_TARGETS``); the large files are realistic in shape (many cost centres and
accounts, balanced vouchers, budgets), generated column-wise with Polars.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from pathlib import Path

import numpy as np
import polars as pl

# A region's chart (Region-Bas in outline): class 3 revenue, 3900 regionbidrag, class 4 staff,
# classes 5–7 other operating costs, 84–85 financial items, classes 1–2 the balance sheet.
ACCOUNTS = {
    "1220": ("Inventarier och IT-utrustning", "T"),
    "1510": ("Kundfordringar", "T"),
    "1930": ("Bank", "T"),
    "2440": ("Leverantörsskulder", "S"),
    "2710": ("Personalens källskatt", "S"),
    "2990": ("Övriga interimsskulder", "S"),
    "3010": ("Patientavgifter och försäljning av tjänster", "I"),
    "3510": ("Försäljning av varor", "I"),
    "3610": ("Statsbidrag och projektbidrag", "I"),
    "3900": ("Regionbidrag", "I"),
    "4011": ("Månadslöner", "K"),
    "4110": ("Timlöner och övertid", "K"),
    "4511": ("Arbetsgivaravgifter och pensioner", "K"),
    "5410": ("Inhyrd personal och konsulter", "K"),
    "5610": ("Förbrukningsmaterial", "K"),
    "6110": ("Bevakningstjänster", "K"),
    "6540": ("IT-tjänster och licenser", "K"),
    "7010": ("Lokalhyror", "K"),
    "7810": ("Avskrivningar", "K"),
    "8410": ("Räntekostnader", "K"),
}
LINE_ACCOUNTS = {
    # report line → (accounts, share of the line's amount each)
    "revenue": [("3010", 0.55), ("3510", 0.15), ("3610", 0.30)],
    "staff": [("4011", 0.62), ("4110", 0.08), ("4511", 0.30)],
    "other": [
        ("5410", 0.18),
        ("5610", 0.14),
        ("6110", 0.10),
        ("6540", 0.30),
        ("7010", 0.22),
        ("7810", 0.06),
    ],
    "funding": [("3900", 1.0)],
}

# Targets in kronor (report sign: revenue +, costs −), per (unit code, fiscal year, months, line).
# Regionkontoret, Jan–Apr 2024 (reference 003): actual −225 975 tkr, budget −240 413 tkr.
# Regionservice, Jan–Aug 2025 and Jan–Aug 2024 (reference 002): result +8,1 and +10,3 mnkr.
DEMO_TARGETS = {
    ("RK", 2024, (1, 4)): {
        "actual": {"revenue": 133_500_000, "staff": -154_600_000, "other": -204_875_000},
        "budget": {"revenue": 110_000_000, "staff": -176_000_000, "other": -174_413_000},
    },
    ("RK", 2024, (5, 12)): {
        "actual": {"revenue": 224_000_000, "staff": -338_000_000, "other": -361_000_000},
        "budget": {"revenue": 222_000_000, "staff": -344_000_000, "other": -340_140_000},
    },
    ("RK", 2023, (1, 4)): {  # the previous year: +16,9 mnkr against budget, +8,3 %
        "actual": {
            "revenue": 101_000_000,
            "staff": -142_500_000,
            "other": -145_200_000,
            "funding": 200_000_000,
        },
        "budget": {"revenue": 95_000_000, "staff": -150_100_000, "other": -148_500_000},
    },
    ("RK", 2023, (5, 12)): {
        "actual": {"revenue": 204_000_000, "staff": -301_000_000, "other": -306_500_000},
        "budget": {"revenue": 200_000_000, "staff": -305_000_000, "other": -300_000_000},
    },
    ("RK", 2025, (1, 4)): {
        "actual": {"revenue": 112_000_000, "staff": -170_000_000, "other": -180_000_000},
        "budget": {"revenue": 113_333_333, "staff": -176_666_667, "other": -180_000_000},
    },
    ("RK", 2025, (5, 8)): {
        "actual": {"revenue": 116_000_000, "staff": -178_500_000, "other": -183_000_000},
        "budget": {"revenue": 113_333_333, "staff": -176_666_666, "other": -180_000_000},
    },
    ("RK", 2025, (9, 12)): {
        "budget": {"revenue": 113_333_334, "staff": -176_666_667, "other": -180_000_000},
    },
}
# Regionkontoret's regionbidrag: its full-year net budget, booked a twelfth a month, in the
# budget and in the ledger (2025: through August).
RK_FUNDING = {2023: 608_600_000, 2024: 702_553_000, 2025: 730_000_000}
# Regionservice by business line (verksamhet), result per period (report sign, kronor).
RSE_LINES = {
    "ordinary": ["2110", "2120", "2310", "2410"],
    "preparedness": ["2220"],
    "stores": ["2210"],
}
RSE_RESULTS = {
    (2023, (1, 8)): {"ordinary": 3_150_000, "preparedness": 1_940_000, "stores": -260_000},
    (2023, (9, 12)): {"ordinary": 900_000, "preparedness": 600_000, "stores": 80_000},
    (2024, (1, 8)): {"ordinary": 6_010_000, "preparedness": 4_310_000, "stores": 20_000},
    (2024, (9, 12)): {"ordinary": 1_200_000, "preparedness": 900_000, "stores": -150_000},
    (2025, (1, 8)): {"ordinary": 4_260_000, "preparedness": 4_620_000, "stores": -790_000},
}
CAPITAL_PROJECTS = {
    "INV-MOB": "Möbler och utrustning Regionkontoret",
    "INV-VAND": "Kustnära vandringsled",
    "INV-BRED": "Bredbandsutbyggnad i Halland",
    "INV-FVIS": "Framtidens vårdinformationssystem, FVIS",
    "INV-IT": "IT-utrustning",
}
# spending in kronor from the given month through April 2024
CAPITAL_SPENDING_2024 = {
    "INV-MOB": (1, 210_000),
    "INV-VAND": (2, 880_000),
    "INV-IT": (1, 32_790_000),
}
RSE_VOLUME = {
    "ordinary": 240_000_000,
    "preparedness": 60_000_000,
    "stores": 40_000_000,
}  # costs per eight months


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _amount(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    ore = abs(ore)
    return f"{sign}{ore // 100}.{ore % 100:02d}"


def closing_balances(opening: dict[str, int], movements: dict[str, int]) -> list[str]:
    """``#UB`` for every balance account of the chart (classes 1–2): its opening balance plus
    the year's movements, in öre."""
    return [
        f"#UB 0 {number} {_amount(opening.get(number, 0) + movements.get(number, 0))}"
        for number, (_name, kind) in ACCOUNTS.items()
        if kind in {"T", "S"}
    ]


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` öre in ``parts`` slightly uneven pieces (±5 %) that add up exactly: months and
    cost centres of a plan stay close to their share, so every month's result is near budget."""
    if parts == 1:
        return [total]
    weights = [0.95 + 0.1 * rng.random() for _ in range(parts)]
    scale = sum(weights)
    pieces = [int(total * w / scale) for w in weights]
    pieces[-1] += total - sum(pieces)
    return pieces


class DemoLedger:
    """Collects (kind, year index, month, account, cost centre) → öre in SIE sign, then writes."""

    def __init__(self, fiscal_year: int):
        self.year = fiscal_year
        self.actual: dict[tuple[int, str, str], int] = defaultdict(int)  # (month, account, cc)
        self.budget: dict[tuple[int, int, str, str], int] = defaultdict(
            int
        )  # (year index, month, account, cc)
        self.previous: dict[tuple[int, str, str], int] = defaultdict(int)
        self.capital: list[tuple[int, str, str, int]] = []  # (month, cost centre, project, öre)
        self.projects: dict[str, str] = {}

    def spread(
        self,
        target: dict,
        cost_centres: list[str],
        months: tuple[int, int],
        rng,
        *,
        into: str,
        year_index: int = 0,
    ):
        """Distribute report-sign line totals over cost centres, months and accounts."""
        first, last = months
        month_list = list(range(first, last + 1))
        for line, report_amount in target.items():
            sie_ore = -report_amount * 100
            per_cc = _split(sie_ore, len(cost_centres), rng)
            for cc, cc_total in zip(cost_centres, per_cc, strict=True):
                per_month = _split(cc_total, len(month_list), rng)
                for month, month_total in zip(month_list, per_month, strict=True):
                    accounts = LINE_ACCOUNTS[line]
                    shares = [s for _a, s in accounts]
                    amounts = [int(month_total * s) for s in shares]
                    amounts[0] += month_total - sum(amounts)
                    for (account, _s), amount in zip(accounts, amounts, strict=True):
                        if into == "actual":
                            self.actual[(month, account, cc)] += amount
                        elif into == "previous":
                            self.previous[(month, account, cc)] += amount
                        else:
                            self.budget[(year_index, month, account, cc)] += amount

    def write(self, path: Path, *, objects: dict[str, str], generated: dt.date) -> None:
        out = self._header(objects, generated) + self._balances() + self._vouchers()
        path.write_bytes(("\r\n".join(out) + "\r\n").encode("cp437"))

    def _header(self, objects: dict[str, str], generated: dt.date) -> list[str]:
        y = self.year
        out: list[str] = [
            "#FLAGGA 0",
            "#FORMAT PC8",
            "#SIETYP 4",
            '#PROGRAM "Uppsikt demodata" 1.0',
            f"#GEN {generated:%Y%m%d}",
            '#FNAMN "Region Halland (demo)"',
            "#ORGNR 232100-0222",
            f"#RAR 0 {y}0101 {y}1231",
            f"#RAR -1 {y - 1}0101 {y - 1}1231",
            "#KPTYP REGIONBAS",
            "#VALUTA SEK",
        ]
        for number, (name, kind) in ACCOUNTS.items():
            out += [f"#KONTO {number} {_quote(name)}", f"#KTYP {number} {kind}"]
        out += ['#DIM 1 "Kostnadsställe"', '#DIM 6 "Projekt"']
        for code, name in objects.items():
            out.append(f"#OBJEKT 1 {_quote(code)} {_quote(name)}")
        for code, name in self.projects.items():
            out.append(f"#OBJEKT 6 {_quote(code)} {_quote(name)}")
        return out

    def _balances(self) -> list[str]:
        """Opening balances, the budgets and the previous year's period balances."""
        y = self.year
        out = ["#IB 0 1930 250000000.00", "#IB 0 2440 -250000000.00"]
        movements: dict[str, int] = defaultdict(int)
        for (_month, account, _cc), ore in self.actual.items():  # each voucher balanced by 1930
            movements[account] += ore
            movements["1930"] -= ore
        for _month, _cc, _project, ore in self.capital:  # 1220 against 2440
            movements["1220"] += ore
            movements["2440"] -= ore
        out += closing_balances({"1930": 250000000_00, "2440": -250000000_00}, movements)
        for (year_index, month, account, cc), ore in sorted(self.budget.items()):
            period = (y + year_index) * 100 + month
            out.append(
                f"#PBUDGET {year_index} {period} {account} {{1 {_quote(cc)}}} {_amount(ore)}"
            )
        for (month, account, cc), ore in sorted(self.previous.items()):
            out.append(
                f"#PSALDO -1 {(y - 1) * 100 + month} {account} {{1 {_quote(cc)}}} {_amount(ore)}"
            )
        return out

    def _vouchers(self) -> list[str]:
        """A voucher per month and cost centre, then one per capital spending."""
        y = self.year
        out: list[str] = []
        by_voucher: dict[tuple[int, str], list[tuple[str, int]]] = defaultdict(list)
        for (month, account, cc), ore in sorted(self.actual.items()):
            by_voucher[(month, cc)].append((account, ore))
        for number, ((month, cc), rows) in enumerate(sorted(by_voucher.items()), start=1):
            day = dt.date(y, month, 25 if month != 12 else 20)
            out.append(
                f"#VER A {number} {day:%Y%m%d} {_quote(f'Månadsbokföring {cc} {y}-{month:02d}')}"
            )
            out.append("{")
            total = 0
            for account, ore in rows:
                out.append(f"\t#TRANS {account} {{1 {_quote(cc)}}} {_amount(ore)}")
                total += ore
            out.append(f"\t#TRANS 1930 {{}} {_amount(-total)}")
            out.append("}")
        for number, (month, cc, project, ore) in enumerate(self.capital, start=1):
            day = dt.date(y, month, 15)
            out.append(f"#VER I {number} {day:%Y%m%d} {_quote(f'Investering {project}')}")
            out.append("{")
            out.append(f"\t#TRANS 1220 {{1 {_quote(cc)} 6 {_quote(project)}}} {_amount(ore)}")
            out.append(f"\t#TRANS 2440 {{}} {_amount(-ore)}")
            out.append("}")
        return out


def demo_files(
    directory: Path, *, cost_centres: dict[str, list[str]], names: dict[str, str]
) -> list[Path]:
    """Write the demo region's SIE files (fiscal years 2023, 2024 and 2025) and return their
    paths.

    ``cost_centres`` maps unit codes (RK, RSE, KOS, …) to the cost-centre codes of their
    subtrees; ``names`` cost-centre codes to names. Every body has a budget for each year and a
    ledger for every month through August 2025, its regionbidrag booked every month.
    """
    rng = random.Random(2024)  # noqa: S311 - demo data
    directory.mkdir(parents=True, exist_ok=True)
    files = []
    for fiscal_year in (2023, 2024, 2025):
        # 2023 draws from its own generator, so 2024's and 2025's amounts are as before
        year_rng = random.Random(2023) if fiscal_year == 2023 else rng  # noqa: S311 - demo data
        ledger = DemoLedger(fiscal_year)
        rk = cost_centres["RK"]
        _demo_regionkontoret(ledger, rk, year_rng)
        _demo_regionservice(ledger, year_rng)
        if fiscal_year == 2024:
            # Regionkontoret's investments Jan–Apr 2024 (reference 003: 0,2 / 0,9 / 0,0 / 0,0 /
            # 32,8, in all 33,9 mnkr)
            ledger.projects.update(CAPITAL_PROJECTS)
            for code, (month, amount) in CAPITAL_SPENDING_2024.items():
                for part, share in enumerate(_split(amount * 100, 3, rng)):
                    ledger.capital.append((min(4, month + part), rk[0], code, share))
        for unit_code, ccs in cost_centres.items():
            if unit_code in {"RK", "RSE"} or not ccs:
                continue
            _demo_other_unit(ledger, ccs, year_rng)
        _demo_funding(ledger, rk, year_rng)
        path = directory / f"region-halland-demo-{fiscal_year}.se"
        generated = {2023: dt.date(2024, 1, 10), 2024: dt.date(2025, 1, 10)}
        ledger.write(
            path, objects=names, generated=generated.get(fiscal_year, dt.date(2025, 9, 10))
        )
        files.append(path)
    return files


def _demo_regionkontoret(ledger: DemoLedger, rk: list[str], rng: random.Random) -> None:
    """Regionkontoret: the reference figures and the months around them."""
    fiscal_year = ledger.year
    for (unit, year, months), target in DEMO_TARGETS.items():
        if unit != "RK":
            continue
        if year == fiscal_year:
            if "actual" in target:
                ledger.spread(target["actual"], rk, months, rng, into="actual")
            ledger.spread(target["budget"], rk, months, rng, into="budget")
        elif year == fiscal_year - 1 and months == (1, 4):
            ledger.spread(target["actual"], rk, months, rng, into="previous")


def _demo_funding(ledger: DemoLedger, rk: list[str], rng: random.Random) -> None:
    """Regionkontoret's regionbidrag: a twelfth of its year's net budget a month, budgeted and
    booked (2023's first four months are in ``DEMO_TARGETS``; 2025 is booked through August)."""
    year, annual = ledger.year, RK_FUNDING[ledger.year]
    if year == 2023:
        first_four = DEMO_TARGETS[("RK", 2023, (1, 4))]["actual"]["funding"]
        ledger.spread({"funding": first_four}, rk[:1], (1, 4), rng, into="budget")
        rest = annual - first_four
        ledger.spread({"funding": rest}, rk[:1], (5, 12), rng, into="actual")
        ledger.spread({"funding": rest}, rk[:1], (5, 12), rng, into="budget")
    elif year == 2024:
        ledger.spread({"funding": 234_184_333}, rk[:1], (1, 4), rng, into="actual")
        ledger.spread({"funding": 234_184_333}, rk[:1], (1, 4), rng, into="budget")
        ledger.spread({"funding": 468_368_667}, rk[:1], (5, 12), rng, into="actual")
        ledger.spread({"funding": 468_368_667}, rk[:1], (5, 12), rng, into="budget")
    else:
        ledger.spread({"funding": annual * 8 // 12}, rk[:1], (1, 8), rng, into="actual")
        ledger.spread({"funding": annual}, rk[:1], (1, 12), rng, into="budget")


def _demo_regionservice(ledger: DemoLedger, rng: random.Random) -> None:
    """Regionservice: each business line's result, with a budget that balances (regionbidrag +
    revenue + staff + other = 0) for the whole year."""
    booked = []
    for (year, months), results in RSE_RESULTS.items():
        if year != ledger.year:
            continue
        booked.append(months)
        for business_line, result in results.items():
            _regionservice_line(ledger, business_line, months, rng, result=result)
    last = max((m[1] for m in booked), default=0)
    if booked and last < 12:  # the rest of the year: budget only
        for business_line in RSE_LINES:
            _regionservice_line(ledger, business_line, (last + 1, 12), rng, result=None)


def _regionservice_line(
    ledger: DemoLedger, business_line: str, months: tuple[int, int], rng, *, result: int | None
) -> None:
    ccs = RSE_LINES[business_line]
    span = months[1] - months[0] + 1
    volume = RSE_VOLUME[business_line] * span // 8
    funding = volume // 2
    staff = -(volume * 55 // 100)
    if result is not None:
        revenue = volume - funding + result // 2
        other = result - funding - revenue - staff
        ledger.spread(
            {"funding": funding, "revenue": revenue, "staff": staff, "other": other},
            ccs,
            months,
            rng,
            into="actual",
        )
    budget = {
        "funding": funding,
        "revenue": volume - funding,
        "staff": staff,
        "other": -volume - staff,
    }
    ledger.spread(budget, ccs, months, rng, into="budget")


def _demo_other_unit(ledger: DemoLedger, ccs: list[str], rng: random.Random) -> None:
    """Any other unit: a plain year a little off its budget, booked through December (2025:
    through August), budgeted for the whole year."""
    base = 4_000_000 * len(ccs) * 12
    booked = (1, 8) if ledger.year == 2025 else (1, 12)
    share = (booked[1] - booked[0] + 1) / 12
    ledger.spread(
        {
            "funding": int(base * share),
            "revenue": int(base // 4 * share),
            "staff": -int(base * 3 // 4 * share),
            "other": -int(base // 2 * share) + rng.randint(-900_000, 900_000),
        },
        ccs,
        booked,
        rng,
        into="actual",
    )
    ledger.spread(
        {
            "funding": base,
            "revenue": base // 4,
            "staff": -base * 3 // 4,
            "other": -base // 2,
        },
        ccs,
        (1, 12),
        rng,
        into="budget",
    )


# --------------------------------------------------------------------------------------------
# Large files for benchmarks


def generate(
    path: Path, *, transactions: int, seed: int = 1, year: int = 2024, cost_centres: int = 300
) -> dict:
    """Write a valid SIE 4 file with about ``transactions`` #TRANS rows (≈100 bytes each),
    balanced vouchers of 2–8 rows, monthly budgets per cost centre, and return its figures."""
    rng = np.random.default_rng(seed)
    accounts = [a for a in ACCOUNTS if a[0] in "34567"]
    ccs = [f"{1000 + i}" for i in range(cost_centres)]
    header = [
        "#FLAGGA 0",
        "#FORMAT PC8",
        "#SIETYP 4",
        '#PROGRAM "Uppsikt generate" 1.0',
        f"#GEN {year + 1}0115",
        '#FNAMN "Region Prov"',
        "#ORGNR 232100-0000",
        f"#RAR 0 {year}0101 {year}1231",
        f"#RAR -1 {year - 1}0101 {year - 1}1231",
        "#VALUTA SEK",
    ]
    for number, (name, kind) in ACCOUNTS.items():
        header += [f"#KONTO {number} {_quote(name)}", f"#KTYP {number} {kind}"]
    header += ['#DIM 1 "Kostnadsställe"', '#DIM 6 "Projekt"']
    header += [f'#OBJEKT 1 "{cc}" "Kostnadsställe {cc}"' for cc in ccs]
    header += [f'#OBJEKT 6 "P{p:03d}" "Projekt {p}"' for p in range(1, 41)]
    header += ["#IB 0 1930 500000000.00", "#IB 0 2440 -500000000.00"]
    budget_rows = [
        f'#PBUDGET 0 {year}{m:02d} {a} {{1 "{cc}"}} {int(rng.integers(1, 5000)) * 100}.00'
        for cc in ccs[: min(len(ccs), 300)]
        for a in accounts[3:8]
        for m in range(1, 13)
    ]
    # vouchers: k cost rows and one balancing bank row each
    sizes = rng.integers(2, 8, size=max(1, transactions // 5))
    sizes = sizes[np.cumsum(sizes + 1) <= transactions] if transactions > 10 else sizes[:1]
    n_vouchers = len(sizes)
    voucher_of_row = np.repeat(np.arange(n_vouchers), sizes)
    n_rows = len(voucher_of_row)
    amounts = rng.integers(-2_000_00, 20_000_00, size=n_rows)
    cost = pl.DataFrame(
        {
            "v": voucher_of_row.astype(np.int64),
            "o": np.ones(n_rows, dtype=np.int64),
            "account": np.array(accounts)[rng.integers(0, len(accounts), size=n_rows)],
            "cc": np.array(ccs)[rng.integers(0, len(ccs), size=n_rows)],
            "p": rng.integers(0, 60, size=n_rows).astype(np.int64),
            "ore": amounts.astype(np.int64),
        }
    )
    bank = (
        cost.group_by("v")
        .agg((-pl.col("ore").sum()).alias("ore"))
        .with_columns(
            pl.lit(2, pl.Int64).alias("o"),
            pl.lit("1930").alias("account"),
            pl.lit("").alias("cc"),
            pl.lit(99).alias("p"),
        )
    )

    def amount_expr():
        return pl.concat_str(
            pl.when(pl.col("ore") < 0).then(pl.lit("-")).otherwise(pl.lit("")),
            (pl.col("ore").abs() // 100).cast(pl.String),
            pl.lit("."),
            (pl.col("ore").abs() % 100).cast(pl.String).str.zfill(2),
        )

    objects = (
        pl.when(pl.col("cc") == "")
        .then(pl.lit("{}"))
        .when(pl.col("p") < 40)
        .then(
            pl.concat_str(
                pl.lit('{1 "'),
                pl.col("cc"),
                pl.lit('" 6 "P'),
                (pl.col("p") + 1).cast(pl.String).str.zfill(3),
                pl.lit('"}'),
            )
        )
        .otherwise(pl.concat_str(pl.lit('{1 "'), pl.col("cc"), pl.lit('"}')))
    )
    days = rng.integers(0, 365 if year % 4 else 366, size=n_vouchers)
    dates = np.sort((np.datetime64(f"{year}-01-01") + days).astype("datetime64[D]"))
    ver = pl.DataFrame({"v": np.arange(n_vouchers, dtype=np.int64), "d": dates}).with_columns(
        pl.col("d").dt.strftime("%Y%m%d").alias("ds")
    )
    ver = ver.with_columns(
        pl.concat_str(
            pl.lit("#VER A "),
            (pl.col("v") + 1).cast(pl.String),
            pl.lit(" "),
            pl.col("ds"),
            pl.lit(' "Leverantörsfaktura '),
            (pl.col("v") + 100001).cast(pl.String),
            pl.lit('" '),
            pl.col("ds"),
        ).alias("head")
    )
    trans = (
        pl.concat([cost, bank.select(cost.columns)], how="vertical_relaxed")
        .join(ver.select("v", "ds"), on="v", how="left")
        .with_columns(
            pl.concat_str(
                pl.lit("\t#TRANS "),
                pl.col("account"),
                pl.lit(" "),
                objects,
                pl.lit(" "),
                amount_expr(),
                pl.lit(" "),
                pl.col("ds"),
                pl.lit(' "Inköp enligt avtal, rad '),
                pl.col("o").cast(pl.String),
                pl.lit('"'),
            ).alias("text")
        )
    )
    header += closing_balances(
        {"1930": 500000000_00, "2440": -500000000_00},
        {"1930": int(bank.get_column("ore").sum())},
    )
    lines = (
        pl.concat(
            [
                ver.select("v", pl.lit(-2, pl.Int64).alias("o"), pl.col("head").alias("text")),
                ver.select("v", pl.lit(-1, pl.Int64).alias("o"), pl.lit("{").alias("text")),
                trans.select("v", "o", "text"),
                ver.select("v", pl.lit(3, pl.Int64).alias("o"), pl.lit("}").alias("text")),
            ]
        )
        .sort(["v", "o"], maintain_order=True)
        .select("text")
    )
    with open(path, "wb") as handle:
        handle.write(("\n".join(header + budget_rows) + "\n").encode("cp437"))
        for chunk in lines.iter_slices(1_000_000):
            handle.write(("\n".join(chunk.get_column("text").to_list()) + "\n").encode("cp437"))
    return {
        "vouchers": n_vouchers,
        "transactions": n_rows + n_vouchers,
        "bytes": path.stat().st_size,
    }
