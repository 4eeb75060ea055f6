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

FORWARD = """
DROP TRIGGER IF EXISTS catalog_procedure_search_moved ON catalog_procedure;
DROP TRIGGER IF EXISTS catalog_field_search_moved ON catalog_field;
DROP TRIGGER IF EXISTS catalog_procedureoffering_search_moved ON catalog_procedureoffering;
DROP FUNCTION motcua_catalog_search_moved();
ALTER TABLE catalog_search_generation RENAME TO catalog_generation;
ALTER SEQUENCE catalog_search_generation_seq RENAME TO catalog_generation_seq;

CREATE FUNCTION motcua_catalog_moved() RETURNS trigger AS $$
BEGIN
    INSERT INTO catalog_generation (id, n) VALUES (1, nextval('catalog_generation_seq'))
    ON CONFLICT (id) DO UPDATE SET n = excluded.n;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER catalog_procedure_moved
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON catalog_procedure
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_catalog_moved();
CREATE TRIGGER catalog_field_moved
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON catalog_field
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_catalog_moved();
CREATE TRIGGER catalog_procedureoffering_moved
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON catalog_procedureoffering
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_catalog_moved();
CREATE TRIGGER catalog_procedureversion_moved
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON catalog_procedureversion
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_catalog_moved();
CREATE TRIGGER catalog_channeloption_moved
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON catalog_channeloption
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_catalog_moved();
CREATE TRIGGER catalog_requireddocument_moved
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON catalog_requireddocument
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_catalog_moved();
CREATE TRIGGER catalog_feeitem_moved
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON catalog_feeitem
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_catalog_moved();
CREATE TRIGGER catalog_agency_moved
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON catalog_agency
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_catalog_moved();
CREATE TRIGGER catalog_administrativeunit_moved
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON catalog_administrativeunit
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_catalog_moved();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS catalog_procedure_moved ON catalog_procedure;
DROP TRIGGER IF EXISTS catalog_field_moved ON catalog_field;
DROP TRIGGER IF EXISTS catalog_procedureoffering_moved ON catalog_procedureoffering;
DROP TRIGGER IF EXISTS catalog_procedureversion_moved ON catalog_procedureversion;
DROP TRIGGER IF EXISTS catalog_channeloption_moved ON catalog_channeloption;
DROP TRIGGER IF EXISTS catalog_requireddocument_moved ON catalog_requireddocument;
DROP TRIGGER IF EXISTS catalog_feeitem_moved ON catalog_feeitem;
DROP TRIGGER IF EXISTS catalog_agency_moved ON catalog_agency;
DROP TRIGGER IF EXISTS catalog_administrativeunit_moved ON catalog_administrativeunit;
DROP FUNCTION motcua_catalog_moved();
ALTER TABLE catalog_generation RENAME TO catalog_search_generation;
ALTER SEQUENCE catalog_generation_seq RENAME TO catalog_search_generation_seq;

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


class Migration(migrations.Migration):
    dependencies = [("catalog", "0006_search_generation")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
