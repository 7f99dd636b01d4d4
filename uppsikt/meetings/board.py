"""The digital notice board (anslagstavla): public, no login. It shows the notices and the
approved minutes, with secret items reduced to the fact that they are secret."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from uppsikt.documents import pdf as pdf_writer
from uppsikt.organisation.views import organisation_or_404

from . import documents, selectors
from .models import Notice


@login_not_required
def board(request):
    organisation = organisation_or_404()
    return render(
        request,
        "meetings/board.html",
        {
            "organisation": organisation,
            "notices": selectors.notices_current(organisation=organisation),
            "today": timezone.localdate(),
            "archive": False,
        },
    )


@login_not_required
def archive(request):
    organisation = organisation_or_404()
    return render(
        request,
        "meetings/board.html",
        {
            "organisation": organisation,
            "notices": selectors.notices_archived(organisation=organisation),
            "today": timezone.localdate(),
            "archive": True,
        },
    )


@login_not_required
def notice(request, pk: int):
    organisation = organisation_or_404()
    n = selectors.notice_get(organisation=organisation, pk=pk)
    return render(
        request,
        "meetings/notice.html",
        {"notice": n, "today": timezone.localdate(), "pdf_available": pdf_writer.available()},
    )


@login_not_required
def notice_minutes(request, pk: int):
    organisation = organisation_or_404()
    n = selectors.notice_get(organisation=organisation, pk=pk)
    if n.kind != Notice.Kind.APPROVAL or not pdf_writer.available():
        raise Http404
    doc = documents.minutes_document(n.meeting, public=True)
    content, name, mime = documents.write(doc, "pdf")
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


class NoticeFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Anslagstavla – %(org)s") % {"org": organisation_or_404().name}

    def link(self):
        return reverse("noticeboard:board")

    def subtitle(self):
        return _("Anslag om justerade protokoll och kungörelser.")

    def items(self):
        return selectors.notices_current(organisation=organisation_or_404())

    def item_title(self, item: Notice):
        what = _("Kungörelse") if item.kind == Notice.Kind.ANNOUNCEMENT else _("Justerat protokoll")
        return f"{what}: {item.meeting.body.name} {item.meeting.date.isoformat()}"

    def item_description(self, item: Notice):
        if item.kind == Notice.Kind.ANNOUNCEMENT:
            return _("Sammanträde %(date)s, %(place)s.") % {
                "date": item.meeting.date.isoformat(),
                "place": item.meeting.place,
            }
        return _(
            "Justerat %(approved)s. Anslaget %(posted)s. Sista dag för överklagande "
            "%(last)s. Protokollet förvaras: %(kept)s."
        ) % {
            "approved": item.approved_on.isoformat(),
            "posted": item.posted_on.isoformat(),
            "last": item.appeal_last_day.isoformat(),
            "kept": item.minutes_kept_at,
        }

    def item_link(self, item: Notice):
        return item.get_absolute_url()

    def item_pubdate(self, item: Notice):
        import datetime as dt

        return timezone.make_aware(dt.datetime.combine(item.posted_on, dt.time(8, 0)))


feed = login_not_required(NoticeFeed())
