"""Plan pages. Thin views."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uppsikt.core.exceptions import DomainError
from uppsikt.organisation.permissions import has_permission, require_permission
from uppsikt.organisation.views import organisation_or_404

from . import selectors, services
from .models import Plan


@require_permission("planning.view")
def plans(request):
    organisation = organisation_or_404()
    return render(
        request, "planning/plans.html", {"plans": selectors.plans(organisation=organisation)}
    )


@require_permission("planning.view")
def plan_detail(request, pk: int):
    organisation = organisation_or_404()
    plan = get_object_or_404(Plan, pk=pk, organisation=organisation)
    return render(
        request,
        "planning/plan.html",
        {
            **selectors.plan_contents(plan=plan),
            "can_manage": has_permission(request.user, "planning.manage"),
        },
    )


@require_POST
@require_permission("planning.manage")
def plan_copy_forward(request, pk: int):
    organisation = organisation_or_404()
    plan = get_object_or_404(Plan, pk=pk, organisation=organisation)
    try:
        new = services.plan_copy_forward(actor=request.user, plan=plan)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(plan)
    messages.success(
        request, _("Planen är förd vidare till %(year)s som utkast.") % {"year": new.year}
    )
    return redirect(new)
