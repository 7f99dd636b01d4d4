"""The digital notice board (anslagstavla): public, no login. It shows the notices and the
approved minutes, with secret items reduced to the fact that they are secret.

Every view here reads the minutes through ``selectors.public_items`` (what of the minutes may
be public) and through nothing else: an item that is not approved never leaves."""

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
from uppsikt.documents import selectors as doc_selectors

from . import documents, selectors
from .models import Notice


def _board_page(request, notices, *, archive: bool):
    notices = list(notices)
    public = selectors.public_items(notices=notices)
    return render(
        request,
        "meetings/board.html",
        {
            "organisation": request.organisation,
            "rows": [(n, public[n.pk]) for n in notices],
            "today": timezone.localdate(),
            "archive": archive,
        },
    )


@login_not_required
def board(request):
    organisation = request.organisation
    return _board_page(request, selectors.notices_current(organisation=organisation), archive=False)


@login_not_required
def archive(request):
    organisation = request.organisation
    return _board_page(request, selectors.notices_archived(organisation=organisation), archive=True)


@login_not_required
def notice(request, pk: int):
    organisation = request.organisation
    n = selectors.notice_get(organisation=organisation, pk=pk)
    return render(
        request,
        "meetings/notice.html",
        {
            "notice": n,
            "items": selectors.notice_public_items(notice=n),
            "today": timezone.localdate(),
            "pdf_available": pdf_writer.available(),
            "sealed": selectors.notice_sealed(notice=n) if n.kind == Notice.Kind.APPROVAL else None,
        },
    )


@login_not_required
def notice_minutes(request, pk: int):
    organisation = request.organisation
    n = selectors.notice_get(organisation=organisation, pk=pk)
    if n.kind != Notice.Kind.APPROVAL:
        raise Http404
    sealed = selectors.notice_sealed(notice=n)
    if sealed is not None:  # the sealed PDF/A, once the job has made it
        content = doc_selectors.rendered_content(sealed)
        name = f"protokoll-{n.meeting.date.isoformat()}-anslag-{n.pk}-forseglat.pdf"
        mime = "application/pdf"
    elif pdf_writer.available():
        doc = documents.notice_minutes_document(n)
        content, name, mime = documents.write(doc, "pdf", organisation_id=n.organisation_id)
    else:
        raise Http404
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


class NoticeFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        return request.organisation

    def title(self, organisation):
        return _("Anslagstavla – %(org)s") % {"org": organisation.name}

    def link(self):
        return reverse("noticeboard:board")

    def subtitle(self):
        return _("Anslag om justerade protokoll och kungörelser.")

    def items(self, organisation):
        notices = list(selectors.notices_current(organisation=organisation))
        public = selectors.public_items(notices=notices)
        return [(n, public[n.pk]) for n in notices]

    def item_title(self, entry):
        item, _public = entry
        what = _("Kungörelse") if item.kind == Notice.Kind.ANNOUNCEMENT else _("Justerat protokoll")
        return f"{what}: {item.meeting.body.name} {item.meeting.date.isoformat()}"

    def item_description(self, entry):
        item, public = entry
        if item.kind == Notice.Kind.ANNOUNCEMENT:
            return _("Sammanträde %(date)s, %(place)s.") % {
                "date": item.meeting.date.isoformat(),
                "place": item.meeting.place,
            }
        text = _(
            "Justerat %(approved)s. Anslaget %(posted)s. Sista dag för överklagande "
            "%(last)s. Protokollet förvaras: %(kept)s."
        ) % {
            "approved": item.approved_on.isoformat(),
            "posted": item.posted_on.isoformat(),
            "last": item.appeal_last_day.isoformat(),
            "kept": item.minutes_kept_at,
        }
        secret = _("Ärende som omfattas av sekretess")
        return " ".join([text, *(f"{p.label} {secret if p.secret else p.title}." for p in public)])

    def item_link(self, entry):
        return entry[0].get_absolute_url()

    def item_pubdate(self, entry):
        import datetime as dt

        return timezone.make_aware(dt.datetime.combine(entry[0].posted_on, dt.time(8, 0)))


feed = login_not_required(NoticeFeed())
