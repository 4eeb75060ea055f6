"""The event log is append-only in the database itself: UPDATE and DELETE raise.

The hash chain makes tampering detectable; the trigger makes it hard. A legal correction is a
new event, never an edit.
"""

from django.db import migrations

FORBID = """
CREATE FUNCTION motcua_events_are_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'dossier events are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER dossier_events_append_only
    BEFORE UPDATE OR DELETE ON dossiers_dossierevent
    FOR EACH ROW EXECUTE FUNCTION motcua_events_are_append_only();
"""

ALLOW = """
DROP TRIGGER IF EXISTS dossier_events_append_only ON dossiers_dossierevent;
DROP FUNCTION IF EXISTS motcua_events_are_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_dossiers_events_transfers")]
    operations = [migrations.RunSQL(FORBID, ALLOW)]
