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
from uppsikt.core.audit_labels import action_label
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
    """A person's page: account, roles and details, each changed by its own form below."""
    return _person_page(request, _person(request, pk))


def _person_page(request, person: Person, *, status: int = 200, **forms):
    """The person's page, with the bound form of an action that was refused, if any."""
    organisation = request.organisation
    return render(
        request,
        "organisation/admin/person.html",
        {
            "person": person,
            "person_form": forms.get("person_form")
            or PersonForm(instance=person, organisation=organisation),
            "account_form": forms.get("account_form") or AccountCreateForm(),
            "role_form": forms.get("role_form") or RoleGrantForm(organisation=organisation),
            "grants": selectors.role_grants(user=person.user, organisation=organisation)
            if person.user
            else [],
        },
        status=status,
    )


def _done(request, person: Person, message: str):
    messages.success(request, message)
    return redirect("organisation:admin_person", pk=person.pk)


def _refused(request, person: Person, exc: DomainError):
    messages.error(request, exc.message)
    return redirect("organisation:admin_person", pk=person.pk)


@require_POST
@require_permission("organisation.manage")
def person_update(request, pk: int):
    person = _person(request, pk)
    form = PersonForm(
        request.POST, instance=Person.objects.get(pk=person.pk), organisation=request.organisation
    )
    if not form.is_valid():
        return _person_page(request, person, status=400, person_form=form)
    try:
        services.person_update(actor=request.user, person=person, **form.cleaned_data)
    except DomainError as exc:
        return _refused(request, person, exc)
    return _done(request, person, _("Uppgifterna är sparade."))


@require_POST
@require_permission("organisation.manage")
def person_account_create(request, pk: int):
    person = _person(request, pk)
    if person.user is not None:
        return _refused(request, person, DomainError(_("Personen har redan ett konto.")))
    form = AccountCreateForm(request.POST)
    if not form.is_valid():
        return _person_page(request, person, status=400, account_form=form)
    try:
        services.account_create(
            actor=request.user,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"] or None,
            person=person,
        )
    except DomainError as exc:
        return _refused(request, person, exc)
    return _done(request, person, _("Kontot är skapat."))


@require_POST
@require_permission("organisation.manage")
def person_role_grant(request, pk: int):
    person = _person(request, pk)
    if person.user is None:
        return _refused(request, person, DomainError(_("Personen har inget konto.")))
    form = RoleGrantForm(request.POST, organisation=request.organisation)
    if not form.is_valid():
        return _person_page(request, person, status=400, role_form=form)
    try:
        services.role_grant(
            actor=request.user,
            user=person.user,
            role=form.cleaned_data["role"],
            organisation=request.organisation,
            unit=form.cleaned_data["unit"],
            body=form.cleaned_data["body"],
        )
    except DomainError as exc:
        return _refused(request, person, exc)
    return _done(request, person, _("Rollen är tillagd."))


def _account_set_active(request, pk: int, *, active: bool, done: str):
    person = _person(request, pk)
    if person.user is None:
        return _refused(request, person, DomainError(_("Personen har inget konto.")))
    try:
        services.account_set_active(actor=request.user, user=person.user, active=active)
    except DomainError as exc:
        return _refused(request, person, exc)
    return _done(request, person, done)


@require_POST
@require_permission("organisation.manage")
def person_account_activate(request, pk: int):
    return _account_set_active(request, pk, active=True, done=_("Kontot är aktiverat."))


@require_POST
@require_permission("organisation.manage")
def person_account_deactivate(request, pk: int):
    return _account_set_active(request, pk, active=False, done=_("Kontot är inaktiverat."))


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
    for event in page:  # each field before and after, as text (a page of 50 at a time)
        event.changes = core_selectors.audit_changes(event)
        event.details = core_selectors.audit_details(event)
        event.action_label = action_label(event.action)
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
