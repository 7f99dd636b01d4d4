"""Background work of the ledger."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django_tasks import task

from uppsikt.core.exceptions import DomainError
from uppsikt.core.jobs import job_done, job_failed, job_progress
from uppsikt.organisation.models import Organisation
from uppsikt.organisation.tenancy import in_job_organisation

from . import ledger_store, services


def staging_prefix(job_id: int) -> str:
    """The staging folder of a job's import is named after the job, so that the job's clean-up
    finds it should the worker die before the import removes it."""
    return f"tmp-job{job_id}"


def sie_staging_remove(job) -> None:
    """Clean-up of an abandoned SIE import: its staging folders (``ledger_store``)."""
    ledger_store.remove_staging(staging_prefix(job.pk))


@task()
@in_job_organisation
def sie_import_job(
    *, job_id: int, stored_name: str, file_name: str, organisation_id: int, user_id: int
) -> None:
    """Import an uploaded SIE file, reporting progress on the job; a failure changes nothing."""
    try:
        user = get_user_model().objects.get(pk=user_id)
        organisation = Organisation.objects.get(pk=organisation_id)
        job_progress(job_id, 1, _("Läser filen"))
        # read from the stored upload a chunk at a time, never whole into memory
        with default_storage.open(stored_name, "rb") as handle:
            result = services.sie_import_file(
                actor=user,
                organisation=organisation,
                file=handle,
                filename=file_name,
                progress=lambda percent, text: job_progress(job_id, percent, text),
                staging_prefix=staging_prefix(job_id),
            )
    except DomainError as exc:
        job_failed(job_id, message=exc.message, errors=exc.errors)
        return
    except Exception as exc:  # a job never dies silently
        job_failed(job_id, message=_("Importen misslyckades: %(error)s") % {"error": exc})
        raise
    finally:
        default_storage.delete(stored_name)
    imp = result.ledger_import
    job_done(
        job_id,
        message=(
            _("%(file)s är inläst: %(v)d verifikationer, %(t)d transaktioner.")
            % {"file": imp.file_name, "v": imp.voucher_count, "t": imp.transaction_count}
            if result.created
            else _("Samma fil är redan inläst; ingenting ändrades.")
        ),
        result={"import_id": imp.pk, "url": f"/ekonomi/importer/{imp.pk}/"},
    )
