"""The web under a deadline rush, on PostgreSQL (issue: Performance).

Budget: 200 people, each opening a page and then reading it for 1 s before the next, on two
cores with this load generator on the same machine: the to-do page and the progress page answer
in ≤ 150 ms at the 95th percentile, no request fails, and every assessment submitted is stored.
Under more load than that, requests queue and slow down; none fails (``--users 200,400``).

    .venv/bin/python benchmarks/followup_load.py [--users 200[,400]] [--seconds 60]

What it does, bounded in time at every step and only ever against 127.0.0.1:

1. creates the database ``uppsikt_bench`` (dropped first), migrates it, seeds it with
   ``uppsikt generate plan --units 300 --items 2000 --users U`` and ``uppsikt generate meetings``;
2. starts the production server, ``uppsikt serve`` (gunicorn, ``--workers`` processes of
   ``--threads`` threads), without a job worker;
3. signs in each simulated person (a session made in the database, so that password hashing
   does not load the server) and lets them use their pages for ``--seconds`` after a
   warm-up that is left out of the figures: a reporter her unit's to-do page twice, then her
   home page; a controller the progress page twice, then his home page; a secretary the
   meeting, one of its items (paragraf), then her home page; each waits 1 s after an answer;
4. prints per page: requests, p50, p95, max, errors by kind, and whether the budget is met;
   the load average before and after, the server's and this generator's CPU time;
   with ``--saves N``, N draft saves a second by reporters chosen at random run alongside
   (each reads her to-do list, then saves its first assessment), and their outcomes are
   printed. Each person sends back the cookies the server sets, as a browser does. The
   warm-up is when each person's pages are first made in each server process and kept
   (docs/deployment.md, Kept pages); ``--warmup 0`` counts those first requests too;
5. lets every reporter submit all her unit's assessments at once and counts those stored;
6. prints the CPU time and queries of one request of each page (``benchmarks/page_cost.py``).

The load generator is one asyncio loop with plain sockets (no HTTP library, no threads): it
costs a few percent of a core, not the server's. A request that takes longer than
``--timeout`` seconds counts as an error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # never anything else
PASSWORD = "bench-lösenord-1"  # noqa: S105 - the generated benchmark accounts' password
BUDGET_MS = 150
BUDGET_PAGES = ("todo", "progress")
BUDGET_USERS = 200  # beyond it, more load than the budget's: slower answers, but no errors
PAGES = ("todo", "progress", "home", "meeting", "agenda item")


def run(env, *args):
    subprocess.run(
        [sys.executable, "-m", "uppsikt.cli", *args], env=env, check=True, stdout=subprocess.DEVNULL
    )


# ---------------------------------------------------------------------------------------------
# A minimal HTTP/1.1 client on asyncio streams: one connection per request (the server closes
# each after its answer), the answer read to its end.


async def http(
    port: int,
    method: str,
    path: str,
    *,
    cookies: dict[str, str],
    body: str = "",
    timeout: float,
) -> tuple[int, dict[str, list[str]], bytes]:
    async def exchange():
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            headers = [
                f"{method} {path} HTTP/1.1",
                f"Host: {HOST}:{port}",
                "Connection: close",
                "Accept-Encoding: identity",
            ]
            if cookies:
                headers.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
            data = body.encode()
            if method == "POST":
                headers += [
                    "Content-Type: application/x-www-form-urlencoded",
                    f"Content-Length: {len(data)}",
                    f"Referer: http://{HOST}:{port}{path}",
                    f"X-CSRFToken: {cookies.get('csrftoken', '')}",
                ]
            writer.write(("\r\n".join(headers) + "\r\n\r\n").encode() + data)
            await writer.drain()
            raw = await reader.read()
        finally:
            writer.close()
        head, _, content = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        if not lines or not lines[0].startswith("HTTP/"):
            raise ConnectionError("no answer")
        found: dict[str, list[str]] = defaultdict(list)
        for line in lines[1:]:
            name, _, value = line.partition(":")
            found[name.strip().lower()].append(value.strip())
        return int(lines[0].split()[1]), found, content

    return await asyncio.wait_for(exchange(), timeout)


def sign_in(env, accounts: list[str]) -> list[dict[str, str]]:
    """A session of its own for each person (people who share an account are signed in once
    each, as on their own computers), made in the database as a sign-in makes it (no password
    hashing during the load: the server's CPU is left to the pages)."""
    script = (
        "import json, sys, django; django.setup()\n"
        "from django.test import Client\n"
        "from uppsikt.core.models import User\n"
        "out = []\n"
        "for name in sys.argv[1:]:\n"
        "    c = Client(); c.force_login(User.objects.get(username=name))\n"
        "    out.append(c.cookies['sessionid'].value)\n"
        "print(json.dumps(out))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", script, *accounts],
        env={**env, "DJANGO_SETTINGS_MODULE": "uppsikt.config.settings"},
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return [{"sessionid": key} for key in json.loads(found.stdout)]


@dataclass
class Figures:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )


