"""Archive packages: a closed case and a body's minutes for a year, written by the export job,
recorded with their checksum, and valid by the E-ARK validator, the CITS ERMS XML Schema and
its Schematron rules."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from lxml import etree

from conftest import require
from uppsikt.archive import services
from uppsikt.archive.erms import ErmsAggregation, ErmsExport, erms_problems, erms_xml
from uppsikt.archive.models import ArchiveExport
from uppsikt.cases import services as case_services
from uppsikt.cases.models import AssessmentTemplate, Case
from uppsikt.cases.tests.factories import PDF, pdf
from uppsikt.core.exceptions import DomainError, NotPermitted
from uppsikt.core.models import AuditEvent, Job
from uppsikt.core.permissions import SYSTEM
from uppsikt.documents import pdf as pdf_writer
from uppsikt.meetings import services as meeting_services
from uppsikt.meetings.tests import factories as meeting_factories
from uppsikt.organisation import services as org_services
from uppsikt.organisation.models import Role
from uppsikt.organisation.tests import factories as org

pytestmark = pytest.mark.django_db

METS_NS = {"mets": "http://www.loc.gov/METS/", "xlink": "http://www.w3.org/1999/xlink"}
ROOT = Path(__file__).resolve().parents[3]


def _validator() -> str | None:
    """The interpreter of the environment that holds eark-validator: UPPSIKT_EARK_PYTHON, or
    ``.venv-eark`` beside the checkout (``.ci/run`` makes it)."""
    candidates = [os.environ.get("UPPSIKT_EARK_PYTHON", ""), str(ROOT / ".venv-eark/bin/python")]
    for path in candidates:
        if path and Path(path).exists():
            return path
    return None


class World:
    pass


def _account(o, name, role, **scope):
    user = org_services.account_create(actor=SYSTEM, username=name, password="korrekt-hast-batteri")
    org.grant(user, role, o, **scope)
    return user


@pytest.fixture
def world():
    """A committee (RSAU under RS); a case of RS with a record and its file, a final proposal
    to RSAU, decided in § 1 of a meeting of 14 October 2025 whose minutes are approved; the
    case then closed. An administrator, and a secretary of RS."""
    c = meeting_factories.committee()
    w = World()
    w.c = c
    case = case_services.case_register(
        actor=SYSTEM,
        organisation=c.organisation,
        body=c.board,
        title="Ny parkeringspolicy",
        registered_on=dt.date(2025, 9, 1),
    )
    w.record = case_services.record_register(
        actor=SYSTEM,
        case=case,
        kind="incoming",
        date=dt.date(2025, 9, 2),
        description="Skrivelse om parkering",
        counterpart="Fastighetsförvaltningen",
        files=[pdf("skrivelse.pdf")],
    )
    p = case_services.proposal_create(
        actor=SYSTEM,
        case=case,
        body=c.body,
        title="Ny parkeringspolicy",
        date=dt.date(2025, 9, 20),
        decision_intro="Arbetsutskottet beslutar att",
    )
    case_services.proposal_update(
        actor=SYSTEM,
        proposal=p,
        decision_points=["anta parkeringspolicyn."],
        summary="En ny policy.",
        background="Bakgrund.",
        considerations="Övervägande.",
        economic_consequences="Inga.",
        signatories=[c.members[0]],
    )
    for t in AssessmentTemplate.objects.filter(organisation=c.organisation):
        case_services.impact_assessment_save(
            actor=SYSTEM, proposal=p, template=t, affected=False, not_affected_reason="Intern"
        )
    w.proposal = case_services.proposal_transition(actor=SYSTEM, proposal=p, to="final")
    m = meeting_factories.held_meeting(c, titles=())
    meeting_services.agenda_add(actor=c.secretary, meeting=m, proposal=w.proposal)
    item = m.items.get()
    meeting_services.item_decide(actor=c.secretary, item=item)
    meeting_services.minutes_approve(actor=c.chair_user, meeting=m)
    meeting_services.minutes_approve(actor=c.approver_user, meeting=m)
    m.refresh_from_db()
    w.meeting = m
    w.case = case_services.case_close(actor=SYSTEM, case=case)
    w.admin = _account(c.organisation, "arkivarie", Role.ADMINISTRATOR)
    w.secretary = _account(c.organisation, "rs-sekreterare", Role.SECRETARY, body=c.board)
    return w


def _run(export, actor):
    return services.export_write(actor=actor, export=export)


def _zip(export) -> zipfile.ZipFile:
    with default_storage.open(export.file, "rb") as f:
        return zipfile.ZipFile(io.BytesIO(f.read()))


def test_a_closed_case_exports_as_a_package_with_its_records_proposal_paragraph_and_minutes(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        export = services.case_export_order(actor=world.admin, case=world.case)
    export.refresh_from_db()
    job = Job.objects.get(pk=export.job_id)
    assert job.status == Job.Status.DONE, job.message
    assert export.status == ArchiveExport.Status.DONE
    with default_storage.open(export.file, "rb") as f:
        content = f.read()
    assert export.sha256 == hashlib.sha256(content).hexdigest()
    assert export.size == len(content)
    names = _zip(export).namelist()
    root = export.package_id
    data = f"{root}/representations/rep1/data/"
    assert f"{root}/METS.xml" in names
    assert f"{root}/metadata/descriptive/erms.xml" in names
    assert f"{root}/metadata/preservation/premis.xml" in names
    assert f"{root}/schemas/ERMS.xsd" in names
    assert f"{data}handlingar/1/1-skrivelse.pdf" in names
    kinds = sorted(n[len(data) :].split("/")[0] for n in names if n.startswith(data))
    # one record file, one proposal, one paragraph, one set of minutes
    assert kinds == ["beslutsforslag", "handlingar", "paragrafer", "protokoll"]
    assert _zip(export).read(f"{data}handlingar/1/1-skrivelse.pdf") == PDF
    assert export.file_count == len(names)
    actions = set(
        AuditEvent.objects.filter(object_id=str(export.pk)).values_list("action", flat=True)
    )
    assert {"archive.export_order", "archive.export"} <= actions


def test_every_file_in_the_package_has_the_size_and_checksum_mets_gives(world):
    export = _run(services.case_export_order(actor=world.admin, case=world.case), world.admin)
    z = _zip(export)
    root = export.package_id
    mets = etree.fromstring(z.read(f"{root}/METS.xml"))
    refs = mets.findall(".//mets:file", METS_NS) + mets.findall(".//mets:mdRef", METS_NS)
    listed = set()
    for el in refs:
        href = el.find("mets:FLocat", METS_NS) if el.tag.endswith("file") else el
        path = href.get(f"{{{METS_NS['xlink']}}}href")
        body = z.read(f"{root}/{path}")
        assert el.get("CHECKSUMTYPE") == "SHA-256"
        assert el.get("CHECKSUM") == hashlib.sha256(body).hexdigest().upper(), path
        assert int(el.get("SIZE")) == len(body), path
        listed.add(path)
    # every file but METS.xml itself is listed in it
    assert listed == {n[len(root) + 1 :] for n in z.namelist()} - {"METS.xml"}


def test_the_erms_metadata_validates_against_the_schema_and_the_schematron_rules(world):
    export = _run(services.case_export_order(actor=world.admin, case=world.case), world.admin)
    erms = _zip(export).read(f"{export.package_id}/metadata/descriptive/erms.xml")
    assert erms_problems(erms) == []
    doc = etree.fromstring(erms)
    ns = {"e": "https://DILCIS.eu/XML/ERMS"}
    agg = doc.find(".//e:aggregation", ns)
    assert agg.get("aggregationType") == "caseFile"
    assert agg.findtext("e:objectId", namespaces=ns) == world.case.number
    assert agg.find("e:status", ns).get("value") == "closed"
    types = [r.get("recordType") for r in agg.findall("e:record", ns)]
    assert types == ["Inkommen handling", "Beslutsförslag", "Protokollsutdrag", "Protokoll"]


def test_the_schematron_rules_catch_an_own_aggregation_without_its_name():
    export = ErmsExport(
        organisation_name="Region",
        organisation_code="",
        created=dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC),
        created_by="Arkivarie",
        aggregations=(ErmsAggregation("m:1", "RSAU 2025", "Protokoll", "minutes"),),
    )
    good = erms_xml(export)
    assert erms_problems(good) == []
    bad = good.replace(b' otherAggregationType="minutes"', b"")
    assert bad != good
    problems = erms_problems(bad)
    assert len(problems) == 1 and "otherAggregationType" in problems[0]


def test_a_bodys_minutes_for_a_year_export_as_a_package(world):
    export = services.minutes_export_order(actor=world.admin, body=world.c.body, year=2025)
    export = _run(export, world.admin)
    names = _zip(export).namelist()
    data = f"{export.package_id}/representations/rep1/data/protokoll/"
    assert [n for n in names if n.startswith(data)] == [
        f"{data}2025-10-14-Regionstyrelsens_arbetsutskott.pdf"
    ]
    erms = _zip(export).read(f"{export.package_id}/metadata/descriptive/erms.xml")
    assert erms_problems(erms) == []


def test_the_minutes_in_a_package_show_a_secret_item_by_its_number_only(world):
    """Unsealed minutes are rendered as the sealed ones read: a § on a secret case by its
    number. The administrator of the working committee orders them; the case is the board's,
    which the administrator has no role on."""
    require(pdf_writer.available(), "WeasyPrint/Pango saknas")
    require(shutil.which("pdftotext") is not None, "pdftotext saknas")
    Case.objects.filter(pk=world.case.pk).update(secret=True, secrecy_ground="OSL 18 kap. 8 §")
    admin = _account(world.c.organisation, "arkivarie-au", Role.ADMINISTRATOR, body=world.c.body)
    export = services.minutes_export_order(actor=admin, body=world.c.body, year=2025)
    export = _run(export, admin)
    path = f"{export.package_id}/representations/rep1/data/protokoll/"
    minutes = _zip(export).read(f"{path}2025-10-14-Regionstyrelsens_arbetsutskott.pdf")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=minutes, capture_output=True, check=True
    ).stdout.decode()
    assert "parkeringspolicy" not in text
    assert "§ 1" in text and "Ärende som omfattas av sekretess" in text


def test_a_year_without_approved_minutes_and_a_year_to_come_are_refused(world):
    with pytest.raises(DomainError):
        services.minutes_export_order(actor=world.admin, body=world.c.body, year=2024)
    with pytest.raises(DomainError):
        services.minutes_export_order(actor=world.admin, body=world.c.body, year=9999)
    assert not ArchiveExport.objects.exists()


def test_an_open_case_is_not_exported(world):
    case_services.case_reopen(actor=SYSTEM, case=world.case)
    with pytest.raises(DomainError):
        services.case_export_order(actor=world.admin, case=Case.objects.get(pk=world.case.pk))
    assert not ArchiveExport.objects.exists()


def test_only_an_administrator_exports(world):
    for user in (world.secretary, world.c.chair_user):
        with pytest.raises(NotPermitted):
            services.case_export_order(actor=user, case=world.case)
        with pytest.raises(NotPermitted):
            services.minutes_export_order(actor=user, body=world.c.body, year=2025)
    assert not ArchiveExport.objects.exists()


def test_the_pages_list_order_and_download_only_for_those_who_may(world, client):
    export = _run(services.case_export_order(actor=world.admin, case=world.case), world.admin)
    urls = [
        reverse("archive:exports"),
        reverse("archive:case", args=[world.case.number]),
        reverse("archive:body", args=[world.c.body.code]),
        reverse("archive:download", args=[export.pk]),
    ]
    client.force_login(world.secretary)
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("archive:case_export", args=[world.case.number])).status_code == 403
    client.force_login(world.admin)
    for url in urls[:3]:
        assert client.get(url).status_code == 200, url
    response = client.get(urls[3])
    assert response.status_code == 200
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == export.sha256
    assert export.package_id in client.get(urls[0]).content.decode()


def test_the_package_is_valid_by_the_eark_validator(world, tmp_path):
    python = _validator()
    require(python is not None, "eark-validator is not installed (.venv-eark, see .ci/run)")
    case_export = _run(services.case_export_order(actor=world.admin, case=world.case), world.admin)
    minutes_export = _run(
        services.minutes_export_order(actor=world.admin, body=world.c.body, year=2025), world.admin
    )
    paths = []
    for export in (case_export, minutes_export):
        target = tmp_path / f"{export.package_id}.zip"
        with default_storage.open(export.file, "rb") as f:
            target.write_bytes(f.read())
        paths.append(str(target))
    script = Path(__file__).with_name("eark_check.py")
    done = subprocess.run(
        [python, str(script), *paths], capture_output=True, text=True, timeout=300, check=False
    )
    results = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert len(results) == 2, done.stderr[-2000:]
    for result in results:
        assert result["valid"], json.dumps(result, ensure_ascii=False)[:3000]
    assert done.returncode == 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))
