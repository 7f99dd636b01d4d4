"""Background work of the staff indicators: importing an HR extract and recomputing."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django_tasks import task

from uppsikt.core.exceptions import DomainError
from uppsikt.core.jobs import job_done, job_failed, job_progress
from uppsikt.organisation.models import Organisation
from uppsikt.organisation.tenancy import in_job_organisation

from . import services
from .import_tables import Source


@task()
@in_job_organisation
def hr_import_job(
    *, job_id: int, stored: dict, covers_until: str | None, organisation_id: int, user_id: int
) -> None:
    """``stored`` maps employees/employments/absences to (stored name, original file name)."""
    try:
        user = get_user_model().objects.get(pk=user_id)
        organisation = Organisation.objects.get(pk=organisation_id)
        job_progress(job_id, 5, _("Läser filerna"))
        sources = {}
        for kind, (name, original) in stored.items():
            with default_storage.open(name, "rb") as handle:
                sources[kind] = Source(original, handle.read())
        job_progress(job_id, 30, _("Kontrollerar och sparar"))
        result = services.hr_extract_import(
            actor=user,
            organisation=organisation,
            sources=sources,
            covers_until=dt.date.fromisoformat(covers_until) if covers_until else None,
        )
    except DomainError as exc:
        job_failed(job_id, message=exc.message, errors=exc.errors)
        return
    except Exception as exc:
        # An unexpected error's text may quote a row of the extract: only its kind is shown.
        job_failed(
            job_id,
            message=_("Importen misslyckades av ett oväntat fel (%(kind)s); inget har sparats.")
            % {"kind": type(exc).__name__},
        )
        raise
    finally:
        for name, _original in stored.values():
            default_storage.delete(name)
    job_done(
        job_id,
        message=_(
            "HR-uttaget är inläst: %(employees)d anställda, %(employments)d anställningar, "
            "%(absences)d frånvaroposter. Beräkna nyckeltalen på nytt."
        )
        % result.counts,
        result={"url": "/personalnyckeltal/"},
    )


@task()
@in_job_organisation
def staff_figures_recompute_job(*, job_id: int, organisation_id: int, user_id: int) -> None:
    try:
        user = get_user_model().objects.get(pk=user_id)
        organisation = Organisation.objects.get(pk=organisation_id)
        job_progress(job_id, 10, _("Beräknar nyckeltalen"))
        rows = services.staff_figures_recompute(actor=user, organisation=organisation)
    except DomainError as exc:
        job_failed(job_id, message=exc.message, errors=exc.errors)
        return
    except Exception as exc:
        job_failed(job_id, message=_("Beräkningen misslyckades: %(error)s") % {"error": exc})
        raise
    job_done(
        job_id,
        message=_("Nyckeltalen är beräknade: %(n)d enhets- och månadsvärden.") % {"n": len(rows)},
        result={"url": "/personalnyckeltal/"},
    )