async def person(port, cookies, cycle, figures, *, start_at, record_from, stop_at, timeout):
    """One person: the pages of ``cycle`` in turn, 1 s after each answer, until ``stop_at``."""
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    step = 0
    while time.monotonic() < stop_at:
        name, path = cycle[step % len(cycle)]
        step += 1
        began = time.monotonic()
        kind = None
        try:
            status, headers, _ = await http(port, "GET", path, cookies=cookies, timeout=timeout)
            # the cookies the server sets (the form token's) are sent again, as a browser does
            for line in headers.get("set-cookie", []):
                cookie, _, value = line.split(";", 1)[0].partition("=")
                cookies[cookie.strip()] = value.strip()
            if status != 200:
                kind = f"HTTP {status}"
        except TimeoutError:
            kind = f"no answer within {timeout:.0f} s"
        except ConnectionRefusedError:
            kind = "connection refused"
        except (ConnectionResetError, BrokenPipeError):
            kind = "connection reset"
        except OSError as exc:
            kind = exc.__class__.__name__
        elapsed = (time.monotonic() - began) * 1000
        if began >= record_from:
            if kind is None:
                figures.times[name].append(elapsed)
            else:
                figures.errors[name][kind] += 1
        await asyncio.sleep(1.0)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) of the server's process and its children."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    children = {pid}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.add(int(entry.name))
    for child in children:
        try:
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


async def saver(port, reporters, saves, stored, *, start_at, stop_at, timeout):
    """``saves`` draft saves a second, each of a reporter chosen at random: her to-do list read
    (not counted in the figures), then its first assessment saved as she would save it."""
    rng = random.Random(2)
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    next_at = time.monotonic()
    while time.monotonic() < stop_at:
        cookies, path = rng.choice(reporters)
        try:
            _, _, page = await http(port, "GET", path, cookies=cookies, timeout=timeout)
            found = re.search(rb'name="a(\d+)-version" value="(\d+)"', page)
            pk, version = found.group(1).decode(), found.group(2).decode()
            level = re.search(
                rb'name="a' + pk.encode() + rb'-status"[^>]*>\s*<option value="">[^<]*</option>'
                rb'\s*<option value="(\d+)"',
                page,
            )
            body = urlencode(
                {
                    f"a{pk}-version": version,
                    f"a{pk}-status": level.group(1).decode() if level else "",
                    f"a{pk}-comment": f"Sparat {time.monotonic():.3f}.",
                }
            )
            status, _, _ = await http(
                port,
                "POST",
                f"/uppfoljning/bedomning/{pk}/spara/",
                cookies=cookies,
                body=body,
                timeout=timeout,
            )
            stored["stored" if status in (200, 302) else f"HTTP {status}"] += 1
        except (OSError, AttributeError, TimeoutError) as exc:
            stored[exc.__class__.__name__] += 1
        next_at += 1.0 / saves
        await asyncio.sleep(max(0.0, next_at - time.monotonic()))


