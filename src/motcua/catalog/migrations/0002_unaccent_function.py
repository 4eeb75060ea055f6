"""An IMMUTABLE wrapper of ``unaccent`` for generated columns and indexes.

PostgreSQL's ``unaccent(text)`` is only STABLE (it reads the dictionary named by the search
path), so it cannot appear in an index or a generated column. Naming the schema and the
dictionary explicitly makes the result depend on the argument alone, which is what IMMUTABLE
promises. ``unaccent`` folds đ/Đ to d/D, agreeing with ``motcua.core.text.fold``.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION motcua_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
"""
DROP = "DROP FUNCTION IF EXISTS motcua_unaccent(text);"


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
        ("core", "0001_postgres_extensions"),
    ]
    operations = [migrations.RunSQL(CREATE, DROP)]
