"""Background work of the reports: rendering large documents (the group report)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from uppsikt.core.exceptions import DomainError
from uppsikt.core.jobs import job_done, job_failed, job_progress
from uppsikt.organisation.models import Body, Organisation
from uppsikt.organisation.tenancy import in_job_organisation


@task()
@in_job_organisation
def document_render_job(
    *,
    job_id: int,
    kind: str,
    organisation_id: int,
    body_id: int | None,
    code: str,
    ident: str,
    fmt: str,
    user_id: int,
) -> None:
    """Render a document and keep the file; the job's result links to the download, which then
    serves the kept file. A failure keeps nothing."""
    from uppsikt.documents.pdf import PdfUnavailable

    from . import services

    try:
        user = get_user_model().objects.get(pk=user_id)
        organisation = Organisation.objects.get(pk=organisation_id)
        body = Body.objects.get(pk=body_id) if body_id else None
        job_progress(job_id, 10, _("Hämtar uppgifterna"))
        rendered, _content, document = services.document_render(
            kind=kind, organisation=organisation, body=body, ident=ident, fmt=fmt, actor=user
        )
    except (DomainError, PdfUnavailable) as exc:
        job_failed(job_id, message=getattr(exc, "message", str(exc)))
        return
    except Exception as exc:  # a job never dies silently
        job_failed(job_id, message=_("Dokumentet kunde inte skapas: %(error)s") % {"error": exc})
        raise
    job_done(
        job_id,
        message=_("%(title)s är klar (%(size)d kB).")
        % {"title": f"{document.title} {document.subtitle}", "size": rendered.size // 1024},
        result={
            "rendered_id": rendered.pk,
            "url": reverse(
                "reports:document_file",
                kwargs={"kind": kind, "code": code, "ident": ident, "fmt": fmt},
            ),
        },
    )
