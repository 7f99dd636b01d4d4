"""Loads the demo region: each app contributes a step (``<app>/demo.py``), run in order through
the apps' own services, so the demo data is exactly what a user could have entered."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from uppsikt.organisation.demo import DEMO_SLUG
from uppsikt.organisation.models import Organisation

# Later capabilities append their step here, after the steps they build on.
STEPS = [
    "uppsikt.organisation.demo",
    "uppsikt.planning.demo",
    "uppsikt.kolada.demo",
    "uppsikt.followup.demo",
    "uppsikt.workforce.demo",
    "uppsikt.finance.demo",
    "uppsikt.reports.demo",
    "uppsikt.cases.demo",
    "uppsikt.meetings.demo",
    "uppsikt.meetings.demo_eid",
    "uppsikt.control.demo",
    "uppsikt.dialogues.demo",
    "uppsikt.archive.demo",
    "uppsikt.reports.demo_briefs",
    "uppsikt.home.demo",
]


@dataclass
class DemoContext:
    """Shared between steps: the organisation and whatever earlier steps created."""

    organisation: Organisation | None = None
    objects: dict[str, Any] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # role, username, password


def demo_loaded() -> bool:
    return Organisation.objects.filter(slug=DEMO_SLUG).exists()


@transaction.atomic
def load_demo() -> DemoContext:
    context = DemoContext()
    for step in STEPS:
        importlib.import_module(step).load(context=context)
    return context


def demo_logins() -> list[tuple[str, str, str]]:
    """The printed logins of an already loaded demo (each step knows its own)."""
    logins: list[tuple[str, str, str]] = []
    for step in STEPS:
        module = importlib.import_module(step)
        logins.extend(getattr(module, "LOGINS", []))
    return logins
