"""Follow-up budgets (issue: Planning and follow-up), on PostgreSQL:

- the controllers' progress page and a reporter's to-do page answer in ≤ 150 ms at the 95th
  percentile with 50 simulated users (locust), each waiting 1 s between requests;
- 2 000 assessments submitted within one minute: none lost.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/followup_load.py [--seconds 60] [--users 50] [--items 2000]

Data from `uppsikt generate plan --units 300 --items 2000`; the server is `uppsikt serve` on
127.0.0.1 (never anything else) with one process per core; every loop is bounded in time.
Prints its figures.
"""

# ruff: noqa: E402 - gevent must patch the standard library before the other imports
from __future__ import annotations

from gevent import monkey

monkey.patch_all()  # before anything imports ssl, socket or threading (locust runs on gevent)

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import gevent
import psycopg
import requests
from locust import HttpUser, constant, task
from locust.env import Environment

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PASSWORD = "bench-lösenord-1"  # noqa: S105 - the generated benchmark accounts' password


def run(env, *args):
    subprocess.run(
        [sys.executable, "-m", "uppsikt.cli", *args], env=env, check=True, stdout=subprocess.DEVNULL
    )


def login(base: str, username: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/logga-in/", timeout=60)
    token = session.cookies["csrftoken"]
    response = session.post(
        f"{base}/logga-in/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/logga-in/"},
        timeout=60,
    )
    response.raise_for_status()
    assert "sessionid" in session.cookies, f"login failed for {username}"
    return session


def load(base, accounts, pages, controllers, *, seconds):
    """50 users (locust, in this process), each signed in with its own account and opening its
    page, then waiting 1 s. Sign-in and warm-up are left out of the figures: the statistics are
    reset once every user has started and signed in."""
    order = iter(range(len(accounts)))

    class Person(HttpUser):
        host = base
        wait_time = constant(1)

        def on_start(self):
            self.index = next(order)
            self.name = "progress" if self.index < controllers else "todo"
            self.client.get("/logga-in/", name="login")
            token = self.client.cookies["csrftoken"]
            self.client.post(
                "/logga-in/",
                data={
                    "username": accounts[self.index],
                    "password": PASSWORD,
                    "csrfmiddlewaretoken": token,
                },
                headers={"Referer": f"{base}/logga-in/"},
                name="login",
            )

        @task
        def open_page(self):
            self.client.get(pages[self.index], name=self.name, timeout=10)

    env = Environment(user_classes=[Person])
    runner = env.create_local_runner()
    runner.start(len(accounts), spawn_rate=len(accounts))
    gevent.sleep(10)  # everyone started and signed in
    env.stats.reset_all()
    gevent.sleep(seconds)
    runner.quit()
    figures = {}
    for name in ("progress", "todo"):
        entry = env.stats.get(name, "GET")
        figures[name] = (
            entry.num_requests,
            entry.get_response_time_percentile(0.5),
            entry.get_response_time_percentile(0.95),
            entry.max_response_time,
            entry.num_failures,
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--port", type=int, default=8811)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    name = "uppsikt_bench"
    with psycopg.connect(f"postgresql://postgres@{HOST}:5432/postgres", autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {name}")
        con.execute(f"CREATE DATABASE {name}")
    work = Path(tempfile.mkdtemp(prefix="uppsikt-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@{HOST}:5432/{name}",
        "UPPSIKT_DATA_DIR": str(work),
        "UPPSIKT_LOGIN_FAILURE_LIMIT": "1000",
        "PYTHONPATH": str(ROOT),
    }
    run(env, "migrate", "-v", "0")
    started = time.perf_counter()
    run(
        env,
        "generate",
        "plan",
        "--units",
        str(args.units),
        "--items",
        str(args.items),
        "--users",
        str(args.users),
    )
    print(
        f"generate plan: {args.items} items, {args.units} units in {time.perf_counter() - started:.1f} s"
    )
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
        stderr=subprocess.DEVNULL,
    )
    base = f"http://{HOST}:{args.port}"
    try:
        for _ in range(100):
            try:
                if requests.get(f"{base}/halsa/", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://")) as con:
            period = con.execute(
                "SELECT id FROM followup_reportingperiod WHERE kind='ur1' AND is_open"
            ).fetchone()[0]
            units = [
                r[0]
                for r in con.execute(
                    "SELECT u.code FROM organisation_unit u JOIN organisation_rolegrant r ON r.unit_id=u.id "
                    "JOIN core_user a ON a.id=r.user_id WHERE a.username LIKE 'bench-r%%' ORDER BY a.id"
                ).fetchall()
            ]
        year = 2024
        controllers = max(1, args.users // 5)
        accounts = [f"bench-controller-{year}"] * controllers + [
            f"bench-r{i + 1}-{year}" for i in range(args.users - controllers)
        ]
        pages = [f"/uppfoljning/{period}/"] * controllers + [
            f"/uppfoljning/{period}/enhet/{units[i]}/" for i in range(args.users - controllers)
        ]
        figures = load(base, accounts, pages, controllers, seconds=args.seconds)
        for name, (count, p50, p95, most, failed) in figures.items():
            print(
                f"{name} page, {args.users} users, {args.seconds} s: {count} requests, "
                f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {most:.0f} ms, errors {failed} "
                "(budget p95 150 ms, no errors)"
            )

        # every reporter submits its unit's assessments at once
        reporters = [login(base, f"bench-r{i + 1}-{year}") for i in range(args.users)]
        submitted = [0] * len(reporters)
        failures: list[str] = []
        submit_deadline = time.monotonic() + 120

        def submit_all(index: int) -> None:
            try:
                _submit_all(index)
            except requests.RequestException as exc:
                failures.append(f"reporter {index}: {exc.__class__.__name__}")

        def _submit_all(index: int) -> None:
            session = reporters[index]
            page = session.get(
                f"{base}/uppfoljning/{period}/enhet/{units[index]}/", timeout=30
            ).text
            token = session.cookies["csrftoken"]
            for pk, version in re.findall(r'name="a(\d+)-version" value="(\d+)"', page):
                if time.monotonic() > submit_deadline:
                    return
                status = re.search(
                    rf'name="a{pk}-status"[^>]*>\s*<option value="">[^<]*</option>\s*<option value="(\d+)"',
                    page,
                )
                data = {
                    "csrfmiddlewaretoken": token,
                    f"a{pk}-version": version,
                    f"a{pk}-status": status.group(1) if status else "",
                    f"a{pk}-comment": "Enligt plan.",
                }
                response = session.post(
                    f"{base}/uppfoljning/bedomning/{pk}/lamna-in/",
                    data=data,
                    headers={"Referer": f"{base}/uppfoljning/{period}/"},
                    timeout=30,
                    allow_redirects=False,
                )
                if response.status_code in (200, 302):
                    submitted[index] += 1
                else:
                    failures.append(f"{pk}: {response.status_code}")

        t0 = time.perf_counter()
        threads = [threading.Thread(target=submit_all, args=(i,)) for i in range(len(reporters))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=150)
        seconds = time.perf_counter() - t0
        with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://")) as con:
            stored = con.execute(
                "SELECT count(*) FROM followup_assessment WHERE period_id=%s AND state='submitted'",
                (period,),
            ).fetchone()[0]
        print(
            f"submissions: {sum(submitted)} sent by {len(reporters)} reporters in {seconds:.1f} s "
            f"({sum(submitted) / seconds:.0f}/s); {stored} stored as submitted; failures {len(failures)} "
            f"(budget: {args.items} within 60 s, none lost)"
        )
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
