"""Read-only queries of the catalog for pages and the API. Nothing here writes."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from motcua.catalog.generation import kept_in_generation
from motcua.catalog.models import (
    IN_FORCE_ORDER,
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
    in_force_on,
)
from motcua.catalog.search import NO_FILTERS, SearchFilters, highlight, search_hits
from motcua.core.kept import Kept

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
    query: str

    @cached_property
    def highlighted_name(self) -> str:
        return highlight(self.procedure.name, self.query)


@dataclass
class SearchPage:
    """One page of results. ``ids`` come with the search; the rows behind them (``results``)
    are read only when the list is rendered, not when its kept rendering is shown."""

    query: str
    ids: list[int]
    total: int
    number: int
    per_page: int
    # Names everything the rendered list of results shows (``{% cache %}`` in the template):
    # the query, the page, the results' ids and the catalog's generation, which every write
    # to the catalog moves.
    fragment_key: str = ""

    @cached_property
    def results(self) -> list[SearchResult]:
        by_id = Procedure.objects.select_related("field").in_bulk(self.ids)
        return [SearchResult(by_id[i], self.query) for i in self.ids if i in by_id]

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
    """One page of procedures for the catalog: ranked by ``search.search_hits``."""
    page = max(1, page)
    hits = search_hits(query, filters, limit=per_page, offset=(page - 1) * per_page)
    if hits.total and not hits.ids and page > 1:  # past the last page: show the last one
        page = max(1, -(-hits.total // per_page))
        hits = search_hits(query, filters, limit=per_page, offset=(page - 1) * per_page)
    if hits.generation is None:  # nothing tells a change: the list is not kept either
        key = str(uuid.uuid4())
    else:
        shown = repr((query, page, per_page, hits.generation, hits.ids))
        key = hashlib.md5(shown.encode(), usedforsecurity=False).hexdigest()
    return SearchPage(
        query=query,
        ids=hits.ids,
        total=hits.total,
        number=page,
        per_page=per_page,
        fragment_key=key,
    )


# The filter lists change only with the catalog, yet every catalog page showed them: they are
# kept per process under the catalog's generation (``catalog.generation``), which any write to
# the fields, procedures, offerings or agencies moves, so an edit by any process, through the
# admin, an import or plain SQL, shows on the next request.
_filter_options = Kept(1)  # only the newest catalog is ever asked for again


def _read_filter_options(_generation) -> dict:
    fields = tuple(Field.objects.filter(procedures__is_active=True).distinct().order_by("name"))
    agencies = tuple(
        Agency.objects.filter(is_active=True, offerings__is_active=True).distinct().order_by("name")
    )
    return {
        "fields": fields,
        "agencies": agencies,
        # What the <select>s show, as (id, name), for the ``select_options`` tag: the page
        # lists every field (about 90), and three template nodes per option (a model's
        # attributes resolved, its id localized) cost more than the rest of the form.
        "field_choices": tuple((f.pk, f.name) for f in fields),
        "agency_choices": tuple((a.pk, a.name) for a in agencies),
    }


def catalog_filter_options() -> dict:
    """Choices for the catalog's filters: only fields and agencies that have procedures."""
    cached, _generation, _kept = kept_in_generation(_filter_options, (), _read_filter_options)
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
    # Names what the page shows of this detail (the procedure, the day, the catalog's
    # generation): the rendered page body is kept under it (``{% cache %}`` in the template).
    fragment_key: str = ""


# A procedure page is read far more often than the catalog changes, and building it took six
# ORM queries (most of the page's CPU). The page's data is kept per process under the catalog's
# generation (``catalog.generation``), which the database moves with any write to the procedure,
# its field, versions, channels, documents, fees, offerings, agencies or units, by any process,
# through the admin, an import, a bulk update() or plain SQL: it shows on the next request.
_details = Kept(512)  # procedures per process (the most recently shown)


def kept_per_procedure(store: Kept, code: str, on, read: Callable) -> tuple[object, bool]:
    """``read(code, on, generation)``, kept in ``store`` under the catalog's generation and the
    day (``catalog.generation.kept_in_generation``), so any change to the catalog shows on the
    next request. Returns the value and whether it is kept."""
    value, _generation, kept = kept_in_generation(
        store,
        (code, on),
        lambda generation: read(code, on, generation),
        # Only the newest state of a procedure is ever asked for again.
        replaces=lambda old: old[0] == code,
    )
    return value, kept


def procedure_detail(code: str, on=None) -> ProcedureDetail:
    """Everything the procedure page shows, from the version in force (404 when unknown).

    The result is shared by the requests of one process: read it, never change it."""
    on = on or timezone.localdate()
    detail, kept = kept_per_procedure(_details, code, on, _read_procedure_detail)
    if not kept:
        # Changed while it was read: shown once, and its page body under a key that no later
        # request asks for.
        detail.fragment_key = f"{code}|unsettled|{uuid.uuid4()}"
    return detail


def _read_procedure_detail(code: str, on, generation: int | None) -> ProcedureDetail:
    procedure = get_object_or_404(
        Procedure.objects.select_related("field"), code=code, is_active=True
    )
    # The page shows no e-form: its JSON documents are not decoded.
    version = (
        procedure.versions.filter(in_force_on(on))
        .order_by(*IN_FORCE_ORDER)
        .defer("eform_schema", "eform_ui")
        .first()
    )
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
    return ProcedureDetail(
        procedure,
        version,
        channels,
        documents,
        notes,
        fees,
        offerings,
        legal,
        fragment_key=f"{code}|{on.isoformat()}|{generation}",
    )
