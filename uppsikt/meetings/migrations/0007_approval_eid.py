"""An approval (justering) made with e-ID keeps what the identity provider vouched for: the
issuer, the assurance level (acr), the subject, the ID token's id (jti) or the sign-on's (sid)
and when the person signed on."""

from django.db import migrations, models

from uppsikt.meetings import triggers


def reinstall_triggers(apps, schema_editor):
    # SQLite drops the triggers of a table it rebuilds to add a column
    triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_summons_recipients_status_labels"),
    ]

    operations = [
        migrations.AddField(
            model_name="approval",
            name="eid_acr",
            field=models.CharField(blank=True, max_length=255, verbose_name="tillitsnivå"),
        ),
        migrations.AddField(
            model_name="approval",
            name="eid_auth_time",
            field=models.DateTimeField(blank=True, null=True, verbose_name="inloggad"),
        ),
        migrations.AddField(
            model_name="approval",
            name="eid_issuer",
            field=models.CharField(blank=True, max_length=255, verbose_name="identitetsleverantör"),
        ),
        migrations.AddField(
            model_name="approval",
            name="eid_session_id",
            field=models.CharField(
                blank=True, max_length=255, verbose_name="inloggningens id (sid)"
            ),
        ),
        migrations.AddField(
            model_name="approval",
            name="eid_subject",
            field=models.CharField(blank=True, max_length=255, verbose_name="subjekt (sub)"),
        ),
        migrations.AddField(
            model_name="approval",
            name="eid_token_id",
            field=models.CharField(blank=True, max_length=255, verbose_name="ID-tokens id (jti)"),
        ),
        migrations.AlterField(
            model_name="approval",
            name="method",
            field=models.CharField(
                choices=[
                    ("in_system", "Inloggad i Uppsikt"),
                    ("on_paper", "Signerat på papper, registrerat av sekreteraren"),
                    ("e_id", "E-legitimation"),
                ],
                max_length=10,
                verbose_name="sätt",
            ),
        ),
        migrations.RunPython(reinstall_triggers, migrations.RunPython.noop),
    ]
