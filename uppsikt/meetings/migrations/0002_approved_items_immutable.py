"""On PostgreSQL the database itself refuses to change or delete an approved minutes item, or
to add, change or remove the motions, votes, dissents, notes and recusals of one. Corrections
are rows of their own and stay allowed."""

from django.db import migrations

CHILDREN = [
    "meetings_floormotion",
    "meetings_vote",
    "meetings_dissent",
    "meetings_minutesnote",
    "meetings_recusal",
]

CREATE = """
CREATE OR REPLACE FUNCTION uppsikt_minutes_item_immutable() RETURNS trigger AS $$
BEGIN
    IF OLD.approved_at IS NOT NULL THEN
        RAISE EXCEPTION 'an approved minutes item cannot be changed';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER meetings_minutesitem_immutable
    BEFORE UPDATE OR DELETE ON meetings_minutesitem
    FOR EACH ROW EXECUTE FUNCTION uppsikt_minutes_item_immutable();

CREATE OR REPLACE FUNCTION uppsikt_minutes_part_immutable() RETURNS trigger AS $$
DECLARE
    item_id bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        item_id := OLD.item_id;
    ELSE
        item_id := NEW.item_id;
    END IF;
    IF EXISTS (
        SELECT 1 FROM meetings_minutesitem WHERE id = item_id AND approved_at IS NOT NULL
    ) THEN
        RAISE EXCEPTION 'an approved minutes item cannot be changed';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
""" + "".join(  # noqa: S608 - fixed table names, no input
    f"""
CREATE TRIGGER {table}_immutable
    BEFORE INSERT OR UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION uppsikt_minutes_part_immutable();
"""
    for table in CHILDREN
)

DROP = (
    "".join(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table};\n" for table in CHILDREN)
    + """
DROP TRIGGER IF EXISTS meetings_minutesitem_immutable ON meetings_minutesitem;
DROP FUNCTION IF EXISTS uppsikt_minutes_item_immutable();
DROP FUNCTION IF EXISTS uppsikt_minutes_part_immutable();
"""
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
