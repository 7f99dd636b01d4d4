"""Fetching a comparison's values from Kolada in the background, with progress."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from uppsikt.core.exceptions import DomainError
from uppsikt.core.jobs import job_done, job_failed, job_progress
from uppsikt.organisation.tenancy import in_job_organisation
from uppsikt.planning.models import Plan

from . import services
from .client import default_client
from .models import Comparison


@task()
@in_job_organisation
def kolada_import_job(
    *, job_id: int, comparison_id: int, plan_id: int, organisation_id: int, user_id: int
) -> None:
    try:
        user = get_user_model().objects.get(pk=user_id)
        plan = Plan.objects.get(pk=plan_id, organisation_id=organisation_id)
        comparison = Comparison.objects.select_related("indicator").get(
            pk=comparison_id, organisation_id=organisation_id
        )
        job_progress(job_id, 10, _("Hämtar från Kolada"))
        fetched = services.values_fetch(
            actor=user, plan=plan, comparison=comparison, client=default_client()
        )
        job_progress(job_id, 80, _("Sparar värdena"))
        stored = services.values_store(
            actor=user, plan=plan, comparison=comparison, fetched=fetched
        )
    except DomainError as exc:
        job_failed(job_id, message=exc.message, errors=exc.errors)
        return
    except Exception as exc:
        job_failed(
            job_id,
            message=_("Hämtningen misslyckades av ett oväntat fel (%(kind)s).")
            % {"kind": type(exc).__name__},
        )
        raise
    job_done(
        job_id,
        message=_("%(n)d värden är hämtade från Kolada.") % {"n": stored},
        result={"url": reverse("planning:indicator_edit", args=[plan.pk, comparison.indicator_id])},
    )
