"""Dossier codes: ``<agency-id>-YYMMDD-XXXX`` (Decree 61/2018 Art 26, Circular 01/2018 Art 19).

``XXXX`` is a daily sequence per receiving agency. The counter row is incremented with one
upsert inside the caller's transaction: concurrent receptions queue on its row lock and get
consecutive numbers, and a reception that rolls back gives its number back (no gaps).
"""

from datetime import date

from django.db import connection

from motcua.dossiers.models import DossierCodeSequence

_UPSERT = f"""
    INSERT INTO {DossierCodeSequence._meta.db_table} (agency_id, day, last_number)
    VALUES (%s, %s, 1)
    ON CONFLICT (agency_id, day)
    DO UPDATE SET last_number = {DossierCodeSequence._meta.db_table}.last_number + 1
    RETURNING last_number
"""  # noqa: S608 - the table name is ours, the values are parameters


def format_code(agency_identifier: str, day: date, number: int) -> str:
    # Four digits as the circular shows; a 10,000th dossier in one day keeps counting (5 digits).
    return f"{agency_identifier}-{day:%y%m%d}-{number:04d}"


def next_code(agency, day: date) -> str:
    """The next dossier code of ``agency`` for ``day``; call inside the creating transaction."""
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [agency.pk, day])
        (number,) = cursor.fetchone()
    return format_code(agency.identifier, day, number)
