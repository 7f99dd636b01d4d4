"""Where the minutes are kept is chosen when a meeting is planned (the body's previous meeting's
by default), no longer a fixed place in the model."""

from django.db import migrations, models

from uppsikt.meetings import triggers


def uninstall_triggers(apps, schema_editor):
    # SQLite rebuilds the table to change the column; the sealing triggers on the tables that
    # refer to it would fail while the table is away
    triggers.uninstall(schema_editor.connection)


def install_triggers(apps, schema_editor):
    triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0008_private_note"),
    ]

    operations = [
        migrations.RunPython(uninstall_triggers, install_triggers),
        migrations.AlterField(
            model_name="meeting",
            name="minutes_kept_at",
            field=models.CharField(blank=True, max_length=200, verbose_name="protokollet förvaras"),
        ),
        migrations.RunPython(install_triggers, uninstall_triggers),
    ]
