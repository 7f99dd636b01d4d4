"""Background work of the meetings: sealing approved minutes and their extracts
(docs/sealing.md)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_tasks import task

from uppsikt.core.exceptions import DomainError
from uppsikt.core.jobs import job_done, job_failed, job_progress
from uppsikt.core.permissions import SYSTEM
from uppsikt.organisation.tenancy import in_job_organisation


@task()
@in_job_organisation
def notice_seal_job(*, job_id: int, notice_id: int, organisation_id: int) -> None:
    """Seal the minutes of a notice of approval, then the extract of each item it approved,
    and keep the sealed PDF/As."""
    from .models import Notice
    from .services import seal as seal_services

    try:
        notice = Notice.objects.select_related("meeting__body").get(
            pk=notice_id, organisation_id=organisation_id
        )
        job_progress(job_id, 10, _("Skapar och förseglar protokollet"))
        rendered = seal_services.notice_pdf_seal(actor=SYSTEM, notice=notice)
        job_progress(job_id, 60, _("Förseglar protokollsutdragen"))
        extracts = seal_services.notice_extracts_seal(actor=SYSTEM, notice=notice)
    except DomainError as exc:
        job_failed(job_id, message=exc.message)
        return
    except Exception as exc:  # a job never dies silently
        job_failed(
            job_id, message=_("Protokollet kunde inte förseglas: %(error)s") % {"error": exc}
        )
        raise
    job_done(
        job_id,
        message=_("Protokollet är förseglat (%(size)d kB), och %(extracts)d protokollsutdrag.")
        % {"size": rendered.size // 1024, "extracts": len(extracts)},
        result={
            "rendered_id": rendered.pk,
            "extract_ids": [e.pk for e in extracts],
            "url": notice.get_absolute_url(),
        },
    )
