"""Ledger pages: year to date with drill-down, imports with upload, downloads. Thin views."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uppsikt.core.db_router import replica_reads
from uppsikt.core.exceptions import BadInput, DomainError
from uppsikt.core.formatting import format_money, format_number
from uppsikt.core.jobs import job_create
from uppsikt.core.parsing import parse_id, parse_int
from uppsikt.core.uploads import MB, check_upload
from uppsikt.organisation.permissions import (
    has_permission,
    has_permission_everywhere,
    home_unit,
    require_permission,
)

from . import exports, selectors, services
from .forms import LedgerFilterForm, SieUploadForm
from .models import BusinessLine, LedgerImport, ReportLine
from .tasks import sie_import_job

SIE_TYPES = {".se", ".si", ".sie", ".txt"}


def _filters(request, organisation):
    """Unit and month from the query string. Defaults: the latest month with a budget; the whole organisation
    for those whose role covers it, else the unit their role is on. A unit outside the person's
    roles is refused (403)."""
    data = request.GET.copy()
    everywhere = has_permission_everywhere(request.user, "finance.view")
    if not data.get("enhet") and not everywhere:
        unit = home_unit(request.user, "finance.view")
        if unit is None:
            raise PermissionDenied
        data["enhet"] = unit.code
    if not data.get("manad"):
        latest = selectors.latest_budgeted_month(organisation=organisation)
        if latest:
            data["manad"] = f"{latest[0]:04d}-{latest[1]:02d}"
    form = LedgerFilterForm(
        data, organisation=organisation, user=None if everywhere else request.user
    )
    if not form.is_valid():
        if data.get("enhet") and "enhet" in form.errors:
            raise PermissionDenied
        return form, None, None
    unit = form.cleaned_data["enhet"]
    if unit is not None and not has_permission(request.user, "finance.view", unit):
        raise PermissionDenied
    return form, unit, form.cleaned_data["manad"]


def _query(unit, month) -> str:
    from urllib.parse import urlencode

    params = {"manad": f"{month[0]:04d}-{month[1]:02d}"}
    if unit is not None:
        params["enhet"] = unit.code
    return urlencode(params)


@require_permission("finance.view")
@replica_reads
def ledger_home(request):
    organisation = request.organisation
    form, unit, month = _filters(request, organisation)
    table = None
    booked_note = ""
    if month is not None:
        # a month after the year's last booked one compares like with like: actuals and
        # budget through the last booked month (docs/ledger.md, "Months not yet booked")
        booked = selectors.last_booked_month(organisation=organisation, year=month[0])
        if booked is not None and booked < month[1]:
            booked_note = _(
                "Bokföringen för %(year)s finns till och med %(year)s-%(month)02d. Utfall och "
                "budget visas till och med den månaden."
            ) % {"year": month[0], "month": booked}
            month = (month[0], booked)
        table = selectors.ytd_table(
            organisation=organisation, unit=unit, year=month[0], month=month[1]
        )
    return render(
        request,
        "finance/ledger.html",
        {
            "form": form,
            "booked_note": booked_note,
            "table": table,
            "unit": unit,
            "month": month,
            "query": _query(unit, month) if month else "",
            "can_import": has_permission_everywhere(request.user, "finance.import"),
            # the imports are the whole ledger's: listed for those who see all of it
            "can_see_imports": has_permission_everywhere(request.user, "finance.view"),
        },
    )


@require_permission("finance.view")
@replica_reads
def ledger_accounts(request):
    organisation = request.organisation
    form, unit, month = _filters(request, organisation)
    line_code = request.GET.get("rad", "")
    if month is None or not line_code:
        raise Http404
    lines = _report_lines(organisation)
    if line_code not in lines:
        raise Http404
    accounts = selectors.ytd_accounts(
        organisation=organisation, unit=unit, year=month[0], month=month[1], line_code=line_code
    )
    # the line's own budget: per account from the ledger, or the unit's decided budget
    line_row = selectors.ytd_table(
        organisation=organisation, unit=unit, year=month[0], month=month[1]
    ).row(line_code)
    return render(
        request,
        "finance/accounts.html",
        {
            "unit": unit,
            "month": month,
            "line_name": lines[line_code],
            "line_code": line_code,
            "accounts": accounts,
            "total_actual": sum((a.actual for a in accounts), start=0),
            "total_budget": line_row.budget if line_row else None,
            "total_variance": line_row.variance if line_row else None,
            "query": _query(unit, month),
        },
    )


def _report_lines(organisation) -> dict[str, str]:
    lines = {
        line.code: line.display_name
        for line in ReportLine.objects.filter(organisation=organisation)
    }
    lines.update({"net": _("Nettokostnad"), "result": _("Resultat")})
    return lines


def _voucher_filters(request) -> dict:
    """The drill-down's cost centre, month, sort, order and page from the query string;
    a malformed value is refused (400)."""
    cost_centre = request.GET.get("kst", "").strip()[:40]
    period_text = request.GET.get("period", "").strip()
    try:
        period = selectors.parse_month(period_text) if period_text else None
    except ValueError as exc:
        raise BadInput(_("Ogiltig period.")) from exc
    sort = request.GET.get("sortera", "datum")
    if sort not in selectors.SORTS:
        raise BadInput(_("Okänd sortering."))
    return {
        "cost_centre": cost_centre,
        "period": period,
        "sort": sort,
        "descending": request.GET.get("ordning") == "fallande",
        "page": parse_int(request.GET.get("sida"), minimum=1, maximum=100000, default=1),
    }


def _voucher_query(base: str, account: str, line_code: str, filters: dict, **changes) -> str:
    """The query string of the drill-down with ``changes`` (a sort, a page) applied."""
    from urllib.parse import urlencode

    f = {**filters, **changes}
    params = {"konto": account}
    if line_code:
        params["rad"] = line_code
    if f["cost_centre"]:
        params["kst"] = f["cost_centre"]
    if f["period"]:
        params["period"] = f"{f['period'][0]:04d}-{f['period'][1]:02d}"
    params["sortera"] = f["sort"]
    if f["descending"]:
        params["ordning"] = "fallande"
    if f["page"] > 1:
        params["sida"] = f["page"]
    return f"{base}&{urlencode(params)}"


def _sort_links(base, account, line_code, filters) -> dict[str, str]:
    """Per sort key, the link that sorts by it (ascending; descending when already ascending)."""
    return {
        key: _voucher_query(
            base,
            account,
            line_code,
            filters,
            sort=key,
            descending=filters["sort"] == key and not filters["descending"],
            page=1,
        )
        for key in selectors.SORTS
    }


@require_permission("finance.view")
@replica_reads
def ledger_transactions(request):
    organisation = request.organisation
    form, unit, month = _filters(request, organisation)
    account = request.GET.get("konto", "").strip()[:20]
    if month is None or not account:
        raise Http404
    lines = _report_lines(organisation)
    line_code = request.GET.get("rad", "")
    if line_code not in lines:
        line_code = ""
    filters = _voucher_filters(request)
    found = selectors.voucher_page(
        organisation=organisation,
        unit=unit,
        year=month[0],
        month=month[1],
        account=account,
        **filters,
    )
    filters["page"] = found.page
    from .models import Account

    name = (
        Account.objects.filter(organisation=organisation, number=account)
        .values_list("name", flat=True)
        .first()
    )
    base = _query(unit, month)
    return render(
        request,
        "finance/transactions.html",
        {
            "unit": unit,
            "month": month,
            "account": account,
            "account_name": name or "",
            "line_code": line_code,
            "line_name": lines.get(line_code, ""),
            "found": found,
            "filters": filters,
            "sort_links": _sort_links(base, account, line_code, filters),
            "previous_page": _voucher_query(base, account, line_code, filters, page=found.page - 1)
            if found.page > 1
            else "",
            "next_page": _voucher_query(base, account, line_code, filters, page=found.page + 1)
            if found.page < found.pages
            else "",
            "query": base,
        },
    )


@require_permission("finance.view")
@replica_reads
def ytd_download(request):
    organisation = request.organisation
    form, unit, month = _filters(request, organisation)
    if month is None:
        raise Http404
    table = selectors.ytd_table(organisation=organisation, unit=unit, year=month[0], month=month[1])
    response = HttpResponse(exports.ytd_json(table), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="ytd-{unit.code if unit else "alla"}-{month[0]}-{month[1]:02d}.json"'
    )
    return response


@require_permission("finance.view")
@replica_reads
def trial_balance_download(request, fmt: str):
    organisation = request.organisation
    form, unit, month = _filters(request, organisation)
    if month is None or fmt not in {"json", "csv", "xlsx"}:
        raise Http404
    rows = selectors.trial_balance(
        organisation=organisation, year=month[0], month=month[1], unit=unit
    )
    types = {
        "json": "application/json; charset=utf-8",
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(exports.trial_balance(rows, fmt=fmt), content_type=types[fmt])
    name = f"rabalans-{unit.code if unit else 'alla'}-{month[0]}-{month[1]:02d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_permission("finance.view")
def imports(request):
    organisation = request.organisation
    if not has_permission_everywhere(request.user, "finance.view"):
        raise PermissionDenied
    return render(
        request,
        "finance/imports.html",
        {
            "imports": selectors.imports_list(organisation=organisation)[:100],
            "form": SieUploadForm(),
            "can_import": has_permission_everywhere(request.user, "finance.import"),
        },
    )


@require_POST
@require_permission("finance.import")
def import_upload(request):
    organisation = request.organisation
    form = SieUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Välj en SIE-fil att läsa in."))
        return redirect("finance:imports")
    upload = form.cleaned_data["file"]
    if not has_permission_everywhere(request.user, "finance.import"):
        raise PermissionDenied
    try:
        check_upload(upload, allowed=SIE_TYPES, max_bytes=2048 * MB)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("finance:imports")
    stored = default_storage.save(f"uploads/sie/{uuid.uuid4().hex}.se", upload)
    job = job_create(
        kind="sie_import",
        title=_("Import av %(file)s") % {"file": upload.name},
        started_by=request.user,
        leftovers=[stored],
    )
    sie_import_job.enqueue(
        job_id=job.pk,
        stored_name=stored,
        file_name=upload.name,
        organisation_id=organisation.pk,
        user_id=request.user.pk,
    )
    return redirect("job", pk=job.pk)


@require_permission("finance.view")
def import_detail(request, pk: int):
    organisation = request.organisation
    if not has_permission_everywhere(request.user, "finance.view"):
        raise PermissionDenied
    ledger_import = get_object_or_404(LedgerImport, pk=pk, organisation=organisation)
    return render(
        request,
        "finance/import_detail.html",
        {"imp": ledger_import, "check": selectors.import_check(ledger_import=ledger_import)},
    )


def _parse_ranges(text: str) -> list[tuple[str, str]]:
    """``3000-3899, 3910–3999`` → ``[("3000", "3899"), ("3910", "3999")]``."""
    ranges = []
    for part in text.replace(";", ",").split(","):
        part = part.strip().replace("\u2013", "-")
        if not part:
            continue
        first, _, last = part.partition("-")
        ranges.append((first.strip(), (last or first).strip()))
    return ranges


@require_permission("finance.view")
def report_lines(request):
    organisation = request.organisation
    can_edit = has_permission_everywhere(request.user, "finance.configure")
    lines = list(ReportLine.objects.filter(organisation=organisation).prefetch_related("ranges"))
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        line = get_object_or_404(
            ReportLine, pk=parse_id(request.POST.get("line")), organisation=organisation
        )
        try:
            services.report_line_ranges_set(
                actor=request.user, line=line, ranges=_parse_ranges(request.POST.get("ranges", ""))
            )
            messages.success(
                request, _("Kontointervallen för %(line)s är sparade.") % {"line": line.name}
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("finance:report_lines")
    return render(request, "finance/report_lines.html", {"lines": lines, "can_edit": can_edit})


@require_permission("finance.view")
def capital(request):
    from .forms import CapitalForecastForm
    from .models import CapitalProject

    organisation = request.organisation
    form, unit, month = _filters(request, organisation)
    if request.method == "POST" and month is None:
        messages.error(request, _("Välj en månad."))
        return redirect(request.path)
    if request.method == "POST":
        posted = CapitalForecastForm(request.POST)
        if posted.is_valid() and month is not None:
            project = get_object_or_404(
                CapitalProject, pk=posted.cleaned_data["project"], organisation=organisation
            )
            try:
                services.capital_forecast_set(
                    actor=request.user,
                    project=project,
                    year=month[0],
                    as_of=month,
                    amount=posted.cleaned_data["amount"],
                    comment=posted.cleaned_data["comment"],
                )
                messages.success(
                    request, _("Prognosen för %(name)s är sparad.") % {"name": project.name}
                )
            except DomainError as exc:
                messages.error(request, exc.message)
        else:
            messages.error(request, " ".join(e for errs in posted.errors.values() for e in errs))
        return redirect(f"{request.path}?{_query(unit, month)}")
    rows = []
    plan = None
    if month is not None:
        rows = selectors.capital_table(
            organisation=organisation, year=month[0], month=month[1], unit=unit
        )
        plan = selectors.capital_plan(organisation=organisation, first_year=month[0])
    editable = {
        r.project.pk
        for r in rows
        # a project of the whole organisation (no unit) is the organisation-wide controller's
        if (
            has_permission(request.user, "finance.forecast", r.project.unit)
            if r.project.unit is not None
            else has_permission_everywhere(request.user, "finance.configure")
        )
    }
    totals = {
        key: sum((getattr(r, key) for r in rows), start=0)
        for key in ("actual", "budget", "forecast", "variance")
    }
    return render(
        request,
        "finance/capital.html",
        {
            "form": form,
            "unit": unit,
            "month": month,
            "rows": rows,
            "totals": totals,
            "plan": plan,
            "editable": editable,
            "as_of": month[0] * 100 + month[1] if month else None,
            "query": _query(unit, month) if month else "",
        },
    )


def _can_forecast(user, project) -> bool:
    """Whether the person enters the project's forecast: for its unit, or organisation-wide for
    a project of the whole organisation (as the service checks)."""
    if project.unit is not None:
        return has_permission(user, "finance.forecast", project.unit)
    return has_permission_everywhere(user, "finance.configure")


@require_permission("finance.view")
def capital_parts(request, project_id: int):
    """The named parts of a capital project's forecast variance for a month (003: "ITD -
    Prognosavvikelser"), each with its amount, explanation and place in the report's list."""
    from .forms import CapitalForecastPartFormSet
    from .models import CapitalProject

    organisation = request.organisation
    project = get_object_or_404(
        CapitalProject.objects.select_related("unit"), pk=project_id, organisation=organisation
    )
    if not _can_forecast(request.user, project):
        raise PermissionDenied
    try:
        month = selectors.parse_month(request.GET.get("manad", ""))
    except ValueError as exc:
        raise Http404 from exc
    query = _query(project.unit, month) if project.unit is not None else _query(None, month)
    back = f"{reverse('finance:capital')}?{query}"
    forecast = selectors.capital_forecast(project=project, as_of=month)
    if forecast is None:
        messages.error(
            request, _("Lämna först en årsprognos för %(name)s.") % {"name": project.name}
        )
        return redirect(back)
    initial = [
        {
            "position": i.position,
            "name": i.name,
            "amount": format_number(i.cents / Decimal(100_000), 1),
            "comment": i.comment,
        }
        for i in forecast.items.all()
    ]
    formset = CapitalForecastPartFormSet(
        request.POST if request.method == "POST" else None, initial=initial, prefix="del"
    )
    if request.method == "POST" and formset.is_valid():
        parts = [
            (
                f.cleaned_data["name"],
                f.cleaned_data["amount"],
                f.cleaned_data.get("comment") or "",
                f.cleaned_data["position"] if f.cleaned_data.get("position") is not None else n,
            )
            for n, f in enumerate(formset)
            if (f.cleaned_data.get("name") or "").strip()
        ]
        try:
            services.capital_forecast_items_set(actor=request.user, forecast=forecast, items=parts)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Prognosavvikelserna för %(name)s är sparade.") % {"name": project.name},
            )
            return redirect(back)
    return render(
        request,
        "finance/capital_parts.html",
        {
            "project": project,
            "forecast": forecast,
            "amount": format_money(forecast.cents / Decimal(100), "tkr"),
            "month": month,
            "formset": formset,
            "back": back,
        },
    )