def rush(port, people, *, env, seconds, warmup, timeout, server_pid, saves=0.0) -> None:
    """Sign everyone in, then the load (with ``saves`` draft saves a second during the measured
    seconds); prints its figures."""
    users = len(people)
    signed_in = sign_in(env, [account for account, _ in people])

    async def main():
        sessions = [dict(cookies) for cookies in signed_in]
        figures = Figures()
        now = time.monotonic()
        start = now + 0.5
        record_from = start + warmup
        stop_at = record_from + seconds
        rng = random.Random(1)
        sampled = {}

        async def sample():
            # the server's and this process's CPU over the measured seconds only
            await asyncio.sleep(max(0.0, record_from - time.monotonic()))
            sampled["load"] = os.getloadavg()
            sampled["cpu"], sampled["own"] = server_cpu(server_pid), time.process_time()
            await asyncio.sleep(max(0.0, stop_at - time.monotonic()))
            sampled["cpu"] = server_cpu(server_pid) - sampled["cpu"]
            sampled["own"] = time.process_time() - sampled["own"]

        reporters = [
            (cookies, cycle[0][1])
            for cookies, (_, cycle) in zip(sessions, people, strict=True)
            if cycle[0][0] == "todo"
        ]
        stored = defaultdict(int)
        await asyncio.gather(
            sample(),
            *(
                [
                    saver(
                        port,
                        reporters,
                        saves,
                        stored,
                        start_at=record_from,
                        stop_at=stop_at,
                        timeout=timeout,
                    )
                ]
                if saves and reporters
                else []
            ),
            *(
                person(
                    port,
                    cookies,
                    cycle,
                    figures,
                    start_at=start + rng.random() * min(warmup, 2.0),
                    record_from=record_from,
                    stop_at=stop_at,
                    timeout=timeout,
                )
                for cookies, (_, cycle) in zip(sessions, people, strict=True)
            ),
        )
        return figures, sampled["load"], sampled["cpu"], sampled["own"], stored

    figures, load_before, cpu, own, stored = asyncio.run(main())
    load_after = os.getloadavg()
    total = sum(len(v) for v in figures.times.values()) + sum(
        sum(e.values()) for e in figures.errors.values()
    )
    print(f"\n{users} users, 1 s think time, {seconds} s measured after {warmup} s warm-up:")
    if saves:
        outcomes = ", ".join(f"{n} {k}" for k, n in sorted(stored.items())) or "none"
        print(f"  draft saves during the measured seconds ({saves:g} a second): {outcomes}")
    met_all = True
    for name in PAGES:
        times = figures.times.get(name, [])
        errors = figures.errors.get(name, {})
        if not times and not errors:
            continue
        failed = sum(errors.values())
        p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
        if name in BUDGET_PAGES and users <= BUDGET_USERS:
            met = p95 <= BUDGET_MS and failed == 0
            met_all &= met
            verdict = f"budget p95 ≤ {BUDGET_MS} ms, no errors: {'MET' if met else 'NOT MET'}"
        else:
            met_all &= failed == 0
            verdict = f"no errors: {'MET' if failed == 0 else 'NOT MET'}"
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(errors.items())) or "none"
        print(
            f"  {name:<12} {len(times):6d} answers  p50 {p50:6.0f} ms  p95 {p95:6.0f} ms  "
            f"max {max(times, default=float('nan')):6.0f} ms  errors {failed} ({kinds})  {verdict}"
        )
    print(
        f"  in all {total / seconds:.0f} requests/s; server CPU {cpu:.1f} s "
        f"({cpu / max(total, 1) * 1000:.1f} ms per request, database server not counted); "
        f"load generator CPU {own:.1f} s; load average {load_before[0]:.2f} before, "
        f"{load_after[0]:.2f} after ({os.cpu_count()} cores)"
    )
    print(f"  {'all budgets MET' if met_all else 'budgets NOT MET'} at {users} users")


