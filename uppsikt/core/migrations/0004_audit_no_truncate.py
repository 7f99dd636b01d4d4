"""On PostgreSQL the database refuses TRUNCATE of the audit trail, which row triggers do not
see."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION uppsikt_refuse_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE =
        TG_TABLE_NAME || ' cannot be truncated: it holds records that must be kept';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent;
CREATE TRIGGER core_auditevent_no_truncate BEFORE TRUNCATE ON core_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION uppsikt_refuse_truncate();
"""
DROP = "DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_job")]
    operations = [migrations.RunPython(forwards, backwards)]
