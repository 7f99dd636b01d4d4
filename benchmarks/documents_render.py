"""Document rendering speed (issue: Documents), on the demo region.

    python benchmarks/documents_render.py [--repeat 3]

Budgets: Uppföljningsrapport for one body as DOCX ≤ 2 s and as PDF ≤ 5 s (building the document
from the database included); the group report for all demo bodies ≤ 30 s, for every period.
Loads the demo into a fresh SQLite database in a temporary directory (never touches yours),
then times each document the way ``uppsikt render`` makes it. Prints its figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(fn, repeat: int) -> tuple[float, float, object]:
    """(first run, median of the later runs) in seconds, and the last result."""
    times, result = [], None
    for _ in range(max(repeat, 1)):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    later = times[1:] or times
    return times[0], statistics.median(later), result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="uppsikt-bench-docs-")
    env = {**os.environ, "UPPSIKT_DATA_DIR": data_dir}
    env.pop("DATABASE_URL", None)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "uppsikt.cli", "demo", "--no-serve"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        cwd=ROOT,
    )
    print(f"demo loaded in {time.perf_counter() - started:.1f} s ({data_dir})")

    os.environ.update(UPPSIKT_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="uppsikt.config.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from uppsikt.documents import pdf, render
    from uppsikt.followup.models import ReportingPeriod
    from uppsikt.organisation.models import Organisation
    from uppsikt.reports import build as documents

    org = Organisation.objects.get()
    rs = documents.body_from_code(organisation=org, code="RS")

    def build_and_render(kind, body, ident, fmt):
        doc = documents.document_for(kind=kind, organisation=org, body=body, ident=ident)
        return render.render(doc, fmt)

    failures = []
    rows = [("Uppföljningsrapport 1 2024, RS", "followup", rs, "2024-UR1", "docx", 2.0)]
    if pdf.available():
        rows.append(("Uppföljningsrapport 1 2024, RS", "followup", rs, "2024-UR1", "pdf", 5.0))
    else:
        print("PDF: not available on this machine (WeasyPrint/Pango missing)")
    rows.append(("Verksamhetsplan 2024, RS", "plan", rs, "2024", "docx", None))
    if pdf.available():
        rows.append(("Verksamhetsplan 2024, RS", "plan", rs, "2024", "pdf", None))
    for label, kind, body, ident, fmt, budget in rows:
        first, median, data = timed(
            lambda k=kind, b=body, i=ident, f=fmt: build_and_render(k, b, i, f), args.repeat
        )
        verdict = ""
        if budget is not None:
            ok = max(first, median) <= budget
            verdict = f"  budget ≤ {budget:.0f} s: {'ok' if ok else 'OVER'}"
            if not ok:
                failures.append(label)
        print(
            f"{label:34} {fmt:4}  first {first:5.2f} s  median {median:5.2f} s  "
            f"{len(data) / 1024:7.0f} KiB{verdict}"
        )

    bodies = len(documents.group_bodies(organisation=org))
    print(f"group report, {bodies} bodies:")
    for period in ReportingPeriod.objects.filter(organisation=org).order_by("year", "last_month"):
        ident = documents.period_id(period)
        for fmt in ("docx", "pdf") if pdf.available() else ("docx",):
            first, median, data = timed(
                lambda i=ident, f=fmt: build_and_render("group", None, i, f), 1
            )
            ok = first <= 30
            if not ok:
                failures.append(f"group {ident} {fmt}")
            print(
                f"  {ident:9} {fmt:4}  {first:5.2f} s  {len(data) / 1024:7.0f} KiB  "
                f"budget ≤ 30 s: {'ok' if ok else 'OVER'}"
            )
    if failures:
        print("over budget:", ", ".join(failures))
        return 1
    print("all within budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