def submissions(base, units, period, *, users, year, items) -> None:
    """Every reporter submits all her unit's assessments at once; prints how many were
    stored."""
    reporters = []
    for i in range(users):
        session = requests.Session()
        session.get(f"{base}/logga-in/", timeout=60)
        session.post(
            f"{base}/logga-in/",
            data={
                "username": f"bench-r{i + 1}-{year}",
                "password": PASSWORD,
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
            },
            headers={"Referer": f"{base}/logga-in/"},
            timeout=60,
        ).raise_for_status()
        reporters.append(session)
    submitted = [0] * len(reporters)
    failures: list[str] = []
    deadline = time.monotonic() + 120

    def submit_all(index: int) -> None:
        try:
            session = reporters[index]
            page = session.get(
                f"{base}/uppfoljning/{period}/enhet/{units[index]}/", timeout=60
            ).text
            token = session.cookies["csrftoken"]
            for pk, version in re.findall(r'name="a(\d+)-version" value="(\d+)"', page):
                if time.monotonic() > deadline:
                    return
                status = re.search(
                    rf'name="a{pk}-status"[^>]*>\s*<option value="">[^<]*</option>\s*'
                    rf'<option value="(\d+)"',
                    page,
                )
                response = session.post(
                    f"{base}/uppfoljning/bedomning/{pk}/lamna-in/",
                    data={
                        "csrfmiddlewaretoken": token,
                        f"a{pk}-version": version,
                        f"a{pk}-status": status.group(1) if status else "",
                        f"a{pk}-comment": "Enligt plan.",
                    },
                    headers={"Referer": f"{base}/uppfoljning/{period}/"},
                    timeout=60,
                    allow_redirects=False,
                )
                if response.status_code in (200, 302):
                    submitted[index] += 1
                else:
                    failures.append(f"{pk}: HTTP {response.status_code}")
        except requests.RequestException as exc:
            failures.append(f"reporter {index}: {exc.__class__.__name__}")

    started = time.perf_counter()
    threads = [threading.Thread(target=submit_all, args=(i,)) for i in range(len(reporters))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=150)
    seconds = time.perf_counter() - started
    return sum(submitted), failures, seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--users", default="200", help="simulated people; several runs: 200,400 (default 200)"
    )
    parser.add_argument("--seconds", type=int, default=60, help="measured seconds per run")
    parser.add_argument("--warmup", type=int, default=10, help="seconds left out before each")
    parser.add_argument(
        "--timeout",
        type=float,
        default=60,
        help="a slower answer is an error (60 s: a reverse proxy's usual wait)",
    )
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--port", type=int, default=8811)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--no-submit", action="store_true", help="leave out the submissions")
    parser.add_argument(
        "--saves",
        type=float,
        default=0.0,
        help="draft saves a second by reporters during the measured seconds (default none)",
    )
    parser.add_argument("--no-cost", action="store_true", help="leave out the CPU per page")
    parser.add_argument("--database", default="uppsikt_bench", help="dropped and created anew")
    parser.add_argument(
        "--reuse", action="store_true", help="use the seeded database of an earlier run"
    )
    parser.add_argument(
        "--deadline", type=int, default=1800, help="the whole run stops after these seconds"
    )
    args = parser.parse_args()

    def stop(signum, frame):
        raise SystemExit(f"stopped (signal {signum}, or past --deadline {args.deadline} s)")

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGALRM, stop)
    signal.alarm(args.deadline)
    runs = [int(n) for n in args.users.split(",")]
    accounts = min(max(runs), args.units - 1)
    year = 2024
    name = args.database
    work = Path(tempfile.mkdtemp(prefix="uppsikt-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@{HOST}:5432/{name}",
        "UPPSIKT_DATA_DIR": str(work),
        "UPPSIKT_LOGIN_FAILURE_LIMIT": "1000",
        "PYTHONPATH": str(ROOT),
    }
    url = env["DATABASE_URL"].replace("postgres://", "postgresql://")
    if not args.reuse:
        with psycopg.connect(f"postgresql://postgres@{HOST}:5432/postgres", autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {name}")
            con.execute(f"CREATE DATABASE {name}")
        run(env, "migrate", "-v", "0")
        started = time.perf_counter()
        run(env, "generate", "plan", "--units", str(args.units), "--items", str(args.items),
            "--users", str(accounts))  # fmt: skip
        run(env, "generate", "meetings", "--items", "20")
        print(
            f"seeded: {args.items} assessments of {args.units} units, {accounts} reporters, "
            f"a meeting of 20 items, in {time.perf_counter() - started:.0f} s"
        )
    log = work / "server.log"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uppsikt.cli",
            "serve",
            "--host",
            HOST,
            "--port",
            str(args.port),
            "--threads",
            str(args.threads),
            "--workers",
            str(args.processes),
            "--no-worker",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    base = f"http://{HOST}:{args.port}"
    try:
        for _ in range(150):
            try:
                if requests.get(f"{base}/halsa/", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        with psycopg.connect(url) as con:
            period = con.execute(
                "SELECT id FROM followup_reportingperiod WHERE kind='ur1' AND is_open"
            ).fetchone()[0]
            units = [
                r[0]
                for r in con.execute(
                    "SELECT u.code FROM organisation_unit u JOIN organisation_rolegrant r "
                    "ON r.unit_id=u.id JOIN core_user a ON a.id=r.user_id "
                    "WHERE a.username LIKE 'bench-r%%' ORDER BY a.id"
                ).fetchall()
            ]
            # a database reused from a run of fewer people: the people share its accounts
            accounts = min(accounts, len(units))
            meeting = con.execute(
                "SELECT m.id FROM meetings_meeting m JOIN organisation_body b ON b.id=m.body_id "
                "WHERE b.code=%s ORDER BY m.date LIMIT 1",
                (f"PROV{year}",),
            ).fetchone()[0]
            items = [
                r[0]
                for r in con.execute(
                    "SELECT id FROM meetings_minutesitem WHERE meeting_id=%s ORDER BY id",
                    (meeting,),
                ).fetchall()
            ]
        print(
            f"server: uppsikt serve --workers {args.processes} --threads {args.threads} "
            f"(gunicorn); {os.cpu_count()} cores"
        )
        for users in runs:
            controllers = max(1, users // 5)
            secretaries = max(1, users // 10)
            people = []
            for i in range(users):
                if i < controllers:
                    people.append(
                        (
                            f"bench-controller-{year}",
                            [("progress", f"/uppfoljning/{period}/")] * 2 + [("home", "/")],
                        )
                    )
                elif i < controllers + secretaries:
                    item = items[i % len(items)]
                    people.append(
                        (
                            f"bench-secretary-{year}",
                            [
                                ("meeting", f"/sammantraden/{meeting}/"),
                                ("agenda item", f"/paragrafer/{item}/"),
                                ("home", "/"),
                            ],
                        )
                    )
                else:
                    r = i % accounts
                    people.append(
                        (
                            f"bench-r{r + 1}-{year}",
                            [("todo", f"/uppfoljning/{period}/enhet/{units[r]}/")] * 2
                            + [("home", "/")],
                        )
                    )
            rush(
                args.port,
                people,
                seconds=args.seconds,
                warmup=args.warmup,
                timeout=args.timeout,
                server_pid=server.pid,
                env=env,
                saves=args.saves,
            )
        if not args.no_submit:
            sent, failures, seconds = submissions(
                base, units, period, users=accounts, year=year, items=args.items
            )
            with psycopg.connect(url) as con:
                stored = con.execute(
                    "SELECT count(*) FROM followup_assessment WHERE period_id=%s "
                    "AND state='submitted'",
                    (period,),
                ).fetchone()[0]
            print(
                f"\nsubmissions: {sent} sent by {accounts} reporters at once in {seconds:.1f} s "
                f"({sent / seconds:.0f}/s); {stored} stored as submitted; failures "
                f"{len(failures)} {failures[:5]} (budget: every one stored: "
                f"{'MET' if stored == sent and not failures else 'NOT MET'})"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
        problems = [
            line.strip()
            for line in log.read_text(errors="replace").splitlines()
            if any(w in line for w in ("CRITICAL", "ERROR", "Error", "TIMEOUT", "Traceback"))
        ]
        if problems:
            print(f"\nserver log ({log}): {len(problems)} error lines, first: {problems[:3]}")
    if not args.no_cost:
        print()
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "page_cost.py"), "--rounds", "20"],
            env={**env, "PYTHONPATH": str(ROOT)},
            check=True,
        )


if __name__ == "__main__":
    main()
