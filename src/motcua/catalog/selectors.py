"""Read-only queries of the catalog for pages."""

from django.db.models import Case, IntegerField, Value, When

from motcua.catalog.models import AdministrativeUnit, Agency

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
