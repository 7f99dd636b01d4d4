"""The notice of meeting (kallelse) is the summons in code: the meeting's ``summons_sent_at``
(was ``notice_sent_at``), its status ``summoned`` (was ``noticed``), and the kind ``summons``
(was ``notice``) of the kept PDFs. The notice board's postings keep ``notice``.

The canonical form of sealed minutes still names the field ``notice_sent_at``
(``integrity.SERIALISED_AS``), so checksums made before verify; the audit trail, which is never
changed, keeps the action ``meeting.notice_send`` (docs/meetings.md)."""

from django.db import migrations, models

from uppsikt.meetings import triggers

KEPT_KIND = ("notice", "summons")


def _rename(apps, old_index: int, new_index: int) -> None:
    Meeting = apps.get_model("meetings", "Meeting")
    RenderedDocument = apps.get_model("documents", "RenderedDocument")
    statuses = ("noticed", "summoned")
    Meeting.objects.filter(status=statuses[old_index]).update(status=statuses[new_index])
    RenderedDocument.objects.filter(kind=KEPT_KIND[old_index]).update(kind=KEPT_KIND[new_index])


def forwards(apps, schema_editor):
    _rename(apps, 0, 1)
    # the SQLite triggers name the meeting's columns
    triggers.install(schema_editor.connection)


def backwards(apps, schema_editor):
    _rename(apps, 1, 0)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("meetings", "0004_minutes_integrity"),
    ]

    operations = [
        migrations.RenameField(
            model_name="meeting", old_name="notice_sent_at", new_name="summons_sent_at"
        ),
        migrations.AlterField(
            model_name="meeting",
            name="status",
            field=models.CharField(
                choices=[
                    ("planned", "Planerat"),
                    ("summoned", "Kallelse skickad"),
                    ("held", "Genomfört"),
                    ("approved", "Protokollet justerat"),
                ],
                default="planned",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
