"""The report pages and their CSV downloads: thin, the catalogue does the work."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from csa_portal.access import REPORTING, staff_view

from .catalogue import REPORTS
from .forms import ReportFilterForm
from .spreadsheet import write_tables

DEFAULT_REPORT = "funnel"


def _filtered(request, report):
    form = ReportFilterForm(request.GET, user=request.user, with_groups=report.slug == "fairness")
    if not form.is_valid():
        return form, None
    options = {"dimension": form.cleaned_data.get("groups")}
    return form, report.build(form.scope(), options)


@require_GET
@staff_view(REPORTING)
def report(request, slug: str):
    report = REPORTS[slug]
    form, page = _filtered(request, report)
    context = {
        "reports": REPORTS.values(),
        "report": report,
        "form": form,
        "page": page,
        "query": request.GET.urlencode(),
    }
    return render(request, "reports/report.html", context, status=200 if page else 400)


@require_GET
@staff_view(REPORTING)
def download(request, slug: str):
    report = REPORTS[slug]
    form, page = _filtered(request, report)
    if page is None:
        errors = "; ".join(e for field in form.errors.values() for e in field)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    body = write_tables((t.caption, t.header, t.rows) for t in page.tables)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{report.slug}.csv"'
    return response
