"""Test data for the register, built through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation import services as org_services
from uppsikt.organisation.models import Body, Membership, Organisation, Person, Role, Unit
from uppsikt.organisation.tests import factories as org

from .. import services
from ..models import Case, Record

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name: str = "brev.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@dataclass
class Region:
    """A small region: the board RS with its working committee, Regionkontoret serving RS, and
    one account in each role that matters to the register."""

    organisation: Organisation
    rs: Body
    rsau: Body
    dnrs: Body
    rk: Unit
    rk_kan: Unit
    rse: Unit
    officer: Person  # the case officer's person (title Kanslichef)
    officer_user: object
    other_officer_user: object
    secretary: object
    rse_secretary: object
    member: object
    reader: object
    admin: object


def region() -> Region:
    o = org.organisation()
    rs = org.body(o, "RS", name="Regionstyrelsen")
    rsau = org.body(
        o,
        "RSAU",
        name="Regionstyrelsens arbetsutskott",
        kind=Body.Kind.SUBCOMMITTEE,
        parent=rs,
        register_prefix="",
    )
    dnrs = org.body(
        o,
        "DNRS",
        name="Driftnämnden Regionservice",
        kind=Body.Kind.COMMITTEE,
        register_prefix="DRS",
    )
    rk = org.unit(o, "RK", name="Regionkontoret", body=rs)
    rk_kan = org.unit(o, "RK-KAN", rk, name="Kansli")
    rse = org.unit(o, "RSE", name="Regionservice", body=dnrs)

    def account(username: str, role, *, unit=None, body=None, person=None):
        user = org_services.account_create(
            actor=SYSTEM, username=username, password="korrekt-hast-batteri", person=person
        )
        if role is not None:
            org.grant(user, role, o, unit=unit, body=body)
        return user

    officer = org.person(o, "Henrik", "Lundahl", title="Kanslichef", unit=rk_kan)
    officer_user = account("handlaggare", Role.CASE_OFFICER, unit=rk, person=officer)
    other = org.person(o, "Eva", "Ek", title="Utredare", unit=rk)
    other_user = account("handlaggare2", Role.CASE_OFFICER, unit=rk, person=other)
    member_person = org.person(o, "Mia", "Holm")
    org.membership(member_person, rs, Membership.Role.MEMBER)
    return Region(
        organisation=o,
        rs=rs,
        rsau=rsau,
        dnrs=dnrs,
        rk=rk,
        rk_kan=rk_kan,
        rse=rse,
        officer=Person.objects.get(pk=officer.pk),
        officer_user=officer_user,
        other_officer_user=other_user,
        secretary=account("sekreterare", Role.SECRETARY, body=rs),
        rse_secretary=account("sekreterare-drs", Role.SECRETARY, body=dnrs),
        member=account("ledamot", Role.MEMBER, body=rs, person=member_person),
        reader=account("lasare", Role.READER),
        admin=account("admin", Role.ADMINISTRATOR),
    )


def case(r: Region, title: str = "Översyn förvaltningarnas stabsfunktioner", **kwargs) -> Case:
    kwargs.setdefault("body", r.rs)
    kwargs.setdefault("unit", r.rk_kan)
    kwargs.setdefault("officer", r.officer)
    kwargs.setdefault("registered_on", dt.date(2024, 3, 1))
    return services.case_register(
        actor=kwargs.pop("actor", SYSTEM), organisation=r.organisation, title=title, **kwargs
    )


def record(c: Case, description: str = "Skrivelse", **kwargs) -> Record:
    kwargs.setdefault("kind", Record.Kind.INCOMING)
    kwargs.setdefault("counterpart", "Förvaltningsledningarna")
    kwargs.setdefault("date", dt.date(2024, 3, 2))
    return services.record_register(
        actor=kwargs.pop("actor", SYSTEM), case=c, description=description, **kwargs
    )