@require_permission("finance.view")
def forecast(request):
    from .forms import forecast_entries

    organisation = request.organisation
    form, unit, month = _filters(request, organisation)
    table = None
    business_lines = []
    history = []
    editable = False
    if unit is not None and month is not None:
        editable = has_permission(request.user, "finance.forecast", unit)
        if request.method == "POST":
            if not editable:
                raise PermissionDenied
            amounts, results, problems = forecast_entries(
                request.POST,
                report_lines=ReportLine.objects.filter(organisation=organisation),
                business_lines=BusinessLine.objects.filter(unit=unit),
            )
            if problems:
                for problem in problems:
                    messages.error(request, problem)
            else:
                try:
                    services.unit_forecast_set(
                        actor=request.user,
                        unit=unit,
                        year=month[0],
                        as_of=month,
                        amounts=amounts,
                        business_line_results=results,
                        comment=request.POST.get("comment", "")[:2000],
                    )
                    messages.success(request, _("Prognosen är sparad."))
                except DomainError as exc:
                    messages.error(request, exc.message)
            return redirect(f"{request.path}?{_query(unit, month)}")
        table = selectors.forecast_table(
            organisation=organisation, unit=unit, year=month[0], month=month[1]
        )
        business_lines = selectors.business_line_table(
            organisation=organisation, unit=unit, year=month[0], month=month[1]
        )
        history = selectors.operating_budget_history(
            organisation=organisation, unit=unit, year=month[0]
        )
    return render(
        request,
        "finance/forecast.html",
        {
            "form": form,
            "unit": unit,
            "month": month,
            "table": table,
            "business_lines": business_lines,
            "history": history,
            "report_lines": ReportLine.objects.filter(organisation=organisation).order_by(
                "position"
            ),
            "editable": editable,
            "query": _query(unit, month) if month else "",
        },
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_permission("finance.view")
def template_download(request, kind: str):
    from . import workbooks

    organisation = request.organisation
    form, unit, month = _filters(request, organisation)
    if unit is None or month is None or kind not in {"prognos", "budget"}:
        raise Http404
    if kind == "prognos":
        data = workbooks.forecast_template(
            organisation=organisation, unit=unit, year=month[0], month=month[1]
        )
        name = f"prognos-{unit.code}-{month[0]}-{month[1]:02d}.xlsx"
    else:
        data = workbooks.budget_template(organisation=organisation, unit=unit, year=month[0])
        name = f"budget-{unit.code}-{month[0]}.xlsx"
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@require_permission("finance.forecast")
def template_upload(request):
    from . import workbooks

    organisation = request.organisation
    upload = request.FILES.get("file")
    back = request.POST.get("next", "")
    target = back if back.startswith("/ekonomi/") else "/ekonomi/prognos/"
    if upload is None:
        messages.error(request, _("Välj en ifylld mall att läsa in."))
        return redirect(target)
    try:
        check_upload(upload, allowed={".xlsx"}, max_bytes=20 * MB)
        result = workbooks.workbook_import(
            actor=request.user, organisation=organisation, data=upload.read(), filename=upload.name
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        for error in exc.errors[:30]:
            messages.error(request, error)
        return redirect(target)
    if result["kind"] == "budget":
        messages.success(request, _("Budgeten är inläst som en ny revidering."))
    else:
        messages.success(
            request,
            _("Prognosen är inläst: %(lines)d rapportrader, %(projects)d investeringsprojekt.")
            % result,
        )
    return redirect(target)
