"""Writes of the documents app: keeping rendered files, replacing the template.

Permission checks belong to the calling app (documents knows no roles): an app's service
checks ``ensure_can`` and then calls these inside its own transaction.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from uppsikt.core.audit import audit_record, snapshot
from uppsikt.core.exceptions import DomainError
from uppsikt.core.html_sanitize import sanitize
from uppsikt.core.permissions import user_or_none

from . import template as template_mod
from .models import DocumentTemplate, DocumentText, RenderedDocument


@transaction.atomic
def rendered_store(
    *,
    kind: str,
    subject: str,
    fmt: str,
    content: bytes,
    data_version: str,
    title: str = "",
    actor,
) -> RenderedDocument:
    """Keep a rendered file with its checksum and data version; the same content is kept once."""
    checksum = hashlib.sha256(content).hexdigest()
    existing = RenderedDocument.objects.filter(
        kind=kind, subject=subject, format=fmt, checksum=checksum
    ).first()
    if existing is not None:
        return existing
    name = f"documents/{checksum[:2]}/{checksum}.{fmt}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(content))
    row = RenderedDocument(
        kind=kind,
        subject=subject,
        format=fmt,
        checksum=checksum,
        data_version=data_version,
        size=len(content),
        file=name,
        title=title[:300],
        created_by=user_or_none(actor),
    )
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # stored at the same moment by another request
        return RenderedDocument.objects.get(
            kind=kind, subject=subject, format=fmt, checksum=checksum
        )
    audit_record(
        actor=actor,
        action="document.render",
        obj=row,
        after={
            "kind": kind,
            "subject": subject,
            "format": fmt,
            "checksum": checksum,
            "data_version": data_version,
        },
    )
    return row


@transaction.atomic
def template_replace(*, name: str, content: bytes, scope: str = "", actor) -> DocumentTemplate:
    """Make ``content`` (a .docx) the template; the previous one is kept, inactive."""
    template_mod.check(content)
    DocumentTemplate.objects.filter(scope=scope, active=True).update(active=False)
    row = DocumentTemplate.objects.create(
        scope=scope,
        name=name[:200],
        content=content,
        checksum=hashlib.sha256(content).hexdigest(),
        uploaded_by=user_or_none(actor),
    )
    audit_record(
        actor=actor,
        action="document_template.replace",
        obj=row,
        after={"name": row.name, "checksum": row.checksum, "scope": scope},
    )
    return row


@transaction.atomic
def template_reset(*, scope: str = "", actor) -> None:
    """Go back to the built-in template."""
    for row in DocumentTemplate.objects.filter(scope=scope, active=True):
        row.active = False
        row.save(update_fields=["active"])
        audit_record(
            actor=actor,
            action="document_template.reset",
            obj=row,
            after={"active": False},
        )


@transaction.atomic
def text_set(
    *, kind: str, subject: str, key: str, text: str, version: int | None = None, actor
) -> DocumentText:
    """Write a document's text (sanitised). ``version`` guards against overwriting a change
    made meanwhile by someone else (optimistic locking): it is the version the writer saw, 0 for
    a text that did not exist yet. None skips the check (the demo loader)."""
    from django.utils.translation import gettext as _

    row, created = DocumentText.objects.select_for_update().get_or_create(
        kind=kind, subject=subject, key=key
    )
    if not created and version is not None and version != row.version:
        raise DomainError(
            _("Texten har ändrats av någon annan sedan du öppnade den. Ladda om sidan.")
        )
    before = None if created else snapshot(row)
    row.text = sanitize(text)
    if not created:
        row.version += 1
    row.updated_by = user_or_none(actor)
    row.save()
    audit_record(actor=actor, action="document_text.set", obj=row, before=before)
    return row
