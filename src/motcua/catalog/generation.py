"""The catalog's generation: a number the database moves with every write to the catalog.

Statement-level triggers (migrations catalog/0006 and 0007) give ``catalog_generation.n`` a new
value from a sequence whenever a statement writes a procedure, its field, a version with its
channels, documents or fees, an offering, an agency or an administrative unit, however it is
written (the ORM, the admin, an import, a bulk ``update()``, plain SQL, a TRUNCATE). Other
sessions see the new value exactly when they can see the new rows, and no value is given twice,
even by a transaction that rolls back. What a process keeps of the catalog (search results,
procedure pages, what can be submitted online, the filter lists) is kept under it, so one
primary-key read tells whether it still holds (ADR 0013).
"""

from __future__ import annotations

from django.db import connection

_SQL = "SELECT n FROM catalog_generation WHERE id = 1"


def catalog_generation() -> int | None:
    """The catalog's current generation as this connection sees it (``None`` if the row is
    missing, which the migration never leaves: then nothing may be kept)."""
    with connection.cursor() as cursor:
        cursor.execute(_SQL)
        row = cursor.fetchone()
    return row[0] if row is not None else None
