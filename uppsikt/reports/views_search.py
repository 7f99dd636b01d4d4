"""The header search page (thin: ``reports.search`` does the work)."""

from __future__ import annotations

from django.shortcuts import render

from uppsikt.organisation.permissions import require_permission

from . import search as site_search


@require_permission("organisation.view")
def search(request):
    query = request.GET.get("q", "").strip()[: site_search.MAX_QUERY]
    results = (
        site_search.search(actor=request.user, organisation=request.organisation, query=query)
        if query
        else None
    )
    template = "reports/partials/_search_results.html" if request.htmx else "reports/search.html"
    return render(request, template, {"query": query, "search_query": query, "results": results})
