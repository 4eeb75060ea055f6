"""Read-only queries of the catalog for pages and the API. Nothing here writes."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404

from motcua.catalog.models import (
    AdministrativeUnit,
    Agency,
    ChannelOption,
    FeeItem,
    Field,
    GovernmentLevel,
    Procedure,
    ProcedureOffering,
    ProcedureVersion,
    RequiredDocument,
    ServiceLevel,
)
from motcua.catalog.search import NO_FILTERS, SearchFilters, highlight, search_procedure_ids

# The order in which citizens expect to meet the agencies of one level.
_KIND_ORDER = [
    Agency.Kind.PEOPLES_COMMITTEE,
    Agency.Kind.SERVICE_CENTRE,
    Agency.Kind.DEPARTMENT,
    Agency.Kind.POLICE,
    Agency.Kind.OTHER,
]


def home_overview() -> dict:
    """What the home page shows: the agencies that serve the public, province level first, and
    how many communes the province has."""
    agencies = list(
        Agency.objects.filter(is_active=True)
        .exclude(kind=Agency.Kind.DIVISION)
        .select_related("administrative_unit")
        .annotate(
            kind_rank=Case(
                *(When(kind=kind, then=Value(rank)) for rank, kind in enumerate(_KIND_ORDER)),
                default=Value(len(_KIND_ORDER)),
                output_field=IntegerField(),
            )
        )
        .order_by("administrative_unit__level", "kind_rank", "name")
    )
    communes = AdministrativeUnit.objects.filter(
        scheme=AdministrativeUnit.Scheme.TWO_LEVEL_2025, level=AdministrativeUnit.Level.COMMUNE
    ).count()
    return {"agencies": agencies, "commune_count": communes}


# --- procedures -----------------------------------------------------------------------------


@dataclass
class SearchResult:
    procedure: Procedure
    highlighted_name: str


@dataclass
class SearchPage:
    query: str
    results: list[SearchResult]
    total: int
    number: int
    per_page: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.total else 0

    @property
    def end_index(self) -> int:
        return min(self.total, self.number * self.per_page)

    def page_numbers(self) -> list[int | None]:
        """Page links to show: first, last and two around the current one (None: a gap)."""
        shown = sorted(
            {1, self.num_pages, *range(self.number - 2, self.number + 3)}
            & set(range(1, self.num_pages + 1))
        )
        pages: list[int | None] = []
        for page in shown:
            if pages and page - pages[-1] > 1:
                pages.append(None)
            pages.append(page)
        return pages


def search_procedures(
    query: str, filters: SearchFilters = NO_FILTERS, *, page: int = 1, per_page: int = 20
) -> SearchPage:
    """One page of procedures for the catalog: ranked by ``search.search_procedure_ids``."""
    page = max(1, page)
    ids, total = search_procedure_ids(query, filters, limit=per_page, offset=(page - 1) * per_page)
    if total and not ids and page > 1:  # past the last page: show the last one
        page = max(1, -(-total // per_page))
        ids, total = search_procedure_ids(
            query, filters, limit=per_page, offset=(page - 1) * per_page
        )
    by_id = Procedure.objects.select_related("field").in_bulk(ids)
    results = [SearchResult(by_id[i], highlight(by_id[i].name, query)) for i in ids if i in by_id]
    return SearchPage(query=query, results=results, total=total, number=page, per_page=per_page)


# The filter lists change only with the catalog, yet every catalog page showed them: they are
# kept per process under a fingerprint of exactly what they are made of (names, which fields
# have an active procedure, which agencies an active offering), read in one small query, so an
# edit by any process, through the admin, an import or plain SQL, shows on the next request.
_FILTER_FINGERPRINT_SQL = """
    SELECT
      (SELECT md5(coalesce(string_agg(f.id || '|' || f.name, ',' ORDER BY f.id), ''))
         FROM catalog_field f
        WHERE EXISTS (SELECT 1 FROM catalog_procedure p WHERE p.field_id = f.id AND p.is_active)),
      (SELECT md5(coalesce(string_agg(a.id || '|' || a.name, ',' ORDER BY a.id), ''))
         FROM catalog_agency a
        WHERE a.is_active AND EXISTS (SELECT 1 FROM catalog_procedureoffering o
                                       WHERE o.agency_id = a.id AND o.is_active))
"""
_filter_options: dict[tuple, dict] = {}
_filter_options_lock = threading.Lock()


def _filter_fingerprint() -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(_FILTER_FINGERPRINT_SQL)
        return tuple(cursor.fetchone())


def catalog_filter_options() -> dict:
    """Choices for the catalog's filters: only fields and agencies that have procedures."""
    key = _filter_fingerprint()
    with _filter_options_lock:
        cached = _filter_options.get(key)
    if cached is None:
        cached = {
            "fields": tuple(
                Field.objects.filter(procedures__is_active=True).distinct().order_by("name")
            ),
            "agencies": tuple(
                Agency.objects.filter(is_active=True, offerings__is_active=True)
                .distinct()
                .order_by("name")
            ),
        }
        with _filter_options_lock:
            _filter_options.clear()  # only the newest catalog is ever asked for again
            _filter_options[key] = cached
    return {
        **cached,
        "service_levels": ServiceLevel.choices,
        "government_levels": GovernmentLevel.choices,
    }


@dataclass
class ProcedureDetail:
    procedure: Procedure
    version: ProcedureVersion | None
    channels: list[ChannelOption]
    documents: list[RequiredDocument]
    notes: list[RequiredDocument]
    fees: list[FeeItem]
    offerings: list[ProcedureOffering]
    legal_basis: list[str]


def procedure_detail(code: str, on=None) -> ProcedureDetail:
    """Everything the procedure page shows, from the version in force (404 when unknown)."""
    procedure = get_object_or_404(
        Procedure.objects.select_related("field"), code=code, is_active=True
    )
    version = procedure.version_in_force(on)
    channels, documents, notes, fees = [], [], [], []
    if version:
        channels = list(version.channels.all())
        for document in version.documents.all():
            # Rows with no copies are the national catalog's explanatory notes, not documents.
            (documents if document.copies else notes).append(document)
        fees = list(version.fees.all())
    offerings = list(
        procedure.offerings.filter(is_active=True, agency__is_active=True)
        .select_related("agency", "agency__administrative_unit")
        .order_by("agency__administrative_unit__level", "agency__name")
    )
    legal = [line for line in (version.legal_basis if version else "").splitlines() if line]
    return ProcedureDetail(procedure, version, channels, documents, notes, fees, offerings, legal)
