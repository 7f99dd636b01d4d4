"""The voucher drill-down read through the storage layer (docs/adr/0012), side by side with
Polars scanning the same files by path directly (how the drill-down read them before the
storage layer), and with the files in Django's in-memory storage (what an object store costs
beyond its network: each part read through ``Storage.open``).

    python benchmarks/ledger_storage.py --transactions 1000000 [--keep DIR] [--repeat 15]

Prints median and max milliseconds per drill-down (one account, a unit and the organisation);
asserts nothing. The budget: the storage layer on local disk is not slower than the direct
scan (within the noise of the run, a few per cent).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from ledger_import import uppsikt  # noqa: E402


def timed(function, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def main() -> None:  # noqa: PLR0915 - one benchmark, read top to bottom
    parser = argparse.ArgumentParser()
    parser.add_argument("--transactions", type=int, default=1_000_000)
    parser.add_argument("--cost-centres", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--keep", help="keep the work directory here")
    args = parser.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="uppsikt-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
        "UPPSIKT_DATA_DIR": str(work / "data"),
        "PYTHONPATH": str(ROOT),
    }
    sie = work / "ledger.se"
    if not sie.exists():
        uppsikt(
            env, "generate", "sie", "--transactions", str(args.transactions),
            "--cost-centres", str(args.cost_centres), "--out", str(sie),
        )  # fmt: skip
        units = work / "units.csv"
        lines = ["code,name,parent_code,kind,cost_centres"]
        for a in range(args.cost_centres // 10):
            lines.append(f"F{a:02d},Förvaltning {a},,förvaltning,")
            for u in range(10):
                cc = 1000 + a * 10 + u
                lines.append(f"E{cc},Enhet {cc},F{a:02d},enhet,{cc}")
        units.write_text("\n".join(lines) + "\n")
        uppsikt(env, "migrate", "-v", "0")
        uppsikt(env, "import", "units", str(units))
        uppsikt(env, "import", "sie", str(sie), "--quiet")

    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "uppsikt.config.settings"
    import django

    django.setup()
    import polars as pl
    from django.conf import settings
    from django.core.files.storage import InMemoryStorage, storages
    from django.db.models import Count

    from uppsikt.finance import ledger_store
    from uppsikt.finance.models import LedgerImport
    from uppsikt.finance.selectors import latest_month, voucher_page
    from uppsikt.organisation.models import Organisation, Unit

    org = Organisation.objects.get()
    year, month = latest_month(organisation=org)
    imp = LedgerImport.objects.exclude(transactions_file="").latest("pk")
    parts = ledger_store.parts(imp.transactions_file)
    rows = sum(
        pl.scan_parquet(storages["ledger"].path(p)).select(pl.len()).collect().item() for p in parts
    )
    size = sum(storages["ledger"].size(p) for p in parts)
    print(f"kept: {len(parts)} part files, {rows:,} rows, {size / 1e6:,.1f} MB")
    # the busiest expense account, so that the drill-down has rows to sort and page
    from uppsikt.finance.models import LedgerBalance

    account = (
        LedgerBalance.objects.filter(ledger_import=imp, account__startswith="5")
        .values("account")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()["account"]
    )
    unit = Unit.objects.get(code="E1005")

    def direct(unit_codes):
        """The drill-down's scan as it was: Polars over the import folder's files by path."""
        folder = Path(settings.UPPSIKT_LEDGER_DIR) / imp.transactions_file
        query = pl.scan_parquet([str(folder / "*.parquet")]).filter(
            (pl.col("kind") == "T") & (pl.col("account") == account)
        )
        if unit_codes is not None:
            query = query.filter(pl.col("cost_centre").is_in(unit_codes))
        return query.collect()

    def layer(unit_codes):
        query = ledger_store.scan([imp.transactions_file]).filter(
            (pl.col("kind") == "T") & (pl.col("account") == account)
        )
        if unit_codes is not None:
            query = query.filter(pl.col("cost_centre").is_in(unit_codes))
        return query.collect()

    codes = list(unit.cost_centres.values_list("code", flat=True))
    assert direct(codes).equals(layer(codes)) and direct(None).height == layer(None).height
    print(f"account {account}, through {year}-{month:02d}, {args.repeat} runs each")
    for label, unit_codes in (("a unit", codes), ("the organisation", None)):
        # interleaved in a random order, so that the machine's load and whatever the run
        # before leaves in the caches fall on both alike
        runs = {direct: [], layer: []}
        for _ in range(args.repeat):
            order = [direct, layer]
            random.shuffle(order)
            for function in order:
                runs[function].append(timed(lambda f=function, c=unit_codes: f(c), 1)[0])
        d = (statistics.median(runs[direct]), max(runs[direct]))
        s = (statistics.median(runs[layer]), max(runs[layer]))
        print(
            f"scan, {label}: direct by path median {d[0]:.1f} ms (max {d[1]:.1f}); "
            f"through ledger_store on disk median {s[0]:.1f} ms (max {s[1]:.1f}); "
            f"ratio {s[0] / d[0]:.2f}"
        )
    for label, page_unit in (("a unit", unit), ("the organisation", None)):
        page = timed(
            lambda u=page_unit: voucher_page(
                organisation=org, unit=u, year=year, month=month, account=account
            ),
            args.repeat,
        )
        print(f"voucher_page, {label}, on disk: median {page[0]:.1f} ms (max {page[1]:.1f})")

    # the same files in Django's in-memory storage, read through Storage.open
    memory = InMemoryStorage()
    for p in parts:
        with storages["ledger"].open(p, "rb") as handle:
            memory.save(p, handle)
    storages._storages[ledger_store.STORAGE] = memory
    for label, page_unit in (("a unit", unit), ("the organisation", None)):
        page = timed(
            lambda u=page_unit: voucher_page(
                organisation=org, unit=u, year=year, month=month, account=account
            ),
            args.repeat,
        )
        print(f"voucher_page, {label}, in memory: median {page[0]:.1f} ms (max {page[1]:.1f})")


if __name__ == "__main__":
    main()
