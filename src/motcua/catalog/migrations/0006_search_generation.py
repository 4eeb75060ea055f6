"""A generation number of what the catalog search reads, moved by the database itself.

Any statement that writes the procedures, their fields or their offerings (the ORM, the admin,
an import, plain SQL, a TRUNCATE) gives ``catalog_search_generation.n`` a new value from a
sequence, in its own transaction: other sessions see the new value exactly when they can see
the new rows, and a value is never given twice, even after a rollback. Search results kept per
process under it (``catalog.search``) are therefore never served once the catalog changed.
"""

from django.db import migrations

CREATE = """
CREATE SEQUENCE catalog_search_generation_seq;
CREATE TABLE catalog_search_generation (
    id integer PRIMARY KEY CHECK (id = 1),
    n bigint NOT NULL
);
INSERT INTO catalog_search_generation (id, n) VALUES (1, nextval('catalog_search_generation_seq'));

CREATE FUNCTION motcua_catalog_search_moved() RETURNS trigger AS $$
BEGIN
    INSERT INTO catalog_search_generation (id, n)
    VALUES (1, nextval('catalog_search_generation_seq'))
    ON CONFLICT (id) DO UPDATE SET n = excluded.n;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER catalog_procedure_search_moved
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON catalog_procedure
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_catalog_search_moved();
CREATE TRIGGER catalog_field_search_moved
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON catalog_field
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_catalog_search_moved();
CREATE TRIGGER catalog_procedureoffering_search_moved
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON catalog_procedureoffering
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_catalog_search_moved();
"""

DROP = """
DROP TRIGGER IF EXISTS catalog_procedureoffering_search_moved ON catalog_procedureoffering;
DROP TRIGGER IF EXISTS catalog_field_search_moved ON catalog_field;
DROP TRIGGER IF EXISTS catalog_procedure_search_moved ON catalog_procedure;
DROP FUNCTION IF EXISTS motcua_catalog_search_moved();
DROP TABLE IF EXISTS catalog_search_generation;
DROP SEQUENCE IF EXISTS catalog_search_generation_seq;
"""


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_search_vector")]
    operations = [migrations.RunSQL(CREATE, DROP)]
