"""Administration of the API's tokens: the list, a new token (its secret shown once, on the
answer to the form, never again) and revoking. Thin: the form parses, services write."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uppsikt.core.exceptions import DomainError
from uppsikt.organisation.permissions import require_permission

from . import selectors, services
from .forms import TokenForm
from .tokens import TOKEN_PERMISSIONS


@require_permission("api.grant")
def tokens(request):
    return render(
        request,
        "api/tokens.html",
        {
            "tokens": selectors.tokens_of(organisation=request.organisation),
            "labels": {k: v[1] for k, v in TOKEN_PERMISSIONS.items()},
        },
    )


@require_permission("api.grant")
def token_create(request):
    form = TokenForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token, secret = services.api_token_create(
                actor=request.user,
                organisation=request.organisation,
                name=data["name"],
                owner=data["owner"],
                integration=data["integration"],
                permissions=data["permissions"],
                units=list(data["units"]),
                bodies=list(data["bodies"]),
                expires_at=form.expires_at(),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            # shown on this answer only: it is kept nowhere but as its hash
            return render(request, "api/token_created.html", {"token": token, "secret": secret})
    return render(request, "api/token_form.html", {"form": form})


@require_POST
@require_permission("api.grant")
def token_revoke(request, pk: int):
    token = selectors.token_get(organisation=request.organisation, pk=pk)
    try:
        services.api_token_revoke(actor=request.user, token=token)
        messages.success(request, _("Nyckeln är återkallad."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("api_admin:tokens")
