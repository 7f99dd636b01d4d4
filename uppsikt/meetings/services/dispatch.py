"""Extracts of approved items and their dispatch (expediering)."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from uppsikt.core.audit import audit_record
from uppsikt.core.exceptions import DomainError
from uppsikt.core.permissions import user_or_none
from uppsikt.organisation.permissions import ensure_can

from ..models import (
    Dispatch,
    MinutesItem,
)


def _extract(item: MinutesItem, fmt: str) -> tuple[bytes, str, str]:
    """The extract to send: the sealed PDF/A when the sealing job has made it."""
    from uppsikt.documents import selectors as doc_selectors

    from .. import documents, selectors

    sealed = selectors.extract_sealed(item=item) if fmt == "pdf" else None
    if sealed is not None:
        name = f"protokollsutdrag-{item.meeting.date.isoformat()}-{item.pk}-forseglat.pdf"
        return doc_selectors.rendered_content(sealed), name, "application/pdf"
    return documents.extract_file(item, fmt)


@transaction.atomic
def dispatch_record(
    *,
    actor,
    item: MinutesItem,
    recipient: str,
    email: str = "",
    fmt: str = "pdf",
    at: dt.datetime | None = None,
) -> Dispatch:
    """Send (expediera) the extract of an approved item to a recipient and record it; ``at``
    is when it was sent (now unless given: the demo records its past dispatches)."""
    ensure_can(actor, "meetings.manage", item.body)
    item = MinutesItem.objects.select_related("meeting", "body", "case").get(pk=item.pk)
    if item.approved_at is None:
        raise DomainError(_("Bara justerade paragrafer expedieras."))
    if not recipient.strip():
        raise DomainError(_("Ange mottagare."))
    if fmt not in ("pdf", "docx"):
        raise DomainError(_("Okänt format."))
    content, name, mime = _extract(item, fmt)
    # A § that is secret or on a secret case never goes by e-mail (docs/meetings.md, *Secrecy*).
    if email and not (item.secret or (item.case_id and item.case.secret)):
        message = EmailMessage(
            subject=_("Protokollsutdrag %(label)s %(title)s")
            % {"label": item.label, "title": item.title},
            body=_("Bifogat finns protokollsutdraget."),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email],
        )
        message.attach(name, content, mime)
        transaction.on_commit(lambda: message.send(fail_silently=False))
    dispatch = Dispatch.objects.create(
        item=item,
        recipient=recipient.strip(),
        email=email.strip(),
        fmt=fmt,
        sent_at=at or timezone.now(),
        sent_by=user_or_none(actor),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    audit_record(actor=actor, action="extract.dispatch", obj=dispatch)
    return dispatch
