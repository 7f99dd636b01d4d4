"""The notifications page: a person's own notifications, read and unread, and the choice of
e-mail. Every signed-in person has one; nobody sees another's."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from uppsikt.organisation.tenancy import organisation_of

from . import selectors, services


class SettingForm(forms.Form):
    email = forms.BooleanField(
        label=gettext_lazy("Skicka mina aviseringar med e-post också"), required=False
    )


def _organisation(request):
    from django.http import Http404

    organisation = organisation_of(request)
    if organisation is None:
        raise Http404
    return organisation


def notification_list(request):
    organisation = _organisation(request)
    found = selectors.notifications_for(user=request.user, organisation=organisation)
    return render(
        request,
        "notifications/list.html",
        {
            "notifications": list(found[:200]),
            "unread": sum(1 for n in found if n.read_at is None),
            "setting_form": SettingForm(
                initial={"email": selectors.wants_email(user=request.user)}
            ),
            "has_email": bool(request.user.email),
        },
    )


@require_POST
def notification_read(request, pk: int):
    notification = selectors.notification_get(
        user=request.user, organisation=_organisation(request), pk=pk
    )
    services.notification_mark_read(actor=request.user, notification=notification)
    return redirect("notifications:list")


@require_POST
def notification_unread(request, pk: int):
    notification = selectors.notification_get(
        user=request.user, organisation=_organisation(request), pk=pk
    )
    services.notification_mark_unread(actor=request.user, notification=notification)
    return redirect("notifications:list")


@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(
        actor=request.user, organisation=_organisation(request)
    )
    if count:
        messages.success(request, _("Alla aviseringar är markerade som lästa."))
    return redirect("notifications:list")


@require_POST
def notification_setting(request):
    _organisation(request)
    form = SettingForm(request.POST)
    if form.is_valid():
        services.notification_setting_set(actor=request.user, email=form.cleaned_data["email"])
        messages.success(request, _("Ditt val är sparat."))
    return redirect("notifications:list")
