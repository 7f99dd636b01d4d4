"""Ledger budgets: the SIE reader at ≥ 100 MB/s and ≥ 10× a plain line-by-line Python reader
measured in the same run on the same file; the whole import at ≤ 20 s per GB with peak memory
≤ 1,5 GB, into SQLite (default) or PostgreSQL (``--database-url``); a year-to-date table for
any unit in ≤ 300 ms after import.

    python benchmarks/ledger_import.py --transactions 1000000 [--keep DIR]
        [--database-url postgres://…/db] [--skip-ytd] [--reader-only] [--skip-reader]

10 000 000 transactions make about 1 GB. Prints its figures beside their budgets, each as met
or unmet, with the load average of the machine when measured (a shared machine's wall times
are only comparable beside the reference measured in the same run); asserts nothing (budgets
are read by people, not tests).
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
sys.path.insert(0, str(ROOT))  # this checkout's uppsikt, also for the reader timed in-process


def uppsikt(env: dict, *args: str) -> tuple[float, int, float]:
    """Run a command; wall seconds, peak memory (MiB) and CPU seconds of that child alone.
    The peak is the larger of the child's and this process's at the start (see ``main``)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "uppsikt.cli", *args], env=env, stdout=subprocess.DEVNULL
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if child.returncode:
        raise SystemExit(f"uppsikt {' '.join(args)} failed ({child.returncode})")
    return seconds, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


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


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def columnar(path: Path) -> tuple[float, float, int, int]:
    """The reader as the import runs it: from the file on disk, chunk by chunk. Wall and CPU
    seconds (all threads), lines, bytes."""
    from uppsikt.finance.sie.reader import read_sie

    started, cpu = time.perf_counter(), cpu_seconds()
    with path.open("rb") as handle:
        sie = read_sie(handle, filename=path.name)
    assert not sie.errors, sie.errors[:3]
    return time.perf_counter() - started, cpu_seconds() - cpu, sie.line_count, sie.size


def met(ok: bool) -> str:
    return "met" if ok else "UNMET"


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def reader_figures(path: Path) -> None:
    """The reader and the line-by-line reference on the same file, one after the other."""
    print(f"reader: before, {load()}")
    fast, fast_cpu, n_lines, size = columnar(path)
    started, cpu = time.perf_counter(), cpu_seconds()
    line_by_line(path, n_lines)
    slow, slow_cpu = time.perf_counter() - started, cpu_seconds() - cpu
    mb = size / 1e6
    print(
        f"reader on {mb:,.0f} MB ({n_lines:,} lines): columnar {fast:.2f} s wall "
        f"({fast_cpu:.2f} s CPU) = {mb / fast:.0f} MB/s — budget ≥ 100 MB/s "
        f"{met(mb / fast >= 100)}\n"
        f"  line by line {slow:.2f} s wall ({slow_cpu:.2f} s CPU) = {mb / slow:.0f} MB/s; "
        f"ratio {slow / fast:.1f}× (CPU {slow_cpu / fast_cpu:.1f}×) — budget ≥ 10× "
        f"{met(slow / fast >= 10)}\n"
        f"  after, {load()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--transactions", type=int, default=10_000_000)
    parser.add_argument("--cost-centres", type=int, default=300)
    parser.add_argument("--keep", help="keep the work directory here")
    parser.add_argument("--database-url", help="import into this database (default: SQLite)")
    parser.add_argument("--skip-ytd", action="store_true", help="time the import only")
    parser.add_argument("--reader-only", action="store_true", help="time the reader only")
    parser.add_argument("--skip-reader", action="store_true", help="time the import only")
    args = parser.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="uppsikt-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url or f"sqlite:///{work / 'bench.sqlite3'}",
        "UPPSIKT_DATA_DIR": str(work / "data"),
        "PYTHONPATH": str(ROOT),
    }
    sie = work / "ledger.se"
    if not sie.exists():
        seconds, _, _ = uppsikt(
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
    if args.reader_only:
        reader_figures(sie)
        return
    # The import runs before the reader is timed in this process: Linux carries the peak memory
    # of the process that starts a child over into the child's own (``ru_maxrss`` survives the
    # exec), so after reading a 1 GB file here every child would report this process's peak.
    uppsikt(env, "migrate", "-v", "0")
    uppsikt(env, "import", "units", str(units))
    seconds, peak, cpu = uppsikt(env, "import", "sie", str(sie), "--quiet")
    gb = sie.stat().st_size / 1e9
    database = env["DATABASE_URL"].split(":", 1)[0]
    print(
        f"import sie into {database}: {gb * 1000:,.0f} MB in {seconds:.1f} s wall = "
        f"{seconds / gb:.1f} s per GB ({cpu:.1f} s CPU) — budget 20 s per GB {met(seconds / gb <= 20)}; "
        f"peak {peak:,} MiB — budget 1536 MiB {met(peak <= 1536)}; {load()}"
    )
    if not args.skip_reader:
        reader_figures(sie)
    if args.skip_ytd:
        return

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
            f"ytd table, {label}: median {statistics.median(times):.0f} ms, "
            f"max {max(times):.0f} ms (budget 300 ms)"
        )


if __name__ == "__main__":
    main()
