from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


@login_not_required
@never_cache
def health(request):
    """For load balancers: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_not_required
def not_found(request, exception=None):
    return render(request, "core/error.html", {"status": 404}, status=404)


@login_not_required
@login_not_required
def bad_request(request, exception=None):
    return render(request, "core/error.html", {"status": 400}, status=400)


def forbidden(request, exception=None):
    return render(request, "core/error.html", {"status": 403}, status=403)


@login_not_required
def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token (the page stayed open across a sign-in or a
    sign-out, or the cookie was cleared): Uppsikt's own page, which says to reload. Django's
    built-in page carries an inline style that the Content-Security-Policy blocks."""
    return render(request, "core/error.html", {"status": 403, "csrf": True}, status=403)


@login_not_required
def server_error(request):
    return render(request, "core/error.html", {"status": 500}, status=500)


def job_detail(request, pk: int):
    """A background job's progress, for the person who started it (HTMX polls the fragment)."""
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import get_object_or_404

    from .models import Job

    job = get_object_or_404(Job, pk=pk)
    if job.started_by_id != request.user.pk and not request.user.is_superuser:
        raise PermissionDenied
    from .jobs import job_again

    template = "core/partials/_job.html" if request.htmx else "core/job.html"
    response = render(request, template, {"job": job, "again": job_again(job)})
    if request.htmx and job.finished:
        response["HX-Trigger"] = "job-finished"
    return response
