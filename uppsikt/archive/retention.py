"""The rules of the retention schedule (informationshanteringsplan) without the database: which
rule covers a record, and the day it is due for disposal (gallring). Tested at its edges."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """Keep for ever, or dispose ``years`` after the case was closed; for one case type and one
    record type, or any (empty)."""

    pk: int
    case_kind: str
    record_kind: str
    keep_forever: bool
    years: int | None


@dataclass(frozen=True)
class Candidate:
    case_kind: str
    record_kind: str
    case_closed: bool
    closed_on: dt.date | None
    case_secret: bool
    record_secret: bool
    in_minutes: bool  # the case stands in minutes (a § names it)


def rule_for(rules: list[Rule], *, case_kind: str, record_kind: str) -> Rule | None:
    """The most specific rule: case type and record type, then record type, then case type,
    then the rule for any."""
    for want_case, want_record in (
        (case_kind, record_kind),
        ("", record_kind),
        (case_kind, ""),
        ("", ""),
    ):
        for rule in rules:
            if rule.case_kind == want_case and rule.record_kind == want_record:
                return rule
    return None


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def due_on(rule: Rule, closed_on: dt.date) -> dt.date | None:
    """When a record under ``rule`` of a case closed on ``closed_on`` is due; None: never."""
    if rule.keep_forever or rule.years is None:
        return None
    return add_years(closed_on, rule.years)


def why_kept(candidate: Candidate) -> str | None:
    """Why a record is never disposed of whatever the schedule says, or None. Secret records and
    those of secret cases, records of cases not closed, and everything of a case the minutes
    name (approved minutes are sealed) are kept."""
    if not candidate.case_closed or candidate.closed_on is None:
        return "open"
    if candidate.case_secret or candidate.record_secret:
        return "secret"
    if candidate.in_minutes:
        return "minutes"
    return None


def is_due(rules: list[Rule], candidate: Candidate, *, on: dt.date) -> tuple[Rule, dt.date] | None:
    """(rule, due day) when the record is due for disposal on ``on``; None otherwise."""
    if why_kept(candidate) is not None:
        return None
    rule = rule_for(rules, case_kind=candidate.case_kind, record_kind=candidate.record_kind)
    if rule is None:
        return None
    day = due_on(rule, candidate.closed_on)
    if day is None or day > on:
        return None
    return rule, day
