"""Sealing approved minutes: the notice's minutes rendered as PDF/A-2b with a signature page,
sealed with the organisation's seal (``documents.seal``, PAdES) and kept; then the extract
(protokollsutdrag) of each item the notice approved, sealed the same way. Runs in a
background job (``meetings.tasks.notice_seal_job``), started when a notice of approval is
posted, never inside the request (docs/sealing.md)."""

from __future__ import annotations

import logging
from functools import partial

from django.db import transaction
from django.utils.translation import gettext as _

from uppsikt.core.exceptions import DomainError
from uppsikt.core.permissions import is_system
from uppsikt.documents import seal
from uppsikt.documents import services as doc_services
from uppsikt.organisation.permissions import ensure_can

from .. import documents, selectors, signature_page
from ..models import MinutesItem, Notice

JOB_KIND = "minutes_seal"
logger = logging.getLogger(__name__)


def notice_pdf_seal(*, actor, notice: Notice):
    """Seal the minutes a notice of approval publishes and keep the file; the kept one when
    it is sealed already. Call with no transaction open: rendering and sealing (with a TSA, a
    round trip to it) take seconds; only keeping the file is atomic and audited."""
    if not is_system(actor):
        ensure_can(actor, "meetings.manage", notice.meeting.body)
    if notice.kind != Notice.Kind.APPROVAL:
        raise DomainError(_("Bara justerade protokoll förseglas."))
    existing = selectors.notice_sealed(notice=notice)
    if existing is not None:
        return existing
    cfg = seal.config()
    if cfg is None:
        raise DomainError(_("Inget sigill är konfigurerat (se docs/sealing.md)."))
    try:
        holder = seal.signer_name(cfg)
        doc = signature_page.sealed_notice_document(
            notice, holder=holder, level=cfg.level, demo=cfg.demo
        )
        content, _name, _mime = documents.write(doc, "pdf", organisation_id=notice.organisation_id)
        sealed = seal.seal_pdf(
            content,
            reason=f"Justerat protokoll, {notice.meeting.body.name} {notice.meeting.date.isoformat()}",
            location=notice.minutes_kept_at,
            cfg=cfg,
        )
    except seal.SealUnavailable as exc:
        raise DomainError(str(exc)) from exc
    return doc_services.rendered_store(
        kind=selectors.SEALED_KIND,
        subject=selectors.notice_seal_subject(notice),
        fmt="pdf",
        content=sealed,
        data_version=doc.data_version[:64],
        title=f"{doc.title} {doc.subtitle} {notice.meeting.date.isoformat()} (förseglat)",
        actor=actor,
    )


def extract_pdf_seal(*, actor, item: MinutesItem):
    """Seal an approved item's extract (protokollsutdrag) and keep the file; the kept one
    when it is sealed already. Outside any transaction, as ``notice_pdf_seal``."""
    if not is_system(actor):
        ensure_can(actor, "meetings.manage", item.body)
    if item.approved_at is None:
        raise DomainError(_("Bara utdrag ur justerade paragrafer förseglas."))
    existing = selectors.extract_sealed(item=item)
    if existing is not None:
        return existing
    cfg = seal.config()
    if cfg is None:
        raise DomainError(_("Inget sigill är konfigurerat (se docs/sealing.md)."))
    item = selectors.item_full(item=item)
    meeting = item.meeting
    try:
        holder = seal.signer_name(cfg)
        doc = signature_page.sealed_extract_document(
            item, holder=holder, level=cfg.level, demo=cfg.demo
        )
        content, _name, _mime = documents.write(doc, "pdf", organisation_id=meeting.organisation_id)
        sealed = seal.seal_pdf(
            content,
            reason=f"Protokollsutdrag {item.label}, {item.body.name} {meeting.date.isoformat()}",
            location=meeting.minutes_kept_at,
            cfg=cfg,
        )
    except seal.SealUnavailable as exc:
        raise DomainError(str(exc)) from exc
    return doc_services.rendered_store(
        kind=selectors.EXTRACT_SEALED_KIND,
        subject=selectors.extract_seal_subject(item),
        fmt="pdf",
        content=sealed,
        data_version=doc.data_version[:64],
        title=f"{doc.title} {item.body.name} {meeting.date.isoformat()} (förseglat)",
        actor=actor,
    )


def notice_extracts_seal(*, actor, notice: Notice) -> list:
    """Seal the extract of every item a notice of approval made approved (the item approved
    at once, or the items of the minutes) that has none sealed yet; returns the files."""
    items = selectors.extracts_unsealed(meeting=notice.meeting)
    if notice.item_id is not None:
        items = [i for i in items if i.pk == notice.item_id]
    return [extract_pdf_seal(actor=actor, item=item) for item in items]


def notice_pdf_seal_enqueue(*, notice_id: int, organisation_id: int, title: str) -> int:
    """Start the job that seals a notice's minutes; returns the job's id."""
    from uppsikt.core.jobs import job_create

    from ..tasks import notice_seal_job

    job = job_create(kind=JOB_KIND, title=title, started_by=None)
    notice_seal_job.enqueue(job_id=job.pk, notice_id=notice_id, organisation_id=organisation_id)
    return job.pk


def _enqueue_quietly(**kwargs) -> None:
    # After the commit the approval stands whatever happens here; a job that cannot be
    # queued is logged, and the notice board serves the unsealed PDF until it is sealed.
    try:
        notice_pdf_seal_enqueue(**kwargs)
    except Exception:
        logger.exception("Sealing of notice %s could not be queued", kwargs.get("notice_id"))


def seal_after_commit(notice: Notice) -> None:
    """When a seal is configured: once the approval is committed, start sealing its minutes."""
    if not seal.configured():
        return
    meeting = notice.meeting
    transaction.on_commit(
        partial(
            _enqueue_quietly,
            notice_id=notice.pk,
            organisation_id=notice.organisation_id,
            title=_("Försegla protokollet %(body)s %(date)s")
            % {"body": meeting.body.name, "date": meeting.date.isoformat()},
        )
    )
