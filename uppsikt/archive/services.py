"""Exporting archive packages (docs/archive.md). A person with ``archive.export`` on the body
orders the package of a closed case, or of the body's minutes for a year: the order is recorded
(``ArchiveExport``) and audited, and a background job writes the package, keeps it and records
its checksum. Writing the package reads files and renders PDFs, so it runs with no transaction
open; only the bookkeeping before and after it is atomic."""

from __future__ import annotations

import hashlib
import tempfile
import uuid

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import uppsikt
from uppsikt.cases import secrecy
from uppsikt.cases.models import Case
from uppsikt.core.audit import audit_record
from uppsikt.core.exceptions import DomainError
from uppsikt.core.permissions import user_or_none
from uppsikt.organisation.models import Body
from uppsikt.organisation.permissions import ensure_can

from . import content as package_content
from .erms import ErmsExport, erms_problems, erms_xml
from .models import ArchiveExport
from .package import PackageSpec, package_write

JOB_KIND = "archive.export"


def _package_id() -> str:
    return f"uppsikt-{uuid.uuid4()}"


def _enqueue(export: ArchiveExport, *, actor) -> None:
    from uppsikt.core.jobs import job_create

    from .tasks import archive_export_job

    job = job_create(kind=JOB_KIND, title=export.title, started_by=actor)
    ArchiveExport.objects.filter(pk=export.pk).update(job=job)
    export.job = job
    transaction.on_commit(
        lambda: archive_export_job.enqueue(
            job_id=job.pk,
            export_id=export.pk,
            organisation_id=export.organisation_id,
            user_id=actor.pk,
        )
    )


@transaction.atomic
def case_export_order(*, actor, case: Case, background: bool = True) -> ArchiveExport:
    """Order the archive package of a closed case; the job writes it (``background=False``:
    the caller writes it with ``export_write``, as the demo does)."""
    ensure_can(actor, "archive.export", case.body)
    if case.status != Case.Status.CLOSED:
        raise DomainError(_("Bara avslutade ärenden kan arkiveras."))
    if not secrecy.can_see_case(actor, case):
        raise DomainError(_("Du får inte se ärendet och kan inte arkivera det."))
    export = ArchiveExport.objects.create(
        organisation=case.organisation,
        kind=ArchiveExport.Kind.CASE,
        case=case,
        body=case.body,
        title=_("Arkivpaket %(number)s") % {"number": case.number},
        package_id=_package_id(),
        created_by=user_or_none(actor),
    )
    audit_record(actor=actor, action="archive.export_order", obj=export)
    if background:
        _enqueue(export, actor=actor)
    return export


@transaction.atomic
def minutes_export_order(*, actor, body: Body, year: int, background: bool = True) -> ArchiveExport:
    """Order the archive package of a body's approved minutes for a year."""
    ensure_can(actor, "archive.export", body)
    if year < 1900 or year > timezone.localdate().year:
        raise DomainError(_("Året finns inte."))
    if not package_content.approved_meetings(body=body, year=year).exists():
        raise DomainError(_("Organet har inga justerade protokoll det året."))
    export = ArchiveExport.objects.create(
        organisation=body.organisation,
        kind=ArchiveExport.Kind.MINUTES,
        body=body,
        year=year,
        title=_("Arkivpaket protokoll %(body)s %(year)s") % {"body": body.name, "year": year},
        package_id=_package_id(),
        created_by=user_or_none(actor),
    )
    audit_record(actor=actor, action="archive.export_order", obj=export)
    if background:
        _enqueue(export, actor=actor)
    return export


def _content(export: ArchiveExport, *, actor, progress):
    if export.kind == ArchiveExport.Kind.CASE:
        return package_content.case_content(case=export.case, actor=actor, progress=progress)
    return package_content.minutes_content(body=export.body, year=export.year, progress=progress)


def export_write(*, actor, export: ArchiveExport, progress=lambda percent, message: None):
    """Write an ordered package, keep it and record its checksum. Call with no transaction
    open. A package whose ERMS metadata does not validate is not kept."""
    ensure_can(actor, "archive.export", export.body)
    if export.status != ArchiveExport.Status.QUEUED:
        raise DomainError(_("Arkivpaketet är redan skapat."))
    organisation = export.organisation
    content = _content(export, actor=actor, progress=progress)
    now = timezone.now()
    erms = erms_xml(
        ErmsExport(
            organisation_name=organisation.name,
            organisation_code=organisation.org_number,
            created=now,
            created_by=str(getattr(actor, "get_full_name", lambda: "")() or actor),
            aggregations=(content.aggregation,),
        )
    )
    problems = erms_problems(erms)
    if problems:
        raise DomainError(_("Ärendemetadata följer inte FGS: %(first)s") % {"first": problems[0]})
    progress(90, _("Paketerar"))
    spec = PackageSpec(
        objid=export.package_id,
        label=export.title,
        created=now,
        organisation_name=organisation.name,
        organisation_code=organisation.org_number,
        software_version=uppsikt.__version__,
        erms=erms,
        files=tuple(content.files),
    )
    digest = hashlib.sha256()
    with tempfile.TemporaryFile() as tmp:
        paths = package_write(spec, tmp)
        size = tmp.tell()
        tmp.seek(0)
        for chunk in iter(lambda: tmp.read(1 << 20), b""):
            digest.update(chunk)
        tmp.seek(0)
        name = default_storage.save(f"archive/{organisation.pk}/{export.package_id}.zip", File(tmp))
    try:
        return _export_done(
            actor=actor,
            export=export,
            name=name,
            size=size,
            sha256=digest.hexdigest(),
            file_count=len(paths),
        )
    except Exception:
        default_storage.delete(name)
        raise


@transaction.atomic
def _export_done(*, actor, export, name: str, size: int, sha256: str, file_count: int):
    row = ArchiveExport.objects.select_for_update().get(pk=export.pk)
    before = {"status": row.status}
    row.status = ArchiveExport.Status.DONE
    row.file = name
    row.size = size
    row.sha256 = sha256
    row.file_count = file_count
    row.finished_at = timezone.now()
    row.save()
    audit_record(actor=actor, action="archive.export", obj=row, before=before)
    return row


@transaction.atomic
def export_fail(*, actor, export: ArchiveExport, message: str) -> None:
    row = ArchiveExport.objects.select_for_update().get(pk=export.pk)
    if row.status != ArchiveExport.Status.QUEUED:
        return
    row.status = ArchiveExport.Status.FAILED
    row.message = message[:300]
    row.finished_at = timezone.now()
    row.save()
    audit_record(actor=actor, action="archive.export_fail", obj=row, before={"status": "queued"})


def export_job_cleanup(job) -> None:
    """An abandoned export job: its order is marked failed; nothing was kept."""
    from uppsikt.core.permissions import SYSTEM

    for export in ArchiveExport.objects.filter(job=job, status=ArchiveExport.Status.QUEUED):
        export_fail(actor=SYSTEM, export=export, message=str(_("Jobbet avbröts.")))
