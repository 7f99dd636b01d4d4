"""The CPU cost of one request of each page under load, and its queries.

Runs the pages in this process with Django's test client (no server, no network) against the
database of ``DATABASE_URL`` as seeded by ``uppsikt generate plan`` and ``uppsikt generate
meetings`` (``benchmarks/followup_load.py`` runs it after its load), and prints for each page
the CPU time of the process per request (``time.process_time``: the work of the application,
its templates and its database driver, not the database server's), the number of Python
function calls of one request (counted by the profiler: the same on a busy machine as on a quiet
one, where CPU time still varies with what else runs) and the number of queries: first with the
page made anew on every request (``UPPSIKT_KEPT_PAGE_SECONDS=0``), then handed out as kept
(docs/deployment.md, Kept pages), the two in turn in the same run.

    DATABASE_URL=postgres://… .venv/bin/python benchmarks/page_cost.py [--rounds 30]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uppsikt.config.settings")


def pages(year: int) -> list[tuple[str, str, str]]:
    """(name, account, path) of each page measured."""
    from uppsikt.followup.models import ReportingPeriod
    from uppsikt.meetings.models import AgendaItem, Meeting
    from uppsikt.organisation.models import RoleGrant

    period = ReportingPeriod.objects.get(year=year, kind="ur1", is_open=True)
    grant = (
        RoleGrant.objects.filter(user__username=f"bench-r1-{year}").select_related("unit").first()
    )
    found = [
        ("progress", f"bench-controller-{year}", f"/uppfoljning/{period.pk}/"),
        ("todo", f"bench-r1-{year}", f"/uppfoljning/{period.pk}/enhet/{grant.unit.code}/"),
        ("home (reporter)", f"bench-r1-{year}", "/"),
        ("home (controller)", f"bench-controller-{year}", "/"),
    ]
    meeting = (
        Meeting.objects.filter(body__code=f"PROV{year}", status=Meeting.Status.HELD)
        .order_by("date")
        .first()
    )
    if meeting is not None:
        item = AgendaItem.objects.filter(meeting=meeting).order_by("position").first()
        minutes_item = item.minutes_item
        found += [
            ("home (secretary)", f"bench-secretary-{year}", "/"),
            ("meeting", f"bench-secretary-{year}", f"/sammantraden/{meeting.pk}/"),
            ("agenda item", f"bench-secretary-{year}", f"/paragrafer/{minutes_item.pk}/"),
        ]
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--only", default="", help="only the pages whose name contains this")
    args = parser.parse_args()

    import django

    django.setup()
    from django.test import override_settings

    print(f"CPU per request ({args.rounds} rounds after 3 to warm up), this process only:")
    for name, account, path in pages(args.year):
        if args.only and args.only not in name:
            continue
        for how, seconds in (("made", 0), ("kept", 600)):
            with override_settings(UPPSIKT_KEPT_PAGE_SECONDS=seconds):
                measure(f"{name}, {how}", account, path, args.rounds)


def measure(name: str, account: str, path: str, rounds: int) -> None:
    from django.db import connection
    from django.test import Client

    from uppsikt.core.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=account))
    for _ in range(3):
        response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
    queries: list[str] = []

    def count(execute, sql, *rest, queries=queries):
        queries.append(sql)
        return execute(sql, *rest)

    with connection.execute_wrapper(count):
        response = client.get(path)
    profile = cProfile.Profile()
    profile.runcall(client.get, path)
    calls = pstats.Stats(profile).total_calls  # the same on a busy machine as on a quiet one
    costs = []
    for _ in range(rounds):
        started = time.process_time()
        client.get(path)
        costs.append((time.process_time() - started) * 1000)
    print(
        f"  {name:<24} {statistics.median(costs):6.1f} ms CPU (median; min {min(costs):5.1f}), "
        f"{calls / 1000:6.1f} k Python calls, {len(queries):3d} queries, "
        f"{len(response.content) // 1024:3d} KiB  {path}"
    )


if __name__ == "__main__":
    main()
