from django.db import migrations, models


def mark_opened(apps, schema_editor):
    """A period that is open, or that has assessments, has been opened: it reads "Stängd" when
    closed. The moment is not known for the old ones; the last change stands in for it."""
    period_model = apps.get_model("followup", "ReportingPeriod")
    assessment_model = apps.get_model("followup", "Assessment")
    opened = set(assessment_model.objects.values_list("period_id", flat=True).distinct())
    for period in period_model.objects.all():
        if period.is_open or period.pk in opened:
            period.opened_at = period.updated_at
            period.save(update_fields=["opened_at"])


class Migration(migrations.Migration):
    dependencies = [("followup", "0002_initial")]

    operations = [
        migrations.AddField(
            model_name="reportingperiod",
            name="opened_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="öppnad"),
        ),
        migrations.RunPython(mark_opened, migrations.RunPython.noop),
    ]
