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

from collections.abc import Callable, Hashable
from typing import TypeVar

from django.db import connection

from motcua.core.kept import Kept

T = TypeVar("T")

_SQL = "SELECT n FROM catalog_generation WHERE id = 1"


def catalog_generation() -> int | None:
    """The catalog's current generation as this connection sees it (``None`` if the row is
    missing, which the migration never leaves: then nothing may be kept)."""
    with connection.cursor() as cursor:
        cursor.execute(_SQL)
        row = cursor.fetchone()
    return row[0] if row is not None else None


def kept_in_generation(
    store: Kept,
    key: tuple,
    read: Callable[[int | None], T],
    *,
    replaces: Callable[[Hashable], bool] | None = None,
) -> tuple[T, int | None, bool]:
    """``read(generation)``, kept in ``store`` under ``key`` and the catalog's generation (the
    key's last item). Returns the value, the generation and whether the value is kept: one read
    while the catalog changed (the generation moved meanwhile, or there is none) is used once,
    never kept. A kept value is shared by the requests of the process: read it, never change
    it."""
    generation = catalog_generation()
    if generation is not None:
        value = store.get((*key, generation))
        if value is not Kept.MISSING:
            return value, generation, True
    value = read(generation)
    if generation is None or catalog_generation() != generation:
        return value, generation, False
    store.put((*key, generation), value, replaces=replaces)
    return value, generation, True
