"""Background work of the archive: writing a package (``services.export_write``)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from uppsikt.core.exceptions import DomainError
from uppsikt.core.jobs import job_done, job_failed, job_progress
from uppsikt.organisation.tenancy import in_job_organisation


@task()
@in_job_organisation
def archive_export_job(*, job_id: int, export_id: int, organisation_id: int, user_id: int) -> None:
    """Write an ordered archive package; the job's result links to the list of packages."""
    from . import services
    from .models import ArchiveExport

    export = ArchiveExport.objects.select_related("organisation", "body", "case").get(
        pk=export_id, organisation_id=organisation_id
    )
    user = get_user_model().objects.get(pk=user_id)
    try:
        job_progress(job_id, 5, _("Hämtar ärendet"))
        row = services.export_write(
            actor=user,
            export=export,
            progress=lambda percent, message: job_progress(job_id, percent, message),
        )
    except DomainError as exc:
        services.export_fail(actor=user, export=export, message=exc.message)
        job_failed(job_id, message=exc.message)
        return
    except Exception as exc:  # a job never dies silently
        services.export_fail(actor=user, export=export, message=str(exc))
        job_failed(job_id, message=_("Arkivpaketet kunde inte skapas: %(error)s") % {"error": exc})
        raise
    job_done(
        job_id,
        message=_("%(title)s är klart (%(count)d filer, %(size)d kB).")
        % {"title": row.title, "count": row.file_count, "size": row.size // 1024},
        result={"url": reverse("archive:download", args=[row.pk])},
    )
