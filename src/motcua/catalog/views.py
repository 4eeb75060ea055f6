"""The catalog's public pages: the searchable list of procedures and a procedure's page.

Views parse the query string and render; the reading happens in ``selectors``.
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from motcua.catalog.models import GovernmentLevel, ServiceLevel
from motcua.catalog.search import SearchFilters
from motcua.catalog.selectors import catalog_filter_options, procedure_detail, search_procedures

PER_PAGE = 20


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def filters_from(params) -> SearchFilters:
    level = _int(params.get("muc_do"))
    government = params.get("cap")
    return SearchFilters(
        field_id=_int(params.get("linh_vuc")),
        agency_id=_int(params.get("co_quan")),
        service_level=level if level in ServiceLevel.values else None,
        end_to_end=params.get("toan_trinh") == "1",
        government_level=government if government in GovernmentLevel.values else None,
    )


@require_GET
def procedure_list(request):
    query = request.GET.get("q", "").strip()[:200]
    filters = filters_from(request.GET)
    results = search_procedures(
        query, filters, page=_int(request.GET.get("trang")) or 1, per_page=PER_PAGE
    )
    context = {"query": query, "filters": filters, "page": results, **catalog_filter_options()}
    if request.htmx and request.htmx.target == "catalog-results":
        return render(request, "catalog/_results.html", context)
    return render(request, "catalog/procedure_list.html", context)


@require_GET
def procedure_page(request, code: str):
    return render(request, "catalog/procedure_detail.html", {"detail": procedure_detail(code)})
