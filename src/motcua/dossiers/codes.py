"""Dossier codes: ``<agency-id>-YYMMDD-XXXX`` (Decree 61/2018 Art 26, Circular 01/2018 Art 19).

``XXXX`` is a daily sequence per receiving agency. The counter row is incremented with one
upsert inside the caller's transaction: concurrent receptions queue on its row lock and get
consecutive numbers, and a reception that rolls back gives its number back (no gaps).

The lock is held until the reception commits, so the number is taken as late as it can be:
the dossier is written first under a provisional code, with its documents and their files,
and ``assign_code`` then takes the number and sets the code in one statement. Taken first, the
number made every online submission to an agency wait for the one before it to store its
files, write its rows and commit: a fifth of the throughput of the submission load test.
"""

import uuid
from datetime import date

from django.db import connection

from motcua.dossiers.models import Dossier, DossierCodeSequence

_SEQUENCES = DossierCodeSequence._meta.db_table
_DOSSIERS = Dossier._meta.db_table

# The number in four digits as the circular shows; a 10,000th dossier in one day keeps
# counting (five digits).
_ASSIGN = f"""
    WITH taken AS (
        INSERT INTO {_SEQUENCES} (agency_id, day, last_number)
        VALUES (%s, %s, 1)
        ON CONFLICT (agency_id, day)
        DO UPDATE SET last_number = {_SEQUENCES}.last_number + 1
        RETURNING last_number::text AS number
    )
    UPDATE {_DOSSIERS}
    SET code = %s || lpad(taken.number, greatest(length(taken.number), 4), '0')
    FROM taken
    WHERE {_DOSSIERS}.id = %s
    RETURNING {_DOSSIERS}.code
"""  # noqa: S608 - the table names are ours, the values are parameters


def provisional_code() -> str:
    """A unique placeholder for a dossier written before its number is taken; it is replaced
    in the same transaction, so no one else ever reads it."""
    return f"~{uuid.uuid4().hex}"


def assign_code(dossier, day: date) -> str:
    """Give ``dossier`` (saved, in the creating transaction) the next code of its agency for
    ``day``; sets and returns it. Call it last but for what needs the code."""
    prefix = f"{dossier.agency.identifier}-{day:%y%m%d}-"
    with connection.cursor() as cursor:
        cursor.execute(_ASSIGN, [dossier.agency_id, day, prefix, dossier.pk])
        (dossier.code,) = cursor.fetchone()
    return dossier.code
