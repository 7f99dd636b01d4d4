"""Keyed, chained checksums of approved minutes (``integrity``) and the database's refusal to
change any table of approved minutes (``triggers``), on PostgreSQL and SQLite.

Existing approved items get their place in the order of approval (per body and year: by time of
approval, then paragraph order); their unkeyed checksums stay until ``uppsikt minutes seal``
checks them and seals them with the key (docs/meetings.md)."""

from django.db import migrations, models

from uppsikt.meetings import triggers

OLD_TRIGGERS = """
DROP TRIGGER IF EXISTS meetings_minutesitem_immutable ON meetings_minutesitem;
""" + "".join(f"DROP TRIGGER IF EXISTS {t}_immutable ON {t};\n" for t in triggers.ITEM_PARTS)


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(OLD_TRIGGERS)
    MinutesItem = apps.get_model("meetings", "MinutesItem")
    sequence: dict[tuple[int, int], int] = {}
    approved = MinutesItem.objects.filter(approved_at__isnull=False).order_by(
        "body_id", "year", "approved_at", "position", "pk"
    )
    for item in approved:
        key = (item.body_id, item.year)
        sequence[key] = sequence.get(key, 0) + 1
        MinutesItem.objects.filter(pk=item.pk).update(approval_sequence=sequence[key])
    triggers.install(connection)


def backwards(apps, schema_editor):
    triggers.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_agenda_delegated_decisions"),
    ]

    operations = [
        migrations.AddField(
            model_name="minutesitem",
            name="approval_sequence",
            field=models.PositiveIntegerField(
                blank=True, null=True, verbose_name="justeringsordning"
            ),
        ),
        migrations.AddField(
            model_name="notice",
            name="checksum",
            field=models.CharField(blank=True, max_length=120, verbose_name="kontrollsumma"),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="checksum",
            field=models.CharField(blank=True, max_length=120, verbose_name="kontrollsumma"),
        ),
        migrations.AlterField(
            model_name="minutesitem",
            name="checksum",
            field=models.CharField(blank=True, max_length=120, verbose_name="kontrollsumma"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
