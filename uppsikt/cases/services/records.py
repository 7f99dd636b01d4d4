"""Records (handlingar) of a case: registering them with their checked files, attaching a
file, marking one secret."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError, InvalidTransition, NotPermitted
from uppsikt.core.permissions import user_or_none
from uppsikt.core.uploads import MB, check_upload
from uppsikt.organisation.permissions import ensure_can

from .. import secrecy
from ..models import Case, Record, RecordFile
from ._base import _check_secrecy, _check_version, _ensure_can_work_on

RECORD_FILE_TYPES = {".pdf", ".docx", ".png", ".jpg", ".jpeg"}


def record_max_bytes() -> int:
    return int(getattr(settings, "UPPSIKT_RECORD_FILE_MAX_MB", 20)) * MB


def _check_files(files: Sequence) -> None:
    for upload in files:
        check_upload(upload, allowed=RECORD_FILE_TYPES, max_bytes=record_max_bytes())


def _store_file(record: Record, upload) -> RecordFile:
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        digest.update(chunk)
    upload.seek(0)
    stored = RecordFile(
        record=record,
        name=upload.name.rsplit("/", 1)[-1][:200],
        size=upload.size,
        sha256=digest.hexdigest(),
    )
    stored.file.save(stored.name, upload, save=False)
    stored.save()
    return stored


@transaction.atomic
def record_register(
    *,
    actor,
    case: Case,
    kind: str,
    date: dt.date,
    description: str,
    counterpart: str = "",
    secret: bool = False,
    secrecy_ground: str = "",
    files: Sequence = (),
    registered_on: dt.date | None = None,
) -> Record:
    """Register a record in a case: it gets the case's next record number (``RS241521-3``).

    Every file is checked (type by content, size) before anything is written.
    """
    _check_files(files)
    case = Case.objects.select_for_update().get(pk=case.pk)
    _ensure_can_work_on(actor, case)
    if case.status != Case.Status.OPEN:
        raise InvalidTransition(_("Handlingar registreras bara i pågående ärenden."))
    if kind not in Record.Kind.values:
        raise DomainError(_("Okänd typ av handling."))
    description = (description or "").strip()
    if not description:
        raise DomainError(_("Handlingen behöver en kort beskrivning."))
    if kind == Record.Kind.INCOMING and not (counterpart or "").strip():
        raise DomainError(_("Ange avsändaren av en inkommen handling."))
    if kind == Record.Kind.OUTGOING and not (counterpart or "").strip():
        raise DomainError(_("Ange mottagaren av en utgående handling."))
    ground = _check_secrecy(secret, secrecy_ground)
    today = timezone.localdate()
    if date > today:
        raise DomainError(_("Handlingens datum kan inte ligga i framtiden."))
    case.last_record_number += 1
    case.save(update_fields=["last_record_number", "updated_at"])
    record = Record.objects.create(
        case=case,
        sequence=case.last_record_number,
        kind=kind,
        date=date,
        registered_on=registered_on or today,
        counterpart=(counterpart or "").strip(),
        description=description,
        secret=secret,
        secrecy_ground=ground,
        registered_by=user_or_none(actor),
    )
    stored = [_store_file(record, upload) for upload in files]
    audit_record(
        actor=actor,
        action="record.register",
        obj=record,
        detail={"files": [f.name for f in stored]} if stored else None,
    )
    return record


@transaction.atomic
def record_attach(*, actor, record: Record, upload) -> RecordFile:
    _check_files([upload])
    record = Record.objects.select_related("case").select_for_update().get(pk=record.pk)
    _ensure_can_work_on(actor, record.case)
    secrecy.ensure_can_see_record(actor, record)
    stored = _store_file(record, upload)
    # the record is the audited object; the file by its name, size and checksum
    audit_record(
        actor=actor,
        action="record.attach",
        obj=record,
        detail={"file": stored.name, "size": stored.size, "sha256": stored.sha256},
    )
    return stored


@transaction.atomic
def record_set_secrecy(
    *, actor, record: Record, version: int, secret: bool, secrecy_ground: str = ""
) -> Record:
    """Mark a record secret with its OSL ground (those who register may do so). Lifting or
    changing the secrecy of a secret record is a secrecy review (``record_secrecy_review``)."""
    record = Record.objects.select_related("case").select_for_update(of=("self",)).get(pk=record.pk)
    _ensure_can_work_on(actor, record.case)
    secrecy.ensure_can_see_record(actor, record)
    _check_version(record, version)
    if record.secret:
        raise NotPermitted(
            _(
                "Handlingen omfattas redan av sekretess. Sekretessen lyfts eller ändras bara "
                "genom en sekretessprövning."
            )
        )
    if not secret:
        raise DomainError(_("Kryssa i att handlingen omfattas av sekretess och ange grunden."))
    before = snapshot(record)
    record.secret = True
    record.secrecy_ground = _check_secrecy(True, secrecy_ground)
    record.version += 1
    record.save(update_fields=["secret", "secrecy_ground", "version", "updated_at"])
    audit_record(actor=actor, action="record.secrecy", obj=record, before=before)
    return record


DISPOSED = "Gallrad handling"


def record_dispose(*, actor, record: Record) -> int:
    """Gallring of one record under the retention schedule: its files are removed and what it
    says of people (counterpart, description) is cleared; the row and its number stay, so the
    case's register is whole. Only a record of a closed, open (not secret) case. Call inside the
    disposal's transaction; returns the number of files removed. The storage files are deleted
    when the transaction commits."""
    from django.core.files.storage import default_storage

    ensure_can(actor, "archive.dispose")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_dispose must run inside the disposal's transaction")
    record = Record.objects.select_for_update().select_related("case").get(pk=record.pk)
    if record.case.status != Case.Status.CLOSED or record.case.secret or record.secret:
        raise DomainError(_("Handlingen får inte gallras."))
    before = snapshot(record)
    files = list(record.files.all())
    names = [f.file.name for f in files]
    for f in files:
        audit_record(actor=actor, action="record.file_dispose", obj=f, after=None)
    RecordFile.objects.filter(pk__in=[f.pk for f in files]).delete()
    record.counterpart = ""
    record.description = DISPOSED
    record.version += 1
    record.save(update_fields=["counterpart", "description", "version", "updated_at"])
    audit_record(actor=actor, action="record.dispose", obj=record, before=before)

    def _remove():
        for name in names:
            if name and default_storage.exists(name):
                default_storage.delete(name)

    transaction.on_commit(_remove)
    return len(files)
