"""Staff-indicator computation speed (issue 7 budgets), on data from ``uppsikt generate hr``.

    python benchmarks/workforce_compute.py small      # 10 000 employees × 3 years, 300 units,
                                                      # the 12 monthly R12 windows of a year
    python benchmarks/workforce_compute.py large      # 1 000 000 employees × 1 year, every
                                                      # unit, one window (time and peak memory)
    python benchmarks/workforce_compute.py reference  # columnar vs. day-by-day, 10 000 employees

Budgets: small ≤ 5 s after import; large ≤ 60 s and ≤ 8 GB. Timed: reading the stored extract
(Parquet, as the service does) and the computation; the CSV parsing and checks of the import are
reported separately.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uppsikt.config.settings")
import django  # noqa: E402

django.setup()

import polars as pl  # noqa: E402

from uppsikt.workforce.compute import compute  # noqa: E402
from uppsikt.workforce.generator import generate, synthetic_units  # noqa: E402
from uppsikt.workforce.hrdata import HrData, Period  # noqa: E402
from uppsikt.workforce.import_tables import sources_from_dir  # noqa: E402
from uppsikt.workforce.importers import read_hr_extract  # noqa: E402
from uppsikt.workforce.reference import reference_compute  # noqa: E402

END = dt.date(2025, 12, 31)


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def prepare(employees: int, years: int, units: int, workdir: Path):
    tree = synthetic_units(units)
    codes = [c for c, _p, _k in tree]
    started = time.perf_counter()
    counts = generate(
        employees=employees, years=years, seed=7, end=END, unit_codes=codes, out=workdir
    )
    print(f"generated {counts} in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    sources, errors = sources_from_dir(workdir)
    assert not errors, errors
    parsed = read_hr_extract(sources, unit_codes=set(codes), covers_until=END)
    assert not parsed.errors, parsed.errors[:5]
    print(f"import parse and checks: {time.perf_counter() - started:.1f} s")
    # as stored: Parquet blobs
    blobs = {}
    for name in ("employees", "employments", "absences"):
        buffer = io.BytesIO()
        getattr(parsed.data, name).write_parquet(buffer, compression="zstd")
        blobs[name] = buffer.getvalue()
    print("stored size: " + ", ".join(f"{k} {len(v) / 1e6:.1f} MB" for k, v in blobs.items()))
    return [(c, p) for c, p, _k in tree], blobs


def load(blobs) -> HrData:
    return HrData(**{k: pl.read_parquet(io.BytesIO(v)) for k, v in blobs.items()}, covers_until=END)


def small() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        units, blobs = prepare(10_000, 3, 300, Path(tmp))
    periods = [Period(2025, m) for m in range(1, 13)]
    for attempt in range(3):
        started = time.perf_counter()
        data = load(blobs)
        results = compute(data, units=units, scopes=[c for c, _p in units], periods=periods)
        took = time.perf_counter() - started
        print(f"small run {attempt + 1}: {len(results)} unit-periods in {took:.2f} s (budget 5 s)")


def large() -> None:
    """Generation and import run here; the timed computation runs in a fresh process that only
    reads the stored extract, so its peak memory is the computation's."""
    import subprocess

    with tempfile.TemporaryDirectory() as tmp:
        units, blobs = prepare(1_000_000, 1, 300, Path(tmp) / "csv")
        for name, blob in blobs.items():
            (Path(tmp) / f"{name}.parquet").write_bytes(blob)
        (Path(tmp) / "units.txt").write_text("\n".join(f"{c},{p or ''}" for c, p in units))
        subprocess.run([sys.executable, __file__, "large-compute", tmp], check=True)


def large_compute(directory: str) -> None:
    units = [
        (code, parent or None)
        for code, parent in (
            line.split(",") for line in (Path(directory) / "units.txt").read_text().splitlines()
        )
    ]
    started = time.perf_counter()
    data = HrData(
        **{
            k: pl.read_parquet(Path(directory) / f"{k}.parquet")
            for k in ("employees", "employments", "absences")
        },
        covers_until=END,
    )
    results = compute(data, units=units, scopes=[c for c, _p in units], periods=[Period(2025, 12)])
    took = time.perf_counter() - started
    print(
        f"large: {len(results)} units, one window, {took:.1f} s (budget 60 s), "
        f"peak memory {peak_gb():.2f} GB (budget 8 GB)"
    )


def reference() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        units, blobs = prepare(10_000, 3, 300, Path(tmp))
    data = load(blobs)
    root = [c for c, p in units if p is None][0]
    period = Period(2025, 12)
    started = time.perf_counter()
    [fast] = compute(data, units=units, scopes=[root], periods=[period])
    fast_s = time.perf_counter() - started
    started = time.perf_counter()
    slow = reference_compute(data, units=units, scope=root, period=period)
    slow_s = time.perf_counter() - started
    assert abs(fast.figures["sickness"]["total"] - slow["sickness"]["total"]) < 1e-9
    assert fast.figures["turnover"]["departures"] == slow["turnover"]["departures"]
    print(
        f"one unit ({root}), one window, 10 000 employees: columnar {fast_s:.2f} s, "
        f"day-by-day {slow_s:.1f} s, ratio {slow_s / fast_s:.0f}×"
    )
    started = time.perf_counter()
    compute(data, units=units, scopes=[c for c, _p in units], periods=[period])
    all_s = time.perf_counter() - started
    print(f"every unit ({len(units)}), one window: columnar {all_s:.2f} s")


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "small"
    if mode == "large-compute":
        large_compute(sys.argv[2])
    else:
        {"small": small, "large": large, "reference": reference}[mode]()
