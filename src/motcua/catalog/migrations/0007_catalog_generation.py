"""One generation number for the whole catalog, moved by the database itself.

The search generation of 0006 covered the procedures, their fields and offerings. The procedure
page and the submission pages were kept under an md5 of the text of every row they show, read
on every request (about 1.6 ms of PostgreSQL for a procedure with its versions, documents,
fees, channels and offerings: the largest share of PostgreSQL's work per submission). The same
statement-level triggers now move one number with any write to any table a catalog page is
made of, so one primary-key read tells whether anything kept still holds.

Any statement that writes one of these tables (the ORM, the admin, an import, plain SQL, a
TRUNCATE) gives ``catalog_generation.n`` a new value from a sequence, in its own transaction:
other sessions see the new value exactly when they can see the new rows, and a value is never
given twice, even after a rollback.
"""

from django.db import migrations

# Every table a catalog page is made of; the first three were watched by 0006.
TABLES = (
    "catalog_procedure",
    "catalog_field",
    "catalog_procedureoffering",
    "catalog_procedureversion",
    "catalog_channeloption",
    "catalog_requireddocument",
    "catalog_feeitem",
    "catalog_agency",
    "catalog_administrativeunit",
)
SEARCH_TABLES = TABLES[:3]


def create_triggers(suffix: str, function: str, tables) -> str:
    return "\n".join(
        f"CREATE TRIGGER {table}_{suffix}\n"
        f"    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}\n"
        f"    FOR EACH STATEMENT EXECUTE FUNCTION {function}();"
        for table in tables
    )


def moved_function(function: str, table: str) -> str:
    """The trigger function giving ``table``'s one row the next value of ``<table>_seq``
    (0006's, under its names, is the same)."""
    return f"""CREATE FUNCTION {function}() RETURNS trigger AS $$
BEGIN
    INSERT INTO {table} (id, n) VALUES (1, nextval('{table}_seq'))
    ON CONFLICT (id) DO UPDATE SET n = excluded.n;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;"""  # noqa: S608 - fixed names


def drop_triggers(suffix: str, tables) -> str:
    return "\n".join(f"DROP TRIGGER IF EXISTS {table}_{suffix} ON {table};" for table in tables)


FORWARD = f"""
{drop_triggers("search_moved", SEARCH_TABLES)}
DROP FUNCTION motcua_catalog_search_moved();
ALTER TABLE catalog_search_generation RENAME TO catalog_generation;
ALTER SEQUENCE catalog_search_generation_seq RENAME TO catalog_generation_seq;

{moved_function("motcua_catalog_moved", "catalog_generation")}

{create_triggers("moved", "motcua_catalog_moved", TABLES)}
"""

# Back to 0006: its function and its three triggers.
BACKWARD = f"""
{drop_triggers("moved", TABLES)}
DROP FUNCTION motcua_catalog_moved();
ALTER TABLE catalog_generation RENAME TO catalog_search_generation;
ALTER SEQUENCE catalog_generation_seq RENAME TO catalog_search_generation_seq;

{moved_function("motcua_catalog_search_moved", "catalog_search_generation")}

{create_triggers("search_moved", "motcua_catalog_search_moved", SEARCH_TABLES)}
"""


class Migration(migrations.Migration):
    dependencies = [("catalog", "0006_search_generation")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
