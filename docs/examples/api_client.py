#!/usr/bin/env python3
"""An example client of Uppsikt's REST API (docs/api.md), using only Python's standard library.

With a token, it reads a unit's indicator series, then fills in and submits that unit's
assessments of a follow-up period (UR1, UR2, …) that are still to do, through the same
workflow as the screens (save as draft, then submit, each with the version it read).

    export UPPSIKT_API_TOKEN=upk_…          # from the administration page API-nycklar
    python3 api_client.py --base https://uppsikt.example.se --unit RSE-MAT \\
        --indicator N60030 --year 2025 --period-kind UR1 \\
        --status on_track --comment "Enligt plan."

``--answers answers.json`` gives each assessment its own answer, by the item's title or the
assessment's id: ``{"Minska matsvinnet": {"status": "on_track", "comment": "…"}}``;
those not named get ``--status``/``--comment`` (or are left alone without ``--status``).
``--dry-run`` reads and shows what it would do, and writes nothing.

The token needs ``planning.view`` (the indicators and the series) and ``followup.report`` (the assessments) on
the unit. Exit status: 0 when every assessment it tried was submitted, 1 otherwise, 2 for a
call that failed (the API's error is printed).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

TO_DO = ("draft", "returned")


class ApiError(Exception):
    def __init__(self, status: int, body: dict):
        error = (body or {}).get("error") or {}
        self.status = status
        self.code = error.get("code", "")
        self.details = error.get("details")
        super().__init__(f"{status} {self.code}: {error.get('message', '')}")


class Uppsikt:
    """A small client: GET with paging by cursor, PUT and POST with JSON."""

    def __init__(self, base: str, token: str, timeout: float = 30.0):
        self.base = base.rstrip("/") + "/api/v1"
        self.token = token
        self.timeout = timeout

    def call(self, method: str, path: str, params: dict | None = None, body=None):
        query = {k: v for k, v in (params or {}).items() if v is not None}
        url = self.base + path + ("?" + urllib.parse.urlencode(query) if query else "")
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)  # noqa: S310
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            try:
                payload = json.loads(exc.read() or b"{}")
            except ValueError:
                payload = {}
            raise ApiError(exc.code, payload) from None

    def every(self, path: str, params: dict | None = None) -> list[dict]:
        """Every row of a list, page after page (``next_cursor``)."""
        rows: list[dict] = []
        cursor = None
        while True:
            page = self.call("GET", path, {**(params or {}), "cursor": cursor, "limit": 200})
            rows.extend(page["data"])
            cursor = page.get("next_cursor")
            if not cursor:
                return rows


def indicator_id(api: Uppsikt, code: str) -> int:
    """The indicator's id, given its id or its Kolada id (e.g. N60030)."""
    if code.isdigit():
        return int(code)
    found = [i for i in api.every("/indicators") if i["kolada_id"] == code]
    if len(found) != 1:
        raise SystemExit(f"Ingen entydig indikator med Kolada-id {code}.")
    return found[0]["id"]


def series(api: Uppsikt, *, unit: str, indicator: str, year: int | None) -> list[dict]:
    """The unit's measurements of the indicator (by its id or Kolada id), by period."""
    params = {"unit": unit, "indicator": indicator_id(api, indicator), "year": year}
    rows = api.every("/measurements", params)
    return sorted(rows, key=lambda r: (r["period_start"], r["period_end"]))


def find_period(api: Uppsikt, *, year: int, kind: str) -> dict:
    for period in api.every("/periods", {"year": year}):
        if period["kind"].upper() == kind.upper():
            return period
    raise SystemExit(f"Ingen uppföljningsperiod {kind} {year}.")


def submit_all(
    api: Uppsikt, *, unit: str, period: int, answers: dict, default: dict | None, dry_run: bool
) -> tuple[list[dict], list[tuple[dict, str]]]:
    """Fill in and submit the unit's assessments of ``period`` still to do. Returns those
    submitted and those not (with why)."""
    done, not_done = [], []
    for a in api.every("/assessments", {"unit": unit, "period": period}):
        if a["state"] not in TO_DO:
            continue
        answer = answers.get(str(a["id"])) or answers.get(a["item_title"]) or default
        if answer is None:
            not_done.append((a, "inget svar angivet"))
            continue
        if dry_run:
            print(f"  skulle lämna in {a['id']} {a['item_title']}: {answer}")
            continue
        try:
            saved = api.call(
                "PUT",
                f"/assessments/{a['id']}",
                body={
                    "version": a["version"],
                    "status": answer.get("status"),
                    "forecast": answer.get("forecast"),
                    "comment": answer.get("comment", ""),
                    "actual_value": answer.get("actual_value"),
                },
            )
            submitted = api.call(
                "POST", f"/assessments/{a['id']}/submit", body={"version": saved["version"]}
            )
        except ApiError as exc:
            not_done.append((a, str(exc)))
            continue
        done.append(submitted)
    return done, not_done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="e.g. https://uppsikt.example.se")
    parser.add_argument("--token", default=os.environ.get("UPPSIKT_API_TOKEN"))
    parser.add_argument("--unit", required=True, help="the unit's code, e.g. RSE-MAT")
    parser.add_argument("--indicator", help="the indicator's id or Kolada id, e.g. N60030")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--period", type=int, help="the follow-up period's id")
    parser.add_argument("--period-kind", default="UR1", help="UR1, UR2, … (without --period)")
    parser.add_argument("--status", help="the scale's code for every assessment not named")
    parser.add_argument("--forecast", help="the scale's code of the forecast")
    parser.add_argument("--comment", default="")
    parser.add_argument("--answers", help="a JSON file of answers by item title or id")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    if not args.token:
        parser.error("ange --token eller UPPSIKT_API_TOKEN")
    api = Uppsikt(args.base, args.token)
    try:
        if args.indicator:
            print(f"Indikator {args.indicator}, {args.unit}, {args.year}:")
            for m in series(api, unit=args.unit, indicator=args.indicator, year=args.year):
                value = "ej rapporterat" if m["not_reported"] else m["value"]
                print(f"  {m['period_start']}–{m['period_end']}: {value}")
        period = args.period or find_period(api, year=args.year, kind=args.period_kind)["id"]
        answers = {}
        if args.answers:
            with open(args.answers, encoding="utf-8") as f:
                answers = json.load(f)
        default = None
        if args.status:
            default = {"status": args.status, "forecast": args.forecast, "comment": args.comment}
        done, not_done = submit_all(
            api,
            unit=args.unit,
            period=period,
            answers=answers,
            default=default,
            dry_run=args.dry_run,
        )
    except ApiError as exc:
        print(f"Anropet misslyckades: {exc}", file=sys.stderr)
        return 2
    for a in done:
        print(f"Inlämnad: {a['id']} {a['item_title']} ({a['status']}), version {a['version']}")
    for a, why in not_done:
        print(f"Inte inlämnad: {a['id']} {a['item_title']}: {why}", file=sys.stderr)
    return 1 if not_done else 0


if __name__ == "__main__":
    sys.exit(main())
