"""Ledger budgets (issue: Ledger): import a generated SIE 4 file into the embedded database in
≤ 60 s with ≤ 4 GB memory; a year-to-date table for any unit in ≤ 300 ms after import.
Also: the columnar reader against a plain line-by-line Python reader, on the same file.

    python benchmarks/ledger_import.py --transactions 10000000 [--keep DIR]

Prints its figures; asserts nothing (budgets are read by people, not tests).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def uppsikt(env: dict, *args: str) -> tuple[float, int]:
    """Run a command; wall seconds and peak memory (MiB) of the child."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "uppsikt.cli", *args], env=env, check=True, stdout=subprocess.DEVNULL
    )
    seconds = time.perf_counter() - started
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return seconds, peak // 1024


def line_by_line(path: Path, limit_lines: int) -> float:
    """A plain Python reader: decode, tokenize and keep every #TRANS row, line by line."""
    from uppsikt.finance.sie.fields import parse_cents, tokenize

    started = time.perf_counter()
    rows = []
    ver = 0
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number > limit_lines:
                break
            text = raw.decode("cp437").strip()
            if text.startswith("#VER"):
                ver += 1
            elif text.startswith("#TRANS"):
                fields = tokenize(text)
                objects = fields[2] if isinstance(fields[2], list) else []
                dims = dict(zip(objects[::2], objects[1::2], strict=False))
                rows.append(
                    (
                        ver,
                        number,
                        fields[1],
                        dims.get("1", ""),
                        dims.get("6", ""),
                        parse_cents(fields[3]),
                    )
                )
    return time.perf_counter() - started


def columnar(path: Path, limit_bytes: int) -> float:
    from uppsikt.finance.sie.reader import read_sie

    data = path.read_bytes()[:limit_bytes]
    data = data[: data.rfind(b"\n#VER")]  # whole vouchers only
    started = time.perf_counter()
    read_sie(data, filename=path.name)
    return time.perf_counter() - started, data.count(b"\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--transactions", type=int, default=10_000_000)
    parser.add_argument("--cost-centres", type=int, default=300)
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
        seconds, _ = uppsikt(
            env,
            "generate",
            "sie",
            "--transactions",
            str(args.transactions),
            "--cost-centres",
            str(args.cost_centres),
            "--out",
            str(sie),
        )
        print(
            f"generate: {args.transactions:,} rows, {sie.stat().st_size / 1e6:,.0f} MB in {seconds:.1f} s"
        )
    # 30 förvaltningar of 10 units each, one cost centre per unit (codes as the generator's)
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
    seconds, peak = uppsikt(env, "import", "sie", str(sie), "--quiet")
    print(f"import sie: {seconds:.1f} s wall, peak {peak:,} MiB (budget 60 s, 4096 MiB)")

    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "uppsikt.config.settings"
    import django

    django.setup()
    from uppsikt.finance.selectors import latest_month, ytd_table
    from uppsikt.organisation.models import Organisation, Unit

    org = Organisation.objects.get()
    year, month = latest_month(organisation=org)
    for label, unit in [
        ("a unit", Unit.objects.get(code="E1005")),
        ("a förvaltning", Unit.objects.get(code="F03")),
        ("the organisation", None),
    ]:
        times = []
        for _ in range(15):
            started = time.perf_counter()
            ytd_table(organisation=org, unit=unit, year=year, month=month)
            times.append((time.perf_counter() - started) * 1000)
        print(
            f"ytd table, {label}: median {statistics.median(times):.0f} ms, max {max(times):.0f} ms (budget 300 ms)"
        )

    sample = 100_000_000  # bytes of the same file, for the reader comparison
    fast, n_lines = columnar(sie, sample)
    slow = line_by_line(sie, n_lines)
    print(
        f"reader on {n_lines:,} lines: columnar {fast:.1f} s, line by line {slow:.1f} s, ratio {slow / fast:.1f}×"
    )


if __name__ == "__main__":
    main()
