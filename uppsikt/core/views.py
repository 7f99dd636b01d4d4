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
def forbidden(request, exception=None):
    return render(request, "core/error.html", {"status": 403}, status=403)


@login_not_required
def server_error(request):
    return render(request, "core/error.html", {"status": 500}, status=500)
