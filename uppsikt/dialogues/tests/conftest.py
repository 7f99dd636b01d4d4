from __future__ import annotations

import datetime as dt

import pytest

from uppsikt.core.permissions import SYSTEM
from uppsikt.followup import services as followup_services
from uppsikt.organisation.models import Body, Role
from uppsikt.organisation.tests import factories as org


class World:
    """A region with a board (RS) and its working committee (RSAU, registering in RS's
    register), two committees (Driftnämnden Regionservice, DRS; Kultur och skola, DKS) each
    served by an administration, and people with roles scoped to one body or unit and others
    with the same role elsewhere."""

    def __init__(self):
        self.org = org.organisation(name="Region Halland (test)")
        self.rs = org.body(self.org, "RS", name="Regionstyrelsen")
        self.rsau = org.body(
            self.org,
            "RSAU",
            name="Regionstyrelsens arbetsutskott",
            kind=Body.Kind.SUBCOMMITTEE,
            parent=self.rs,
            register_prefix="",
        )
        self.rshu = org.body(
            self.org,
            "RSHU",
            name="Regionstyrelsens hälso- och sjukvårdsutskott",
            kind=Body.Kind.SUBCOMMITTEE,
            parent=self.rs,
            register_prefix="",
        )
        self.dnrs = org.body(
            self.org,
            "DNRS",
            name="Driftnämnden Regionservice",
            kind=Body.Kind.COMMITTEE,
            register_prefix="DRS",
        )
        self.dnks = org.body(
            self.org,
            "DNKS",
            name="Driftnämnden Kultur och skola",
            kind=Body.Kind.COMMITTEE,
            register_prefix="DKS",
        )
        self.rse = org.unit(self.org, "RSE", body=self.dnrs)
        self.kos = org.unit(self.org, "KOS", body=self.dnks)
        # roles scoped to one body or unit, and the same roles elsewhere
        self.secretary = self._user("sek-rs", Role.SECRETARY, body=self.rs)
        self.secretary_elsewhere = self._user("sek-dks", Role.SECRETARY, body=self.dnks)
        self.approver = self._user("godk-rse", Role.APPROVER, unit=self.rse)
        self.approver_elsewhere = self._user("godk-kos", Role.APPROVER, unit=self.kos)
        self.controller = self._user("controller", Role.CONTROLLER)
        self.member = self._user("ledamot-rs", Role.MEMBER, body=self.rs)
        followup_services.scale_defaults_create(actor=SYSTEM, organisation=self.org)
        self.periods = {
            (p.year, p.kind): p
            for year in (2024, 2025)
            for p in followup_services.periods_create_default(
                actor=SYSTEM, organisation=self.org, year=year
            )
        }

    def _user(self, name, role, *, unit=None, body=None):
        user = org.user(name)
        org.grant(user, role, self.org, unit=unit, body=body)
        return user

    def dialogue(self, number: int = 2, **kwargs):
        from uppsikt.dialogues import services

        defaults = {
            "actor": SYSTEM,
            "organisation": self.org,
            "overseer": self.rsau,
            "committee": self.dnrs,
            "year": 2025,
            "number": number,
            "date": dt.date(2025, 10, 14) if number == 2 else dt.date(2025, 4, 1),
        }
        defaults.update(kwargs)
        return services.dialogue_create(**defaults)


@pytest.fixture
def world(db):
    return World()
