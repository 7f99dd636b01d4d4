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


def document_render_keep(
    *, kind: str, subject: str, fmt: str, build, actor, title: str = "", template_scope: str = ""
):
    """Render a document and keep the file: the one way an app makes a document it keeps
    (docs/adr/0005). Returns ``(rendered, content, document)``.

    ``build`` takes no arguments and returns the ``model.Document``; it reads the data. The
    caller checks permission first (this app knows no roles) and calls this with no transaction
    open and no row locked: rendering a large PDF takes seconds, and a lock held meanwhile
    stops everyone else. Only keeping the file is atomic and audited (``rendered_store``), with
    its checksum, data version and who asked. The data version is the content's hash, the
    template's and the writers': unchanged data and template give the kept file back unrendered.
    """
    from django.utils.translation import gettext as _

    from . import render as render_mod
    from . import selectors

    if fmt not in render_mod.FORMATS:
        raise DomainError(_("Okänt format: %(fmt)s.") % {"fmt": fmt})
    document = build()
    if fmt not in render_mod.formats_of(document):
        raise DomainError(_("Okänt format: %(fmt)s.") % {"fmt": fmt})
    from .logo import logo_scope

    template = selectors.template_current(
        scope=render_mod.template_scope(document, organisation_scope=template_scope)
    )
    # the organisation's own logo, if it has uploaded one (a slide deck shows it where its
    # .pptx template carries no logo of its own)
    logo = selectors.template_current(scope=logo_scope(template_scope))
    version = "-".join(
        (
            render_mod.fingerprint(document),
            (template.checksum[:8] if template else "std")
            + (f"+{logo.checksum[:8]}" if logo else ""),
            render_mod.engine_version(deck=bool(render_mod.template_scope(document))),
        )
    )
    document.data_version = version
    stored = (
        selectors.rendered_for(kind=kind, subject=subject)
        .filter(format=fmt, data_version=version)
        .first()
    )
    if stored is not None:
        try:
            return stored, selectors.rendered_content(stored), document
        except OSError:
            pass  # the file is gone from the storage: render it again
    content = render_mod.render(
        document,
        fmt,
        template=bytes(template.content) if template else None,
        logo=bytes(logo.content) if logo else None,
    )
    rendered = rendered_store(
        kind=kind,
        subject=subject,
        fmt=fmt,
        content=content,
        data_version=version,
        title=title or f"{document.title} {document.subtitle} – {document.header}",
        actor=actor,
    )
    return rendered, content, document


@transaction.atomic
def template_replace(*, name: str, content: bytes, scope: str = "", actor) -> DocumentTemplate:
    """Make ``content`` the template of ``scope``: a .docx for the documents (scope ""), a
    .pptx for the slide decks (``pptx.deck_scope``); the previous one is kept, inactive."""
    from . import logo, pptx

    if logo.is_logo_scope(scope):
        content = logo.normalise(content)
    elif pptx.is_deck_scope(scope):
        pptx.check(content)
    else:
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
        action="organisation_logo.replace"
        if logo.is_logo_scope(scope)
        else "document_template.replace",
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
