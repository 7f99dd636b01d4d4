"""Administration: people, their accounts and roles, integrations, the audit trail; and each
person's own account page. Thin: forms parse, services write, selectors read."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uppsikt.core import selectors as core_selectors
from uppsikt.core.exceptions import DomainError

from . import selectors, services
from .forms import AccountCreateForm, AuditFilterForm, PersonForm, RoleGrantForm
from .models import Person, RoleGrant
from .permissions import has_permission_everywhere, require_permission
from .tenancy import organisation_of


def _person(request, pk: int) -> Person:
    return get_object_or_404(
        Person.objects.select_related("user", "unit"), pk=pk, organisation=request.organisation
    )


def my_account(request):
    person = getattr(request.user, "person", None)
    return render(
        request,
        "organisation/my_account.html",
        {
            "person": person,
            "grants": selectors.role_grants(
                user=request.user, organisation=organisation_of(request)
            ),
            "seats": selectors.memberships_of(person=person) if person else [],
        },
    )


def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_set_password(
                actor=request.user, user=request.user, password=form.cleaned_data["new_password1"]
            )
        except DomainError as exc:
            form.add_error("new_password1", exc.message)
        else:
            from django.contrib.auth import update_session_auth_hash

            update_session_auth_hash(request, request.user)
            messages.success(request, _("Lösenordet är bytt."))
            return redirect("my_account")
    return render(request, "organisation/password_change.html", {"form": form})


@require_permission("organisation.manage")
def people(request):
    organisation = request.organisation
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(
        selectors.people_admin_list(organisation=organisation, query=query), 50
    ).get_page(request.GET.get("sida"))
    return render(
        request,
        "organisation/admin/people.html",
        {"page": page, "query": query, "pager_query": urlencode({"q": query}) if query else ""},
    )


@require_permission("organisation.manage")
def person_create(request):
    organisation = request.organisation
    form = PersonForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        person = services.person_create(
            actor=request.user, organisation=organisation, **form.cleaned_data
        )
        messages.success(request, _("%(name)s är tillagd.") % {"name": person.full_name})
        return redirect("organisation:admin_person", pk=person.pk)
    return render(request, "organisation/admin/person_form.html", {"form": form})


@require_permission("organisation.manage")
def person_manage(request, pk: int):
    organisation = request.organisation
    person = _person(request, pk)
    person_form = PersonForm(instance=person, organisation=organisation)
    account_form = AccountCreateForm()
    role_form = RoleGrantForm(organisation=organisation)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "update":
                person_form = PersonForm(
                    request.POST,
                    instance=Person.objects.get(pk=person.pk),
                    organisation=organisation,
                )
                if person_form.is_valid():
                    services.person_update(
                        actor=request.user, person=person, **person_form.cleaned_data
                    )
                    messages.success(request, _("Uppgifterna är sparade."))
                    return redirect("organisation:admin_person", pk=pk)
            elif action == "account" and person.user is None:
                account_form = AccountCreateForm(request.POST)
                if account_form.is_valid():
                    services.account_create(
                        actor=request.user,
                        username=account_form.cleaned_data["username"],
                        password=account_form.cleaned_data["password"] or None,
                        person=person,
                    )
                    messages.success(request, _("Kontot är skapat."))
                    return redirect("organisation:admin_person", pk=pk)
            elif action == "grant" and person.user is not None:
                role_form = RoleGrantForm(request.POST, organisation=organisation)
                if role_form.is_valid():
                    services.role_grant(
                        actor=request.user,
                        user=person.user,
                        role=role_form.cleaned_data["role"],
                        organisation=organisation,
                        unit=role_form.cleaned_data["unit"],
                        body=role_form.cleaned_data["body"],
                    )
                    messages.success(request, _("Rollen är tillagd."))
                    return redirect("organisation:admin_person", pk=pk)
            elif action in {"deactivate", "activate"} and person.user is not None:
                services.account_set_active(
                    actor=request.user, user=person.user, active=action == "activate"
                )
                messages.success(
                    request,
                    _("Kontot är aktiverat.")
                    if action == "activate"
                    else _("Kontot är inaktiverat."),
                )
                return redirect("organisation:admin_person", pk=pk)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("organisation:admin_person", pk=pk)
    return render(
        request,
        "organisation/admin/person.html",
        {
            "person": person,
            "person_form": person_form,
            "account_form": account_form,
            "role_form": role_form,
            "grants": selectors.role_grants(user=person.user, organisation=organisation)
            if person.user
            else [],
        },
    )


@require_POST
@require_permission("organisation.manage")
def role_revoke(request, pk: int):
    grant = get_object_or_404(
        RoleGrant.objects.select_related("user__person"),
        pk=pk,
        organisation=request.organisation,
    )
    person = getattr(grant.user, "person", None)
    try:
        services.role_revoke(actor=request.user, grant=grant)
        messages.success(request, _("Rollen är borttagen."))
    except DomainError as exc:
        messages.error(request, exc.message)
    if person is not None:
        return redirect("organisation:admin_person", pk=person.pk)
    return redirect("organisation:admin_people")


@require_permission("audit.view")
def audit_trail(request):
    rows_of = {
        "organisation_id": request.organisation.pk,
        # rows of no organisation are the only organisation's
        "with_unowned": selectors.organisation_only() is not None,
    }
    form = AuditFilterForm(
        request.GET or None,
        object_types=core_selectors.audit_object_types(**rows_of),
        actor_ids=core_selectors.audit_actor_ids(**rows_of),
    )
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "actor_id": data["actor"].pk if data["actor"] else None,
            "object_type": data["object_type"],
            "object_id": data["object_id"].strip(),
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
    page = Paginator(core_selectors.audit_events(**rows_of, **filters), 50).get_page(
        request.GET.get("sida")
    )
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "organisation/admin/audit.html",
        {"form": form, "page": page, "pager_query": query.urlencode()},
    )


@require_permission("organisation.manage")
def integrations(request):
    if not has_permission_everywhere(request.user, "organisation.manage"):
        raise PermissionDenied  # the organisation's own settings
    return render(
        request,
        "organisation/admin/integrations.html",
        {
            "oidc_client_id": settings.OIDC_RP_CLIENT_ID,
            "oidc_issuer": settings.UPPSIKT_OIDC_ISSUER or settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
            "oidc_create_users": settings.OIDC_CREATE_USER,
            "login_failure_limit": settings.AXES_FAILURE_LIMIT,
            "login_cooloff_minutes": round(settings.AXES_COOLOFF_TIME * 60),
        },
    )
